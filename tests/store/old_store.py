"""Stores as an earlier release left them: migrated to an old version, written as it wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from unspin.model import Article
from unspin.store.migrations import MIGRATIONS, migrate_to_latest
from unspin.store.repository import _insert


def open_at_version(db: Path, version: int) -> sqlite3.Connection:
    """A raw connection to a store migrated to ``version`` only."""
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA foreign_keys = ON")
    migrate_to_latest(raw, db, MIGRATIONS[:version])
    return raw


def save_at_version(raw: sqlite3.Connection, article: Article, version: int) -> int:
    """Store ``article`` the way the release at schema ``version`` did; return its seq."""
    raw.execute("BEGIN")
    seq = _insert(raw, article, None, schema=version)
    raw.execute("COMMIT")
    return seq
