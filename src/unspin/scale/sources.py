"""Corpus SOURCES to one stream of inputs: folders, globs, JSONL, WARC, feeds, sitemaps, URLs.

Every SOURCE is checked before anything is read, so a typo fails at once (``[E407]``,
``[E1403]``) instead of after hours of ingest. Within a source, one bad item becomes an
``InputFailure`` and the stream goes on.

Example:
    >>> items = iter_corpus_inputs(["news/", "crawl.warc.gz", "extra/*.jsonl"])  # doctest: +SKIP
"""

from __future__ import annotations

import glob
from collections.abc import Iterator, Sequence
from pathlib import Path

from unspin.errors import BinaryInputError, InputError
from unspin.ingest import IngestOptions, InputFailure, RawInput, iter_inputs
from unspin.ingest.decode import looks_binary
from unspin.ingest.sources import ARTICLE_SUFFIXES
from unspin.scale.feeds import Fetcher, expand_url
from unspin.scale.warc import is_warc, iter_warc

Item = RawInput | InputFailure

_GLOB_CHARS = frozenset("*?[")
_SNIFF_BYTES = 8192


def check_sources(sources: Sequence[str]) -> None:
    """Raise ``InputError`` naming the first SOURCE that names nothing."""
    if not sources:
        raise InputError("[E1403] Give at least one SOURCE: a folder, file, glob or URL.")
    for source in sources:
        if _is_url(source) or source == "-" or Path(source).exists():
            continue
        if _is_glob(source):
            if not glob.glob(source, recursive=True):  # noqa: PTH207 (absolute patterns too)
                raise InputError(f"[E1403] The pattern {source!r} matches no file.")
            continue
        raise InputError(
            f"[E407] No such file or folder: {source!r}. Give a folder, a text/HTML/JSONL/WARC "
            "file, a glob pattern (quoted), an http(s) URL of a page, feed or sitemap, or '-'."
        )


def iter_corpus_inputs(
    sources: Sequence[str],
    options: IngestOptions | None = None,
    *,
    fetcher: Fetcher | None = None,
) -> Iterator[Item]:
    """Every input the SOURCES name, source by source, each in a stable order."""
    options = options or IngestOptions()
    check_sources(sources)
    for source in sources:
        if _is_url(source):
            yield from expand_url(source, options, fetcher=fetcher)
        elif source == "-":
            yield from iter_inputs(source, options)
        elif not Path(source).exists() and _is_glob(source):
            for match in sorted(glob.glob(source, recursive=True)):  # noqa: PTH207
                yield from _from_path(Path(match), options)
        else:
            yield from _from_path(Path(source), options)


def _from_path(path: Path, options: IngestOptions) -> Iterator[Item]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            if child.is_file() and not any(p.startswith(".") for p in relative.parts):
                yield from _from_file(child, options, in_folder=True)
    else:
        yield from _from_file(path, options, in_folder=False)


def _from_file(path: Path, options: IngestOptions, *, in_folder: bool) -> Iterator[Item]:
    if is_warc(path):
        yield from iter_warc(path, options)
    elif not in_folder or path.suffix.lower() in ARTICLE_SUFFIXES:
        yield from iter_inputs(str(path), options)
    else:
        what = _sniff(path)
        if what is not None:
            yield InputFailure(
                str(path),
                BinaryInputError(f"[E402] Skipped {path}: it looks like {what}, not an article."),
            )


def _sniff(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return looks_binary(handle.read(_SNIFF_BYTES))
    except OSError:
        return None


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _is_glob(source: str) -> bool:
    return any(c in _GLOB_CHARS for c in source)
