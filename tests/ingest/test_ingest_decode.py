"""Bytes in: encodings, and the refusals for empty, binary and oversized input."""

from __future__ import annotations

import codecs

import pytest

from unspin.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from unspin.ingest import IngestOptions, RawInput, ingest
from unspin.ingest.decode import decode_bytes, looks_binary

SENTENCE = "The café in Zürich raised its prices — “again”, customers said."
LATIN = "Le garçon a déjà mangé la crème brûlée à Noël, selon le journal."
POLISH = "Prezydent Polski spotkał się w środę z premierem Węgier, aby omówić współpracę."
RUSSIAN = "Президент России встретился с лидером Китая в Москве."
GREEK = "Η κυβέρνηση ανακοίνωσε νέα μέτρα σήμερα."


@pytest.mark.parametrize(
    ("data", "text", "encoding", "warned"),
    [
        (SENTENCE.encode("utf-8"), SENTENCE, "utf-8", False),
        (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), SENTENCE, "utf-8-sig", False),
        (SENTENCE.encode("utf-16"), SENTENCE, "utf-16", False),
        (SENTENCE.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), SENTENCE, "utf-16", False),
        (SENTENCE.encode("cp1252"), SENTENCE, "cp1252", True),
        (LATIN.encode("latin-1"), LATIN, "cp1252", True),
        (POLISH.encode("cp1250"), POLISH, "cp1250", True),
        (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251", True),
        (GREEK.encode("cp1253"), GREEK, "cp1253", True),
        (b"Plain ASCII news text.", "Plain ASCII news text.", "utf-8", False),
        (
            b'<html><head><meta charset="iso-8859-1"></head><body>caf\xe9</body></html>',
            '<html><head><meta charset="iso-8859-1"></head><body>café</body></html>',
            "iso8859-1",
            False,
        ),
    ],
)
def test_decode_table(data: bytes, text: str, encoding: str, warned: bool) -> None:
    decoded = decode_bytes(data, name="sample")
    assert decoded.text.lstrip("\ufeff") == text
    assert decoded.encoding == encoding
    assert bool(decoded.warnings) is warned
    if warned:
        assert encoding in decoded.warnings[0]


def test_invalid_utf8_is_decoded_with_detection_and_reported() -> None:
    data = b"Prices rose by 5 per cent in the capital." + b" \xff\xfe\xfa end."
    article = ingest(RawInput(data, kind="text", source_id="bad.txt"))
    assert article.meta.encoding is not None and article.meta.encoding != "utf-8"
    assert any("not UTF-8" in w and article.meta.encoding in w for w in article.warnings)
    assert article.text.startswith("Prices rose by 5 per cent")


def test_declared_charset_wins_over_detection() -> None:
    decoded = decode_bytes("Øresund".encode("cp1252"), name="x", declared="cp1252")
    assert (decoded.text, decoded.encoding, decoded.warnings) == ("Øresund", "cp1252", ())


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\t  \r\n", "", "  \n\n ", "\u200b\u200b\n\ufeff"],
)
def test_empty_input_is_refused(content: bytes | str) -> None:
    with pytest.raises(EmptyInputError, match=r"\[E401\]"):
        ingest(RawInput(content, kind="text", source_id="empty.txt"))


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"some text\x00\x01\x02 more", "NUL"),
        (bytes(range(1, 32)) * 20, "binary"),
        ("text with a NUL \x00 inside", "binary"),
    ],
)
def test_binary_input_is_refused(content: bytes | str, what: str) -> None:
    with pytest.raises(BinaryInputError, match=rf"\[E402\].*{what}"):
        ingest(RawInput(content, kind="auto", source_id="blob.bin"))


@pytest.mark.parametrize(
    ("content", "limit"),
    [(b"a" * 101, 100), ("é" * 51, 100), (b"word " * 1000, 4999)],
)
def test_oversize_input_is_refused(content: bytes | str, limit: int) -> None:
    with pytest.raises(InputTooLargeError, match=rf"\[E404\].*{limit}"):
        ingest(RawInput(content, kind="text", source_id="big.txt"), IngestOptions(max_bytes=limit))


@pytest.mark.parametrize(
    ("head", "binary"),
    [
        (b"%PDF-1.4", True),
        (b"\x1f\x8b\x08\x00", True),
        (codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"), False),
        (b"Hello", False),
    ],
)
def test_looks_binary(head: bytes, binary: bool) -> None:
    assert (looks_binary(head) is not None) is binary
