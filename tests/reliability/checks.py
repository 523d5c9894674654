"""The one outcome a hostile input may have: a sound analysed article or a coded UnspinError.

A sound article: every span lies inside the text and slices back, the analysis JSON validates
against the schema and rebuilds an equal article, and the store gives back an equal article.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from unspin.analysis import Analyzer
from unspin.errors import UnspinError
from unspin.ingest import IngestOptions, RawInput, ingest
from unspin.model import Article
from unspin.schema import validate_article_json
from unspin.serialize import article_from_dict, article_to_dict
from unspin.store import connect, inconsistent_articles, load_article, save_article

CODED = re.compile(r"^\[E\d{3,4}\] ")


def analyse(
    analyzer: Analyzer, raw: RawInput, options: IngestOptions | None = None
) -> Article | UnspinError:
    """Ingest and analyse ``raw``; a coded ``UnspinError`` is returned, anything else raised."""
    try:
        return analyzer.pipeline.run(ingest(raw, options or analyzer.ingest_options))
    except UnspinError as error:
        assert_coded(error)
        return error


def ingest_only(raw: RawInput, options: IngestOptions | None = None) -> Article | UnspinError:
    """Ingest ``raw`` without the pipeline; same contract as :func:`analyse`."""
    try:
        return ingest(raw, options or IngestOptions())
    except UnspinError as error:
        assert_coded(error)
        return error


def assert_coded(error: UnspinError) -> None:
    """The message starts with its ``[E…]`` code and says something after it."""
    assert CODED.match(error.message), f"uncoded error message: {error.message!r}"
    assert len(error.message) > 20, error.message


def assert_spans_slice(article: Article) -> None:
    """Every span lies inside the text, slices back, and no sentence or paragraph is blank."""
    text = article.text
    assert text == text.strip() and text, "the canonical text is trimmed and not empty"
    for span in article.all_spans():
        assert 0 <= span.start <= span.end <= len(text), span
        assert span.slice(text) == text[span.start : span.end]
    for span in (*article.paragraphs, *article.sentences):
        piece = span.slice(text)
        assert piece and piece == piece.strip(), f"blank or untrimmed segment {piece!r}"
    for sentence in article.sentences:
        assert any(p.contains(sentence) for p in article.paragraphs), sentence
    for actor in article.actors:
        for mention in actor.mentions:
            assert mention.span.slice(text).strip(), f"empty mention of {actor.name}"


def assert_round_trips(article: Article, db_path: Path) -> None:
    """JSON (schema-valid, UTF-8 and ASCII-escaped) and the store give back an equal article."""
    data = article_to_dict(article)
    for ensure_ascii in (True, False):
        encoded = json.dumps(data, ensure_ascii=ensure_ascii).encode("utf-8")
        decoded = json.loads(encoded)
        validate_article_json(decoded)
        assert article_from_dict(decoded) == article
    conn = connect(db_path)
    try:
        assert save_article(conn, article) is True
        assert save_article(conn, article) is False
        assert load_article(conn, article.id) == article
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert inconsistent_articles(conn) == []
    finally:
        conn.close()


def assert_sound(article: Article, db_path: Path) -> None:
    assert_spans_slice(article)
    assert_round_trips(article, db_path)
