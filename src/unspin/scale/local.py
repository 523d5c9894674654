"""The local engine: a pool of worker processes, each loading the model once.

Batches go out to the workers and come back in order, at most ``2 * workers`` in flight, so
memory stays flat however long the input; the parent alone writes to the store.

Example:
    >>> engine = LocalEngine(2, initializer=partial(warm_up, WorkerConfig()))  # doctest: +SKIP
    >>> report = ingest_corpus(items, WorkerAnalyse(), "corpus.db",  # doctest: +SKIP
    ...                        source_id_of=lambda i: i.source_id, engine=engine)
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from unspin.errors import ConfigError, PipelineError

T = TypeVar("T")
Result = TypeVar("Result")


class LocalEngine:
    """Runs batches on ``workers`` processes (``initializer`` runs once in each)."""

    def __init__(
        self,
        workers: int,
        *,
        initializer: Callable[[], None] | None = None,
        in_flight: int | None = None,
        start_method: str | None = None,
    ) -> None:
        if workers < 1:
            raise ConfigError(f"[E1408] --workers must be at least 1, got {workers}.")
        self.workers = workers
        self.initializer = initializer
        self.in_flight = in_flight or 2 * workers
        self.start_method = start_method

    def map(
        self, analyse: Callable[[list[T]], Iterable[Result]], batches: Iterable[list[T]]
    ) -> Iterator[Sequence[Result]]:
        """Each batch's results, in the order of ``batches``."""
        context = multiprocessing.get_context(self.start_method)
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=self.initializer)
        pending: deque[Future[list[Result]] | None] = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(_run, analyse, batch) if batch else None)
                if len(pending) >= self.in_flight:
                    yield _take(pending)
            while pending:
                yield _take(pending)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _run(analyse: Callable[[list[T]], Iterable[Result]], batch: list[T]) -> list[Result]:
    return list(analyse(batch))


def _take(pending: deque[Future[list[Result]] | None]) -> list[Result]:
    future = pending.popleft()
    if future is None:
        return []
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise PipelineError(
            "[E1402] A worker process died (out of memory, or killed). Stored articles are "
            "kept: re-run the same command to resume, with fewer --workers or a smaller "
            "--batch-size."
        ) from exc
