"""Sources and contents from the neural tagger's source and content heads.

The rules read an attribution's source and content off the dependency parse around its cue.
The tagger (``neural``) also labels every token as inside a source or a content span, learnt
from PolNeAR's own span conventions. This module decodes those spans and uses them three ways,
each switched by ``SpanOptions`` (chosen on held-out PolNeAR train):

* *extent*: a rule source (content) that overlaps a tagged one takes the tagged extent;
* *fill*: an attribution with no source takes the nearest tagged source of its sentence;
* *replace*: a parse source that no tagged source overlaps gives way to the nearest tagged
  source of its sentence, when there is one;
* *build*: a tagger cue the parse gives no content for is kept when a tagged content touches
  its sentence, with the nearest tagged source of the sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from unspin.detectors.claims.attribution import RawAttribution
from unspin.detectors.claims.tagger import TaggedCue, decode_runs
from unspin.model import Span
from unspin.textclf.linear import FloatArray

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from unspin.detectors.claims.docindex import DocIndex


@dataclass(frozen=True, slots=True)
class SpanOptions:
    """Which uses of the tagged sources and contents are on (see the module docstring)."""

    source_extent: bool = False
    source_fill: bool = False
    source_replace: bool = False
    content_extent: bool = False
    build: bool = False
    min_score: float = 0.5  # a tagged span's mean probability must reach this


@dataclass(frozen=True, slots=True)
class TaggedSpans:
    """Decoded source and content token runs of one document, and how to use them."""

    sources: tuple[TaggedCue, ...]
    contents: tuple[TaggedCue, ...]
    options: SpanOptions = SpanOptions()

    @classmethod
    def decode(cls, role_logp: FloatArray, options: SpanOptions) -> TaggedSpans:
        """Runs of the best BIO path per role (``role_logp`` is ``(tokens, roles, 3)``) whose
        mean probability reaches ``options.min_score``."""
        floor = options.min_score
        return cls(_runs(role_logp[:, 1, :], floor), _runs(role_logp[:, 2, :], floor), options)


def _runs(logp: FloatArray, min_score: float) -> tuple[TaggedCue, ...]:
    return tuple(decode_runs(logp, 0.0, min_score))


def _char_span(doc: Doc, run: TaggedCue) -> Span:
    return Span(doc[run.first].idx, doc[run.last].idx + len(doc[run.last].text))


def _nearest(
    doc: Doc, runs: Sequence[TaggedCue], cue: Span, sentence: Span, avoid: Sequence[Span]
) -> tuple[TaggedCue, Span] | None:
    """The run of ``runs`` inside ``sentence`` closest to ``cue`` that overlaps nothing in
    ``avoid``."""
    best: tuple[int, TaggedCue, Span] | None = None
    for run in runs:
        span = _char_span(doc, run)
        if not sentence.overlaps(span) or any(span.overlaps(a) for a in avoid):
            continue
        gap = span.start - cue.end if span.start >= cue.end else cue.start - span.end
        if best is None or gap < best[0]:
            best = (gap, run, span)
    return None if best is None else (best[1], best[2])


def _overlapping(
    doc: Doc, runs: Sequence[TaggedCue], span: Span, any_count: bool = False
) -> Span | None:
    """The one tagged run overlapping ``span`` (the first of several with ``any_count``)."""
    hits = [_char_span(doc, r) for r in runs if _char_span(doc, r).overlaps(span)]
    if not hits or (len(hits) > 1 and not any_count):
        return None
    return hits[0]


def _sentence(ix: DocIndex, cue: Span) -> Span:
    first = max(0, bisect_right(ix.starts, cue.start) - 1)
    start, end = ix.sent(first)
    return Span(ix.starts[start], ix.ends[end - 1])


def refine(
    doc: Doc, ix: DocIndex, raw: RawAttribution, spans: TaggedSpans, options: SpanOptions
) -> RawAttribution:
    """``raw`` with its source and content adjusted by the tagged spans, as ``options`` say."""
    source, head = raw.source, raw.source_head
    if source is not None and options.source_extent:
        tagged = _overlapping(doc, spans.sources, source)
        if tagged is not None and not tagged.overlaps(raw.cue) and not tagged.overlaps(raw.content):
            source = tagged
    untagged = source is not None and not _overlapping(doc, spans.sources, source, True)
    if untagged and options.source_replace:
        avoid = [raw.cue, raw.content, *raw.parts]
        found = _nearest(doc, spans.sources, raw.cue, _sentence(ix, raw.cue), avoid)
        if found is not None:
            run, source = found
            head = doc[run.first : run.last + 1].root.i
    if source is None and options.source_fill:
        avoid = [raw.cue, raw.content, *raw.parts]
        found = _nearest(doc, spans.sources, raw.cue, _sentence(ix, raw.cue), avoid)
        if found is not None:
            run, source = found
            head = doc[run.first : run.last + 1].root.i
    content, parts = raw.content, raw.parts
    if options.content_extent and not parts:
        tagged = _overlapping(doc, spans.contents, content)
        if tagged is not None and not any(tagged.overlaps(s) for s in (raw.cue, source) if s):
            content = tagged
    return replace(raw, source=source, source_head=head, content=content, parts=parts)


def build(doc: Doc, ix: DocIndex, cue: TaggedCue, spans: TaggedSpans) -> RawAttribution | None:
    """An attribution for a tagger cue from the tagged content (and source) of its sentence."""
    cue_span = _char_span(doc, cue)
    sentence = _sentence(ix, cue_span)
    found = _nearest(doc, spans.contents, cue_span, sentence, [cue_span])
    if found is None:
        return None
    _, content = found
    near = _nearest(doc, spans.sources, cue_span, sentence, [cue_span, content])
    source, head = None, None
    if near is not None:
        source, head = near[1], doc[near[0].first : near[0].last + 1].root.i
    quoted = bool(ix.quotes.overlapping(content))
    return RawAttribution(
        source=source,
        cue=cue_span,
        content=content,
        parts=(),
        quote_type="direct" if quoted else "indirect",
        source_head=head,
    )
