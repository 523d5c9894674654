"""Shared fixtures: the spaCy pipeline (loaded once), paths to the shared data and samples."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.support import SEED_ARTICLE

if TYPE_CHECKING:
    from spacy.language import Language


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run slow model and data-set tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip_slow = pytest.mark.skip(reason="slow test: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


@pytest.fixture(scope="session")
def nlp() -> Language:
    from unspin.nlp.load import load_spacy

    return load_spacy()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"reference article not present: {SEED_ARTICLE} (it lives in ../shared)")
    return SEED_ARTICLE.read_text(encoding="utf-8")
