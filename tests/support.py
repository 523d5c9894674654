"""Paths to the shared data and samples, and a skip helper for tests that need them."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SEED_ARTICLE = SHARED / "samples" / "seed-article.txt"


def shared_data(name: str) -> Path:
    """Path of a shared data set, skipping the test with a clear reason when it is absent."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"shared data set not present: {path} (tests that need it are skipped)")
    return path
