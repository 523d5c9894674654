"""Paths to the shared data and samples, a skip helper for tests that need them, and a parsed
article for detector tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from unspin.model import Article, Meta, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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


def parsed_article(text: str, nlp: Language) -> tuple[Article, Doc]:
    """``text`` parsed, and an article over it whose sentences are spaCy's."""
    doc = nlp(text)
    sentences = tuple(Span(s.start_char, s.end_char) for s in doc.sents)
    return Article(id=Article.make_id(text), text=text, meta=Meta(), sentences=sentences), doc
