"""The local process pool and the Dask engine, with cheap injected analyse functions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.scale.fakes import Counting, Flaky, always_fails, analyse_ints, worker_pid
from tests.store.synth import make_article
from unspin.corpus import Failure, SerialEngine, ingest_corpus
from unspin.errors import ConfigError
from unspin.scale import DaskOptions, LocalEngine, ingest_dask
from unspin.store import article_ids, connect, inconsistent_articles, load_article

ITEMS = [*range(10), -1, 3, *range(10, 20)]  # one failure, one repeated source id


def _source(i: int) -> str:
    return f"item-{i}"


def _stored(db: Path) -> list[str]:
    conn = connect(db)
    try:
        assert inconsistent_articles(conn) == []
        return article_ids(conn)
    finally:
        conn.close()


def test_local_engine_keeps_order_and_matches_serial(tmp_path: Path) -> None:
    engine = LocalEngine(2, in_flight=3)
    batches = [[1, 2], [], [3], [-4, 5, 6]]
    pooled = [list(r) for r in engine.map(analyse_ints, batches)]
    serial = [list(r) for r in SerialEngine().map(analyse_ints, batches)]
    assert pooled == serial
    report = ingest_corpus(
        ITEMS, analyse_ints, tmp_path / "c.db", source_id_of=_source, batch_size=4, engine=engine
    )
    assert (report.ingested, report.already_stored, len(report.skipped)) == (20, 1, 1)
    assert len(_stored(tmp_path / "c.db")) == 20


def test_local_engine_uses_several_processes() -> None:
    results = LocalEngine(2).map(worker_pid, [[i] * 50 for i in range(8)])
    pids = {r.reason for batch in results for r in batch if isinstance(r, Failure)}
    assert os.getpid() not in {int(p) for p in pids}
    assert 1 <= len(pids) <= 2


def test_local_engine_refuses_zero_workers() -> None:
    with pytest.raises(ConfigError, match=r"\[E1408\]"):
        LocalEngine(0)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def _dask(cluster: Any, tmp_path: Path, **changes: Any) -> DaskOptions:
    return DaskOptions(
        scheduler=cluster.scheduler_address,
        shard_size=4,
        parts_dir=tmp_path / "parts",
        **changes,
    )


def test_dask_ingest_stores_everything_and_resumes(cluster: Any, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    options = _dask(cluster, tmp_path)
    seen: list[int] = []
    report = ingest_dask(
        ITEMS,
        analyse_ints,
        db,
        source_id_of=_source,
        options=options,
        progress=lambda r: seen.append(r.seen),
    )
    assert (report.ingested, report.already_stored, len(report.skipped)) == (20, 1, 1)
    assert report.skipped[0].code == "E008"
    assert seen[-1] == len(ITEMS)
    ids = _stored(db)
    conn = connect(db)
    assert load_article(conn, ids[0]) in [make_article(i) for i in range(20)]
    conn.close()
    again = ingest_dask(ITEMS, analyse_ints, db, source_id_of=_source, options=options)
    assert (again.ingested, again.already_stored) == (0, 21)
    # the parts are plain Parquet: DuckDB reads them directly
    relation = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{tmp_path / 'parts'}/*.parquet') "
        "WHERE analysis_json IS NOT NULL"
    )
    assert relation is not None and relation.fetchall() == [(20,)]


def test_dask_parts_are_reused_not_recomputed(cluster: Any, tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    options = _dask(cluster, tmp_path)
    items = list(range(12))
    ingest_dask(
        items, Counting(str(calls)), tmp_path / "a.db", source_id_of=_source, options=options
    )
    assert len(list(calls.iterdir())) == 3
    # a fresh store from the same input: every shard's part exists, nothing is analysed
    report = ingest_dask(
        items, Counting(str(calls)), tmp_path / "b.db", source_id_of=_source, options=options
    )
    assert report.ingested == 12
    assert len(list(calls.iterdir())) == 3
    assert not list((tmp_path / "parts").glob(".*.tmp"))


def test_dask_retries_failed_shards(cluster: Any, tmp_path: Path) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    report = ingest_dask(
        list(range(8)),
        Flaky(str(markers)),
        tmp_path / "f.db",
        source_id_of=_source,
        options=_dask(cluster, tmp_path, retries=1),
    )
    assert (report.ingested, len(report.skipped)) == (8, 0)
    assert len(list(markers.iterdir())) == 2  # each shard failed once, then passed


def test_dask_shard_that_keeps_failing_is_reported(cluster: Any, tmp_path: Path) -> None:
    report = ingest_dask(
        list(range(5)),
        always_fails,
        tmp_path / "x.db",
        source_id_of=_source,
        options=_dask(cluster, tmp_path, retries=0),
    )
    assert report.ingested == 0
    assert [f.code for f in report.skipped] == ["E1409"] * 5
    assert "broken shard" in report.skipped[0].reason
    assert _stored(tmp_path / "x.db") == []


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    options = DaskOptions(
        scheduler="tcp://127.0.0.1:9", parts_dir=tmp_path / "p", connect_timeout_s=1.0
    )
    with pytest.raises(ConfigError, match=r"\[E1411\]"):
        ingest_dask([1], analyse_ints, tmp_path / "u.db", source_id_of=_source, options=options)
