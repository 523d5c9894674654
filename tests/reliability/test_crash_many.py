"""Crash safety beyond tests/store/test_crash.py: many SIGKILLs, some before the first commit.

The store test kills 5 times once the first batch is in. Here 25 kills land anywhere from
process start (while the store is being created and migrated) to mid-ingest; after each the
store must pass ``PRAGMA integrity_check`` and hold only whole articles, and a final re-run
must complete the corpus with every article exactly once.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.store.test_crash import _check_consistent
from tests.support import REPO_ROOT

N_ARTICLES = 100_000  # well beyond what 25 short-lived runs store (idle: ~2,000 articles/s)
KILLS = 25


def _ingest(db: Path) -> list[str]:
    return [sys.executable, "-m", "tests.store.crash_ingest", str(db), str(N_ARTICLES)]


@pytest.mark.slow
def test_many_kills_at_any_moment_then_one_clean_run(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(9)
    stored, survived = 0, 0
    for round_ in range(KILLS):
        proc = subprocess.Popen(_ingest(db), cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        if round_ % 3 == 0:
            time.sleep(rng.uniform(0.05, 1.5))  # anywhere: import, create, migrate or ingest
        else:
            proc.stdout.readline()
            time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        proc.stdout.close()
        survived += code == -signal.SIGKILL
        if db.exists():
            ids = _check_consistent(db)
            assert len(ids) >= stored
            stored = len(ids)
    assert survived >= KILLS - 2, "most runs must be killed mid-way, not finish first"
    assert stored < N_ARTICLES, f"every article was stored before the kills ended ({stored})"
    final = subprocess.run(
        _ingest(db), cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    report = json.loads(final.stdout.splitlines()[-1])
    assert report == {"ingested": N_ARTICLES - stored, "already_stored": stored}
    ids = _check_consistent(db)
    assert len(ids) == len(set(ids)) == N_ARTICLES
