"""Forward-only schema migrations, versioned by ``PRAGMA user_version``.

Migration N takes a store from version N-1 to N inside one transaction that also sets
``user_version``, so a crash leaves the store at N-1 or N, never in between. Released
migrations never change; a schema change adds the next one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from unspin.store.db import StoreError, sqlite_errors


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the version it produces and the SQL that gets there."""

    version: int
    name: str
    sql: Callable[[], str]


def _packaged_sql(filename: str) -> Callable[[], str]:
    """A reader of one of the store's packaged SQL scripts."""

    def read() -> str:
        return resources.files("unspin.store").joinpath(filename).read_text(encoding="utf-8")

    return read


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _packaged_sql("schema.sql")),
    Migration(
        2, "corpus: near-duplicates, events, attributions, claims", _packaged_sql("schema_v2.sql")
    ),
    Migration(3, "actor totals and the recurring-claim index", _packaged_sql("schema_v3.sql")),
    Migration(4, "near-duplicate LSH buckets in the store", _packaged_sql("schema_v4.sql")),
    Migration(5, "finding totals by kind, label and outlet", _packaged_sql("schema_v5.sql")),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version the store is at (0 for a new, empty file)."""
    with sqlite_errors(conn):
        (version,) = conn.execute("PRAGMA user_version").fetchone()
    return int(version)


def check_version(
    conn: sqlite3.Connection,
    path: Path | None = None,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Fail unless the store is at the latest version this unspin knows."""
    version = current_version(conn)
    latest = migrations[-1].version
    _refuse_newer(version, latest, path)
    if version < latest:
        raise StoreError(
            f"[E1106] The store {path} is at schema version {version}, this unspin needs "
            f"{latest}. Open it once for writing (e.g. `unspin ingest --db {path}`) to migrate."
        )
    return version


def migrate_to_latest(
    conn: sqlite3.Connection,
    path: Path | None = None,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Apply every pending migration, each in its own transaction; return the final version."""
    _check_sequence(migrations)
    latest = migrations[-1].version
    version = current_version(conn)
    _refuse_newer(version, latest, path)
    for migration in migrations:
        if migration.version > version:
            version = _apply(conn, migration, path)
    return version


def split_statements(sql: str) -> list[str]:
    """Split a script into complete statements (trigger bodies stay whole)."""
    statements: list[str] = []
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if _strip_comments(pending).strip(" \n\t;"):
                statements.append(pending.strip())
            pending = ""
    return statements


def _apply(conn: sqlite3.Connection, migration: Migration, path: Path | None) -> int:
    statements = split_statements(migration.sql())
    with sqlite_errors(conn, path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version < migration.version:
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
    return max(int(version), migration.version)


def _refuse_newer(version: int, latest: int, path: Path | None) -> None:
    if version > latest:
        raise StoreError(
            f"[E1106] The store {path} has schema version {version}, newer than the {latest} "
            "this unspin knows. Upgrade unspin to open it; it is left untouched."
        )


def _check_sequence(migrations: Sequence[Migration]) -> None:
    versions = [m.version for m in migrations]
    if not versions or versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"[E1110] Migrations must be numbered 1, 2, 3…; got {versions}.")


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
