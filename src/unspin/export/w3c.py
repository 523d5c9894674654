"""W3C Web Annotation JSON-LD: one annotation per span (actor mention or finding evidence).

Each target carries a ``TextPositionSelector`` (end-exclusive character offsets into the
article text) and a ``TextQuoteSelector`` (the exact text with up to 32 characters of prefix
and suffix), so the span can be found again even in a re-extracted copy of the page.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unspin.export.read import iter_articles
from unspin.model import Article, Span

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32
COLLECTION_ID = "urn:unspin:annotations"


def export_w3c(conn: sqlite3.Connection, out: Path) -> int:
    """Write an ``AnnotationCollection`` with every span of every article; return the count."""
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        head = {"@context": CONTEXT, "id": COLLECTION_ID, "type": "AnnotationCollection"}
        handle.write(json.dumps(head)[:-1] + ', "first": {"type": "AnnotationPage", "items": [\n')
        for article in iter_articles(conn):
            for annotation in article_annotations(article):
                handle.write((",\n" if count else "") + json.dumps(annotation, ensure_ascii=False))
                count += 1
        handle.write(f'\n]}}, "total": {count}}}\n')
    return count


def article_annotations(article: Article) -> Iterator[dict[str, Any]]:
    """The annotations of one article, actor mentions first, then finding evidence."""
    source = article_uri(article)
    number = 0
    for actor in article.actors:
        for mention in actor.mentions:
            number += 1
            body = {
                "type": "TextualBody",
                "purpose": "identifying",
                "value": actor.name,
                "unspin:kind": actor.kind,
                "unspin:actor": actor.id,
            }
            yield _annotation(article, source, number, mention.span, body)
    for finding in article.findings:
        for span in finding.evidence:
            number += 1
            body = {
                "type": "TextualBody",
                "purpose": "classifying",
                "value": finding.label,
                "unspin:kind": finding.kind,
                "unspin:detector": finding.detector,
            }
            yield _annotation(article, source, number, span, body)


def article_uri(article: Article) -> str:
    return article.meta.url or f"urn:unspin:article:{article.id}"


def _annotation(
    article: Article, source: str, number: int, span: Span, body: dict[str, Any]
) -> dict[str, Any]:
    text = article.text
    return {
        "id": f"urn:unspin:annotation:{article.id}:{number}",
        "type": "Annotation",
        "body": body,
        "target": {
            "source": source,
            "selector": [
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                {
                    "type": "TextQuoteSelector",
                    "exact": span.slice(text),
                    "prefix": text[max(0, span.start - CONTEXT_CHARS) : span.start],
                    "suffix": text[span.end : span.end + CONTEXT_CHARS],
                },
            ],
        },
    }
