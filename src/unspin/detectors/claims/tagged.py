"""Attributions from the trained cue tagger combined with the dependency rules.

The rules (``attribution.extract_attributions``) run first; their cues are features of the
tagger. Every rule attribution is kept, scored by the tagger's mean probability of its cue
tokens, and takes the tagger's cue extent where the two overlap ("has said", "said in a
statement"). A tagger cue that no rule found becomes a new attribution: its source and content
are read off the dependency tree around the cue (subject, clause complement, object,
prepositional object, adjacent quote, or the rest of the sentence for speech-like cues).
Quote widening, quote types and nesting are the rules' own.

Example:
    >>> raws = extract_tagged(nlp("Kim voted for the bill."))  # doctest: +SKIP
    >>> [(r.cue, r.score) for r in raws]  # doctest: +SKIP
    [(Span(start=4, end=13), 0.91)]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from unspin.detectors.claims.attribution import (
    RawAttribution,
    _according_to,
    _adjacent_quote,
    _continuation,
    _drop_overlapping_cues,
    _fronted_subject,
    _inherited_subject,
    _inverted_source,
    _left_clause,
    _make,
    _source_span,
    _span,
    _subject,
    _subtree_span,
    _widen_to_quotes,
    extract_attributions,
)
from unspin.detectors.claims.cues import Lexicon, lexicon
from unspin.detectors.claims.docindex import DocIndex
from unspin.detectors.claims.neural_spans import TaggedSpans, build, refine
from unspin.detectors.claims.sourcetrim import trim_source
from unspin.detectors.claims.tagger import CueScorer, TaggedCue, load_cue_tagger
from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd")
_NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "relcl", "appos"})
_LINKING = frozenset({"acomp", "attr", "xcomp", "dobj", "oprd"})


@dataclass(frozen=True, slots=True)
class TaggedOptions:
    """How tagger cues and rule attributions are combined (tuned on held-out train)."""

    new_cue_threshold: float = 0.3  # a tagger cue no rule found must reach this probability
    rule_threshold: float = 0.2  # a rule attribution whose cue scores lower is dropped
    adopt_extent: bool = True  # a rule cue takes the overlapping tagger cue's extent
    trim_sources: bool = False  # drop datelines and lines above sources (``sourcetrim``)


@dataclass(frozen=True, slots=True)
class ScoredAttribution:
    """A raw attribution with the tagger's confidence in its cue."""

    raw: RawAttribution
    score: float


def extract_tagged(
    doc: Doc,
    tagger: CueScorer | None = None,
    options: TaggedOptions | None = None,
    lex: Lexicon | None = None,
    index: DocIndex | None = None,
    spans: TaggedSpans | None = None,
) -> list[ScoredAttribution]:
    """Rule attributions plus tagger-found ones, in text order, at most one per cue token.

    ``index`` is ``DocIndex.build(doc)``, built here when not given. ``spans`` are tagged
    sources and contents (``neural_spans``), used as their ``options`` say.
    """
    if len(doc) == 0:
        return []
    tagger = tagger or load_cue_tagger()
    options = options or TaggedOptions()
    lex = lex or lexicon()
    ix = index if index is not None else DocIndex.build(doc)
    rules = extract_attributions(doc, lex, ix)
    logp = tagger.doc_log_proba(doc, [r.cue for r in rules], ix.quotes.spans, ix)
    tagged = tagger.decode(logp, threshold=0.0)
    # the tagger's cues are disjoint token runs in order: their last tokens rise
    tagged_lasts = [c.last for c in tagged]
    starts = ix.starts
    found: list[ScoredAttribution] = []
    claimed: set[int] = set()
    for raw in rules:
        first, last = _token_range(starts, raw.cue)
        k = bisect_left(tagged_lasts, first)
        match = tagged[k] if k < len(tagged) and tagged[k].first <= last else None
        if match is not None:
            claimed.add(match.first)
            score = match.score
            if options.adopt_extent and (match.first, match.last) != (first, last):
                raw = _with_cue(raw, _span(doc[match.first], doc[match.last]))
        else:
            score = float(
                np.exp(np.logaddexp(logp[first : last + 1, 1], logp[first : last + 1, 2])).mean()
            )
        if score >= options.rule_threshold:
            found.append(ScoredAttribution(raw, score))
    for cue in tagged:
        if cue.first in claimed or cue.score < options.new_cue_threshold:
            continue
        built = from_cue(doc, cue, ix)
        if built is None and spans is not None and spans.options.build:
            built = build(doc, ix, cue, spans)
        if built is not None:
            found.append(ScoredAttribution(built, cue.score))
    kept = {id(r) for r in _drop_overlapping_cues([s.raw for s in found])}
    ordered = sorted((s for s in found if id(s.raw) in kept), key=lambda s: s.raw.cue.start)
    if spans is not None:
        ordered = [replace(s, raw=refine(doc, ix, s.raw, spans, spans.options)) for s in ordered]
    if options.trim_sources:
        ordered = [replace(s, raw=_trimmed(doc, s.raw)) for s in ordered]
    return ordered


def _trimmed(doc: Doc, raw: RawAttribution) -> RawAttribution:
    if raw.source is None:
        return raw
    head = doc[raw.source_head].idx if raw.source_head is not None else None
    source = trim_source(doc.text, raw.source, head)
    if source == raw.source or source.overlaps(raw.cue) or source.overlaps(raw.content):
        return raw
    return replace(raw, source=source)


def _token_range(starts: Sequence[int], span: Span) -> tuple[int, int]:
    first = max(0, bisect_right(starts, span.start) - 1)
    last = max(first, bisect_left(starts, span.end) - 1)
    return first, last


def _with_cue(raw: RawAttribution, cue: Span) -> RawAttribution:
    pieces = (raw.content, *raw.parts, *([raw.source] if raw.source else []))
    if any(p.overlaps(cue) for p in pieces):
        return raw
    return replace(raw, cue=cue)


def from_cue(doc: Doc, cue: TaggedCue, index: DocIndex | None = None) -> RawAttribution | None:
    """An attribution around a tagger cue, its source and content read off the parse."""
    ix = index if index is not None else DocIndex.build(doc)
    quotes = ix.quotes
    first, last = doc[cue.first], doc[cue.last]
    if first.lower_ == "according" and cue.first + 1 < len(doc):
        return _according_to(ix, first)
    inside = set(range(cue.first, cue.last + 1))
    head = doc[cue.first : cue.last + 1].root
    cue_span = _span(first, last)
    source_tok, inverted = _find_source(ix, head, inside)
    source = _source_span(ix, source_tok) if source_tok is not None else None
    if source is not None and source.overlaps(cue_span):
        source, source_tok = None, None
    parts = _find_content(ix, head, last, inside, source_tok, inverted)
    if not parts:
        return None
    parts = [_widen_to_quotes(p, quotes) for p in parts]
    parts = [
        p for p in parts if not p.overlaps(cue_span) and (source is None or not p.overlaps(source))
    ]
    if not parts:
        return None
    if parts[-1].end <= cue_span.start and parts[-1] in quotes:
        anchor = max(cue_span.end, source.end if source is not None else 0)
        parts.extend(_continuation(ix.text, anchor, ix.sent_end_char(head.i), quotes))
    return _make(source, cue_span, parts, quotes, source_tok)


def _find_source(ix: DocIndex, head: Token, inside: set[int]) -> tuple[Token | None, Token | None]:
    """The source token and, when it follows the cue ('..., said Kim'), the same token again."""
    current = head
    for _ in range(3):
        if current.pos_ in {"NOUN", "PROPN"} and current.i in inside:
            for child in ix.children(current):
                if child.dep_ == "poss" and child.i not in inside:
                    return child, None
                if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
                    obj = next((g for g in ix.children(child) if g.dep_ == "pobj"), None)
                    if obj is not None and obj.i not in inside:
                        return obj, None
        subject = _subject(ix, current) or _fronted_subject(ix, current)
        if subject is not None and subject.i not in inside:
            return subject, None
        inverted = _inverted_source(ix, current) if current.pos_ in {"VERB", "AUX"} else None
        if inverted is not None and inverted.i not in inside:
            return inverted, inverted
        inherited = _inherited_subject(ix, current)
        if inherited is not None and inherited.i not in inside:
            return inherited, None
        if current.dep_ in _LINKING or current.dep_ in {"pobj", "prep"}:
            if current.head is current:
                break
            current = current.head
            continue
        break
    return None, None


def _find_content(
    ix: DocIndex,
    head: Token,
    last: Token,
    inside: set[int],
    source: Token | None,
    inverted: Token | None,
) -> list[Span]:
    doc = ix.doc
    cue_tokens = [doc[i] for i in sorted(inside)]
    for dep in _CONTENT_DEPS[:2]:
        for tok in cue_tokens:
            for child in ix.children(tok):
                if child.dep_ == dep and child.i not in inside:
                    return [_subtree_span(ix, child)]
    if inverted is not None:
        before = _left_clause(ix, head)
        return [before] if before is not None else []
    quote = _adjacent_quote(ix, head, last, source)
    if quote is not None:
        return [quote]
    for tok in reversed(cue_tokens):
        for child in ix.rights(tok):
            if child.i in inside or (source is not None and child.i == source.i):
                continue
            if child.dep_ in _CONTENT_DEPS or child.dep_ in _NOUN_CONTENT_DEPS:
                return [_subtree_span(ix, child)]
            if child.dep_ == "pobj" and tok.dep_ == "prep":
                return [_subtree_span(ix, child)]
            if child.dep_ == "prep" and child.i == last.i + 1:
                objects = [g for g in ix.children(child) if g.dep_ in {"pobj", "pcomp"}]
                if objects:
                    return [_subtree_span(ix, objects[0])]
    if head.dep_ == "parataxis" and head.head.i != head.i:
        around = head.head
        left = ix.trim_range(around.left_edge.i, head.left_edge.i)
        right = ix.trim_range(head.right_edge.i + 1, around.right_edge.i + 1)
        return [p for p in (left, right) if p is not None]
    end = ix.sent_ends[head.i]
    rest = ix.trim_range(last.i + 1, end)
    if rest is not None and end - last.i > 3:
        return [rest]
    return []
