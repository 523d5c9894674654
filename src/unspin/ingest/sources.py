"""SOURCE arguments to a stream of raw inputs: files, folders, JSONL, URLs and stdin.

One bad item of a batch becomes an ``InputFailure`` and the stream goes on; a SOURCE that
does not exist at all raises ``InputError``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from unspin.errors import BinaryInputError, InputError, InputTooLargeError, UnspinError
from unspin.ingest.decode import looks_binary
from unspin.ingest.options import IngestOptions, InputFailure, InputKind, RawInput

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_BODY_KEYS: tuple[tuple[str, InputKind], ...] = (("text", "text"), ("html", "html"), ("url", "url"))
_META_KEYS = ("published", "outlet", "title", "author")
_SNIFF_BYTES = 8192

Item = RawInput | InputFailure


def iter_inputs(source: str, options: IngestOptions | None = None) -> Iterator[Item]:
    """Yield every article input that ``source`` names, in a stable order.

    ``source`` is an http(s) URL, ``-`` (stdin), a text/HTML/JSONL file or a folder
    (searched recursively, sorted, for .txt/.html/.htm/.jsonl files).

    Example:
        >>> next(iter_inputs("https://example.com/news/1")).kind
        'url'
    """
    options = options or IngestOptions()
    if source.lower().startswith(("http://", "https://")):
        yield RawInput(content=None, kind="url", url=source, source_id=source)
        return
    if source == "-":
        yield from _from_stream(sys.stdin.buffer, "<stdin>", options)
        return
    path = Path(source)
    if path.is_dir():
        yield from _from_folder(path, options)
    elif path.is_file():
        yield from _from_file(path, options)
    else:
        raise InputError(
            f"[E407] No such file or folder: {source!r}. Give a text, HTML or JSONL file, a "
            f"folder of them, an http(s) URL, or '-' for standard input."
        )


def _from_folder(folder: Path, options: IngestOptions) -> Iterator[Item]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            yield from _from_file(path, options)
            continue
        what = _sniff_binary(path)
        if what is not None:
            yield InputFailure(
                str(path),
                BinaryInputError(f"[E402] Skipped {path}: it looks like {what}, not an article."),
            )


def _from_file(path: Path, options: IngestOptions) -> Iterator[Item]:
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in _JSONL_SUFFIXES:
            yield from _from_jsonl(path, options)
            return
        with path.open("rb") as handle:
            data = _read_capped(handle, name, options)
    except UnspinError as error:
        yield InputFailure(name, error)
        return
    except OSError as exc:
        yield InputFailure(name, InputError(f"[E410] Could not read {name}: {exc.strerror}."))
        return
    what = looks_binary(data[:_SNIFF_BYTES])
    if what is not None:
        yield InputFailure(
            name, BinaryInputError(f"[E402] Skipped {name}: it looks like {what}, not an article.")
        )
        return
    kind: InputKind = "html" if suffix in _HTML_SUFFIXES else "auto"
    yield RawInput(content=data, kind=kind, source_id=name)


def _from_stream(stream: BinaryIO, name: str, options: IngestOptions) -> Iterator[Item]:
    try:
        data = _read_capped(stream, name, options)
    except UnspinError as error:
        yield InputFailure(name, error)
        return
    yield RawInput(content=data, kind="auto", source_id=name)


def _from_jsonl(path: Path, options: IngestOptions) -> Iterator[Item]:
    with path.open("rb") as handle:
        for number, line in enumerate(_capped_lines(handle, options), start=1):
            item_id = f"{path}:{number}"
            if isinstance(line, InputTooLargeError):
                yield InputFailure(item_id, line)
                continue
            if not line.strip():
                continue
            yield _jsonl_item(line, item_id, str(path), number)


def _capped_lines(handle: BinaryIO, options: IngestOptions) -> Iterator[bytes | InputTooLargeError]:
    """Lines of a JSONL file, never holding more than ``max_bytes`` of one line in memory."""
    while True:
        line = handle.readline(options.max_bytes + 1)
        if not line:
            return
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                rest = handle.readline(options.max_bytes)
                if not rest or rest.endswith(b"\n"):
                    break
            yield InputTooLargeError(
                f"[E404] A JSONL line is over the limit of {options.max_bytes} bytes. Split the "
                f"article or raise the limit."
            )
            continue
        yield line


def _jsonl_item(line: bytes, item_id: str, path: str, number: int) -> Item:
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        return InputFailure(
            item_id, InputError(f"[E408] {path} line {number} is not valid JSON: {exc}.")
        )
    if not isinstance(record, dict):
        return InputFailure(
            item_id, InputError(f"[E408] {path} line {number} is not a JSON object.")
        )
    given_id = record.get("id")
    source_id = str(given_id) if given_id not in (None, "") else item_id
    for key, kind in _BODY_KEYS:
        body = record.get(key)
        if isinstance(body, str) and body.strip():
            extra = {k: str(record[k]) for k in _META_KEYS if record.get(k) not in (None, "")}
            return RawInput(
                content=None if kind == "url" else body,
                kind=kind,
                source_id=source_id,
                url=body if kind == "url" else _optional_str(record.get("url")),
                **extra,
            )
    return InputFailure(
        source_id,
        InputError(
            f'[E409] {path} line {number} has no article body: give a non-empty "text", '
            f'"html" or "url" field.'
        ),
    )


def _read_capped(handle: BinaryIO, name: str, options: IngestOptions) -> bytes:
    data = handle.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputTooLargeError(
            f"[E404] {name} is over the limit of {options.max_bytes} bytes. Split it, or raise "
            f"the limit (--max-bytes) if it really is one article."
        )
    return data


def _sniff_binary(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return looks_binary(handle.read(_SNIFF_BYTES))
    except OSError:
        return None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
