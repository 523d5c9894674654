"""HTML to paragraphs with trafilatura, plus publication times from the page's metadata."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trafilatura import bare_extraction, baseline
from trafilatura.utils import load_html

from unspin.errors import NoArticleBodyError
from unspin.ingest.dates import parse_date
from unspin.ingest.normalize import normalize_lines
from unspin.ingest.text import Body, clean_lines
from unspin.model import Sourced

_PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "article.published",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.issued",
        "parsely-pub-date",
        "sailthru.date",
        "cxenseparse:recs:publishtime",
    }
)
# A fallback body needs at least one paragraph that reads like a sentence.
_MIN_SENTENCE_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]?$")
# libxml2 checks each attribute of a start tag against all earlier ones, so a tag with
# hundreds of thousands of attributes (an "attribute bomb") takes minutes to parse. Start
# tags longer than _LONG_TAG_CHARS are counted; over _MAX_ATTRIBUTES they lose their attributes.
_LONG_TAG_CHARS = 512
_MAX_ATTRIBUTES = 256
_START_TAG = re.compile(r"""<([A-Za-z][\w:.-]*+)((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)>""")
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What came out of a page: the body and the page's own metadata."""

    body: Body
    extraction: str  # "html:trafilatura" | "html:fallback"
    title: Sourced | None
    author: Sourced | None
    published: Sourced | None
    sitename: Sourced | None
    warnings: tuple[str, ...] = ()


def extract_html(html: str, *, url: str | None, name: str) -> HtmlArticle:
    """Extract the main text and metadata of an HTML page.

    Raises:
        NoArticleBodyError: the page has no paragraph that reads like article text.
    """
    html, defused = _defuse_attribute_bombs(html)
    tree = load_html(html)
    if tree is None:
        raise NoArticleBodyError(
            f"[E405] {name} could not be parsed as HTML. Check that it is a web page, or pass "
            f"it as plain text."
        )
    meta_published = _published_from_meta(tree)
    document = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
    )
    found: dict[str, Any] = {}
    if isinstance(document, dict):
        found = document
    elif document is not None:
        found = document.as_dict()
    extraction = "html:trafilatura"
    warnings: tuple[str, ...] = ()
    if defused:
        warnings += (
            f"[W408] {name} has {defused} tag(s) with more than {_MAX_ATTRIBUTES} attributes; "
            f"their attributes were dropped before parsing.",
        )
    body = clean_lines(normalize_lines(found.get("text") or ""), blocks=True)
    if not _has_sentence(body):
        extraction = "html:fallback"
        warnings += (
            f"[W404] trafilatura found no main text in {name}; used the page's plain text "
            f"instead, which may include navigation.",
        )
        body = clean_lines(normalize_lines(baseline(html)[1]), blocks=True)
    if not _has_sentence(body):
        raise NoArticleBodyError(
            f"[E405] {name} has no article body: no paragraph of running text was found "
            f"(only navigation, captions or page furniture). Check the URL or file, or pass "
            f"the article text itself."
        )
    published = _sourced(meta_published, "html:meta") or _sourced(
        found.get("date"), "html:trafilatura", parse=True
    )
    return HtmlArticle(
        body=body,
        extraction=extraction,
        title=_sourced(found.get("title"), "html:trafilatura"),
        author=_sourced(found.get("author"), "html:trafilatura"),
        published=published,
        sitename=_sourced(found.get("sitename"), "html:trafilatura"),
        warnings=warnings,
    )


def _defuse_attribute_bombs(html: str) -> tuple[str, int]:
    """Drop the attributes of start tags that have too many; return the page and their count."""
    defused = 0

    def strip(match: re.Match[str]) -> str:
        nonlocal defused
        inside = match.group(2)
        if len(inside) < _LONG_TAG_CHARS or len(_ATTRIBUTE.findall(inside)) <= _MAX_ATTRIBUTES:
            return match.group(0)
        defused += 1
        return f"<{match.group(1)}>"

    return _START_TAG.sub(strip, html), defused


def _has_sentence(body: Body) -> bool:
    return any(
        len(p.split()) >= _MIN_SENTENCE_WORDS and _SENTENCE_END.search(p) for p in body.paragraphs
    )


def _sourced(value: object, source: str, *, parse: bool = False) -> Sourced | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    if parse:
        parsed = parse_date(text)
        return Sourced(parsed, source) if parsed else None
    return Sourced(text, source)


def _published_from_meta(tree: Any) -> str | None:
    for element in tree.iter("meta"):
        key = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).lower()
        if key in _PUBLISHED_META:
            parsed = parse_date(element.get("content") or "")
            if parsed:
                return parsed
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for value in _json_values(data, "datePublished"):
            parsed = parse_date(value)
            if parsed:
                return parsed
    for element in tree.iter("time"):
        if element.get("itemprop") == "datePublished" or element.get("pubdate") is not None:
            parsed = parse_date(element.get("datetime") or "")
            if parsed:
                return parsed
    return None


def _json_values(data: Any, key: str) -> Iterator[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key and isinstance(v, str):
                yield v
            else:
                yield from _json_values(v, key)
    elif isinstance(data, list):
        for item in data:
            yield from _json_values(item, key)
