"""One encoder pass per paragraph, shared by every head that reads the same article.

``segment_states`` encodes segments (paragraphs) of a text as consecutive windows and keeps
each window's states with its pieces' character offsets, so any head can pool the states of
any character span afterwards: a paragraph's techniques, a sentence inside it, an actor
mention. The last results are cached per encoder, so the second detector that asks for the
same article's paragraphs reads the first one's pass instead of running its own.

``paragraph_passes`` is what detectors iterate: one cached chunk for an ordinary article, and
for a very long one (over ``CACHE_CHARS`` characters) consecutive uncached chunks of
paragraphs, so the states held at any time are bounded by the chunk (or by the longest
paragraph), not by the article.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from unspin.encoder.runtime import Encoder, FloatArray, TopLayers
from unspin.encoder.tokenize import Window, windows
from unspin.model import Article, Span


@dataclass(frozen=True)
class SegmentStates:
    """The windows of one segment and their last-layer states (``len(ids) x hidden`` each)."""

    segment: Span
    windows: tuple[Window, ...]
    states: tuple[FloatArray, ...]

    def mean(self) -> FloatArray | None:
        """Mean of every state of the segment, ``[CLS]``/``[SEP]`` included (as trained)."""
        if not self.states:
            return None
        return np.asarray(np.concatenate(self.states).mean(axis=0), dtype=np.float32)

    def span_mean(self, start: int, end: int) -> FloatArray | None:
        """Mean state of the pieces overlapping ``[start, end)``; None when no piece does."""
        rows = []
        for window, states in zip(self.windows, self.states, strict=True):
            if window.end <= start or end <= window.start:
                continue
            found = window.positions(start, end)
            if found is not None:
                rows.append(states[found[0] : found[1] + 1])
        if not rows:
            return None
        return np.asarray(np.concatenate(rows).mean(axis=0), dtype=np.float32)


def paragraph_segments(article: Article) -> tuple[Span, ...]:
    """The article's non-blank paragraphs, or the whole text when it has none."""
    text = article.text
    found = tuple(p for p in article.paragraphs if text[p.start : p.end].strip())
    if found or not text.strip():
        return found
    return (Span(0, len(text)),)


# About 32,000 wordpieces: 50 MB of float32 states at 384 dimensions.
CACHE_CHARS = 131_072


def paragraph_passes(
    encoder: Encoder, text: str, segments: Sequence[Span], max_chars: int | None = None
) -> Iterator[list[SegmentStates]]:
    """The segments' states in chunks of consecutive segments of at most ``max_chars``
    (default ``CACHE_CHARS``) characters.

    When all segments fit, they come as one chunk from the shared cache (``segment_states``);
    otherwise each chunk is encoded, handed over and dropped, so a long article streams.
    """
    max_chars = CACHE_CHARS if max_chars is None else max_chars
    if sum(len(s) for s in segments) <= max_chars:
        yield segment_states(encoder, text, segments)
        return
    chunk: list[Span] = []
    size = 0
    for segment in segments:
        if chunk and size + len(segment) > max_chars:
            yield _encode(encoder, [(text, s) for s in chunk])
            chunk, size = [], 0
        chunk.append(segment)
        size += len(segment)
    if chunk:
        yield _encode(encoder, [(text, s) for s in chunk])


def segment_states(encoder: Encoder, text: str, segments: Sequence[Span]) -> list[SegmentStates]:
    """States of every segment of ``text``, all windows in one batched encoder run."""
    return list(_cached(encoder, text, tuple((s.start, s.end) for s in segments)))


def text_states(encoder: Encoder, texts: Sequence[str]) -> list[SegmentStates]:
    """States of each whole text (uncached): one segment per text, offsets within it."""
    return _encode(encoder, [(t, Span(0, len(t))) for t in texts])


@functools.lru_cache(maxsize=2)
def _cached(
    encoder: Encoder, text: str, segments: tuple[tuple[int, int], ...]
) -> tuple[SegmentStates, ...]:
    return tuple(_encode(encoder, [(text, Span(s, e)) for s, e in segments]))


def clear_pass_cache() -> None:
    """Forget every cached pass (a benchmark's cold run)."""
    _cached.cache_clear()


def _encode(encoder: Encoder, parts: Sequence[tuple[str, Span]]) -> list[SegmentStates]:
    max_len = encoder.config.max_len
    per_part = [
        [
            _shift(w, span.start)
            for w in windows(encoder.tokenizer, text[span.start : span.end], max_len)
        ]
        for text, span in parts
    ]
    flat = [w.encoded for ws in per_part for w in ws]
    grouped = _regroup(encoder.run(flat) if flat else [], [len(ws) for ws in per_part])
    return [
        SegmentStates(span, tuple(ws), states)
        for (_, span), ws, states in zip(parts, per_part, grouped, strict=True)
    ]


def with_top(top: TopLayers, segments: Sequence[SegmentStates]) -> list[SegmentStates]:
    """The segments' states after a head's private top layers (all windows in one run)."""
    flat = [s for seg in segments for s in seg.states]
    grouped = _regroup(top.run(flat) if flat else [], [len(seg.states) for seg in segments])
    return [
        SegmentStates(seg.segment, seg.windows, states)
        for seg, states in zip(segments, grouped, strict=True)
    ]


def _regroup(flat: Sequence[FloatArray], sizes: Sequence[int]) -> list[tuple[FloatArray, ...]]:
    """Cut ``flat`` back into consecutive groups of the given sizes."""
    out, i = [], 0
    for n in sizes:
        out.append(tuple(flat[i : i + n]))
        i += n
    return out


def _shift(window: Window, by: int) -> Window:
    return Window(window.encoded, tuple((s + by, e + by) for s, e in window.offsets))
