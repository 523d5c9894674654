"""A GDELT-2.0-style events file: tab-separated, one row per event, GDELT column names.

Unlike GDELT's own files, the first line is a header (the column names), and columns beyond
GDELT's (PLOVER type and mode, modality, trigger text) come last.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from unspin.detectors.events.gdelt import events_to_gdelt_rows
from unspin.export.read import iter_articles

_WITH_EVENTS = "WHERE seq IN (SELECT DISTINCT article_seq FROM findings WHERE kind = 'event')"


def export_gdelt(conn: sqlite3.Connection, out: Path) -> int:
    """Write every stored event to ``out`` (TSV with a header); return the number of events."""
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer: csv.DictWriter[str] | None = None
        for article in iter_articles(conn, where=_WITH_EVENTS):
            for row in events_to_gdelt_rows(article):
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(row), delimiter="\t")
                    writer.writeheader()
                writer.writerow(row)
                count += 1
    return count
