"""Saving and loading articles: exact round trips, duplicates stored once, source ids kept."""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store.synth import make_article
from unspin.model import Actor, Article, Mention, Meta, Provenance, Sourced, Span, TimeExpression
from unspin.store import (
    StoreError,
    article_ids,
    connect,
    has_source,
    inconsistent_articles,
    load_article,
    save_article,
)


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("articles", "actors", "mentions", "findings", "sources")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.mark.parametrize(
    "article",
    [
        make_article(0),
        make_article(1, n_actors=0),
        Article(id="bare", text="Short.", meta=Meta()),
        make_article(2).with_updates(provenance=None, warnings=(), findings=()),
    ],
    ids=["full", "no-actors", "bare", "no-provenance"],
)
def test_round_trip_is_exact(conn: sqlite3.Connection, article: Article) -> None:
    assert save_article(conn, article) is True
    assert load_article(conn, article.id) == article


def test_rows_match_the_article(conn: sqlite3.Connection) -> None:
    article = make_article(5)
    save_article(conn, article)
    assert _counts(conn) == {
        "articles": 1,
        "actors": len(article.actors),
        "mentions": sum(len(a.mentions) for a in article.actors),
        "findings": len(article.findings),
        "sources": 1,
    }
    row = conn.execute(
        "SELECT source_id, outlet, published_date, unspin_version, models_json FROM articles"
    ).fetchone()
    assert row == ("item-5", "Le Monde", "2020-06-06", "0.1.0", '{"spacy":"3.8.0"}')
    assert inconsistent_articles(conn) == []


def test_exact_duplicate_is_stored_once_and_its_source_remembered(conn: sqlite3.Connection) -> None:
    article = make_article(7)
    copy = article.with_updates(meta=dataclasses.replace(article.meta, source_id="mirror-7"))
    assert save_article(conn, article) is True
    assert save_article(conn, copy) is False
    assert save_article(conn, article) is False
    assert _counts(conn)["articles"] == 1
    assert [has_source(conn, s) for s in ("item-7", "mirror-7", "item-8")] == [True, True, False]
    assert load_article(conn, article.id) == article


def test_explicit_source_id_wins_over_meta(conn: sqlite3.Connection) -> None:
    save_article(conn, make_article(1), source_id="line-42")
    assert has_source(conn, "line-42") and not has_source(conn, "item-1")


def test_article_ids_in_storage_order(conn: sqlite3.Connection) -> None:
    articles = [make_article(i) for i in (9, 3, 6)]
    for article in articles:
        save_article(conn, article)
    assert article_ids(conn) == [a.id for a in articles]


def test_missing_article_is_a_clear_error(conn: sqlite3.Connection) -> None:
    with pytest.raises(StoreError, match=r"\[E1107\] No article 'nope'"):
        load_article(conn, "nope")


def test_unstorable_score_rolls_back(conn: sqlite3.Connection) -> None:
    base = make_article(2)
    bad = dataclasses.replace(base.findings[0], score=float("nan"))
    with pytest.raises(StoreError, match=r"\[E1111\]"):
        save_article(conn, base.with_updates(findings=(bad,)))
    assert _counts(conn)["articles"] == 0 and not conn.in_transaction


# Emoji (with skin tone), combining marks, RTL text and marks, zero-width characters, CJK.
_SPECIAL = list("😀👍🏽🇹🇼e\u0301\u0327שלוםمرحبا\u200f\u202e\u200b\u200c\u200d\ufeff台灣\n\t ")
_TEXT = st.text(
    st.one_of(st.sampled_from(_SPECIAL), st.characters(codec="utf-8")),
    min_size=1,
    max_size=80,
)
_LABEL = st.text(st.characters(codec="utf-8"), max_size=12)
_FLOAT = st.floats(allow_nan=False, allow_infinity=False, width=64)
_ids = itertools.count()


@st.composite
def _spans(draw: st.DrawFn, text: str, min_size: int = 0) -> tuple[Span, ...]:
    size = len(text)
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, size), st.integers(0, size)), min_size=min_size, max_size=4
        )
    )
    return tuple(Span(min(a, b), max(a, b)) for a, b in pairs)


@st.composite
def _articles(draw: st.DrawFn) -> Article:
    text = draw(_TEXT)
    sourced = st.one_of(st.none(), st.builds(Sourced, _LABEL, _LABEL))
    meta = Meta(
        title=draw(sourced),
        outlet=draw(sourced),
        author=draw(sourced),
        published=draw(st.one_of(st.none(), st.builds(Sourced, st.dates().map(str), _LABEL))),
        url=draw(st.one_of(st.none(), _LABEL)),
        language=draw(st.sampled_from([None, "en", "ar", "zh"])),
        language_score=draw(st.one_of(st.none(), _FLOAT)),
        source_id=draw(st.one_of(st.none(), _LABEL)),
    )
    actors = tuple(
        Actor(
            id=f"A{k + 1}",
            name=draw(_LABEL),
            kind=draw(st.sampled_from(["person", "country", "organisation"])),
            mentions=tuple(
                Mention(
                    span, draw(st.sampled_from(["name", "alias", "demonym"])), draw(st.booleans())
                )
                for span in draw(_spans(text))
            ),
            aliases=tuple(draw(st.lists(_LABEL, max_size=3))),
            org_type=draw(st.sampled_from([None, "media", "igo"])),
            codes=tuple(draw(st.lists(_LABEL, max_size=2))),
            salience=draw(_FLOAT),
        )
        for k in range(draw(st.integers(0, 3)))
    )
    findings = tuple(
        TimeExpression(
            label=draw(_LABEL),
            evidence=draw(_spans(text, min_size=1)),
            detector="nlp.temporal.v1",
            score=draw(st.one_of(st.none(), _FLOAT)),
            value=draw(st.one_of(st.none(), _LABEL)),
            granularity=draw(st.sampled_from([None, "day", "year"])),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    models = draw(st.dictionaries(_LABEL, _LABEL, max_size=2))
    return Article(
        id=f"{Article.make_id(text)}-{next(_ids)}",
        text=text,
        meta=meta,
        paragraphs=draw(_spans(text)),
        sentences=draw(_spans(text)),
        actors=actors,
        findings=findings,
        provenance=draw(st.one_of(st.none(), st.just(Provenance("0.1.0", "ab", ("x",), models)))),
        warnings=tuple(draw(st.lists(_LABEL, max_size=2))),
    )


def test_hypothesis_round_trip_keeps_every_span() -> None:
    with tempfile.TemporaryDirectory() as folder:
        conn = connect(Path(folder) / "h.db")

        @settings(max_examples=60, deadline=None)
        @given(_articles())
        def check(article: Article) -> None:
            save_article(conn, article)
            loaded = load_article(conn, article.id)
            assert loaded == article
            assert [s.slice(loaded.text) for s in loaded.all_spans()] == [
                s.slice(article.text) for s in article.all_spans()
            ]

        check()
        assert inconsistent_articles(conn) == []
        conn.close()


def test_store_never_imports_spacy() -> None:
    code = "import sys, unspin.store, unspin.corpus; print('spacy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
