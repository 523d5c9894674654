"""Ingest a corpus into the store: batches through an injected analysis, resumable, never torn.

Each article commits in its own transaction, so a run killed at any moment (even ``kill -9``)
leaves only whole articles behind. Items whose source id is already stored are skipped before
they are analysed, so re-running the same command finishes the corpus.

Example:
    >>> report = ingest_corpus(                                  # doctest: +SKIP
    ...     records, pipeline.run_many, "corpus.db", source_id_of=lambda r: r.source_id
    ... )
    >>> report.ingested, report.duplicates, report.already_stored
    (980, 12, 0)
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Protocol, TypeVar

from unspin.errors import PipelineError
from unspin.model import Article
from unspin.store.claim_index import refresh_claim_index
from unspin.store.db import DEFAULT_BUSY_TIMEOUT_MS, connect
from unspin.store.neardup import NearDuplicateIndex
from unspin.store.repository import has_source, store_article

T = TypeVar("T")
# Articles stored between two refreshes of the recurring-claim index during an ingest.
CLAIM_INDEX_EVERY = 256
Result = TypeVar("Result")

_CODE = re.compile(r"^\[(E\d+)\]")


@dataclass(frozen=True, slots=True)
class Failure:
    """An item the analysis could not turn into an article, and why."""

    source_id: str | None
    reason: str
    code: str | None = None

    @classmethod
    def from_error(cls, source_id: str | None, error: BaseException) -> Failure:
        """A failure carrying the message (and ``[E…]`` code, if any) of ``error``."""
        message = str(error) or type(error).__name__
        match = _CODE.match(message)
        return cls(source_id, message, match.group(1) if match else None)


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest did with each item it saw.

    ``ingested``: stored now; ``duplicates``: analysed, but its text was already stored;
    ``already_stored``: its source id was stored before the item was reached (by an earlier
    run, or earlier in this input), so it was not analysed; ``skipped``: failed, with reasons;
    ``near_duplicates``: how many of the ingested articles were linked to an original as
    near-identical (syndicated) copies.
    """

    ingested: int = 0
    duplicates: int = 0
    already_stored: int = 0
    skipped: tuple[Failure, ...] = field(default=())
    near_duplicates: int = 0

    @property
    def seen(self) -> int:
        """Every input item the run looked at."""
        return self.ingested + self.duplicates + self.already_stored + len(self.skipped)

    def reasons(self) -> Counter[str]:
        """How many items were skipped for each code (or message, when there is no code)."""
        return Counter(f.code or f.reason for f in self.skipped)


class BatchEngine(Protocol):
    """Runs ``analyse`` over batches, yielding each batch's results in the batches' order.

    An empty batch yields an empty result without calling ``analyse``.
    """

    def map(
        self, analyse: Callable[[list[T]], Iterable[Result]], batches: Iterable[list[T]]
    ) -> Iterator[Sequence[Result]]: ...


class SerialEngine:
    """Analyses each batch in this process, one after another."""

    def map(
        self, analyse: Callable[[list[T]], Iterable[Result]], batches: Iterable[list[T]]
    ) -> Iterator[Sequence[Result]]:
        for batch in batches:
            yield list(analyse(batch)) if batch else []


def ingest_corpus(
    items: Iterable[T],
    analyse: Callable[[list[T]], Iterable[Article | Failure]],
    db_path: str | os.PathLike[str],
    *,
    source_id_of: Callable[[T], str | None],
    batch_size: int = 16,
    progress: Callable[[IngestReport], None] | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    engine: BatchEngine | None = None,
    near_duplicates: bool = False,
) -> IngestReport:
    """Analyse ``items`` in batches and store each article; skip what the store already holds.

    ``analyse`` gets a batch and yields one ``Article`` or ``Failure`` per item, in order.
    ``engine`` runs it (default: in this process; ``unspin.scale.LocalEngine`` uses worker
    processes); only this process writes to the store. ``progress`` (if given) gets the
    running report after each batch. With ``near_duplicates``, syndicated copies are linked
    to their original (MinHash, see ``unspin.store.neardup``).

    Raises:
        StoreError: the store cannot be opened or written (nothing half-written remains).
        PipelineError: ``analyse`` broke its contract.
    """
    if batch_size < 1:
        raise PipelineError(f"[E1112] batch_size must be at least 1, got {batch_size}.")
    conn = connect(db_path, busy_timeout_ms=busy_timeout_ms)
    try:
        index = NearDuplicateIndex.load(conn) if near_duplicates else None
        writer = CorpusWriter(conn, index)
        queued: deque[list[tuple[T, str | None]]] = deque()
        todo = writer.todo_batches(items, batch_size, source_id_of, queued)
        runner = engine or SerialEngine()
        for results in runner.map(analyse, ([item for item, _ in b] for b in todo)):
            writer.write(queued.popleft(), results)
            if progress is not None:
                progress(writer.report())
        writer.finish()
    finally:
        conn.close()
    return writer.report()


class CorpusWriter:
    """The parent's side of an ingest: skips stored sources, saves results, keeps the tally."""

    def __init__(self, conn: sqlite3.Connection, index: NearDuplicateIndex | None) -> None:
        self.conn = conn
        self.index = index
        self.counts = Counter[str]()
        self.skipped: list[Failure] = []
        self._pending: set[str] = set()
        self._unindexed = 0

    def report(self) -> IngestReport:
        counts = self.counts
        return IngestReport(
            counts["ingested"],
            counts["duplicates"],
            counts["already_stored"],
            tuple(self.skipped),
            counts["near_duplicates"],
        )

    def todo_batches(
        self,
        items: Iterable[T],
        batch_size: int,
        source_id_of: Callable[[T], str | None],
        queued: deque[list[tuple[T, str | None]]] | None = None,
    ) -> Iterator[list[tuple[T, str | None]]]:
        """Per input batch, the items whose source id is neither stored nor in flight."""
        for batch in _batches(items, batch_size):
            todo: list[tuple[T, str | None]] = []
            for item in batch:
                source_id = source_id_of(item)
                if source_id is not None:
                    if source_id in self._pending or has_source(self.conn, source_id):
                        self.counts["already_stored"] += 1
                        continue
                    self._pending.add(source_id)
                todo.append((item, source_id))
            if queued is not None:
                queued.append(todo)
            yield todo  # possibly empty: engines pass an empty batch through unanalysed

    def write(self, todo: Sequence[tuple[object, str | None]], results: Sequence[object]) -> None:
        """Store each result of one analysed batch (one transaction per article)."""
        _check_results(results, len(todo))
        for (_, source_id), result in zip(todo, results, strict=True):
            if isinstance(result, Article):
                outcome = store_article(
                    self.conn, result, source_id=source_id, near_duplicates=self.index
                )
                self.counts["duplicates" if outcome == "duplicate" else "ingested"] += 1
                if outcome == "near_duplicate":
                    self.counts["near_duplicates"] += 1
            elif isinstance(result, Failure):
                self.skipped.append(result if result.source_id else _with_id(result, source_id))
            if source_id is not None:
                self._pending.discard(source_id)
        self._unindexed += len(todo)
        if self._unindexed >= CLAIM_INDEX_EVERY:
            self.finish()

    def finish(self) -> None:
        """Bring the recurring-claim index up to date with what has been stored."""
        refresh_claim_index(self.conn)
        self._unindexed = 0

    def fail(self, failure: Failure) -> None:
        """Record an item that failed outside ``analyse`` (e.g. a shard that kept failing)."""
        self.skipped.append(failure)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _check_results(results: Sequence[object], expected: int) -> None:
    if len(results) != expected:
        raise PipelineError(
            f"[E1113] The analyse function returned {len(results)} results for a batch of "
            f"{expected} items; it must yield exactly one Article or Failure per item, in order."
        )
    for result in results:
        if not isinstance(result, Article | Failure):
            raise PipelineError(
                f"[E1114] The analyse function yielded a {type(result).__name__}; it must yield "
                "an Article or a unspin.corpus.Failure for each item."
            )


def _with_id(failure: Failure, source_id: str | None) -> Failure:
    return Failure(source_id, failure.reason, failure.code)
