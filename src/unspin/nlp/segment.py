"""Sentences as character spans: spaCy's sentence bounds, cut at paragraph breaks, trimmed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc


def sentence_spans(text: str, doc: Doc, paragraphs: Iterable[Span]) -> tuple[Span, ...]:
    """Sentence spans of ``text``: never crossing a paragraph, never starting or ending in space.

    Example:
        >>> sentence_spans("A b.", nlp("A b."), [Span(0, 4)])  # doctest: +SKIP
        (Span(start=0, end=4),)
    """
    bounds = sorted(paragraphs) or [Span(0, len(text))]
    sentences: list[Span] = []
    for sent in doc.sents:
        for piece in _cut_at_paragraphs(sent.start_char, sent.end_char, bounds):
            trimmed = _trim(text, piece)
            if trimmed is not None:
                sentences.append(trimmed)
    return tuple(sentences)


def _cut_at_paragraphs(start: int, end: int, paragraphs: list[Span]) -> Iterator[Span]:
    for para in paragraphs:
        if para.end <= start:
            continue
        if para.start >= end:
            break
        yield Span(max(start, para.start), min(end, para.end))


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def paragraph_spans(text: str) -> tuple[Span, ...]:
    """Paragraphs of a canonical text: blocks separated by blank lines."""
    spans: list[Span] = []
    start = 0
    for block in text.split("\n\n"):
        trimmed = _trim(text, Span(start, start + len(block)))
        if trimmed is not None:
            spans.append(trimmed)
        start += len(block) + 2
    return tuple(spans)
