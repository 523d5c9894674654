"""Articles out of WARC files (warcio): one input per HTML or text response record.

A corrupt record becomes an ``InputFailure`` and reading goes on at the next record that
starts cleanly (the next ``WARC/1.`` header, or the next gzip member of a ``.warc.gz``).
Records that are not pages (images, scripts, redirects, errors) are reported as skipped.

Example:
    >>> [item.url for item in iter_warc(Path("crawl.warc.gz"))]  # doctest: +SKIP
    ['https://example.com/news/1', 'https://example.com/news/2']
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from unspin.errors import InputError, InputTooLargeError
from unspin.ingest import IngestOptions, InputFailure, RawInput

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_RECORD_TYPES = frozenset({"response", "resource"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_CHUNK = 1 << 16
_CORRUPT = (ArchiveLoadFailed, zlib.error, EOFError, ValueError)

Item = RawInput | InputFailure


def is_warc(path: Path) -> bool:
    """Whether ``path`` is named like a WARC (or ARC) file."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path, options: IngestOptions | None = None) -> Iterator[Item]:
    """Yield one input per page record of the WARC file at ``path``, in file order."""
    options = options or IngestOptions()
    gzipped = path.name.lower().endswith(".gz")
    number = 0
    start: int | None = 0
    try:
        with path.open("rb") as handle:
            while start is not None:
                handle.seek(start)
                base = start
                records = ArchiveIterator(handle)
                try:
                    for record in records:
                        number += 1
                        item = _item(record, path, number, options)
                        if item is not None:
                            yield item
                    return
                except _CORRUPT as exc:
                    number += 1
                    yield InputFailure(
                        f"{path}#{number}",
                        InputError(
                            f"[E1406] {path}: WARC record {number} (byte {base + records.offset})"
                            f" is corrupt ({_short(exc)}); skipped it and read on."
                        ),
                    )
                    start = _next_start(handle, base + records.offset + 1, gzipped)
    except OSError as exc:
        yield InputFailure(str(path), InputError(f"[E410] Could not read {path}: {exc}."))


def _item(record: Any, path: Path, number: int, options: IngestOptions) -> Item | None:
    if record.rec_type not in _RECORD_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    record_id = record.rec_headers.get_header("WARC-Record-ID") or str(number)
    source_id = f"{path}#{record_id.strip('<>')}"
    headers = record.http_headers
    if headers is not None and record.rec_type == "response":
        status = headers.get_statuscode()
        if status != "200":
            return InputFailure(
                source_id,
                InputError(f"[E1405] {uri} in {path} is an HTTP {status} response, not a page."),
            )
    raw_type = (headers or record.rec_headers).get_header("Content-Type") or ""
    mime = raw_type.split(";", 1)[0].strip().lower()
    if mime and mime not in PAGE_TYPES:
        return InputFailure(
            source_id,
            InputError(f"[E1405] {uri} in {path} is {mime!r}, not an article page."),
        )
    content = record.content_stream().read(options.max_bytes + 1)
    if len(content) > options.max_bytes:
        return InputFailure(
            source_id,
            InputTooLargeError(
                f"[E404] {uri} in {path} is over the limit of {options.max_bytes} bytes."
            ),
        )
    if mime == "text/plain":
        return RawInput(content=content, kind="text", url=uri, source_id=source_id)
    return RawInput(content=content, kind="html", url=uri, source_id=source_id)


def _next_start(handle: BinaryIO, offset: int, gzipped: bool) -> int | None:
    """The offset of the next record start at or after ``offset`` (None at the end)."""
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    handle.seek(offset)
    carry = b""
    position = offset
    while chunk := handle.read(_SCAN_CHUNK):
        window = carry + chunk
        found = window.find(magic)
        if found != -1:
            return position - len(carry) + found
        carry = window[-(len(magic) - 1) :]
        position += len(chunk)
    return None


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]
