"""RSS/Atom feeds and sitemaps given as URLs: fetched (address guard included), expanded.

A URL source is fetched once through ``unspin.ingest.fetch``. When the answer is a feed or a
sitemap, each item link becomes a URL input (sitemap indexes are followed ``max_depth``
levels down); otherwise the page itself is the article.

Example:
    >>> items = list(expand_url("https://example.com/rss.xml", IngestOptions()))  # doctest: +SKIP
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

from unspin.errors import UnspinError
from unspin.ingest import FetchResult, IngestOptions, InputFailure, RawInput, fetch
from unspin.ingest.fetch import ACCEPTED_TYPES, FEED_TYPES

Fetcher = Callable[[str], FetchResult]
Item = RawInput | InputFailure

_XML_ROOTS = (b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf")
_ATOM = "{http://www.w3.org/2005/Atom}"


def expand_url(
    url: str, options: IngestOptions, *, fetcher: Fetcher | None = None, max_depth: int = 2
) -> Iterator[Item]:
    """The inputs one URL source stands for: a feed's or sitemap's items, or the page."""
    get = fetcher or (lambda address: fetch(address, options, accept=ACCEPTED_TYPES + FEED_TYPES))
    yield from _expand(url, get, max_depth)


def _expand(url: str, get: Fetcher, depth: int) -> Iterator[Item]:
    try:
        page = get(url)
    except UnspinError as error:
        yield InputFailure(url, error)
        return
    parsed = feed_links(page.content)
    if parsed is None:
        yield RawInput(content=page.content, kind="auto", url=page.final_url, source_id=url)
        return
    kind, links = parsed
    for link in dict.fromkeys(links):
        if kind == "sitemapindex":
            if depth > 0:
                yield from _expand(link, get, depth - 1)
            continue
        yield RawInput(content=None, kind="url", url=link, source_id=link)


def feed_links(data: bytes) -> tuple[str, list[str]] | None:
    """``(kind, links)`` when ``data`` is an RSS/Atom feed or a sitemap, else None.

    ``kind`` is ``rss``, ``atom``, ``urlset`` or ``sitemapindex``.

    Example:
        >>> feed_links(b"<urlset><url><loc>https://a.example/1</loc></url></urlset>")
        ('urlset', ['https://a.example/1'])
    """
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(_XML_ROOTS):
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    name = root.tag.rsplit("}", 1)[-1].lower()
    if name in ("rss", "rdf"):
        return "rss", _rss_links(root)
    if name == "feed":
        return "atom", _atom_links(root)
    if name in ("urlset", "sitemapindex"):
        return name, _texts(root, "loc")
    return None


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _url(element: ET.Element) -> str | None:
    text = (element.text or "").strip()
    return text if text.startswith(("http://", "https://")) else None


def _texts(root: ET.Element, local: str) -> list[str]:
    urls = (_url(e) for e in root.iter() if _local(e) == local)
    return [u for u in urls if u is not None]


def _rss_links(root: ET.Element) -> list[str]:
    links: list[str] = []
    for item in (e for e in root.iter() if _local(e) == "item"):
        url = next((_url(c) for c in item if _local(c) == "link"), None)
        if url is not None:
            links.append(url)
    return links


def _atom_links(root: ET.Element) -> list[str]:
    links: list[str] = []
    for entry in root.iter(f"{_ATOM}entry"):
        for link in entry.iter(f"{_ATOM}link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                links.append(str(link.get("href")))
                break
    return links
