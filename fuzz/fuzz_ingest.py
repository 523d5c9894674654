"""Fuzz ingest with HTML and text bytes: ``python fuzz/fuzz_ingest.py --seconds 60``.

The first byte picks how the rest is given (bytes as auto/html/text, or a str that may hold
lone surrogates). Ingest must give an article whose paragraph spans slice back and whose
JSON validates and rebuilds, or raise a coded ``UnspinError``.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz._harness import instrumented, run

with instrumented():
    from unspin.errors import UnspinError
    from unspin.ingest import IngestOptions, RawInput, ingest
    from unspin.model import Article
    from unspin.schema import validate_article_json
    from unspin.serialize import article_from_dict, article_to_dict

OPTIONS = IngestOptions(max_bytes=1_000_000)
_KINDS = ("auto", "html", "text", "str")

SEEDS = [
    b"\x00Xi Jinping met Vladimir Putin in Moscow on Monday, officials said.",
    b"\x01<html><head><meta charset='cp1252'><title>T</title></head><body><article>"
    b"<p>Troops withdrew from the border on Monday, the ministry said.</p></article></body></html>",
    b"\x02Share this article\nBy Jane Doe\nMOSCOW, March 22 (Reuters) - Russia said on "
    b"Wednesday that talks would resume.\n\nFollow Us on Google News",
    b"\x03Xi \xf0\x9f\x98\x80 met e\xcc\x81 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x80\x8b Putin.",
    b"\x00\xff\xfeX\x00i\x00 \x00m\x00e\x00t\x00 \x00P\x00u\x00t\x00i\x00n\x00.\x00",
    b"\x01<div><div><div><p a='1' b=\"2\">Officials said the port reopened on Monday.</p>",
    b"\x01<script>var p='<p>x</p>';</script><p>The strike ended after a week of talks.</p>",
]


def one_input(data: bytes) -> None:
    """Ingest one fuzzed input and check the article; coded errors are fine."""
    if not data:
        return
    kind = _KINDS[data[0] % len(_KINDS)]
    body = data[1:]
    content: bytes | str = body
    if kind == "str":
        content = body.decode("utf-8", "surrogateescape")
        kind = "auto"
    try:
        article = ingest(RawInput(content, kind=kind, source_id="fuzz"), OPTIONS)  # type: ignore[arg-type]
    except UnspinError as error:
        assert error.message.startswith("[E"), error.message
        return
    check_article(article)


def check_article(article: Article) -> None:
    """Paragraph spans slice back and the JSON validates and rebuilds an equal article."""
    assert article.text and article.id == Article.make_id(article.text)
    for span in article.all_spans():
        assert 0 <= span.start <= span.end <= len(article.text)
        assert span.slice(article.text).strip()
    data = json.loads(json.dumps(article_to_dict(article)))
    validate_article_json(data)
    assert article_from_dict(data) == article


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(run(one_input, SEEDS))
