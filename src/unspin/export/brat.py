"""brat standoff: per article a ``<id>.txt`` (the text) and ``<id>.ann`` (its spans).

Actor mentions become entities typed by actor kind; finding evidence becomes entities typed
by finding kind, with the label in an ``AnnotatorNotes`` line. A span that crosses a line
break is written as fragments (brat's ``start end;start end``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from unspin.export.read import iter_articles
from unspin.model import Article, Span

_TYPE = re.compile(r"[^A-Za-z0-9_-]+")


def export_brat(conn: sqlite3.Connection, out: Path) -> int:
    """Write ``.txt``/``.ann`` pairs into the folder ``out``; return the number of entities."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for article in iter_articles(conn):
        lines = list(ann_lines(article))
        (out / f"{article.id}.txt").write_text(article.text, encoding="utf-8", newline="")
        (out / f"{article.id}.ann").write_text(
            "".join(f"{line}\n" for line in lines), encoding="utf-8", newline=""
        )
        count += sum(1 for line in lines if line.startswith("T"))
    return count


def ann_lines(article: Article) -> Iterator[str]:
    """The standoff lines of one article: ``T`` entities and ``#`` notes."""
    number = 0
    for actor in article.actors:
        for mention in actor.mentions:
            number += 1
            yield _entity(article, number, _type(actor.kind), mention.span)
            yield f"#{number}\tAnnotatorNotes T{number}\t{actor.name}"
    for finding in article.findings:
        for span in finding.evidence:
            if len(span) == 0:
                continue
            number += 1
            yield _entity(article, number, _type(finding.kind), span)
            yield f"#{number}\tAnnotatorNotes T{number}\t{finding.label} ({finding.detector})"


def _entity(article: Article, number: int, kind: str, span: Span) -> str:
    fragments = list(_fragments(article.text, span))
    offsets = ";".join(f"{s} {e}" for s, e in fragments)
    text = " ".join(article.text[s:e] for s, e in fragments)
    return f"T{number}\t{kind} {offsets}\t{text}"


def _fragments(text: str, span: Span) -> Iterator[tuple[int, int]]:
    start = span.start
    for piece in text[span.start : span.end].split("\n"):
        end = start + len(piece)
        if end > start:
            yield start, end
        start = end + 1
    # an all-newline span still needs one (empty) fragment to stay a valid entity
    if not text[span.start : span.end].strip("\n"):
        yield span.start, span.start


def _type(name: str) -> str:
    cleaned = _TYPE.sub("_", name).strip("_") or "Span"
    return cleaned[:1].upper() + cleaned[1:]
