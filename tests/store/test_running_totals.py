"""Running totals (actors, cited sources) agree with pooling every row, after inserts and after
migration."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.store.old_store import open_at_version, save_at_version
from tests.store.synth_rich import make_rich_article
from unspin.store import actor_stats, cited_sources, connect, finding_counts, save_article

POOLED = """
    SELECT min(ac.name), min(ac.kind), ac.gazetteer_id, sum(ac.n_mentions),
           count(DISTINCT ac.article_seq), round(avg(ac.salience), 4),
           min(a.published_date), max(a.published_date)
    FROM actors ac JOIN articles a ON a.seq = ac.article_seq
    {where}
    GROUP BY coalesce(ac.gazetteer_id, ac.kind || char(31) || ac.name)
    ORDER BY sum(ac.n_mentions) DESC, min(ac.name)
"""


SOURCES = """
    SELECT a.outlet,
           coalesce(min(t.source_text), '(' || coalesce(t.source_kind, 'unknown') || ')'),
           min(t.source_kind), count(*), count(DISTINCT t.article_seq)
    FROM attributions t JOIN articles a ON a.seq = t.article_seq
    {where}
    GROUP BY a.outlet, coalesce(lower(trim(t.source_text)), char(31) || t.source_kind)
    ORDER BY count(*) DESC, a.outlet, 2
"""


def _sources(conn: sqlite3.Connection, outlet: str | None = None) -> list[tuple[object, ...]]:
    where, params = ("WHERE a.outlet = ?", [outlet]) if outlet else ("", [])
    return [tuple(r) for r in conn.execute(SOURCES.format(where=where), params)]


def _source_totals(conn: sqlite3.Connection, outlet: str | None = None) -> list[tuple[object, ...]]:
    return [
        (s.outlet, s.source, s.source_kind, s.attributions, s.articles)
        for s in cited_sources(conn, outlet=outlet, limit=10_000)
    ]


def _pooled(conn: sqlite3.Connection, outlet: str | None = None) -> list[tuple[object, ...]]:
    where, params = ("WHERE a.outlet = ?", [outlet]) if outlet else ("", [])
    return [tuple(r) for r in conn.execute(POOLED.format(where=where), params)]


def _totals(conn: sqlite3.Connection, outlet: str | None = None) -> list[tuple[object, ...]]:
    return [
        (
            s.name,
            s.kind,
            s.gazetteer_id,
            s.mentions,
            s.articles,
            s.mean_salience,
            s.first_seen,
            s.last_seen,
        )
        for s in actor_stats(conn, outlet=outlet, limit=10_000)
    ]


@pytest.mark.parametrize("outlet", [None, "Le Monde", "Nowhere"])
def test_totals_kept_by_trigger_equal_pooling(tmp_path: Path, outlet: str | None) -> None:
    conn = connect(tmp_path / "corpus.db")
    for i in range(30):
        save_article(conn, make_rich_article(i))
    assert _totals(conn, outlet) == _pooled(conn, outlet)
    assert _source_totals(conn, outlet) == _sources(conn, outlet)
    conn.close()


def test_migration_backfills_totals_from_an_older_store(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    raw = open_at_version(db, 2)  # a store made before totals existed
    for i in range(12):
        save_at_version(raw, make_rich_article(i), 2)
    raw.close()
    conn = connect(db)
    assert _totals(conn) == _pooled(conn)
    assert _source_totals(conn) == _sources(conn)
    save_article(conn, make_rich_article(12))
    assert _totals(conn) == _pooled(conn)
    assert _source_totals(conn) == _sources(conn)
    conn.close()


FINDINGS = """
    SELECT f.kind, f.label, {outlet}, count(*), count(DISTINCT f.article_seq)
    FROM findings f JOIN articles a ON a.seq = f.article_seq {where}
    GROUP BY f.kind, f.label, {outlet}
    ORDER BY count(*) DESC, f.kind, f.label, {outlet}
"""


def _finding_scan(
    conn: sqlite3.Connection, kind: str | None, by_outlet: bool
) -> list[tuple[object, ...]]:
    outlet = "a.outlet" if by_outlet else "NULL"
    where, params = ("WHERE f.kind = ?", [kind]) if kind else ("", [])
    query = FINDINGS.format(outlet=outlet, where=where)
    return [tuple(r) for r in conn.execute(query, params)]


def _finding_totals(
    conn: sqlite3.Connection, kind: str | None, by_outlet: bool
) -> list[tuple[object, ...]]:
    return [
        (r.kind, r.label, r.outlet, r.findings, r.articles)
        for r in finding_counts(conn, kind=kind, by_outlet=by_outlet)
    ]


@pytest.mark.parametrize(("kind", "by_outlet"), [(None, False), ("technique", True), (None, True)])
def test_finding_totals_equal_a_scan_of_the_findings(
    tmp_path: Path, kind: str | None, by_outlet: bool
) -> None:
    db = tmp_path / "corpus.db"
    raw = open_at_version(db, 4)  # half the articles before finding totals
    for i in range(10):
        save_at_version(raw, make_rich_article(i), 4)
    raw.close()
    conn = connect(db)
    assert _finding_totals(conn, kind, by_outlet) == _finding_scan(conn, kind, by_outlet)
    for i in range(10, 20):
        save_article(conn, make_rich_article(i))
    unsigned = make_rich_article(20)
    save_article(conn, replace(unsigned, meta=replace(unsigned.meta, outlet=None)))
    assert _finding_totals(conn, kind, by_outlet) == _finding_scan(conn, kind, by_outlet)
    conn.close()
