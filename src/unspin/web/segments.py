"""Split an article's text into segments under overlapping highlights, and draw them as HTML.

Highlights may overlap or nest in any way. The text of each paragraph is cut at every
highlight boundary; each piece carries the highlights that cover all of it, outermost
(longest) first, and is drawn as nested ``<mark>`` elements closed at the end of the piece.
Every piece of article text is HTML-escaped here; nothing from the article is trusted.

Example:
    >>> marks = [Highlight(0, 5, "f0", "technique"), Highlight(3, 9, "f1", "time")]
    >>> [(s.text, [h.ref for h in s.highlights]) for s in segment("Hello world", marks)[0]]
    [('Hel', ['f0']), ('lo', ['f1', 'f0']), (' wo', ['f1']), ('rld', [])]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_CSS_UNSAFE = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Highlight:
    """One highlighted span: ``ref`` names the side-panel card it opens."""

    start: int
    end: int
    ref: str
    kind: str
    css: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and the highlights covering all of it, outermost first."""

    start: int
    end: int
    text: str
    highlights: tuple[Highlight, ...]


def css_token(value: str) -> str:
    """A value made safe for use as (part of) a CSS class name."""
    return _CSS_UNSAFE.sub("-", value.lower()).strip("-") or "x"


def segment(
    text: str,
    highlights: Iterable[Highlight],
    paragraphs: Sequence[tuple[int, int]] = (),
) -> list[list[Segment]]:
    """Cut ``text`` (per paragraph) into segments at every highlight boundary.

    Highlights are clipped to the text; empty ones are dropped. Without ``paragraphs`` the
    whole text is one paragraph.
    """
    size = len(text)
    marks = [h for h in (_clip(h, size) for h in highlights) if h is not None and h.start < h.end]
    # Outermost first: longer spans wrap shorter ones; ties keep a stable, readable order.
    marks.sort(key=lambda h: (-(h.end - h.start), h.start, h.kind, h.ref))
    rank = {id(h): i for i, h in enumerate(marks)}
    bounds = [(s, e) for s, e in paragraphs if 0 <= s < e <= size] or [(0, size)]
    return [_paragraph(text, start, end, marks, rank) for start, end in bounds]


def _clip(h: Highlight, size: int) -> Highlight | None:
    start, end = max(0, h.start), min(size, h.end)
    if start >= end:
        return None
    if (start, end) == (h.start, h.end):
        return h
    return Highlight(start, end, h.ref, h.kind, h.css, h.title)


def _paragraph(
    text: str, start: int, end: int, marks: list[Highlight], rank: dict[int, int]
) -> list[Segment]:
    inside = [h for h in marks if h.start < end and h.end > start]
    points = sorted({start, end} | {p for h in inside for p in (h.start, h.end) if start < p < end})
    openings: dict[int, list[Highlight]] = {}
    for h in inside:
        openings.setdefault(max(h.start, start), []).append(h)
    active: list[Highlight] = []
    pieces: list[Segment] = []
    for a, b in itertools.pairwise(points):
        active = [h for h in active if h.end > a]
        active.extend(openings.get(a, ()))
        active.sort(key=lambda h: rank[id(h)])
        pieces.append(Segment(a, b, text[a:b], tuple(active)))
    return pieces


def render_segments(pieces: Sequence[Segment], prefix: str = "") -> Markup:
    """Draw segments as escaped text inside nested ``<mark>`` elements.

    ``prefix`` makes the card references unique when one page holds several articles.
    """
    out: list[str] = []
    for piece in pieces:
        for h in piece.highlights:
            classes = f"k-{css_token(h.kind)} {h.css}".strip()
            out.append(
                f'<mark class="{escape(classes)}" data-ref="{escape(prefix + h.ref)}" '
                f'data-kind="{escape(css_token(h.kind))}" tabindex="0" '
                f'title="{escape(h.title)}">'
            )
        out.append(str(escape(piece.text)))
        out.append("</mark>" * len(piece.highlights))
    return Markup("".join(out))
