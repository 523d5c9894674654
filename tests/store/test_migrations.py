"""Schema migrations: from empty, idempotent re-open, forward-only and atomic steps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from unspin.store import LATEST_VERSION, StoreError, connect, current_version
from unspin.store.migrations import MIGRATIONS, Migration, migrate_to_latest, split_statements

TABLES = {"articles", "sources", "actors", "mentions", "findings", "articles_fts"}


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    return {r[0] for r in rows}


def test_new_store_is_migrated_to_latest(db_path: Path) -> None:
    conn = connect(db_path)
    assert current_version(conn) == LATEST_VERSION
    assert _tables(conn) >= TABLES
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    conn.close()


def test_reopening_is_idempotent(db_path: Path) -> None:
    for _ in range(3):
        conn = connect(db_path)
        assert current_version(conn) == LATEST_VERSION
        conn.close()
    conn = connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def _extra(version: int, sql: str) -> tuple[Migration, ...]:
    return (*MIGRATIONS, Migration(version, "test step", lambda: sql))


def test_later_migration_applies_forward(db_path: Path) -> None:
    connect(db_path).close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    steps = _extra(LATEST_VERSION + 1, "CREATE TABLE notes (x TEXT); CREATE INDEX n ON notes (x);")
    assert migrate_to_latest(raw, db_path, steps) == LATEST_VERSION + 1
    assert "notes" in _tables(raw)
    assert migrate_to_latest(raw, db_path, steps) == LATEST_VERSION + 1
    raw.close()


def test_failing_migration_leaves_nothing_behind(db_path: Path) -> None:
    connect(db_path).close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    steps = _extra(LATEST_VERSION + 1, "CREATE TABLE notes (x TEXT); CREATE TABLE broken (;")
    with pytest.raises(StoreError, match=r"\[E1109\]"):
        migrate_to_latest(raw, db_path, steps)
    assert "notes" not in _tables(raw)
    assert current_version(raw) == LATEST_VERSION
    raw.close()


@pytest.mark.parametrize("versions", [(2,), (1, 3), ()])
def test_migrations_must_be_numbered_from_one(db_path: Path, versions: tuple[int, ...]) -> None:
    raw = sqlite3.connect(db_path, isolation_level=None)
    steps = tuple(Migration(v, "x", lambda: "SELECT 1;") for v in versions)
    with pytest.raises(StoreError, match=r"\[E1110\]"):
        migrate_to_latest(raw, db_path, steps)
    raw.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_store_from_a_newer_unspin_is_refused(db_path: Path, readonly: bool) -> None:
    connect(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    raw.close()
    with pytest.raises(StoreError, match=r"\[E1106\].*newer") as info:
        connect(db_path, readonly=readonly)
    assert str(db_path) in str(info.value)
    assert info.value.exit_code == 30


def test_readonly_open_of_an_unmigrated_file_asks_for_migration(db_path: Path) -> None:
    sqlite3.connect(db_path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match=r"\[E1106\].*Open it once for writing"):
        connect(db_path, readonly=True)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("CREATE TABLE a (x); CREATE TABLE b (y);", 2),
        ("-- comment; with a semicolon\nCREATE TABLE a (x);", 1),
        ("CREATE TABLE a (x TEXT DEFAULT ';');", 1),
        ("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;", 1),
        ("  ;  ", 0),
    ],
)
def test_split_statements(script: str, expected: int) -> None:
    statements = split_statements(script)
    assert len(statements) == expected
    assert all(sqlite3.complete_statement(s) for s in statements)
