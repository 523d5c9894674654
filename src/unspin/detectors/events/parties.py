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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from unspin.model import Actor, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

_CORE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "appos", "case"})
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
_THING_PRONOUNS = frozenset({"it", "its"})
_THING_KINDS = frozenset({"country", "organisation", "group"})


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


def linked_actor(
    head: Token, core: list[Token], actors: tuple[Actor, ...], places: bool = False
) -> Actor | None:
    """The article actor named by ``core``; one whose mention covers the head wins.

    ``places`` admits place actors named as places (the target of a visit or a protest).
    """
    head_span = _span(head)
    spans = [_span(t) for t in core]
    best: tuple[int, int, Actor] | None = None
    for actor in actors:
        for mention in actor.mentions:
            if not (places or _counts(actor, mention)):
                continue
            if not any(mention.span.overlaps(s) for s in spans):
                continue
            rank = (0 if mention.span.overlaps(head_span) else 1, -len(mention.span))
            if best is None or rank < best[:2]:
                best = (*rank, actor)
    return best[2] if best else None


def pronoun_antecedent(
    pronoun: Token, actors: tuple[Actor, ...], paragraph: Span | None
) -> tuple[Actor, Mention] | None:
    """The actor a pronoun refers to under the module's rule, or None."""
    word = pronoun.lower_
    if word in _PERSON_PRONOUNS:
        kinds: frozenset[str] = frozenset({"person"})
    elif word in _THING_PRONOUNS:
        kinds = _THING_KINDS
    else:
        return None
    floor = paragraph.start if paragraph is not None else 0
    best: tuple[int, Actor, Mention] | None = None
    for actor in actors:
        if actor.kind not in kinds:
            continue
        for mention in actor.mentions:
            end = mention.span.end
            if (
                floor <= mention.span.start
                and end <= pronoun.idx
                and (best is None or end > best[0])
            ):
                best = (end, actor, mention)
    return (best[1], best[2]) if best else None
