"""Corpus queries on synthetic rich articles: claims, actors, stance, events, sources."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from tests.store.synth_rich import make_rich_article
from unspin.store import (
    StoreError,
    actor_stances,
    actor_stats,
    cited_sources,
    connect,
    event_summary,
    finding_counts,
    recurring_claims,
    save_article,
    search_claims,
)

N = 20


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    db = tmp_path_factory.mktemp("queries") / "corpus.db"
    conn = connect(db)
    for i in range(N):
        save_article(conn, make_rich_article(i))
    yield conn
    conn.close()


def test_search_claims_finds_attributed_content(store: sqlite3.Connection) -> None:
    hits = search_claims(store, "talks sanctions")
    assert len(hits) == N // 5
    assert {h.text for h in hits} == {"the talks on sanctions would continue"}
    assert search_claims(store, "") == []


def test_actor_stats_pool_across_articles(store: sqlite3.Connection) -> None:
    stats = actor_stats(store, limit=50)
    xi = next(s for s in stats if s.name == "Xi Jinping")
    assert (xi.articles, xi.mean_salience) == (N // 4, 0.75)
    assert xi.first_seen is not None and xi.last_seen is not None
    assert xi.first_seen <= xi.last_seen
    only = actor_stats(store, outlet="Le Monde", limit=50)
    assert sum(s.articles for s in only if s.kind == "person") == len(range(2, N, 3))


def test_actor_stances_count_labels_per_period(store: sqlite3.Connection) -> None:
    rows = actor_stances(store, by="year")
    assert sum(r.articles for r in rows) == N
    assert {(r.label, r.mean_score) for r in rows} == {("positive", 0.5), ("negative", -0.5)}
    assert all(len(r.period) == 4 for r in rows)


def test_event_summary_by_month_between_two_codes(store: sqlite3.Connection) -> None:
    rows = event_summary(store, source="CHN", target="RUS", by="month")
    assert sum(r.events for r in rows) == N // 2  # even items: CHNGOV -> RUS
    total = event_summary(store, source="CHN", target="RUS")
    assert len(total) == 1 and total[0].period == "all"
    (agg,) = total
    quads = (agg.verbal_cooperation, agg.material_cooperation, agg.verbal_conflict)
    assert (*quads, agg.material_conflict) == (5, 0, 5, 0)
    assert agg.mean_goldstein == pytest.approx((3.0 - 2.0) / 2)
    assert event_summary(store, source="USA") == []
    with pytest.raises(StoreError, match=r"\[E1401\]"):
        event_summary(store, by="week")  # type: ignore[arg-type]


def test_technique_counts_by_outlet(store: sqlite3.Connection) -> None:
    rows = finding_counts(store, kind="technique", by_outlet=True)
    assert {r.outlet for r in rows} == {"Daily Planet", "Global Times", "Le Monde"}
    assert sum(r.findings for r in rows) == N


def test_cited_sources_pool_by_text(store: sqlite3.Connection) -> None:
    rows = cited_sources(store, outlet="Global Times")
    assert [(r.source, r.attributions) for r in rows] == [("Officials", len(range(1, N, 3)))]


def test_recurring_claims_trace_to_first_appearance(store: sqlite3.Connection) -> None:
    rows = recurring_claims(store)
    texts = [r.text for r in rows]
    assert "the talks on drills would continue" in texts
    drills = rows[texts.index("the talks on drills would continue")]
    assert drills.articles == N // 5
    assert drills.first_published == min(
        make_rich_article(i).meta.published_date() or "" for i in range(0, N, 5)
    )
    firsts = [r.first_published or "" for r in rows]
    assert firsts == sorted(firsts)
