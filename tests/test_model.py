"""The document model: spans validate themselves, findings need evidence, ids hash the text."""

from __future__ import annotations

import pytest

from unspin.errors import SpanError
from unspin.model import Article, Meta, Span, TimeExpression


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 2), (5, 3), (0, -1)],
)
def test_span_rejects_bad_offsets(start: int, end: int) -> None:
    with pytest.raises(SpanError):
        Span(start, end)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Xi met Putin.", Span(0, 2), "Xi"),
        ("Xi met Putin.", Span(7, 12), "Putin"),
        ("ab", Span(2, 2), ""),
    ],
)
def test_span_slices_its_evidence(text: str, span: Span, expected: str) -> None:
    assert span.slice(text) == expected


def test_span_past_the_end_is_an_error() -> None:
    with pytest.raises(SpanError, match="E103"):
        Span(0, 10).slice("short")


def test_span_relations() -> None:
    assert Span(0, 5).overlaps(Span(4, 8))
    assert not Span(0, 4).overlaps(Span(4, 8))
    assert Span(0, 10).contains(Span(2, 3))
    assert len(Span(3, 7)) == 4


def test_finding_without_evidence_is_refused() -> None:
    with pytest.raises(SpanError, match="E104"):
        TimeExpression(
            label="DATE", evidence=(), detector="nlp.temporal.v1", value=None, granularity=None
        )


def test_article_id_is_a_hash_of_the_text() -> None:
    assert Article.make_id("a") == Article.make_id("a")
    assert Article.make_id("a") != Article.make_id("b")
    assert len(Article.make_id("a")) == 32


def test_all_spans_walks_every_span() -> None:
    finding = TimeExpression(
        label="DATE",
        evidence=(Span(0, 3),),
        detector="nlp.temporal.v1",
        value="2023",
        granularity="year",
    )
    article = Article(
        id="x",
        text="2023 was long.",
        meta=Meta(),
        paragraphs=(Span(0, 14),),
        sentences=(Span(0, 14),),
        findings=(finding,),
    )
    assert sorted(article.all_spans()) == [Span(0, 3), Span(0, 14), Span(0, 14)]
