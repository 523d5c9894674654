"""Ingest synthetic articles 0..N-1 into a store; run as a subprocess by the crash test.

Usage: python -m tests.store.crash_ingest DB N
Prints the running count of handled items after each batch, and the final report as JSON.
"""

from __future__ import annotations

import json
import sys

from tests.store.synth import make_article
from unspin.corpus import IngestReport, ingest_corpus
from unspin.model import Article


def _analyse(batch: list[int]) -> list[Article]:
    return [make_article(i) for i in batch]


def _progress(report: IngestReport) -> None:
    print(report.seen, flush=True)


def main(db: str, n: int) -> None:
    report = ingest_corpus(
        range(n),
        _analyse,
        db,
        batch_size=8,
        source_id_of=lambda i: f"item-{i}",
        progress=_progress,
    )
    print(json.dumps({"ingested": report.ingested, "already_stored": report.already_stored}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
