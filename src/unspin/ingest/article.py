"""``ingest``: any raw input (bytes, text, HTML, URL) to an ``Article`` with canonical text."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from unspin.errors import EmptyInputError, InputError, InputTooLargeError, NoArticleBodyError
from unspin.ingest.decode import check_text, decode_bytes
from unspin.ingest.fetch import fetch
from unspin.ingest.html import HtmlArticle, extract_html
from unspin.ingest.metadata import merge_metadata
from unspin.ingest.normalize import assemble
from unspin.ingest.options import IngestOptions, InputKind, RawInput
from unspin.ingest.text import clean_text
from unspin.model import Article, Meta
from unspin.nlp.language import detect_language

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title"
    r"|article|div|p|main|section|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(r"</?(?:p|div|article|span|a|br|h[1-6]|li|ul|body|html)\b[^>]*>", re.I)
_HTML_SNIFF_CHARS = 10_000
_HTML_MIN_TAGS = 5
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Non-English guesses below this probability are reported as uncertain.
_LANGUAGE_CONFIDENT = 0.5


def ingest(raw: RawInput, options: IngestOptions | None = None) -> Article:
    """Read one article: decode, extract, clean, and gather metadata with provenance.

    Example:
        >>> article = ingest(RawInput("Share this article\\nTroops withdrew on Monday.", "text"))
        >>> article.text, article.meta.language
        ('Troops withdrew on Monday.', 'en')
    """
    options = options or IngestOptions()
    raw, surrogates = _without_surrogates(raw)
    name = raw.source_id or raw.url or "the input"
    kind: InputKind = raw.kind
    content, url, declared = raw.content, raw.url, None
    if kind == "url":
        target = url or (
            content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        )
        if not target or not target.strip():
            raise InputError(f"[E406] {name} is a URL input without a URL. Give the page address.")
        fetched = fetch(target.strip(), options)
        content, url, declared = fetched.content, fetched.final_url, fetched.encoding
        kind = _kind_of(fetched.content_type)
    if content is None:
        raise InputError(
            f"[E406] {name} has no content. Give the article text, its HTML, or kind='url'."
        )
    _check_size(content, name, options)
    warnings: list[str] = []
    if surrogates:
        warnings.append(
            f"[W409] {name} held {surrogates} lone surrogate code point(s) (not valid Unicode, "
            f"e.g. from a JSON escape); they were replaced with U+FFFD."
        )
    encoding = None
    if isinstance(content, bytes):
        decoded = decode_bytes(content, name=name, declared=declared)
        text, encoding = decoded.text, decoded.encoding
        warnings.extend(decoded.warnings)
    else:
        text = content
        check_text(text, name)
    if not text.strip() or not text.translate(_INVISIBLE_TABLE).strip():
        raise EmptyInputError(f"[E401] {name} is empty (no visible text). Give an article.")
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    page: HtmlArticle | None = None
    if kind == "html":
        page = extract_html(text, url=url, name=name)
        body = page.body
        warnings.extend(page.warnings)
    else:
        body = clean_text(text)
    article_text, paragraphs = assemble(body.paragraphs)
    if not article_text:
        raise NoArticleBodyError(
            f"[E405] {name} holds only page furniture (share buttons, bylines, notices) and no "
            f"article text. Check that you passed the article itself."
        )
    found = merge_metadata(raw, body, page, url)
    warnings.extend(found.warnings)
    language, score = detect_language(article_text)
    warnings.extend(_language_warnings(language, score))
    meta = Meta(
        title=found.title,
        outlet=found.outlet,
        author=found.author,
        published=found.published,
        url=url,
        language=language,
        language_score=score,
        extraction=page.extraction if page else "text",
        encoding=encoding,
        source_id=raw.source_id,
    )
    return Article(
        id=Article.make_id(article_text),
        text=article_text,
        meta=meta,
        paragraphs=paragraphs,
        warnings=tuple(warnings),
    )


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document or fragment rather than plain prose."""
    head = text[:_HTML_SNIFF_CHARS]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= _HTML_MIN_TAGS


def _kind_of(content_type: str | None) -> InputKind:
    if content_type in _HTML_TYPES:
        return "html"
    return "text" if content_type == "text/plain" else "auto"


def _check_size(content: bytes | str, name: str, options: IngestOptions) -> None:
    size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8"))
    if size > options.max_bytes:
        raise InputTooLargeError(
            f"[E404] {name} is {size} bytes, over the limit of {options.max_bytes} bytes. "
            f"Split it, or raise the limit (--max-bytes) if it really is one article."
        )


def _without_surrogates(raw: RawInput) -> tuple[RawInput, int]:
    """``raw`` with lone surrogates in its text fields replaced by U+FFFD, and how many there were.

    They come from JSON escapes ("\\ud800") or ``surrogateescape`` file names, cannot be encoded
    as UTF-8, and would break hashing, JSON output and the store.
    """
    changes: dict[str, Any] = {}
    count = 0
    for field in dataclasses.fields(raw):
        value = getattr(raw, field.name)
        if isinstance(value, str):
            clean, found = _SURROGATE.subn("\ufffd", value)
            if found:
                changes[field.name] = clean
                count += found
    return (dataclasses.replace(raw, **changes) if changes else raw), count


def _language_warnings(language: str, score: float) -> list[str]:
    if language == "en":
        return []
    if language == "und":
        return ["[W406] The language could not be identified (too little text)."]
    if score < _LANGUAGE_CONFIDENT:
        return [
            f"[W407] Language uncertain (best guess {language!r}, {score:.2f}); analysing it "
            f"as English."
        ]
    return [
        f"[W401] Language detected as {language!r} ({score:.2f}); the English models will "
        f"analyse it as far as they can."
    ]


_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE_TABLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u200e\u200f"), " ")
