"""HTML through trafilatura: body paragraphs, page chrome gone, metadata with its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.errors import NoArticleBodyError
from unspin.ingest import RawInput, ingest, looks_like_html
from unspin.model import Sourced

FIXTURES = Path(__file__).parent / "fixtures"


def _page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_article_page_gives_body_and_metadata() -> None:
    article = ingest(
        RawInput(
            _page("article.html"),
            kind="html",
            url="https://www.coastal-ledger.example/2024/05/14/ferry-route",
            source_id="article.html",
        )
    )
    meta = article.meta
    assert meta.extraction == "html:trafilatura"
    assert meta.title == Sourced("Harbour authority approves new ferry route", "html:trafilatura")
    assert meta.author == Sourced("Marta Quill", "html:trafilatura")
    assert meta.outlet == Sourced("The Coastal Ledger", "html:trafilatura")
    assert meta.published == Sourced("2024-05-14T08:15:00+02:00", "html:meta")
    assert meta.url == "https://www.coastal-ledger.example/2024/05/14/ferry-route"
    assert meta.language == "en"
    for chrome in ("Follow Us on Google News", "Advertisement", "Share this article", "By Marta"):
        assert chrome not in article.text
    assert "All rights reserved" not in article.text
    evidence = [article.evidence(span) for span in article.paragraphs]
    assert evidence[1].startswith("The harbour authority on Tuesday approved a ferry route")
    assert any(p.startswith("Fishermen's groups had opposed the plan") for p in evidence)
    assert article.text == "\n\n".join(evidence)


def test_json_ld_date_and_auto_detected_html() -> None:
    article = ingest(RawInput(_page("jsonld.html"), kind="auto", source_id="jsonld.html"))
    assert article.meta.extraction == "html:trafilatura"
    assert article.meta.published == Sourced("2022-11-03T17:40:00+00:00", "html:meta")
    assert "city council postponed its vote" in article.text
    assert "<p>" not in article.text


@pytest.mark.parametrize(
    ("name", "extraction"),
    [("short.html", "html:trafilatura"), ("table_only.html", "html:fallback")],
)
def test_short_pages(name: str, extraction: str) -> None:
    article = ingest(RawInput(_page(name), kind="html", source_id=name))
    assert "approved the budget on Friday by a narrow majority" in article.text
    assert "Menu" not in article.text
    assert article.meta.extraction == extraction
    assert any("W404" in w for w in article.warnings) is (extraction == "html:fallback")


@pytest.mark.parametrize(
    "html",
    [
        _page("no_body.html"),
        b"<html><head><title>Nothing</title></head><body></body></html>",
        b"<html><body><nav>Home | World | Sport</nav><p>Advertisement</p></body></html>",
    ],
)
def test_page_without_body_is_refused(html: bytes) -> None:
    with pytest.raises(NoArticleBodyError, match=r"\[E405\]"):
        ingest(RawInput(html, kind="html", source_id="page.html"))


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("<!DOCTYPE html><html><body><p>Hi.</p></body></html>", True),
        ("  <html lang='en'><p>Hi.</p></html>", True),
        ("<p>One.</p><p>Two.</p>", True),
        ("<?xml version='1.0'?><html><body>x</body></html>", True),
        ("The minister said <b> was a typo.", False),
        ("Plain text about a <summit> in Moscow.", False),
        ("Prices rose 5% < 6% expected.", False),
    ],
)
def test_html_sniffing(text: str, is_html: bool) -> None:
    assert looks_like_html(text) is is_html


def test_cp1252_html_bytes_decoded() -> None:
    html = (
        "<html><body><article><p>The caf\u00e9 owners\u2019 association said on Monday that "
        "prices would rise by \u20ac2 from June, citing energy costs.</p></article></body></html>"
    ).encode("cp1252")
    article = ingest(RawInput(html, kind="html", source_id="cafe.html"))
    assert "café owners’ association" in article.text
    assert "€2" in article.text
    assert article.meta.encoding == "cp1252"
