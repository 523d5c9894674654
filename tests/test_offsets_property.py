"""The offset contract over generated texts: every span of every stage slices inside the text."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.analysis import Analyzer
from unspin.errors import InputError
from unspin.schema import validate_article_json
from unspin.serialize import article_from_dict, article_to_dict

WORDS = st.sampled_from(
    [
        "China",
        "Russia",
        "said",
        "on",
        "Monday",
        "the",
        "Pentagon",
        "Xi",
        "Jinping",
        "met",
        "22 March 2023",
        "last week",
        "NATO",
        "“quoted”",
        "😀",
        "e\u0301",
        "שלום",
        "\u200b",
        "\u00a0",
        ".",
        ",",
        "\n",
        "\n\n",
        "Follow Us on Google News\n",
        "Washington",
        "Ukraine's",
    ]
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(WORDS, min_size=1, max_size=60).map(" ".join))
def test_every_span_slices_and_round_trips(analyzer: Analyzer, text: str) -> None:
    try:
        article = analyzer.analyze_text(text, published="2023-04-20")
    except InputError:
        return
    for span in article.all_spans():
        assert 0 <= span.start <= span.end <= len(article.text)
    data = json.loads(json.dumps(article_to_dict(article)))
    validate_article_json(data)
    assert article_from_dict(data) == article
