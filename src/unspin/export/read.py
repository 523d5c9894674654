"""Reading a store for export: whole articles in store order, and SQL rows in chunks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from unspin.model import Article
from unspin.store.db import sqlite_errors
from unspin.store.kinds import register_known_kinds
from unspin.store.repository import load_article

CHUNK_ROWS = 2000


def iter_articles(conn: sqlite3.Connection, *, where: str = "") -> Iterator[Article]:
    """Every stored article (optionally filtered by a SQL ``where`` on ``articles``), in order."""
    register_known_kinds()
    with sqlite_errors(conn):
        ids = [r[0] for r in conn.execute(f"SELECT id FROM articles {where} ORDER BY seq")]
    for article_id in ids:
        yield load_article(conn, article_id)


def iter_rows(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``sql`` in chunks of ``CHUNK_ROWS`` (memory stays flat on big stores)."""
    with sqlite_errors(conn):
        cursor = conn.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield rows
