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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from unspin.model import Actor, Article, Span, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
        return next((p for p in self.paragraphs if p.start <= offset < p.end), None)

    def is_cue(self, trigger: Span) -> bool:
        """The trigger is the cue of an attribution (the claims detector records it)."""
        return any(cue.overlaps(trigger) for cue in self.cues)

    def attribution_of(self, trigger: Span) -> str | None:
        """The innermost attribution whose content holds the trigger."""
        best: tuple[int, str] | None = None
        for item in self.attributions:
            for part in item.content:
                if part.contains(trigger) and (best is None or len(part) < best[0]):
                    best = (len(part), item.id)
        return best[1] if best else None


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


def clause_date(
    doc: Doc, anchors: list[Token], ctx: ArticleContext, resolve: TimeResolver | None
) -> tuple[str | None, str | None]:
    """(value, granularity) of the first time expression attached to one of ``anchors``."""
    for anchor in anchors:
        for finding in ctx.times:
            if finding.value is None:
                continue
            span = finding.evidence[0]
            chunk = doc.char_span(span.start, span.end, alignment_mode="expand")
            if chunk is not None and attached(chunk.root, anchor):
                return finding.value, finding.granularity
        if resolve is None:
            continue
        for ent in doc.ents:
            if ent.label_ != "DATE" or not attached(ent.root, anchor):
                continue
            resolved = resolve(ent.text, ctx.anchor())
            value = getattr(resolved, "value", None) if resolved is not None else None
            if value:
                return str(value), getattr(resolved, "granularity", None)
    return None, None


def _is_place(tok: Token, ctx: ArticleContext) -> bool:
    if tok.ent_type_ in _PLACE_ENTS:
        return True
    at = Span(tok.idx, tok.idx + len(tok.text))
    return any(
        a.kind in _PLACE_KINDS and any(m.span.overlaps(at) for m in a.mentions) for a in ctx.actors
    )


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
