"""JSON Lines: one analysis JSON (as ``unspin analyze --json`` prints it) per stored article."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from unspin.export.read import iter_articles
from unspin.serialize import article_to_dict


def export_jsonl(conn: sqlite3.Connection, out: Path) -> int:
    """Write every article's analysis JSON to ``out``, one per line; return the count."""
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for article in iter_articles(conn):
            handle.write(json.dumps(article_to_dict(article), ensure_ascii=False) + "\n")
            count += 1
    return count
