"""Fuzz the analysis JSON round trip: ``python fuzz/fuzz_schema.py --seconds 60``.

Two targets share the bytes. An article built from them (text, spans, findings and metadata
drawn from the bytes) must validate, round-trip through JSON and through the store. The bytes
read as JSON must either break the schema (``SchemaError``) or rebuild an article whose JSON
is the same again.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz._harness import instrumented, run

with instrumented():
    from unspin.errors import UnspinError
    from unspin.model import (
        Actor,
        Article,
        Mention,
        Meta,
        Provenance,
        Sourced,
        Span,
        TimeExpression,
    )
    from unspin.schema import validate_article_json
    from unspin.serialize import article_from_dict, article_to_dict
    from unspin.store import connect, load_article, save_article

SEEDS = [
    b"Xi met Putin on 2023-03-22.\x05\x02\x10\x03",
    b"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d e\xcc\x81 \xf0\x9f\x98\x80\x00\x01\x02\x03",
    json.dumps(
        {"id": "a", "text": "x", "meta": {}, "paragraphs": [{"start": 0, "end": 1}]}
    ).encode(),
]
_STORE = Path(tempfile.mkdtemp(prefix="unspin-fuzz-store-")) / "fuzz.db"


def one_input(data: bytes) -> None:
    built_article(data)
    json_document(data)


def built_article(data: bytes) -> None:
    """An article made from the bytes round-trips through JSON and the store."""
    text = data.decode("utf-8", "replace").replace("\x00", " ")
    if not text:
        return
    numbers = list(data) or [0]

    def span(i: int) -> Span:
        a, b = numbers[i % len(numbers)] % (len(text) + 1), numbers[(i + 1) % len(numbers)]
        return Span(min(a, len(text)), min(len(text), a + b % 8))

    words = text[:40]
    article = Article(
        id=Article.make_id(text),
        text=text,
        meta=Meta(title=Sourced(words, "fuzz"), url=f"https://example.org/{words}", language="en"),
        paragraphs=(Span(0, len(text)),),
        sentences=tuple(span(i) for i in range(numbers[0] % 4)),
        actors=(
            Actor("A1", words or "x", "person", (Mention(span(1)), Mention(span(2), "alias"))),
        ),
        findings=tuple(
            TimeExpression(
                label=("DATE", "TIME", "DURATION", "SET")[i % 4],
                evidence=(span(i), span(i + 3)),
                detector="fuzz.v1",
                score=(numbers[i % len(numbers)] / 255) if i % 2 else None,
                value=words[:10] or None,
                granularity="day",
            )
            for i in range(numbers[-1] % 5)
        ),
        provenance=Provenance("0", "h", ("fuzz.v1",), {"m": words}),
        warnings=(words,),
    )
    encoded = json.dumps(article_to_dict(article), ensure_ascii=False).encode("utf-8")
    document = json.loads(encoded)
    validate_article_json(document)
    assert article_from_dict(document) == article
    conn = connect(_STORE)
    try:
        if save_article(conn, article):
            assert load_article(conn, article.id) == article
    finally:
        conn.close()


def json_document(data: bytes) -> None:
    """Schema-valid JSON rebuilds an article that serialises to the same JSON."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return
    try:
        validate_article_json(document)
    except UnspinError:
        return
    article = article_from_dict(document)
    again = json.loads(json.dumps(article_to_dict(article)))
    validate_article_json(again)
    assert article_from_dict(again) == article


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(run(one_input, SEEDS))
