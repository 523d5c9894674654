"""Canonical text: NFC, invisible characters dropped, paragraphs joined by a blank line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from unspin.model import Span

PARAGRAPH_SEPARATOR = "\n\n"

# Invisible format characters that only break words apart (zero-width space, word joiner,
# BOM, soft hyphen, direction marks). ZWJ/ZWNJ stay: they change how some scripts read.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    None,
)
_SPACES = re.compile(r"[^\S\n]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def normalize_lines(text: str) -> list[str]:
    """Split raw text into NFC lines with invisible and control characters removed.

    Line ends are unified (CRLF, CR, form feed, U+2028); U+2029 becomes a blank line.
    Whitespace inside each line collapses to single spaces.
    """
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    text = text.replace("\u2028", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _CONTROLS.sub("", text)
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def collapse(text: str) -> str:
    """One paragraph's text with every run of whitespace (newlines too) made one space."""
    return " ".join(text.split())


def assemble(paragraphs: Iterable[str]) -> tuple[str, tuple[Span, ...]]:
    """Join paragraphs into the canonical text and return it with one span per paragraph.

    Example:
        >>> assemble(["First  one.", "", "Second."])
        ('First one.\\n\\nSecond.', (Span(start=0, end=10), Span(start=12, end=19)))
    """
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for paragraph in paragraphs:
        clean = collapse(paragraph)
        if not clean:
            continue
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        parts.append(clean)
        spans.append(Span(offset, offset + len(clean)))
        offset += len(clean)
    return PARAGRAPH_SEPARATOR.join(parts), tuple(spans)
