"""Bytes to text: BOMs, declared and detected encodings, and the binary-file guard."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from unspin.errors import BinaryInputError, EncodingError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document; extract its text first (e.g. with pdftotext)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt file); extract its text first"),
    (b"\x1f\x8b", "a gzip archive; decompress it first"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document; extract its text first"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

# Share of control characters above which decoded text is treated as binary.
_CONTROL_RATIO = 0.05
# Short single-byte texts fit several code pages about equally well; cp1252 (the web's
# default for Western text) wins when it reads the bytes about as cleanly as the detector's
# guess and glues no more symbols to letters ("spotka³" is Polish read as cp1252).
_CP1252_CHAOS_MARGIN = 0.1
_SYMBOL_CATEGORIES = frozenset({"No", "So", "Sk", "Sc", "Sm"})


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the encoding used and what the caller should be told."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes, *, name: str, declared: str | None = None) -> Decoded:
    """Decode article bytes, refusing binary data.

    Order: byte-order mark, then the declared charset (HTTP header or ``<meta charset>``),
    then strict UTF-8, then detection with charset-normalizer (preferring cp1252 for
    Western text it reads as cleanly).

    Example:
        >>> decode_bytes("café".encode("cp1252"), name="x").encoding
        'cp1252'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, name, ())
    _reject_binary_bytes(data, name)
    declared = declared or _sniff_meta_charset(data)
    if declared:
        try:
            return _checked(data.decode(declared), _codec_name(declared), name, ())
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return _checked(data.decode("utf-8"), "utf-8", name, ())
    except UnicodeDecodeError:
        pass
    return _detect(data, name)


def looks_binary(head: bytes) -> str | None:
    """Say what kind of binary file ``head`` (the first bytes of a file) looks like, if any."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    return None


def _reject_binary_bytes(data: bytes, name: str) -> None:
    what = looks_binary(data[:8192])
    if what is not None:
        raise BinaryInputError(
            f"[E402] {name} looks like {what}, not an article. Give a text, HTML or JSONL file."
        )


def _detect(data: bytes, name: str) -> Decoded:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad > max(1, len(text) // 100):
            raise EncodingError(
                f"[E403] Could not work out the encoding of {name}: {bad} bytes are not valid "
                f"UTF-8 and no other encoding fits. Convert it to UTF-8 (e.g. with iconv)."
            )
        warning = (
            f"[W403] {name} is not valid UTF-8 and its encoding could not be detected; "
            f"{bad} undecodable bytes were replaced with U+FFFD."
        )
        return _checked(text, "utf-8", name, (warning,))
    encoding = best.encoding
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
    if (
        western is not None
        and western.chaos <= best.chaos + _CP1252_CHAOS_MARGIN
        and _glued_symbols(str(western)) <= _glued_symbols(str(best))
    ):
        encoding = "cp1252"
    warning = f"[W402] {name} is not UTF-8; decoded it as {encoding} (detected)."
    return _checked(data.decode(encoding, errors="replace"), encoding, name, (warning,))


def check_text(text: str, name: str) -> None:
    """Refuse text that is really binary data (NUL bytes, many control characters)."""
    if text:
        controls = sum(
            1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"
        )
        if "\x00" in text or controls / len(text) > _CONTROL_RATIO:
            raise BinaryInputError(
                f"[E402] {name} looks like binary data ({controls} control characters in "
                f"{len(text)}), not an article. Give a text, HTML or JSONL file."
            )


def _checked(text: str, encoding: str, name: str, warnings: tuple[str, ...]) -> Decoded:
    check_text(text, name)
    return Decoded(text, encoding, warnings)


def _glued_symbols(text: str) -> int:
    """Symbols written against a letter: the mark of bytes read with the wrong code page."""
    return sum(
        1
        for index, ch in enumerate(text)
        if unicodedata.category(ch) in _SYMBOL_CATEGORIES
        and (
            (index > 0 and text[index - 1].isalpha())
            or (index + 1 < len(text) and text[index + 1].isalpha())
        )
    )


def _sniff_meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()
