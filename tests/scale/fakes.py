"""Cheap, picklable analyse functions for engine tests (no spaCy): ints -> synthetic articles."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.store.synth import make_article
from unspin.corpus import Failure
from unspin.errors import NoArticleBodyError
from unspin.model import Article


def analyse_ints(batch: list[int]) -> list[Article | Failure]:
    """Negative items fail with a coded error; the others become ``make_article(i)``."""
    return [
        Failure.from_error(None, NoArticleBodyError(f"[E008] no body in {i}"))
        if i < 0
        else make_article(i)
        for i in batch
    ]


def worker_pid(batch: list[int]) -> list[Article | Failure]:
    """Like ``analyse_ints``, with the worker's pid in the reason of a failure per item."""
    return [Failure(None, str(os.getpid()), "PID") for _ in batch]


@dataclass(frozen=True)
class Flaky:
    """Fails the first attempt at each batch (a marker file remembers it), then succeeds."""

    markers: str

    def __call__(self, batch: list[int]) -> list[Article | Failure]:
        marker = Path(self.markers) / hashlib.sha256(repr(batch).encode()).hexdigest()
        if not marker.exists():
            marker.touch()
            raise RuntimeError("worker lost its connection (simulated)")
        return analyse_ints(batch)


@dataclass(frozen=True)
class Counting:
    """``analyse_ints`` that leaves one file per call, so a test can count the calls."""

    calls: str

    def __call__(self, batch: list[int]) -> list[Article | Failure]:
        (Path(self.calls) / uuid.uuid4().hex).write_text(repr(batch))
        return analyse_ints(batch)


def always_fails(batch: list[int]) -> list[Article | Failure]:
    raise RuntimeError("broken shard")
