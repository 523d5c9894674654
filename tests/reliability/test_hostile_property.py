"""Generated hostile texts: ingest -> pipeline -> JSON -> store -> load keeps every offset right."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.reliability.checks import analyse, assert_sound, ingest_only
from unspin.analysis import Analyzer
from unspin.ingest import RawInput
from unspin.model import Article

# Letters, marks (Mn: combining), format characters (Cf: zero-width, bidi controls),
# symbols (So: emoji), numbers, punctuation and separators; surrogates (Cs) are left to
# the lone-surrogate regression test.
_CATEGORIES = (
    *("Lu", "Ll", "Lo", "Lm", "Mn", "Mc", "Me", "Cf", "So", "Sk", "Nd", "No"),
    *("Po", "Ps", "Pe", "Pd", "Pi", "Pf", "Zs", "Zl", "Zp"),
)
_ANY = st.characters(categories=_CATEGORIES)  # type: ignore[arg-type]
_RTL = st.characters(min_codepoint=0x0590, max_codepoint=0x08FF)  # Hebrew, Arabic, Syriac…
_WORDS = st.sampled_from(
    (
        *("Xi Jinping", "Vladimir Putin", "met", "said", "on Monday", "in Moscow", "NATO"),
        *("22 March 2023", "last week", "officials", "“quoted”", "\u200b", "\u200f", "\u202e"),
        *("\U0001f600", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "e\u0301", "\ufeff", "."),
        *("\n", "\n\n", "\r\n", "\u2028", "\t", "Share this article\n", "By Jane Doe\n"),
    )
)
_PIECES = st.one_of(_WORDS, st.text(_ANY, min_size=1, max_size=12), st.text(_RTL, max_size=8))
TEXTS = st.lists(_PIECES, min_size=1, max_size=40).map(" ".join)
_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "koi8-r")


def _sound(outcome: Article | object) -> None:
    if isinstance(outcome, Article):
        with tempfile.TemporaryDirectory() as folder:
            assert_sound(outcome, Path(folder) / "p.db")


def _full_path(analyzer: Analyzer, text: str) -> None:
    _sound(analyse(analyzer, RawInput(text, kind="text", published="2023-04-20")))


def _bytes_ingest(text: str, encoding: str, html: bool) -> None:
    """Bytes in any encoding (unencodable characters dropped), as text or wrapped in HTML."""
    if html:
        text = f"<html><body><article><p>{text}</p><p>{text}.</p></article></body></html>"
    data = codecs.encode(text, encoding, "ignore")
    _sound(ingest_only(RawInput(data, kind="auto")))


_FIXTURE_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
_BYTES = {"text": TEXTS, "encoding": st.sampled_from(_ENCODINGS), "html": st.booleans()}


@settings(max_examples=20, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(text=TEXTS)
@example(text="\u05c5\u0735 Vladimir Putin")  # an ORG of combining marks only (found in CI)
def test_generated_text_full_path(analyzer: Analyzer, text: str) -> None:
    _full_path(analyzer, text)


@settings(max_examples=50, deadline=None)
@given(**_BYTES)
def test_generated_bytes_ingest(text: str, encoding: str, html: bool) -> None:
    _bytes_ingest(text, encoding, html)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(text=TEXTS)
def test_generated_text_full_path_long(analyzer: Analyzer, text: str) -> None:
    _full_path(analyzer, text)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(**_BYTES)
def test_generated_bytes_ingest_long(text: str, encoding: str, html: bool) -> None:
    _bytes_ingest(text, encoding, html)
