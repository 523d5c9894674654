"""The analysis a worker process runs: one Analyzer (one model load) per process, batches in.

``WorkerAnalyse`` is a small picklable callable, so the same object drives the local process
pool and Dask tasks; the model it needs is built on first use and cached in the process.

Example:
    >>> analyse = WorkerAnalyse(WorkerConfig())
    >>> analyse([])
    []
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.analysis import Analyzer, ingest_options_from
from unspin.analysis import Failure as AnalysisFailure
from unspin.config import load_settings
from unspin.corpus import Failure
from unspin.errors import UnspinError
from unspin.ingest import InputFailure, RawInput
from unspin.model import Article

Item = RawInput | InputFailure
Result = Article | Failure


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What a worker needs to build its Analyzer: a settings file and the fetch policy."""

    config_path: str | None = None
    allow_private: bool = False


@functools.lru_cache(maxsize=2)
def analyzer_for(config: WorkerConfig) -> Analyzer:
    """This process's Analyzer for ``config``, built (model loaded) on first use."""
    settings = load_settings(config.config_path)
    options = ingest_options_from(settings, allow_private=config.allow_private)
    return Analyzer(settings, ingest_options=options)


def warm_up(config: WorkerConfig) -> None:
    """Load the model now (a process-pool initializer), not inside the first batch."""
    _ = analyzer_for(config).pipeline


@dataclass(frozen=True, slots=True)
class WorkerAnalyse:
    """Analyse one batch of inputs: one ``Article`` or ``Failure`` per input, in order."""

    config: WorkerConfig = WorkerConfig()

    def __call__(self, items: Sequence[Item]) -> list[Result]:
        if not items:
            return []
        analyzer = analyzer_for(self.config)
        try:
            return [_result(r) for r in analyzer.analyze_inputs(items)]
        except Exception:  # one bad article must not sink its batch: retry one by one
            return [self._one(analyzer, item) for item in items]

    @staticmethod
    def _one(analyzer: Analyzer, item: Item) -> Result:
        source_id = item.source_id if isinstance(item, InputFailure) else item.source_id or item.url
        try:
            return _result(next(iter(analyzer.analyze_inputs([item]))))
        except UnspinError as error:
            return Failure.from_error(source_id, error)
        except Exception as exc:
            return Failure(
                source_id,
                f"[E1407] Analysing {source_id} failed unexpectedly ({type(exc).__name__}: "
                f"{exc}). Report this with the input if it repeats.",
                "E1407",
            )


def _result(result: Article | AnalysisFailure) -> Result:
    if isinstance(result, Article):
        return result
    return Failure.from_error(result.source_id, result.error)
