"""Sentences never cross paragraphs and never start or end with whitespace."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.model import Span
from unspin.nlp.segment import paragraph_spans, sentence_spans

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("  Leading space.\n\n\n\nMany breaks.  ", ["Leading space.", "Many breaks."]),
        ("", []),
        ("\n\n", []),
        ("No break at all", ["No break at all"]),
    ],
)
def test_paragraph_spans(text: str, expected: list[str]) -> None:
    assert [s.slice(text) for s in paragraph_spans(text)] == expected


def test_sentences_are_cut_at_paragraphs(nlp: Language) -> None:
    text = "A heading without a stop\n\nThe first sentence. The second one."
    spans = sentence_spans(text, nlp(text), paragraph_spans(text))
    assert [s.slice(text) for s in spans] == [
        "A heading without a stop",
        "The first sentence.",
        "The second one.",
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), max_size=5)
)
def test_sentence_spans_slice_inside_the_text(nlp: Language, blocks: list[str]) -> None:
    text = "\n\n".join(blocks)
    paragraphs = paragraph_spans(text)
    spans = sentence_spans(text, nlp(text), paragraphs)
    for span in spans:
        piece = span.slice(text)
        assert piece and piece == piece.strip()
        assert any(p.contains(span) for p in paragraphs)
    assert spans == tuple(sorted(spans))
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_span_type() -> None:
    assert paragraph_spans("x") == (Span(0, 1),)
