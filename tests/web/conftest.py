"""Fixtures of the web tests: a corpus store, apps on the fake pipeline, a browser marker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.fixtures import fake_analyzer, make_store
from unspin.api.app import create_app
from unspin.api.service import ServerConfig


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's chromium with Playwright (skipped without it)"
    )


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("corpus") / "corpus.db")


@pytest.fixture(scope="session")
def reader(corpus_db: Path) -> Iterator[TestClient]:
    """A read-only server over the shared corpus."""
    app = create_app(ServerConfig(db=corpus_db, read_only=True), analyzer=fake_analyzer())
    with TestClient(app) as client:
        yield client
    app.state.workbench.close()


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[TestClient]:
    """A writable server over a fresh copy of the corpus."""
    app = create_app(ServerConfig(db=make_store(tmp_path / "c.db")), analyzer=fake_analyzer())
    with TestClient(app) as client:
        yield client
    app.state.workbench.close()
