"""Connections to the embedded SQLite store, transactions, and SQLite errors made clear.

Every connection runs in WAL mode (readers work while one writer writes), with foreign keys
on, a busy timeout and ``synchronous=NORMAL``. Connections are in autocommit mode: writes go
through :func:`transaction`, which takes the write lock up front (``BEGIN IMMEDIATE``).

Example:
    >>> conn = connect("corpus.db")                              # doctest: +SKIP
    >>> with transaction(conn):                                  # doctest: +SKIP
    ...     conn.execute("DELETE FROM sources WHERE source_id = ?", ("x",))
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from unspin.errors import StoreError as StoreError

DEFAULT_BUSY_TIMEOUT_MS = 5000


def connect(
    path: str | os.PathLike[str],
    *,
    readonly: bool = False,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    migrate: bool = True,
) -> sqlite3.Connection:
    """Open (and create or migrate, unless ``readonly``) the store at ``path``.

    Raises:
        StoreError: the file or its folder is missing or read-only, the file is not a store,
            or it was made by a newer unspin.
    """
    from unspin.store.migrations import check_version, migrate_to_latest

    db = Path(path)
    _check_writable(db, readonly=readonly)
    target = f"{db.resolve().as_uri()}?mode=ro" if readonly else str(db)
    try:
        conn = sqlite3.connect(
            target,
            timeout=busy_timeout_ms / 1000,
            isolation_level=None,
            uri=readonly,
        )
    except sqlite3.Error as exc:
        raise translate_error(exc, db) from exc
    try:
        with sqlite_errors(conn, db):
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        if readonly or not migrate:
            check_version(conn, db)
        else:
            migrate_to_latest(conn, db)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in one write transaction: all of it commits, or none of it."""
    with sqlite_errors(conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise


@contextmanager
def sqlite_errors(conn: sqlite3.Connection | None, path: Path | None = None) -> Iterator[None]:
    """Turn ``sqlite3`` errors raised in the block into a :class:`StoreError` naming the file."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate_error(exc, path or database_path(conn)) from exc


def database_path(conn: sqlite3.Connection | None) -> Path | None:
    """The file behind ``conn`` (``None`` for an in-memory database)."""
    if conn is None:
        return None
    try:
        for _, name, file in conn.execute("PRAGMA database_list"):
            if name == "main":
                return Path(file) if file else None
    except sqlite3.Error:
        return None
    return None


def _check_writable(db: Path, *, readonly: bool) -> None:
    folder = db.parent
    if not folder.is_dir():
        raise StoreError(
            f"[E1101] Cannot open the store {db}: the folder {folder} does not exist. "
            "Create it first or pick another --db path."
        )
    if readonly:
        if not db.is_file():
            raise StoreError(f"[E1101] No store at {db}: the file does not exist.")
        return
    if db.exists() and not os.access(db, os.W_OK):
        raise StoreError(
            f"[E1102] The file of the store {db} is read-only. Make it writable "
            "(chmod u+w) or open it read-only for queries."
        )
    if not os.access(folder, os.W_OK):
        raise StoreError(
            f"[E1102] The folder of the store {db} is read-only; SQLite needs to write "
            "its -wal and -shm files there. Make the folder writable or move the store."
        )


def translate_error(exc: sqlite3.Error, path: Path | None) -> StoreError:
    """The coded :class:`StoreError` for a SQLite error on the store at ``path``."""
    where = str(path) if path else "the in-memory store"
    message = str(exc)
    lowered = message.lower()
    if "database or disk is full" in lowered:
        text = (
            f"[E1104] The disk holding {where} is full (or the store hit its size limit); "
            "the current article was rolled back. Free space and re-run: stored articles "
            "are kept and skipped."
        )
    elif "locked" in lowered or "busy" in lowered:
        text = (
            f"[E1103] The store {where} stayed locked by another writer beyond the busy "
            "timeout. Wait for the other ingest to finish, or raise busy_timeout_ms."
        )
    elif "readonly" in lowered or "read-only" in lowered:
        text = (
            f"[E1102] The store {where} is read-only ({message}). Make the file and its "
            "folder writable, or only run queries on it."
        )
    elif "not a database" in lowered or "malformed" in lowered:
        text = (
            f"[E1105] {where} is not an unspin store or is damaged ({message}). "
            "Pick another --db path or restore it from a backup."
        )
    elif "unable to open" in lowered:
        text = f"[E1101] Cannot open the store {where} ({message}). Check the path."
    else:
        text = f"[E1109] SQLite failed on {where}: {message}."
    return StoreError(text)
