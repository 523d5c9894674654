"""Which actor an argument names: article actors, dictionary codes, pronouns.

An argument names an actor when its *core* — the head noun with its name-like modifiers
(compound, amod, poss, nmod, flat, appos), and the object of *of* after an agent noun ("the
troops *of the People's Liberation Army*") — overlaps a mention of one of ``article.actors``.
A place counts as an actor only where the linker marked the mention as metonymy ("Moscow
said"), so "left Moscow" gives no actor. When the article has no linked actors (the PLOVER
evaluation, ``unspin events code``), the core must carry a code from the compiled dictionaries.

Pronoun rule: *he/him/his/she/her* resolve to the most recent person actor mentioned before the
pronoun in the same paragraph; *it/its* to the most recent country or organisation there;
*they/we/I/you* and everything else are not resolved (the event is dropped).

Look-ups go through a ``MentionIndex`` (built once per article), so their cost does not grow
with the number of mentions in the article; the answers are those of a scan over every actor
and mention in article order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unspin.detectors.events.spanindex import SpanIndex
from unspin.model import Actor, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

_CORE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "appos", "case"})
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
_THING_PRONOUNS = frozenset({"it", "its"})
_THING_KINDS = frozenset({"country", "organisation", "group"})
_PERSON_KINDS = frozenset({"person"})


@dataclass(frozen=True, slots=True)
class Party:
    """An event argument resolved to an actor: the span in the text, actor id and code."""

    span: Span
    actor: str | None
    code: str | None


def core_tokens(head: Token, agent_words: frozenset[str] | None = None) -> list[Token]:
    """The head with its name-like modifiers (and *of* objects of agent nouns)."""
    keep = [head]
    stack = [head]
    while stack and len(keep) < 40:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _CORE_DEPS:
                keep.append(child)
                stack.append(child)
            elif (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and agent_words is not None
                and tok.lemma_.lower() in agent_words
            ):
                objs = [g for g in child.children if g.dep_ == "pobj"]
                keep.extend(objs)
                stack.extend(objs)
    keep.sort(key=lambda t: t.i)
    return keep


def own_span(head: Token, phrase: list[Token]) -> Span:
    """The span of ``phrase`` without the head's conjuncts ("*Xi Jinping* and Putin")."""
    dropped = {t.i for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    own = [t for t in phrase if t.i not in dropped and t.dep_ != "punct"] or [head]
    last = own[-1]
    return Span(own[0].idx, last.idx + len(last.text))


def _counts(actor: Actor, mention: Mention) -> bool:
    return actor.kind != "location" or mention.metonymy


def _span(tok: Token) -> Span:
    return Span(tok.idx, tok.idx + len(tok.text))


class MentionIndex:
    """The mentions of an article's actors, indexed by offset for the look-ups below."""

    def __init__(self, actors: tuple[Actor, ...]) -> None:
        self.actors = actors
        pairs = [(actor, mention) for actor in actors for mention in actor.mentions]
        self.spans: SpanIndex[tuple[Actor, Mention]] = SpanIndex(
            (mention.span, (actor, mention)) for actor, mention in pairs
        )
        # Per pronoun group: (end, article order, actor, mention), sorted by end then order.
        self._rows: dict[frozenset[str], list[tuple[int, int, Actor, Mention]]] = {}
        self._ends: dict[frozenset[str], list[int]] = {}
        for kinds in (_PERSON_KINDS, _THING_KINDS):
            rows = sorted(
                (m.span.end, order, a, m) for order, (a, m) in enumerate(pairs) if a.kind in kinds
            )
            self._rows[kinds] = rows
            self._ends[kinds] = [row[0] for row in rows]
        self.steps = 0  # rows read by ``last_before`` (a deterministic work counter)

    @property
    def examined(self) -> int:
        """Mentions looked at by all queries so far."""
        return self.spans.examined + self.steps

    def overlapping(self, spans: Iterable[Span]) -> list[tuple[Actor, Mention]]:
        """(actor, mention) pairs overlapping any of ``spans``, in article order."""
        return self.spans.overlapping_any(spans)

    def last_before(
        self, kinds: frozenset[str], floor: int, offset: int
    ) -> tuple[Actor, Mention] | None:
        """The mention of a ``kinds`` actor (one of the pronoun groups) that ends last at or
        before ``offset`` and starts at or after ``floor``; on equal ends, the first in order."""
        rows, ends = self._rows[kinds], self._ends[kinds]
        i = bisect_right(ends, offset) - 1
        while i >= 0 and ends[i] >= floor:  # a mention ending before floor starts before it
            first = bisect_left(ends, ends[i], 0, i)
            for j in range(first, i + 1):  # the same end, in article order
                self.steps += 1
                actor, mention = rows[j][2], rows[j][3]
                if floor <= mention.span.start:
                    return actor, mention
            i = first - 1
        return None


def linked_actor(
    head: Token,
    core: list[Token],
    actors: tuple[Actor, ...] | MentionIndex,
    places: bool = False,
) -> Actor | None:
    """The article actor named by ``core``; one whose mention covers the head wins.

    ``places`` admits place actors named as places (the target of a visit or a protest).
    """
    head_span = _span(head)
    spans = [_span(t) for t in core]
    index = actors if isinstance(actors, MentionIndex) else MentionIndex(actors)
    best: tuple[int, int, Actor] | None = None
    for actor, mention in index.overlapping(spans):
        if not (places or _counts(actor, mention)):
            continue
        rank = (0 if mention.span.overlaps(head_span) else 1, -len(mention.span))
        if best is None or rank < best[:2]:
            best = (*rank, actor)
    return best[2] if best else None


def pronoun_antecedent(
    pronoun: Token, actors: tuple[Actor, ...] | MentionIndex, paragraph: Span | None
) -> tuple[Actor, Mention] | None:
    """The actor a pronoun refers to under the module's rule, or None."""
    word = pronoun.lower_
    if word in _PERSON_PRONOUNS:
        kinds = _PERSON_KINDS
    elif word in _THING_PRONOUNS:
        kinds = _THING_KINDS
    else:
        return None
    floor = paragraph.start if paragraph is not None else 0
    index = actors if isinstance(actors, MentionIndex) else MentionIndex(actors)
    return index.last_before(kinds, floor, pronoun.idx)
