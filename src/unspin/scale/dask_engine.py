"""Scale-out on Dask: shards analysed on workers into Parquet parts, merged into the store.

Each shard is one task: a worker analyses it (one model load per worker process) and writes
a Parquet part named by a hash of the shard's inputs; a part that already exists is reused,
so a re-run redoes only unfinished shards. Failed tasks are retried ``retries`` times; a shard
that still fails is reported, item by item, as skipped. The parent merges each finished part
into the SQLite store (one transaction per article), so only one process ever writes to it.

The parts folder must be reachable under the same path by the client and every worker (one
machine, or a shared file system) when ``scheduler`` names a remote cluster.

Example:
    >>> report = ingest_dask(items, WorkerAnalyse(), "corpus.db",  # doctest: +SKIP
    ...                      source_id_of=lambda i: i.source_id,
    ...                      options=DaskOptions(scheduler="tcp://10.0.0.5:8786"))
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from unspin.corpus import CorpusWriter, Failure, IngestReport
from unspin.errors import ConfigError
from unspin.model import Article
from unspin.scale.parts import is_complete, part_path, read_part, shard_key, write_part
from unspin.store.db import DEFAULT_BUSY_TIMEOUT_MS, connect
from unspin.store.neardup import NearDuplicateIndex

T = TypeVar("T")
Analyse = Callable[[list[Any]], Iterable[Article | Failure]]


@dataclass(frozen=True, slots=True)
class DaskOptions:
    """Where and how to run: a scheduler address, or a local cluster of ``n_workers``."""

    scheduler: str | None = None  # "tcp://HOST:PORT"; None starts a LocalCluster
    n_workers: int = 2
    threads_per_worker: int = 1
    processes: bool = True
    shard_size: int = 64
    parts_dir: Path | None = None  # default: "<db>.parts" beside the store
    retries: int = 2
    in_flight: int | None = None  # shards submitted ahead; default 2 per worker + 2
    salt: str = ""  # e.g. the settings hash: parts of another configuration are not reused
    connect_timeout_s: float = 10.0

    def __post_init__(self) -> None:
        for name, value in (("shard_size", self.shard_size), ("n_workers", self.n_workers)):
            if value < 1:
                raise ConfigError(f"[E1410] DaskOptions.{name} must be at least 1, got {value}.")


def run_shard(items: list[Any], source_ids: list[str | None], path: str, analyse: Analyse) -> str:
    """The task: analyse one shard into its part, unless a complete part is there already."""
    target = Path(path)
    if not is_complete(target):
        results = list(analyse(items))
        write_part(target, source_ids, results)
    return path


def ingest_dask(
    items: Iterable[T],
    analyse: Analyse,
    db_path: str | os.PathLike[str],
    *,
    source_id_of: Callable[[T], str | None],
    options: DaskOptions | None = None,
    progress: Callable[[IngestReport], None] | None = None,
    near_duplicates: bool = False,
    warm_up: Callable[[], None] | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> IngestReport:
    """Ingest ``items`` through Dask; the same report and resume rules as ``ingest_corpus``.

    ``analyse`` must be picklable (a module-level function or ``WorkerAnalyse``);
    ``warm_up`` (if given) runs once on every worker before the first shard.
    """
    options = options or DaskOptions()
    parts = options.parts_dir or Path(f"{os.fspath(db_path)}.parts")
    parts.mkdir(parents=True, exist_ok=True)
    conn = connect(db_path, busy_timeout_ms=busy_timeout_ms)
    try:
        index = NearDuplicateIndex.load(conn) if near_duplicates else None
        writer = CorpusWriter(conn, index)
        with _client(options) as client:
            if warm_up is not None:
                client.run(warm_up)
            shards = writer.todo_batches(items, options.shard_size, source_id_of)
            for _ in _run(client, shards, analyse, parts, options, writer):
                if progress is not None:
                    progress(writer.report())
        writer.finish()
    finally:
        conn.close()
    return writer.report()


def _run(
    client: Any,
    shards: Iterable[list[tuple[T, str | None]]],
    analyse: Analyse,
    parts: Path,
    options: DaskOptions,
    writer: CorpusWriter,
) -> Iterator[None]:
    wait = _distributed().wait
    window = options.in_flight or 2 * options.n_workers + 2
    pending: dict[Any, tuple[str, list[tuple[T, str | None]]]] = {}

    def drain(keep: int) -> Iterator[None]:
        while len(pending) > keep:
            done, _ = wait(list(pending), return_when="FIRST_COMPLETED")
            for future in done:
                key, todo = pending.pop(future)
                _merge(future, key, todo, options, writer)
                yield None

    for todo in shards:
        if not todo:
            yield None
            continue
        source_ids = [sid for _, sid in todo]
        key = shard_key([item for item, _ in todo], source_ids, options.salt)
        future = client.submit(
            run_shard,
            [item for item, _ in todo],
            source_ids,
            str(part_path(parts, key)),
            analyse,
            key=f"unspin-shard-{key}",
            retries=options.retries,
            pure=False,
        )
        pending[future] = (key, todo)
        yield from drain(window - 1)
    yield from drain(0)


def _merge(
    future: Any,
    key: str,
    todo: Sequence[tuple[object, str | None]],
    options: DaskOptions,
    writer: CorpusWriter,
) -> None:
    try:
        path = Path(future.result())
    except Exception as exc:
        reason = (
            f"[E1409] Shard {key} failed {options.retries + 1} times ({type(exc).__name__}: "
            f"{exc}); its items were not stored. Re-run to retry them."
        )
        writer.write(todo, [Failure(sid, reason, "E1409") for _, sid in todo])
        return
    results = [result for _, result in read_part(path)]
    writer.write(todo, results)


def _distributed() -> Any:
    """``dask.distributed``, imported on first use (it is heavy and untyped)."""
    return importlib.import_module("distributed")


@contextmanager
def _client(options: DaskOptions) -> Iterator[Any]:
    distributed = _distributed()
    client_class, cluster_class = distributed.Client, distributed.LocalCluster
    if options.scheduler is not None:
        try:
            client = client_class(options.scheduler, timeout=f"{options.connect_timeout_s}s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"[E1411] Cannot reach the Dask scheduler at {options.scheduler} ({exc}). "
                "Start one (`dask scheduler`, then `dask worker ADDRESS`) or check the address."
            ) from exc
        with client:
            yield client
        return
    with (
        cluster_class(
            n_workers=options.n_workers,
            threads_per_worker=options.threads_per_worker,
            processes=options.processes,
            dashboard_address=None,
        ) as cluster,
        client_class(cluster) as client,
    ):
        yield client
