"""Ingest at corpus scale: input sources, the local process pool and the Dask engine."""

from __future__ import annotations

from unspin.scale.dask_engine import DaskOptions, ingest_dask, run_shard
from unspin.scale.local import LocalEngine
from unspin.scale.sources import check_sources, iter_corpus_inputs
from unspin.scale.worker import WorkerAnalyse, WorkerConfig, warm_up

__all__ = [
    "DaskOptions",
    "LocalEngine",
    "WorkerAnalyse",
    "WorkerConfig",
    "check_sources",
    "ingest_dask",
    "iter_corpus_inputs",
    "run_shard",
    "warm_up",
]
