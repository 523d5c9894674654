"""Corpus sources: folders with binaries, bad JSONL lines, globs, WARC with corrupt records,
feeds and sitemaps (through the fetch address guard)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unspin.errors import InputError
from unspin.ingest import IngestOptions, InputFailure, RawInput
from unspin.scale.feeds import expand_url, feed_links
from unspin.scale.sources import check_sources, iter_corpus_inputs
from unspin.scale.warc import iter_warc

PAGE = "<html><head><title>T{i}</title></head><body><p>Article {i} says things.</p></body></html>"


def write_warc(path: Path, n: int, *, gz: bool, corrupt: int | None = None) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    starts = []
    for i in range(n):
        starts.append(buffer.tell())
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://example.com/{i}",
            "response",
            payload=io.BytesIO(PAGE.format(i=i).encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    image = writer.create_warc_record(
        "https://example.com/logo.png",
        "response",
        payload=io.BytesIO(b"\x89PNG...."),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")], "HTTP/1.1"),
    )
    writer.write_record(image)
    data = bytearray(buffer.getvalue())
    if corrupt is not None:
        at = starts[corrupt] + 4
        data[at : at + 12] = bytes(b ^ 0xFF for b in data[at : at + 12])
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("gz", [False, True])
def test_warc_with_a_corrupt_record_skips_it_and_reads_on(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, 4, gz=gz, corrupt=1)
    items = list(iter_warc(path))
    pages = [i for i in items if isinstance(i, RawInput)]
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert [p.url for p in pages] == [
        "https://example.com/0",
        "https://example.com/2",
        "https://example.com/3",
    ]
    assert pages[0].kind == "html" and b"Article 0" in (pages[0].content or b"")
    codes = [f.error.message[:7] for f in failures]
    assert codes == ["[E1406]", "[E1405]"]  # the corrupt record, then the image
    assert "corrupt" in failures[0].error.message


def test_clean_warc_yields_every_page(tmp_path: Path) -> None:
    path = tmp_path / "clean.warc.gz"
    write_warc(path, 3, gz=True)
    pages = [i for i in iter_warc(path) if isinstance(i, RawInput)]
    assert len(pages) == 3
    assert len({p.source_id for p in pages}) == 3


def test_folder_with_binary_and_bad_jsonl_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Xi Jinping met Vladimir Putin in Moscow.")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (tmp_path / "lines.jsonl").write_text('{"id": "j1", "text": "One."}\n{oops\n')
    write_warc(tmp_path / "c.warc", 1, gz=False)
    items = list(iter_corpus_inputs([str(tmp_path)]))
    ok = [str(i.source_id) for i in items if isinstance(i, RawInput)]
    bad = {i.source_id: i.error.message[:6] for i in items if isinstance(i, InputFailure)}
    assert ok[0].endswith("a.txt") and "j1" in ok and any("c.warc#" in s for s in ok)
    assert sorted(bad.values()) == ["[E1405", "[E402]", "[E408]"]


def test_globs_and_missing_sources(tmp_path: Path) -> None:
    for name in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / name).write_text(f"Text of {name}.")
    items = list(iter_corpus_inputs([str(tmp_path / "x*.txt")]))
    assert [Path(str(i.source_id)).name for i in items] == ["x1.txt", "x2.txt"]
    with pytest.raises(InputError, match=r"\[E1403\]"):
        check_sources([str(tmp_path / "z*.txt")])
    with pytest.raises(InputError, match=r"\[E407\]"):
        check_sources([str(tmp_path / "nope")])


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><link>https://news.example/</link>
<item><title>a</title><link>https://news.example/a</link></item>
<item><title>b</title><link>https://news.example/b</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="alternate" href="https://news.example/c"/></entry></feed>"""
INDEX = (
    b"""<sitemapindex><sitemap><loc>https://news.example/s1.xml</loc></sitemap></sitemapindex>"""
)
URLSET = b"""<urlset><url><loc>https://news.example/d</loc></url></urlset>"""


def test_feed_links_of_each_kind() -> None:
    assert feed_links(RSS) == ("rss", ["https://news.example/a", "https://news.example/b"])
    assert feed_links(ATOM) == ("atom", ["https://news.example/c"])
    assert feed_links(INDEX) == ("sitemapindex", ["https://news.example/s1.xml"])
    assert feed_links(b"<html><body>x</body></html>") is None


def _options(pages: dict[str, bytes]) -> IngestOptions:
    def handler(request: httpx.Request) -> httpx.Response:
        body = pages.get(request.url.path)
        if body is None:
            return httpx.Response(404)
        return httpx.Response(200, content=body, headers={"content-type": "text/plain"})

    return IngestOptions(
        transport=httpx.MockTransport(handler),
        resolver=lambda host: ["10.0.0.1"] if host == "intranet.example" else ["93.184.216.34"],
    )


def test_sitemap_index_is_followed_through_fetch() -> None:
    options = _options({"/sitemap.xml": INDEX, "/s1.xml": URLSET})
    items = list(expand_url("https://news.example/sitemap.xml", options))
    assert [(i.kind, i.url) for i in items if isinstance(i, RawInput)] == [
        ("url", "https://news.example/d")
    ]


def test_feed_urls_go_through_the_address_guard() -> None:
    options = _options({"/rss.xml": RSS})
    (failure,) = list(expand_url("https://intranet.example/rss.xml", options))
    assert isinstance(failure, InputFailure)
    assert failure.error.message.startswith("[E5")


def test_a_url_that_is_a_page_is_the_article() -> None:
    page = PAGE.format(i=1).encode()
    options = _options({"/news/1": page})
    (item,) = list(expand_url("https://news.example/news/1", options))
    assert isinstance(item, RawInput) and item.content == page


def test_gzip_is_not_mistaken_for_text(tmp_path: Path) -> None:
    (tmp_path / "blob.gz").write_bytes(gzip.compress(b"hello"))
    (failure,) = list(iter_corpus_inputs([str(tmp_path)]))
    assert isinstance(failure, InputFailure)
