"""Store-scale replay: grow a store to N articles from the analyses of a real ingest.

A full-analysis ingest runs at about 7 synthetic articles/s on the 2-core machine (about four
hours for 100,000), so the 100,000-article store of issue 7 is built in two steps:
``benchmarks/corpus_scale.sh`` ingests and analyses a base corpus, then this script stores its
articles again, in order and round after round, each time under a new id, source id, outlet
and publication date (text, actors and findings unchanged), through the same ``ingest_corpus``
path an ingest takes: one transaction per article, triggers, running totals, near-duplicate
lookup and linking, recurring-claim index refreshes. Every replay of a base article is a
near-duplicate of it (same text) and is linked to it, and its claims recur exactly.

Writes OUT.db, OUT.db.rss.log (articles stored, resident KiB of this process, seconds since
start, one line per 1,000 articles) and prints the store-write cost per article.

Usage:
    .venv/bin/python benchmarks/store_scale.py BASE.db OUT.db --n 100000
    .venv/bin/python benchmarks/bench_queries.py OUT.db
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from unspin.corpus import Failure, IngestReport, ingest_corpus
from unspin.model import Article, Meta, Sourced
from unspin.store import article_ids, connect, load_article
from unspin.store.kinds import register_known_kinds

Replay = tuple[int, int]  # (position of the base article, round)
DAYS_PER_ROUND = 37


def resident_kib() -> int:
    """Resident memory of this process (Linux), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Replayer:
    """Turns (base position, round) into a stored base article under a new identity."""

    def __init__(self, base: sqlite3.Connection) -> None:
        self.base = base
        self.ids = article_ids(base)
        self.load_seconds = 0.0
        self.outlets = sorted(
            row[0]
            for row in base.execute("SELECT DISTINCT outlet FROM articles WHERE outlet NOT NULL")
        )

    def __call__(self, batch: list[Replay]) -> list[Article | Failure]:
        started = time.perf_counter()
        replayed: list[Article | Failure] = [self.replay(p, r) for p, r in batch]
        self.load_seconds += time.perf_counter() - started
        return replayed

    def replay(self, position: int, round_: int) -> Article:
        article = load_article(self.base, self.ids[position])
        if round_ == 0:
            return article
        meta = dataclasses.replace(
            article.meta,
            outlet=self._outlet(article.meta, position + round_),
            published=_shifted(article.meta.published, round_ * DAYS_PER_ROUND),
            source_id=source_id((position, round_)),
        )
        new_id = Article.make_id(f"{article.text}\x00replay {round_}")
        return dataclasses.replace(article, id=new_id, meta=meta)

    def _outlet(self, meta: Meta, turn: int) -> Sourced | None:
        if meta.outlet is None or not self.outlets:
            return meta.outlet
        return Sourced(self.outlets[turn % len(self.outlets)], meta.outlet.source)


def source_id(item: Replay) -> str:
    return f"replay-{item[1]}-{item[0]}"


def _shifted(published: Sourced | None, days: int) -> Sourced | None:
    if published is None:
        return None
    try:
        day = date.fromisoformat(published.value[:10])
    except ValueError:
        return published
    return Sourced((day + timedelta(days=days)).isoformat(), published.source)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    register_known_kinds()
    base = connect(args.base, readonly=True)
    replayer = Replayer(base)
    if not replayer.ids:
        print(f"{args.base} holds no articles", file=sys.stderr)
        return 2
    items = ((i % len(replayer.ids), i // len(replayer.ids)) for i in range(args.n))
    trace = args.out.with_name(args.out.name + ".rss.log")
    started = time.perf_counter()
    next_mark = [1000]

    def progress(report: IngestReport) -> None:
        stored = report.ingested + report.duplicates + report.already_stored
        if stored >= next_mark[0]:
            elapsed = time.perf_counter() - started
            with trace.open("a") as log:
                log.write(f"{stored} {resident_kib()} {elapsed:.1f}\n")
            next_mark[0] += 1000

    report = ingest_corpus(
        items,
        replayer,
        args.out,
        source_id_of=source_id,
        progress=progress,
        near_duplicates=True,
    )
    elapsed = time.perf_counter() - started
    base.close()
    print(
        json.dumps(
            {
                "ingested": report.ingested,
                "near_duplicates": report.near_duplicates,
                "already_stored": report.already_stored,
                "seconds": round(elapsed, 1),
                "load_seconds": round(replayer.load_seconds, 1),
                "store_ms_per_article": round(
                    1000 * (elapsed - replayer.load_seconds) / max(report.ingested, 1), 2
                ),
                "resident_kib_end": resident_kib(),
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
