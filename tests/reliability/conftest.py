"""Fixtures of the reliability suite: one analyser (spaCy loaded once) and a fresh store path."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.analysis import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hostile.db"
