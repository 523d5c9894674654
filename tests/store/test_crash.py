"""Crash safety: an ingest killed with SIGKILL at random moments leaves only whole articles."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.store.synth import make_article
from tests.support import REPO_ROOT
from unspin.store import article_ids, connect, inconsistent_articles, load_article

N_ARTICLES = 1500
KILLS = 5


def _start(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_ingest", str(db), str(N_ARTICLES)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _check_consistent(db: Path) -> list[str]:
    conn = connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert inconsistent_articles(conn) == []
        ids = article_ids(conn)
        sources = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        assert sources == len(ids)
        for article_id in random.Random(len(ids)).sample(ids, min(25, len(ids))):
            article = load_article(conn, article_id)
            index = int(article.meta.source_id.removeprefix("item-"))  # type: ignore[union-attr]
            assert article == make_article(index)
        return ids
    finally:
        conn.close()


def test_sigkill_at_random_moments_leaves_a_consistent_resumable_store(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(7)
    stored = 0
    for _ in range(KILLS):
        proc = _start(db)
        assert proc.stdout is not None
        proc.stdout.readline()  # the first batch is in: the ingest is writing now
        time.sleep(rng.uniform(0.0, 0.1))
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL, "the ingest ended before the kill"
        proc.stdout.close()
        ids = _check_consistent(db)
        assert len(ids) >= stored
        stored = len(ids)
    assert 0 < stored < N_ARTICLES
    final = subprocess.run(
        [sys.executable, "-m", "tests.store.crash_ingest", str(db), str(N_ARTICLES)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(final.stdout.splitlines()[-1])
    assert report == {"ingested": N_ARTICLES - stored, "already_stored": stored}
    ids = _check_consistent(db)
    assert len(ids) == len(set(ids)) == N_ARTICLES
