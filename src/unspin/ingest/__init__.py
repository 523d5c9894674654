"""Ingest: bytes, text, HTML or a URL in; an ``Article`` with canonical text out."""

from unspin.ingest.article import ingest, looks_like_html
from unspin.ingest.fetch import FetchResult, fetch
from unspin.ingest.options import IngestOptions, InputFailure, RawInput
from unspin.ingest.sources import iter_inputs

__all__ = [
    "FetchResult",
    "IngestOptions",
    "InputFailure",
    "RawInput",
    "fetch",
    "ingest",
    "iter_inputs",
    "looks_like_html",
]
