"""Articles round-trip through JSON and validate against the versioned schema."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.errors import SchemaError
from unspin.model import (
    Actor,
    Article,
    Mention,
    Meta,
    Provenance,
    Sourced,
    Span,
    TimeExpression,
)
from unspin.schema import validate_article_json
from unspin.serialize import article_from_dict, article_to_dict, finding_from_dict


def _article(text: str) -> Article:
    end = len(text)
    return Article(
        id=Article.make_id(text),
        text=text,
        meta=Meta(
            title=Sourced("A title", "html:meta"),
            published=Sourced("2023-03-22", "input"),
            language="en",
            language_score=0.99,
        ),
        paragraphs=(Span(0, end),),
        sentences=(Span(0, end),),
        actors=(
            Actor(
                id="A1",
                name="China",
                kind="country",
                mentions=(Mention(Span(0, min(1, end)), "name"),),
                aliases=("China",),
                country="CHN",
                codes=("CHN",),
                salience=1.0,
            ),
        ),
        findings=(
            TimeExpression(
                label="DATE",
                evidence=(Span(0, min(1, end)),),
                detector="nlp.temporal.v1",
                value="2023-03-22",
                granularity="day",
            ),
        ),
        provenance=Provenance("0.1.0", "abc", ("nlp.segment.v1",), {"spacy": "en-3.8.0"}),
        warnings=("[W401] something",),
    )


def test_round_trip_is_exact() -> None:
    article = _article("China and Russia met on 22 March 2023.")
    data = article_to_dict(article)
    validate_article_json(data)
    assert article_from_dict(json.loads(json.dumps(data))) == article


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_round_trip_any_text(text: str) -> None:
    article = _article(text)
    data = json.loads(json.dumps(article_to_dict(article), ensure_ascii=False))
    validate_article_json(data)
    back = article_from_dict(data)
    assert back == article
    for span in back.all_spans():
        assert span.slice(back.text) == span.slice(text)


def test_schema_rejects_a_span_without_end() -> None:
    data = article_to_dict(_article("Some text."))
    data["paragraphs"] = [{"start": 0}]
    with pytest.raises(SchemaError, match="E310"):
        validate_article_json(data)


def test_unknown_finding_kind_is_a_coded_error() -> None:
    with pytest.raises(SchemaError, match="E301"):
        finding_from_dict({"kind": "nonsense", "label": "x", "evidence": [], "detector": "x.v1"})
