"""Queries: full-text search with bm25 order and snippets, top actors, counts, listings."""

from __future__ import annotations

import sqlite3

import pytest

from tests.store.synth import make_article
from unspin.model import Article, Meta, Sourced, Span, TimeExpression
from unspin.store import (
    StoreError,
    articles_by,
    finding_counts,
    save_article,
    search,
    top_actors,
)


def _doc(key: str, title: str, text: str, outlet: str, date: str) -> Article:
    return Article(
        id=key,
        text=text,
        meta=Meta(
            title=Sourced(title, "t"), outlet=Sourced(outlet, "t"), published=Sourced(date, "t")
        ),
        findings=(
            TimeExpression(
                label="loaded_language" if "sham" in text else "DATE",
                evidence=(Span(0, 1),),
                detector="x.v1",
                value=None,
                granularity=None,
            ),
        ),
    )


DOCS = (
    _doc(
        "drills", "Drills near Taiwan", "The navy held drills in the strait.", "Wire", "2023-04-08"
    ),
    _doc(
        "grain",
        "Grain deal",
        "Ukraine and Türkiye signed a grain deal in Istanbul.",
        "Wire",
        "2022-07-22",
    ),
    _doc(
        "vote",
        "A sham vote",
        "Observers called the referendum a sham and a farce.",
        "Post",
        "2022-09-30",
    ),
    _doc("cafe", "Café culture", "A café in Paris; the naïve critic left.", "Post", "2021-01-05"),
)


@pytest.fixture
def corpus(conn: sqlite3.Connection) -> sqlite3.Connection:
    for doc in DOCS:
        save_article(conn, doc)
    return conn


@pytest.mark.parametrize(
    ("query", "raw", "expected"),
    [
        ("taiwan", False, ["drills"]),
        ("grain deal", False, ["grain"]),
        ("Turkiye", False, ["grain"]),  # diacritics folded
        ("cafe naive", False, ["cafe"]),
        ("sham OR drills", False, []),  # OR taken literally: all three words must occur
        ("sham OR drills", True, ["vote", "drills"]),
        ('"grain deal"', True, ["grain"]),
        ("refer*", True, ["vote"]),
        ("(unbalanced", False, []),
        ("   ", False, []),
    ],
)
def test_search_finds_the_right_articles(
    corpus: sqlite3.Connection, query: str, raw: bool, expected: list[str]
) -> None:
    assert sorted(h.article_id for h in search(corpus, query, raw=raw)) == sorted(expected)


def test_search_ranks_title_matches_first_and_marks_the_snippet(corpus: sqlite3.Connection) -> None:
    save_article(
        corpus,
        _doc(
            "mention",
            "Weather",
            "Strait weather: calm, strait shipping normal.",
            "Wire",
            "2023-01-01",
        ),
    )
    hits = search(corpus, "drills", marks=("<b>", "</b>"))
    assert [h.article_id for h in hits] == ["drills"]
    assert hits[0].snippet == "The navy held <b>drills</b> in the strait."
    assert hits[0].title == "Drills near Taiwan" and hits[0].outlet == "Wire"
    ranked = search(corpus, "strait")
    assert [h.article_id for h in ranked] == ["mention", "drills"]
    assert ranked[0].rank <= ranked[1].rank


def test_bad_raw_query_is_a_clear_error(corpus: sqlite3.Connection) -> None:
    with pytest.raises(StoreError, match=r"\[E1108\].*not valid FTS5 syntax"):
        search(corpus, '"unclosed', raw=True)


def test_top_actors_by_mention_count(conn: sqlite3.Connection) -> None:
    for i in range(10):
        save_article(conn, make_article(i))
    actors = top_actors(conn, limit=3)
    assert [(a.name, a.kind, a.mentions, a.articles) for a in actors] == [
        ("Vladimir Putin", "person", 6, 3),
        ("Xi Jinping", "person", 6, 3),
        ("Antonio Guterres", "person", 4, 2),
    ]
    assert actors[0].gazetteer_id == "Q1001"
    planet = top_actors(conn, outlet="Daily Planet", limit=100)  # items 0, 3, 6, 9
    assert len(planet) == 8 and {a.mentions for a in planet} == {2}
    assert [a.name for a in planet[:2]] == ["Antonio Guterres", "Beijing"]  # ties by name


@pytest.mark.parametrize(
    ("kind", "by_outlet", "expected"),
    [
        (None, False, [("time", "DATE", None, 3, 3), ("time", "loaded_language", None, 1, 1)]),
        (
            "time",
            True,
            [
                ("time", "DATE", "Wire", 2, 2),
                ("time", "DATE", "Post", 1, 1),
                ("time", "loaded_language", "Post", 1, 1),
            ],
        ),
        ("claim", False, []),
    ],
)
def test_finding_counts(
    corpus: sqlite3.Connection,
    kind: str | None,
    by_outlet: bool,
    expected: list[tuple[object, ...]],
) -> None:
    rows = finding_counts(corpus, kind=kind, by_outlet=by_outlet)
    assert [(r.kind, r.label, r.outlet, r.findings, r.articles) for r in rows] == expected


@pytest.mark.parametrize(
    ("outlet", "since", "until", "expected"),
    [
        (None, None, None, ["cafe", "grain", "vote", "drills"]),
        ("Post", None, None, ["cafe", "vote"]),
        (None, "2022-01-01", "2022-12-31", ["grain", "vote"]),
        ("Wire", "2023-01-01", None, ["drills"]),
        ("Nobody", None, None, []),
    ],
)
def test_articles_by_outlet_and_date(
    corpus: sqlite3.Connection,
    outlet: str | None,
    since: str | None,
    until: str | None,
    expected: list[str],
) -> None:
    rows = articles_by(corpus, outlet=outlet, since=since, until=until)
    assert [r.article_id for r in rows] == expected


def test_queries_use_indices(corpus: sqlite3.Connection) -> None:
    plans = {
        "outlet": "SELECT id FROM articles WHERE outlet = 'x' AND published_date >= '2022'",
        "kind": "SELECT count(*) FROM findings WHERE kind = 'time' GROUP BY label",
    }
    for sql in plans.values():
        plan = " ".join(str(r[-1]) for r in corpus.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING" in plan and "INDEX" in plan, plan
