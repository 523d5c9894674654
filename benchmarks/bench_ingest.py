"""Corpus ingest benchmark: 1 vs 2 workers, store overhead vs analysis, Dask vs local.

Run by hand, briefly (numbers depend on the machine and its load):

    .venv/bin/python benchmarks/bench_ingest.py --n 48

Throughput is measured in steady state (from the first stored batch to the last), so the
one-off model load in each worker is left out; the total wall time is printed beside it.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unspin.corpus import IngestReport, SerialEngine, ingest_corpus
from unspin.scale import (
    DaskOptions,
    LocalEngine,
    WorkerAnalyse,
    WorkerConfig,
    ingest_dask,
    iter_corpus_inputs,
    warm_up,
)
from unspin.store import NearDuplicateIndex, article_ids, connect, load_article, store_article
from unspin.store.kinds import register_known_kinds

ROOT = Path(__file__).resolve().parents[1]


def _corpus(n: int, folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("synth", ROOT / "tools/make_synthetic_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in module.make_articles(n):
            handle.write(json.dumps(record) + "\n")
    return path


class _Clock:
    """Times from the first stored batch to the last (steady state) and overall."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.marks: list[tuple[float, int]] = []

    def __call__(self, report: IngestReport) -> None:
        self.marks.append((time.perf_counter(), report.ingested))

    def result(self) -> dict[str, float]:
        total = self.marks[-1][0] - self.start
        done = [(t, n) for t, n in self.marks if n > 0]
        (t0, n0), (t1, n1) = done[0], done[-1]
        steady = (n1 - n0) / (t1 - t0) if t1 > t0 else float("nan")
        return {"articles": n1, "total_s": round(total, 2), "steady_per_s": round(steady, 3)}


def _run(name: str, db: Path, go: Callable[[_Clock], Any]) -> dict[str, Any]:
    clock = _Clock()
    go(clock)
    result = {"run": name, **clock.result()}
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=48)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument(
        "--queries",
        type=int,
        default=0,
        metavar="N",
        help="instead: store N small synthetic articles (no NLP), report size and query latency",
    )
    args = parser.parse_args()
    if args.queries:
        _query_latency(args.queries)
        return
    config = WorkerConfig()
    analyse = WorkerAnalyse(config)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = str(_corpus(args.n, folder))

        def items() -> Any:
            return iter_corpus_inputs([source])

        def local(workers: int, db: Path) -> Callable[[_Clock], Any]:
            engine = (
                SerialEngine()
                if workers == 1
                else LocalEngine(workers, initializer=functools.partial(warm_up, config))
            )
            return lambda clock: ingest_corpus(
                items(),
                analyse,
                db,
                source_id_of=lambda i: i.source_id,
                batch_size=args.batch_size,
                progress=clock,
                engine=engine,
                near_duplicates=True,
            )

        warm_up(config)  # the serial run analyses in this process: load the model first
        one = _run("local, 1 worker", folder / "w1.db", local(1, folder / "w1.db"))
        two = _run("local, 2 workers", folder / "w2.db", local(2, folder / "w2.db"))
        runs = [one, two]
        if not args.skip_dask:
            options = DaskOptions(
                n_workers=2, shard_size=args.batch_size, parts_dir=folder / "parts"
            )
            runs.append(
                _run(
                    "dask LocalCluster, 2 workers",
                    folder / "dk.db",
                    lambda clock: ingest_dask(
                        items(),
                        analyse,
                        folder / "dk.db",
                        source_id_of=lambda i: i.source_id,
                        options=options,
                        progress=clock,
                        near_duplicates=True,
                        warm_up=functools.partial(warm_up, config),
                    ),
                )
            )
        store = _store_overhead(folder / "w1.db", folder / "again.db")
        analysis_s = 1 / one["steady_per_s"]
        summary = {
            "n": args.n,
            "speedup_2_vs_1": round(two["steady_per_s"] / one["steady_per_s"], 2),
            "store_ms_per_article": round(store * 1000, 2),
            "analysis_ms_per_article": round(analysis_s * 1000, 1),
            "store_share_of_analysis": round(store / analysis_s, 4),
        }
        if len(runs) == 3:
            summary["dask_vs_local2"] = round(runs[2]["steady_per_s"] / two["steady_per_s"], 2)
        print(json.dumps(summary), flush=True)


def _store_overhead(analysed: Path, fresh: Path) -> float:
    """Seconds per article to store already-analysed articles (with near-duplicate linking)."""
    register_known_kinds()
    conn = connect(analysed)
    articles = [load_article(conn, i) for i in article_ids(conn)]
    conn.close()
    target = connect(fresh)
    index = NearDuplicateIndex.load(target)
    started = time.perf_counter()
    for article in articles:
        store_article(target, article, near_duplicates=index)
    elapsed = time.perf_counter() - started
    target.close()
    return elapsed / max(len(articles), 1)


def _query_latency(n: int) -> None:
    """Store ``n`` synthetic articles (every finding kind), then time each corpus query."""
    import statistics

    sys.path.insert(0, str(ROOT))
    from tests.store.synth_rich import make_rich_article

    from unspin.store import (
        actor_stances,
        actor_stats,
        cited_sources,
        event_summary,
        finding_counts,
        recurring_claims,
        search,
        search_claims,
    )
    from unspin.store.claim_index import refresh_claim_index

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "q.db"
        conn = connect(db)
        index = NearDuplicateIndex.load(conn)
        started = time.perf_counter()
        for i in range(n):
            store_article(conn, make_rich_article(i), near_duplicates=index)
        per_article_ms = (time.perf_counter() - started) / n * 1000
        refresh_claim_index(conn)  # as an ingest leaves the store, before any query is timed
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        queries: dict[str, Callable[[], Any]] = {
            "search text": lambda: search(conn, "talks sanctions"),
            "search claims": lambda: search_claims(conn, "talks sanctions"),
            "actors": lambda: actor_stats(conn),
            "actors --stance --by month": lambda: actor_stances(conn),
            "events CHN->RUS by month": lambda: event_summary(
                conn, source="CHN", target="RUS", by="month"
            ),
            "techniques by outlet": lambda: finding_counts(conn, kind="technique", by_outlet=True),
            "sources --outlet": lambda: cited_sources(conn, outlet="Le Monde"),
            "claims --recurring": lambda: recurring_claims(conn),
        }
        latency = {}
        for name, query in queries.items():
            times = []
            for _ in range(3 if name == "claims --recurring" else 7):
                t0 = time.perf_counter()
                query()
                times.append(time.perf_counter() - t0)
            latency[name] = round(statistics.median(times) * 1000, 1)
        conn.close()
        size = db.stat().st_size
        print(
            json.dumps(
                {
                    "n": n,
                    "store_ms_per_article": round(per_article_ms, 2),
                    "bytes_per_article": size // n,
                    "median_query_ms": latency,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    sys.exit(main())
