"""Article metadata from every place it can come from, each value keeping its source.

Precedence per field: the caller's values ("input") win, then the page's own metadata
("html:meta", "html:trafilatura"), then what the text says (byline, dateline, timestamp
line), then the URL (a date in the path; the domain as outlet).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from unspin.ingest.dates import date_from_url, parse_date
from unspin.ingest.html import HtmlArticle
from unspin.ingest.options import RawInput
from unspin.ingest.text import Body
from unspin.model import Sourced

_HOST_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.", "edition.", "beta.")


@dataclass(frozen=True, slots=True)
class FoundMeta:
    """The metadata fields a source-aware merge produced, with warnings about given values."""

    title: Sourced | None
    outlet: Sourced | None
    author: Sourced | None
    published: Sourced | None
    warnings: tuple[str, ...] = ()


def merge_metadata(
    raw: RawInput, body: Body, page: HtmlArticle | None, url: str | None
) -> FoundMeta:
    """Pick each metadata value from the best source that has one.

    Example:
        >>> from unspin.ingest.text import clean_text
        >>> body = clean_text("By Jane Doe\\nTroops withdrew on Monday.")
        >>> found = merge_metadata(RawInput("..."), body, None, "https://www.x.com/2023/03/22/a")
        >>> found.author, found.published, found.outlet
        (Sourced(value='Jane Doe', source='byline'), Sourced(value='2023-03-22', source='url'), \
Sourced(value='x.com', source='url'))
    """
    warnings: list[str] = []
    given_published = None
    if raw.published:
        parsed = parse_date(raw.published)
        if parsed:
            given_published = Sourced(parsed, "input")
        else:
            warnings.append(
                f"[W405] The given publication date {raw.published!r} is not a date unspin "
                f"can read (use ISO 8601, e.g. 2023-03-22); it was ignored."
            )
    from_url_date = date_from_url(url) if url else None
    return FoundMeta(
        title=_first(_given(raw.title), page.title if page else None, body.title),
        outlet=_first(
            _given(raw.outlet),
            page.sitename if page else None,
            _outlet_from_url(url),
            body.agency,
        ),
        author=_first(_given(raw.author), page.author if page else None, body.author),
        published=_first(
            given_published,
            page.published if page else None,
            body.published,
            Sourced(from_url_date, "url") if from_url_date else None,
        ),
        warnings=tuple(warnings),
    )


def _given(value: str | None) -> Sourced | None:
    if value is None or not value.strip():
        return None
    return Sourced(" ".join(value.split()), "input")


def _first(*candidates: Sourced | None) -> Sourced | None:
    return next((c for c in candidates if c is not None), None)


def _outlet_from_url(url: str | None) -> Sourced | None:
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
            break
    if not host or "." not in host or host.replace(".", "").isdigit():
        return None
    return Sourced(host, "url")
