"""Schema version 2: events, attributions and claims copied out at save time; backfill."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.old_store import save_at_version
from tests.store.synth import make_article
from tests.store.synth_rich import make_rich_article
from unspin.store import connect, current_version, load_article, save_article, transaction
from unspin.store.migrations import MIGRATIONS, migrate_to_latest


def test_events_attributions_and_claims_are_extracted(conn: sqlite3.Connection) -> None:
    article = make_rich_article(2)
    save_article(conn, article)
    event = conn.execute(
        "SELECT source_code, target_code, cameo_code, quad_class, goldstein, event_date FROM events"
    ).fetchall()
    assert event == [("CHNGOV", "RUS", "042", 3, -2.0, article.meta.published_date())]
    (source, kind, cue, content) = conn.execute(
        "SELECT source_text, source_kind, cue_text, content_text FROM attributions"
    ).fetchone()
    assert (source, kind, cue) == ("Officials", "person", "said")
    assert content == "the talks on grain exports would continue"
    claims = conn.execute("SELECT kind, text FROM claims ORDER BY idx").fetchall()
    assert claims == [
        ("attribution", "the talks on grain exports would continue"),
        ("assertion", "Ursula von der Leyen will return in 2023."),
    ]
    assert load_article(conn, article.id) == article


def test_articles_without_those_kinds_add_no_rows(conn: sqlite3.Connection) -> None:
    save_article(conn, make_article(1))
    for table in ("events", "attributions", "claims", "near_duplicates"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_deleting_an_article_removes_its_extracted_rows(conn: sqlite3.Connection) -> None:
    article = make_rich_article(3)
    save_article(conn, article)
    with transaction(conn):
        conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
    for table in ("events", "attributions", "claims"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert (
        conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'talks'").fetchone()[0]
        == 0
    )


def test_migration_two_backfills_findings_stored_under_version_one(db_path: Path) -> None:
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("PRAGMA foreign_keys = ON")
    migrate_to_latest(raw, db_path, MIGRATIONS[:1])
    assert current_version(raw) == 1
    articles = [make_rich_article(i) for i in range(4)]
    for article in articles:
        save_at_version(raw, article, 1)
    raw.close()
    conn = connect(db_path)  # migrates to the latest version
    assert current_version(conn) == MIGRATIONS[-1].version
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM attributions").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 8
    hits = conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'talks'")
    assert hits.fetchone()[0] == 4
    conn.close()
