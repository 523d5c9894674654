"""Hostile inputs end in a sound analysed article or a coded UnspinError, never anything else."""

from __future__ import annotations

import codecs
import random
import time
from pathlib import Path

import pytest

from tests.reliability.checks import analyse, assert_sound, ingest_only
from unspin.analysis import Analyzer
from unspin.errors import (
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    NoArticleBodyError,
    UnspinError,
)
from unspin.ingest import IngestOptions, InputFailure, RawInput, iter_inputs
from unspin.ingest.options import DEFAULT_MAX_BYTES
from unspin.model import Article

SENTENCE = "Xi Jinping met Vladimir Putin in Moscow on Monday, officials said."
PARAGRAPH = f"{SENTENCE} The two leaders signed an agreement on energy and trade on Tuesday."
MB = 1024 * 1024


def _page(body: str, head: str = "") -> bytes:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()


def _random_bytes(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


# Each case: content, input kind, the outcome it must have, text the article must contain.
CASES = [
    pytest.param(b"", "auto", EmptyInputError, None, id="empty-bytes"),
    pytest.param("", "text", EmptyInputError, None, id="empty-str"),
    pytest.param(b" \t\r\n\x0b\x0c \n", "auto", EmptyInputError, None, id="whitespace"),
    pytest.param(
        "\u3000\u00a0\u2002\u2003\n\u2028\u2029", "text", EmptyInputError, None, id="unicode-spaces"
    ),
    pytest.param(
        "\u200b\u2060\ufeff\u00ad\u200e\u200f", "text", EmptyInputError, None, id="invisible-only"
    ),
    pytest.param(b"<html><body></body></html>", "html", NoArticleBodyError, None, id="empty-html"),
    pytest.param(_random_bytes(1, 4096), "auto", UnspinError, None, id="random-bytes"),
    pytest.param(
        _random_bytes(2, 4096).replace(b"\0", b"\1"),
        "auto",
        UnspinError,
        None,
        id="random-bytes-no-nul",
    ),
    pytest.param(
        b"\x89PNG\r\n\x1a\n" + _random_bytes(3, 512), "auto", BinaryInputError, None, id="png"
    ),
    pytest.param(
        b"\x7fELF\x02\x01\x01" + _random_bytes(4, 512), "auto", BinaryInputError, None, id="elf"
    ),
    pytest.param(
        b"\x1f\x8b\x08\x00" + _random_bytes(5, 512), "auto", BinaryInputError, None, id="gzip"
    ),
    pytest.param(
        SENTENCE.encode() + b"\0\0" + SENTENCE.encode(),
        "auto",
        BinaryInputError,
        None,
        id="nul-bytes",
    ),
    pytest.param(f"{SENTENCE}\0{SENTENCE}", "text", BinaryInputError, None, id="nul-str"),
    pytest.param(
        SENTENCE[:20] + "\x01\x02\x03\x04\x05\x06\x07\x08",
        "text",
        BinaryInputError,
        None,
        id="control-chars",
    ),
    pytest.param(SENTENCE.encode("utf-16-le"), "auto", BinaryInputError, None, id="utf16-no-bom"),
    pytest.param(
        SENTENCE.encode() + b" \xff\xfe\xc3\x28 \xe2\x82 \xed\xa0\x80 " + SENTENCE.encode(),
        "auto",
        Article,
        "Vladimir Putin",
        id="invalid-utf8",
    ),
    pytest.param(
        "Caf\u00e9 owners said ".encode()
        + "na\u00efve r\u00e9sum\u00e9 ".encode("cp1252")
        + f"\u4e2d\u6587 {SENTENCE}".encode(),
        "auto",
        Article,
        "Moscow",
        id="mixed-encodings",
    ),
    pytest.param(
        f"\u201c{SENTENCE}\u201d \u2013 na\u00efve".encode("cp1252"),
        "auto",
        Article,
        "\u201cXi",
        id="cp1252",
    ),
    pytest.param(
        _page(f"<p>{PARAGRAPH} Caf\u00e9.</p>").decode().encode("latin-1"),
        "auto",
        Article,
        "Caf\u00e9",
        id="latin1-html",
    ),
    pytest.param(codecs.BOM_UTF8 + PARAGRAPH.encode(), "auto", Article, PARAGRAPH, id="utf8-bom"),
    pytest.param(
        codecs.BOM_UTF16_LE + PARAGRAPH.encode("utf-16-le"),
        "auto",
        Article,
        PARAGRAPH,
        id="utf16-le-bom",
    ),
    pytest.param(
        codecs.BOM_UTF16_BE + PARAGRAPH.encode("utf-16-be"),
        "auto",
        Article,
        PARAGRAPH,
        id="utf16-be-bom",
    ),
    pytest.param(
        codecs.BOM_UTF32_LE + PARAGRAPH.encode("utf-32-le"),
        "auto",
        Article,
        PARAGRAPH,
        id="utf32-bom",
    ),
    pytest.param(
        codecs.BOM_UTF16_LE + _page(f"<p>{PARAGRAPH}</p>").decode().encode("utf-16-le"),
        "auto",
        Article,
        SENTENCE,
        id="utf16-bom-html",
    ),
    pytest.param(
        codecs.BOM_UTF16_LE + PARAGRAPH.encode("utf-16-le") + b"\x00",
        "auto",
        Article,
        SENTENCE,
        id="utf16-odd-length",
    ),
    pytest.param(
        _page("<div>" * 10_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 10_000),
        "html",
        UnspinError,
        None,
        id="deep-nesting",
    ),
    pytest.param(
        _page(f"<p>{PARAGRAPH}</p>" + "<div><span>" * 5_000 + "x" + "</span></div>" * 5_000),
        "html",
        Article,
        SENTENCE,
        id="deep-nesting-after-text",
    ),
    pytest.param(
        _page(f"<p>{PARAGRAPH}" + "<div><b><i><table><tr><td>" * 500),
        "html",
        Article,
        SENTENCE,
        id="unclosed-tags",
    ),
    pytest.param(
        _page(
            "<script>document.write('<p>Injected fake paragraph, never shown.</p>');</script>" * 500
            + f"<article><p>{PARAGRAPH}</p><script>var x = '{'y' * 50_000}';</script></article>"
            + "<style>p { color: red }</style>"
            + "<noscript><p>Enable JavaScript to read the full story now.</p></noscript>",
            head="<script>alert(1)</script>" * 100,
        ),
        "auto",
        Article,
        SENTENCE,
        id="script-laden",
    ),
    pytest.param(
        _page(
            "<!-- <p>Hidden comment paragraph with many words in it.</p> -->"
            f"<p>{PARAGRAPH}</p><![CDATA[ x ]]>"
        ),
        "html",
        Article,
        SENTENCE,
        id="comments-and-cdata",
    ),
    pytest.param(
        f"\u202e{SENTENCE}\u202c \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd. "
        "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645 \u200f\u200e. "
        "\u2067Moscow\u2069 said on Monday.",
        "text",
        Article,
        "\u05e9\u05dc\u05d5\u05dd",
        id="rtl-and-bidi",
    ),
    pytest.param(
        "Xi\u200b Jinping\u200c met Vladi\u200dmir Pu\u2060tin\ufeff in Mos\u00adcow "
        "on Monday.\u200b",
        "text",
        Article,
        "Jinping",
        id="zero-width",
    ),
    pytest.param(
        "Xi \U0001f600\U0001f44d\U0001f3fd met \U0001f468\u200d\U0001f469\u200d\U0001f467 "
        "Vladimir Putin (e\u0301\u0301\u0301 Z\u0351\u0352\u0353\u0354) in Moscow "
        "\U0001f1fa\U0001f1e6 "
        "on Monday, officials said.",
        "text",
        Article,
        "\U0001f1fa\U0001f1e6",
        id="emoji-and-combining",
    ),
    pytest.param(
        f"{SENTENCE}\u2028{SENTENCE}\u2029{SENTENCE}\x85{SENTENCE}\r{SENTENCE}",
        "text",
        Article,
        "Putin",
        id="line-separators",
    ),
    pytest.param(
        f"Title\r\n\r\n{SENTENCE}\r\n\t{SENTENCE}\f{SENTENCE}",
        "text",
        Article,
        "Putin",
        id="crlf-and-tabs",
    ),
    pytest.param("a" * 200_000 + ". " + SENTENCE, "text", Article, SENTENCE, id="long-word"),
    pytest.param("\ue000\uf8ff\U000f0000 " + SENTENCE, "text", Article, SENTENCE, id="private-use"),
    pytest.param("\ufffe\uffff\ufdd0 " + SENTENCE, "text", Article, SENTENCE, id="noncharacters"),
    pytest.param(
        "\uff38\uff49 \U0001d54f\U0001d55a met Putin on Monday. " + SENTENCE,
        "text",
        Article,
        SENTENCE,
        id="math-and-fullwidth",
    ),
]


@pytest.mark.parametrize(("content", "kind", "expected", "contains"), CASES)
def test_hostile_input_gives_a_sound_article_or_a_coded_error(
    analyzer: Analyzer,
    db_path: Path,
    content: bytes | str,
    kind: str,
    expected: type[Article] | type[UnspinError],
    contains: str | None,
) -> None:
    outcome = analyse(analyzer, RawInput(content, kind=kind, source_id="hostile"))  # type: ignore[arg-type]
    assert isinstance(outcome, expected), outcome
    if isinstance(outcome, Article):
        assert_sound(outcome, db_path)
        if contains is not None:
            assert contains in outcome.text


@pytest.mark.issue(9)
def test_attribute_bomb_is_defused_quickly(analyzer: Analyzer, db_path: Path) -> None:
    """200,000 attributes on one tag took libxml2 minutes (quadratic); now they are dropped."""
    attributes = " ".join(f'data-a{i}="<{i}>"' for i in range(200_000))
    started = time.monotonic()
    outcome = analyse(analyzer, RawInput(_page(f"<p {attributes}>{PARAGRAPH}</p>"), kind="html"))
    assert time.monotonic() - started < 30
    assert isinstance(outcome, Article)
    assert SENTENCE in outcome.text
    assert any(w.startswith("[W408]") for w in outcome.warnings)
    assert_sound(outcome, db_path)


def test_many_tags_just_under_the_attribute_cap_keep_their_text() -> None:
    attributes = " ".join(f'a{i}="{i}"' for i in range(250))
    html = _page(f"<p {attributes}>{PARAGRAPH}</p>" * 200)
    outcome = ingest_only(RawInput(html, kind="html"))
    assert isinstance(outcome, Article)
    assert not any(w.startswith("[W408]") for w in outcome.warnings)


@pytest.mark.issue(9)
def test_lone_surrogates_are_replaced_not_crashing(analyzer: Analyzer, db_path: Path) -> None:
    """A JSON escape like "\\ud800" gave a str that could not be encoded: UnicodeEncodeError."""
    raw = RawInput(
        f"{SENTENCE} \ud800 and \udfff.",
        kind="text",
        title="Bad \udc80 title",
        source_id="id-\ud83d",
        outlet="Out\udcfflet",
    )
    outcome = analyse(analyzer, raw)
    assert isinstance(outcome, Article)
    assert "\ud800" not in outcome.text and "\ufffd" in outcome.text
    assert outcome.meta.title is not None and outcome.meta.title.value == "Bad \ufffd title"
    assert outcome.meta.source_id == "id-\ufffd"
    assert any(w.startswith("[W409]") for w in outcome.warnings)
    assert_sound(outcome, db_path)


@pytest.mark.issue(9)
def test_lone_surrogates_from_a_jsonl_file(tmp_path: Path, analyzer: Analyzer) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a\\ud800", "text": "' + SENTENCE + ' \\udfff", "title": "\\udc00"}\n',
        encoding="utf-8",
    )
    (result,) = list(analyzer.analyze_source(str(source)))
    assert isinstance(result, Article)
    assert_sound(result, tmp_path / "jsonl.db")


@pytest.mark.parametrize("as_str", [False, True], ids=["bytes", "str"])
def test_50_mb_text_is_refused_quickly_by_the_size_limit(as_str: bool) -> None:
    data = (PARAGRAPH + "\n\n").encode() * (50 * MB // (len(PARAGRAPH) + 2) + 1)
    content: bytes | str = data.decode() if as_str else data
    started = time.monotonic()
    outcome = ingest_only(RawInput(content, source_id="big.txt"))
    assert time.monotonic() - started < 5
    assert isinstance(outcome, InputTooLargeError)
    assert outcome.message.startswith("[E404] big.txt is ")
    assert f"over the limit of {DEFAULT_MAX_BYTES} bytes" in outcome.message
    assert "--max-bytes" in outcome.message


def test_50_mb_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse; the reader must stop after max_bytes + 1
    started = time.monotonic()
    (item,) = list(iter_inputs(str(path), IngestOptions(max_bytes=MB)))
    assert time.monotonic() - started < 5
    assert isinstance(item, InputFailure)
    assert isinstance(item.error, InputTooLargeError)
    assert item.error.message.startswith("[E404]")


def test_2_mb_single_line_goes_through_ingest(db_path: Path) -> None:
    line = " ".join([SENTENCE] * (2 * MB // (len(SENTENCE) + 1)))
    assert "\n" not in line and len(line) > 1.9 * MB
    outcome = ingest_only(RawInput(line.encode(), source_id="line.txt"))
    assert isinstance(outcome, Article)
    assert outcome.text == line
    assert outcome.paragraphs == (outcome.paragraphs[0],) and len(outcome.paragraphs[0]) == len(
        line
    )
    from tests.reliability.checks import assert_round_trips

    assert_round_trips(outcome, db_path)
