"""Median latency of every corpus query on an existing store, against full-scan baselines.

The corpus-wide rankings read summary tables kept at ingest (actor, source and finding totals,
the recurring-claim index); their baselines are the same answers computed by scanning every row,
timed in the same run on the same store, so the ratio shows what the summaries buy.

Usage:
    .venv/bin/python benchmarks/bench_queries.py STORE.db [--runs 7] [--word sanctions]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unspin.store import (
    actor_stances,
    actor_stats,
    cited_sources,
    connect,
    event_summary,
    finding_counts,
    recurring_claims,
    search,
    search_claims,
)
from unspin.store.claim_index import pending_claims
from unspin.store.queries import recurring_claims_scan

ACTORS_SCAN = """
    SELECT min(ac.name), sum(ac.n_mentions), count(DISTINCT ac.article_seq), avg(ac.salience)
    FROM actors ac JOIN articles a ON a.seq = ac.article_seq
    GROUP BY coalesce(ac.gazetteer_id, ac.kind || char(31) || ac.name)
    ORDER BY sum(ac.n_mentions) DESC, min(ac.name) LIMIT 20
"""
SOURCES_SCAN = """
    SELECT a.outlet, min(t.source_text), count(*), count(DISTINCT t.article_seq)
    FROM attributions t JOIN articles a ON a.seq = t.article_seq
    WHERE a.outlet = ?
    GROUP BY a.outlet, coalesce(lower(trim(t.source_text)), char(31) || t.source_kind)
    ORDER BY count(*) DESC LIMIT 50
"""
TECHNIQUES_SCAN = """
    SELECT f.label, a.outlet, count(*), count(DISTINCT f.article_seq)
    FROM findings f JOIN articles a ON a.seq = f.article_seq
    WHERE f.kind = 'technique' GROUP BY f.label, a.outlet ORDER BY count(*) DESC
"""


def median_ms(query: Callable[[], Any], runs: int) -> float:
    """Median wall time of ``runs`` calls, in milliseconds (one untimed warm-up call first)."""
    query()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def busiest_outlet(conn: sqlite3.Connection) -> str | None:
    """The outlet with the most stored articles (the one-outlet queries are timed on it)."""
    row = conn.execute(
        "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def corpus_queries(conn: sqlite3.Connection, word: str) -> dict[str, Callable[[], Any]]:
    """Every query `unspin query` offers, with arguments that fit the store."""
    outlet = busiest_outlet(conn)
    return {
        f"search text {word!r}": lambda: search(conn, word),
        f"search claims {word!r}": lambda: search_claims(conn, word),
        "actors": lambda: actor_stats(conn),
        f"actors --outlet {outlet!r}": lambda: actor_stats(conn, outlet=outlet),
        "actors --stance --by month": lambda: actor_stances(conn),
        "events CHN->RUS by month": lambda: event_summary(
            conn, source="CHN", target="RUS", by="month"
        ),
        "techniques by outlet": lambda: finding_counts(conn, kind="technique", by_outlet=True),
        f"sources --outlet {outlet!r}": lambda: cited_sources(conn, outlet=outlet),
        "claims --recurring": lambda: recurring_claims(conn),
    }


def baselines(conn: sqlite3.Connection) -> dict[str, Callable[[], Any]]:
    """The summary-backed queries answered by scanning every row instead."""
    outlet = busiest_outlet(conn)
    return {
        "actors": lambda: conn.execute(ACTORS_SCAN).fetchall(),
        f"sources --outlet {outlet!r}": lambda: conn.execute(SOURCES_SCAN, (outlet,)).fetchall(),
        "techniques by outlet": lambda: conn.execute(TECHNIQUES_SCAN).fetchall(),
        "claims --recurring": lambda: recurring_claims_scan(conn),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline-runs", type=int, default=3)
    parser.add_argument("--word", default="sanctions")
    args = parser.parse_args()
    conn = connect(args.db)
    if pending_claims(conn):
        recurring_claims(conn)  # brings the index up to date before timing
    (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
    conn.close()
    reader = connect(args.db, readonly=True)
    latency = {
        name: median_ms(query, args.runs)
        for name, query in corpus_queries(reader, args.word).items()
    }
    scanned = {
        name: median_ms(query, args.baseline_runs) for name, query in baselines(reader).items()
    }
    reader.close()
    size = args.db.stat().st_size
    result = {
        "articles": articles,
        "claims": claims,
        "store_bytes": size,
        "bytes_per_article": size // max(articles, 1),
        "median_query_ms": latency,
        "full_scan_baseline_ms": scanned,
        "speedup_vs_scan": {
            name: round(scanned[name] / max(latency[name], 1e-3), 1) for name in scanned
        },
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
