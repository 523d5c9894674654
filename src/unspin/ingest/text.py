"""Plain text to paragraphs: chrome lines dropped, bylines and datelines moved to metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import quantiles

from unspin.ingest.bylines import find_dateline, parse_byline, parse_timestamp
from unspin.ingest.chrome import chrome_reason
from unspin.ingest.normalize import normalize_lines
from unspin.model import Sourced

_TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", "’", "»")
_LIST_ITEM = ("- ", "• ", "* ", "– ", "— ")
_MAX_TITLE_WORDS = 20
# Plain text counts as hard-wrapped when most lines fill at least this share of the width.
_WRAP_FILL = 0.6
_MIN_WRAP_WIDTH = 40
_MAX_WRAP_WIDTH = 100
_DATELINE_SEARCH = 3


@dataclass(slots=True)
class Body:
    """Paragraph texts of an article and the metadata found among its lines."""

    paragraphs: list[str]
    title: Sourced | None = None
    author: Sourced | None = None
    published: Sourced | None = None
    agency: Sourced | None = None
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (reason, line)


def clean_text(text: str) -> Body:
    """Turn plain text into paragraphs, joining hard-wrapped lines.

    Example:
        >>> clean_text("Share this article\\nBy Jane Doe\\nTroops withdrew on Monday.").paragraphs
        ['Troops withdrew on Monday.']
    """
    return clean_lines(normalize_lines(text), blocks=False)


def clean_lines(lines: list[str], *, blocks: bool) -> Body:
    """Classify lines and group the kept ones into paragraphs.

    With ``blocks`` every line is already one paragraph (extracted HTML); otherwise lines
    are joined when the text is hard-wrapped or a sentence runs on into a lowercase line.
    """
    body = Body(paragraphs=[])
    kept: list[str | None] = []  # None marks a paragraph break
    for line in lines:
        kept.append(_keep(line, body) if line else None)
    width = None if blocks else _wrap_width([line for line in kept if line])
    paragraphs: list[str] = []
    previous: str | None = None
    for current in kept:
        if current is None:
            previous = None
            continue
        if previous is not None and _continues(previous, current, width):
            paragraphs[-1] = f"{paragraphs[-1]} {current}"
        else:
            paragraphs.append(current)
        previous = current
    body.paragraphs = paragraphs
    _take_dateline(body)
    _take_title(body, blocks=blocks)
    return body


def _keep(line: str, body: Body) -> str | None:
    reason = chrome_reason(line)
    if reason is not None:
        body.dropped.append((reason, line))
        return None
    byline = parse_byline(line)
    if byline is not None:
        body.dropped.append(("byline", line))
        if body.author is None:
            body.author = Sourced(byline.authors, "byline")
        if byline.published and body.published is None:
            body.published = Sourced(byline.published, "byline")
        return None
    stamp = parse_timestamp(line)
    if stamp is not None:
        body.dropped.append(("timestamp", line))
        if body.published is None:
            body.published = Sourced(stamp, "timestamp")
        return None
    return line


def _wrap_width(lines: list[str]) -> int | None:
    if len(lines) < 3:
        return None
    width = int(quantiles([len(line) for line in lines], n=20)[-1])
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return None
    filled = sum(len(line) >= _WRAP_FILL * width for line in lines)
    return width if filled >= _WRAP_FILL * len(lines) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    if line.startswith(_LIST_ITEM):
        return False
    if line[0].islower() and not previous.endswith(_TERMINAL):
        return True
    return width is not None and len(previous) >= _WRAP_FILL * width


def _take_dateline(body: Body) -> None:
    for index, paragraph in enumerate(body.paragraphs[:_DATELINE_SEARCH]):
        dateline = find_dateline(paragraph)
        if dateline is None:
            continue
        body.dropped.append(("dateline", paragraph[: dateline.length]))
        body.paragraphs[index] = paragraph[dateline.length :]
        if dateline.agency:
            body.agency = Sourced(dateline.agency, "dateline")
        published = dateline.published()
        if published and body.published is None:
            body.published = Sourced(published, "dateline")
        return


def _take_title(body: Body, *, blocks: bool) -> None:
    if blocks or len(body.paragraphs) < 2:
        return
    first = body.paragraphs[0]
    if len(first.split()) <= _MAX_TITLE_WORDS and not first.endswith((".", ":", ";", ",")):
        body.title = Sourced(first, "text")
