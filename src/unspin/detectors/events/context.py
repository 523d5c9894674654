"""What the coder knows about the article around a sentence: actors, dates, attributions, places.

Date rule: an event takes the first time expression attached to its clause (the trigger's
verb, or the noun of a nominal event, without crossing into another verb's clause); when its
own clause has none, the clause of the reporting verb that carries it ("… talks in Moscow,
reported CNN on 22 March 2023"). Time expressions come from the ``time`` findings already on
the article (``nlp.temporal.v1``) when they resolve; otherwise the clause's spaCy DATE entity
is resolved with ``resolve_time`` against the publication date.

Location rule: a place (GPE/LOC/FAC entity, or a mention of a place or country actor) in an
*in/at/near/outside/inside* phrase on the trigger, on its object, or inside the event noun's
phrase ("talks between the two leaders *in Moscow*").

Cost: every look-up goes through ``ContextIndex`` (built once per context, and once per parse
for dates), so coding an event reads only the article items near its trigger and the coder's
cost grows linearly with the article, whatever the length of its paragraphs (issue 9).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from unspin.detectors.events.parties import MentionIndex
from unspin.detectors.events.spanindex import SpanIndex
from unspin.model import Actor, Article, Span, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

TimeResolver = Callable[[str, date | None], Any]
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_KINDS = frozenset({"location", "country"})


@dataclass(frozen=True, slots=True)
class Reported:
    """An attribution's id and the extent of what it reports."""

    id: str
    content: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """Article-level facts the coder reads; empty for a bare ``code_doc`` call."""

    actors: tuple[Actor, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    attributions: tuple[Reported, ...] = ()
    cues: tuple[Span, ...] = ()
    published: str | None = None
    _index: ContextIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def index(self) -> ContextIndex:
        """Offset indexes over this context (built on first use)."""
        index = self._index
        if index is None:
            index = ContextIndex(self)
            object.__setattr__(self, "_index", index)  # a cache; the context stays frozen
        return index

    @classmethod
    def of(cls, article: Article) -> ArticleContext:
        """Read actors, paragraphs, time findings and attributions off ``article``."""
        times = tuple(f for f in article.findings if isinstance(f, TimeExpression))
        reported: list[Reported] = []
        cues: list[Span] = []
        for f in article.findings:
            if f.kind != "attribution":
                continue
            ident, content = getattr(f, "id", None), getattr(f, "content", None)
            if isinstance(ident, str) and isinstance(content, Span):
                parts = tuple(getattr(f, "content_parts", ()) or ()) or (content,)
                reported.append(Reported(ident, parts))
            cue = getattr(f, "cue", None)
            if isinstance(cue, Span):
                cues.append(cue)
        return cls(
            actors=article.actors,
            paragraphs=article.paragraphs,
            times=times,
            attributions=tuple(reported),
            cues=tuple(cues),
            published=article.meta.published_date(),
        )

    def anchor(self) -> date | None:
        if not self.published:
            return None
        try:
            return date.fromisoformat(self.published[:10])
        except ValueError:
            return None

    def paragraph_of(self, offset: int) -> Span | None:
        """The first paragraph that holds ``offset``."""
        return self.index.paragraph_of(offset)

    def is_cue(self, trigger: Span) -> bool:
        """The trigger is the cue of an attribution (the claims detector records it)."""
        return bool(self.index.cues.overlapping(trigger))

    def attribution_of(self, trigger: Span) -> str | None:
        """The innermost attribution whose content holds the trigger."""
        best: tuple[int, str] | None = None
        for part, ident in self.index.parts.near(trigger):
            if part.contains(trigger) and (best is None or len(part) < best[0]):
                best = (len(part), ident)
        return best[1] if best else None


class ContextIndex:
    """The context's actors, cues, attribution contents and paragraphs, indexed by offset.

    Each query returns what a scan over the whole tuple in order would return.
    """

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.mentions = MentionIndex(ctx.actors)
        self.places: SpanIndex[Actor] = SpanIndex(
            (m.span, a) for a in ctx.actors if a.kind in _PLACE_KINDS for m in a.mentions
        )
        self.cues: SpanIndex[Span] = SpanIndex((c, c) for c in ctx.cues)
        self.parts: SpanIndex[tuple[Span, str]] = SpanIndex(
            (part, (part, item.id)) for item in ctx.attributions for part in item.content
        )
        paras = ctx.paragraphs
        ordered = all(a.end <= b.start for a, b in pairwise(paras))
        self._starts = [p.start for p in paras] if ordered else None
        self._dates: tuple[Doc, DateIndex] | None = None

    @property
    def examined(self) -> int:
        """Items read by queries so far (a deterministic work counter)."""
        indexes = (self.mentions, self.places, self.cues, self.parts)
        return sum(i.examined for i in indexes) + (self._dates[1].examined if self._dates else 0)

    def paragraph_of(self, offset: int) -> Span | None:
        """The first paragraph holding ``offset`` (a binary search when they are in order)."""
        paras = self.ctx.paragraphs
        if self._starts is None:
            return next((p for p in paras if p.start <= offset < p.end), None)
        i = bisect_right(self._starts, offset) - 1
        return paras[i] if i >= 0 and offset < paras[i].end else None

    def dates(self, doc: Doc) -> DateIndex:
        """The time expressions of ``doc`` by the tokens they attach to (cached per parse)."""
        if self._dates is None or self._dates[0] is not doc:
            self._dates = (doc, DateIndex(doc, self.ctx))
        return self._dates[1]


def attached(token: Token, anchor: Token) -> bool:
    """``token`` hangs off ``anchor`` without crossing into another verb's clause."""
    tok = token
    for _ in range(6):
        if tok.head.i == anchor.i:
            return True
        if tok.head.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def attached_to(token: Token) -> list[int]:
    """Indices of every ``anchor`` with ``attached(token, anchor)`` (at most six)."""
    out: list[int] = []
    tok = token
    for _ in range(6):
        out.append(tok.head.i)
        if tok.head.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    return out


class DateIndex:
    """For each token, the time findings and DATE entities attached to it, in order."""

    def __init__(self, doc: Doc, ctx: ArticleContext) -> None:
        self.times: dict[int, tuple[str, str | None]] = {}  # anchor -> first finding's value
        self.ents: dict[int, list[DocSpan]] = {}  # anchor -> DATE entities in text order
        self.examined = 0
        for finding in ctx.times:
            if finding.value is None:
                continue
            span = finding.evidence[0]
            chunk = doc.char_span(span.start, span.end, alignment_mode="expand")
            if chunk is None:
                continue
            for anchor in attached_to(chunk.root):
                self.times.setdefault(anchor, (finding.value, finding.granularity))
        for ent in doc.ents:
            if ent.label_ == "DATE":
                for anchor in attached_to(ent.root):
                    self.ents.setdefault(anchor, []).append(ent)


def clause_date(
    doc: Doc, anchors: list[Token], ctx: ArticleContext, resolve: TimeResolver | None
) -> tuple[str | None, str | None]:
    """(value, granularity) of the first time expression attached to one of ``anchors``.

    Time findings come first, in article order; then the DATE entities, in text order.
    """
    dates = ctx.index.dates(doc)
    for anchor in anchors:
        dates.examined += 1
        found = dates.times.get(anchor.i)
        if found is not None:
            return found
        if resolve is None:
            continue
        for ent in dates.ents.get(anchor.i, ()):
            dates.examined += 1
            resolved = resolve(ent.text, ctx.anchor())
            value = getattr(resolved, "value", None) if resolved is not None else None
            if value:
                return str(value), getattr(resolved, "granularity", None)
    return None, None


def _is_place(tok: Token, ctx: ArticleContext) -> bool:
    if tok.ent_type_ in _PLACE_ENTS:
        return True
    return bool(ctx.index.places.overlapping(Span(tok.idx, tok.idx + len(tok.text))))


def place_of(trigger: Token, ctx: ArticleContext) -> Token | None:
    """The place named in a locative phrase on the trigger, its object or its noun phrase."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "pobj", "prep"))]
    if trigger.pos_ == "NOUN":  # "talks between the two leaders in Moscow"
        heads += [g for c in trigger.children if c.dep_ == "prep" for g in c.children]
    for head in heads:
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ not in _LOCATIVE:
                continue
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_place(obj, ctx):
                    return obj
    return None
