"""Ingest synthetic items 0..N-1 with two worker processes; run as a subprocess and killed.

Usage: python -m tests.scale.crash_ingest_pool DB N
Prints the running count after each batch, and the final report as JSON.
"""

from __future__ import annotations

import json
import sys

from tests.scale.fakes import analyse_ints
from unspin.corpus import IngestReport, ingest_corpus
from unspin.scale import LocalEngine


def _progress(report: IngestReport) -> None:
    print(report.seen, flush=True)


def main(db: str, n: int) -> None:
    report = ingest_corpus(
        range(n),
        analyse_ints,
        db,
        batch_size=8,
        source_id_of=lambda i: f"item-{i}",
        progress=_progress,
        engine=LocalEngine(2),
        near_duplicates=True,
    )
    print(json.dumps({"ingested": report.ingested, "already_stored": report.already_stored}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
