"""Safety: readers during writes, two writers, read-only, locked, full and foreign files."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.store.synth import make_article
from unspin.corpus import ingest_corpus
from unspin.model import Article
from unspin.store import (
    StoreError,
    article_ids,
    connect,
    inconsistent_articles,
    load_article,
    save_article,
    search,
    transaction,
)


def _count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def test_readers_work_while_a_writer_writes(conn: sqlite3.Connection, db_path: Path) -> None:
    save_article(conn, make_article(0))
    reader = connect(db_path, readonly=True)
    with transaction(conn):  # the writer holds the write lock with uncommitted changes
        conn.execute("DELETE FROM sources")
        conn.execute("UPDATE articles SET outlet = 'changed'")
        assert _count(reader) == 1
        assert [h.article_id for h in search(reader, "Xi Jinping")] == [make_article(0).id]
        assert load_article(reader, make_article(0).id) == make_article(0)
        assert reader.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
    assert reader.execute("SELECT outlet FROM articles").fetchone()[0] == "changed"
    save_article(conn, make_article(1))
    assert _count(reader) == 2
    reader.close()


def test_second_writer_fails_clearly_beyond_busy_timeout(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    other = connect(db_path, busy_timeout_ms=50)
    conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match=r"\[E1103\].*locked by another writer") as info:
        save_article(other, make_article(1))
    assert str(db_path) in str(info.value)
    assert not other.in_transaction
    conn.execute("COMMIT")
    assert save_article(other, make_article(1)) is True
    assert article_ids(conn) == [make_article(1).id]
    other.close()


def test_two_ingests_on_one_store_lose_nothing(db_path: Path) -> None:
    def analyse(batch: list[int]) -> list[Article]:
        return [make_article(i) for i in batch]

    reports = []

    def run(items: range) -> None:
        reports.append(
            ingest_corpus(items, analyse, db_path, batch_size=4, source_id_of=lambda i: f"s{i}")
        )

    connect(db_path).close()
    threads = [threading.Thread(target=run, args=(r,)) for r in (range(0, 120), range(60, 180))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r.ingested for r in reports) == 180
    assert sum(r.seen for r in reports) == 240
    conn = connect(db_path)
    assert len(article_ids(conn)) == 180 and inconsistent_articles(conn) == []
    conn.close()


def test_disk_full_rolls_back_and_names_the_path(conn: sqlite3.Connection, db_path: Path) -> None:
    save_article(conn, make_article(0))
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    big = Article(id="big", text="word " * 50_000, meta=make_article(1).meta)
    with pytest.raises(StoreError, match=r"\[E1104\] The disk holding .* is full") as info:
        save_article(conn, big)
    assert str(db_path) in str(info.value)
    assert article_ids(conn) == [make_article(0).id]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_readonly_connection_refuses_writes(conn: sqlite3.Connection, db_path: Path) -> None:
    reader = connect(db_path, readonly=True)
    with pytest.raises(StoreError, match=r"\[E1102\].*read-only"):
        save_article(reader, make_article(0))
    reader.close()


@pytest.mark.parametrize("target", ["file", "folder"])
def test_readonly_file_or_folder_is_refused(
    db_path: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(db_path).close()
    locked = db_path if target == "file" else db_path.parent
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    with pytest.raises(StoreError, match=rf"\[E1102\] The {target} of the store .* read-only"):
        connect(db_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_chmod_readonly_file_is_refused(db_path: Path) -> None:
    connect(db_path).close()
    db_path.chmod(0o444)
    with pytest.raises(StoreError, match=r"\[E1102\]"):
        connect(db_path)


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda p: None, "E1101"),  # folder missing
        (lambda p: p.parent.mkdir() or p.write_bytes(b"\x00garbage" * 512), "E1105"),
    ],
    ids=["missing-folder", "not-a-database"],
)
def test_unusable_path_is_a_clear_error(tmp_path: Path, setup: object, code: str) -> None:
    path = tmp_path / "sub" / "corpus.db"
    setup(path)  # type: ignore[operator]
    with pytest.raises(StoreError, match=rf"\[{code}\]") as info:
        connect(path)
    assert str(path.parent) in str(info.value)
