"""ingest(): canonical text, paragraph spans, language, and the offset contract."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.errors import ConfigError, InputError
from unspin.ingest import IngestOptions, RawInput, ingest
from unspin.model import Article

WRAPPED = """Harbour strike ends

The dock workers' union agreed on Sunday to end a strike that had closed
the port for nine days, after the operator offered a pay rise of six per
cent and a review of night shifts.

Shipping companies said it would take at least a week to clear the
backlog of containers waiting in the bay.
"""


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("One line only.", ["One line only."]),
        ("First paragraph.\nSecond paragraph.", ["First paragraph.", "Second paragraph."]),
        ("First.\n\n\n\nSecond.", ["First.", "Second."]),
        ("Spaces   inside\t a  line.", ["Spaces inside a line."]),
        (
            "A sentence that runs\non into a lowercase line.",
            ["A sentence that runs on into a lowercase line."],
        ),
        ("Line one.\r\nLine two.\rLine three.", ["Line one.", "Line two.", "Line three."]),
        ("Zero\u200bwidth and soft\u00adhyphen.", ["Zerowidth and softhyphen."]),
        ("Cafe\u0301 in NFD.", ["Café in NFD."]),
        ("Non\u00a0breaking\u2003spaces.", ["Non breaking spaces."]),
        ("Para one.\u2029Para two.", ["Para one.", "Para two."]),
        (
            WRAPPED,
            [
                "Harbour strike ends",
                "The dock workers' union agreed on Sunday to end a strike that had closed the port "
                "for nine days, after the operator offered a pay rise of six per cent and a review "
                "of night shifts.",
                "Shipping companies said it would take at least a week to clear the backlog of "
                "containers waiting in the bay.",
            ],
        ),
    ],
)
def test_paragraphs(text: str, paragraphs: list[str]) -> None:
    article = ingest(RawInput(text, kind="text"))
    assert [article.evidence(span) for span in article.paragraphs] == paragraphs
    assert article.text == "\n\n".join(paragraphs)
    assert article.id == Article.make_id(article.text)


def test_title_from_first_short_line() -> None:
    article = ingest(RawInput(WRAPPED, kind="text"))
    assert article.meta.title is not None
    assert (article.meta.title.value, article.meta.title.source) == ("Harbour strike ends", "text")


@pytest.mark.parametrize(
    ("text", "language", "warning"),
    [
        ("The minister resigned on Tuesday after a vote of no confidence.", "en", None),
        (
            "Die Bundesregierung hat am Mittwoch beschlossen, die Hilfen für Familien zu "
            "verlängern.",
            "de",
            "[W401] Language detected as 'de'",
        ),
        (
            "Le gouvernement a annoncé mercredi de nouvelles mesures pour les agriculteurs.",
            "fr",
            "[W401] Language detected as 'fr'",
        ),
    ],
)
def test_language(text: str, language: str, warning: str | None) -> None:
    article = ingest(RawInput(text, kind="text"))
    assert article.meta.language == language
    assert article.meta.language_score is not None and 0.0 <= article.meta.language_score <= 1.0
    if warning is None:
        assert not any(w.startswith("[W40") and "Language" in w for w in article.warnings)
    else:
        assert any(w.startswith(warning) and "as far as they can" in w for w in article.warnings)


def test_only_chrome_is_no_article() -> None:
    with pytest.raises(InputError, match=r"\[E405\]"):
        ingest(RawInput("Share this article\nAdvertisement\nFollow Us on Google News", "text"))


def test_no_content_is_refused() -> None:
    with pytest.raises(InputError, match=r"\[E406\]"):
        ingest(RawInput(None, kind="text", source_id="x"))


def test_meta_records_source_and_encoding() -> None:
    article = ingest(RawInput(b"Troops withdrew on Monday.", source_id="f.txt"))
    assert (article.meta.source_id, article.meta.encoding, article.meta.extraction) == (
        "f.txt",
        "utf-8",
        "text",
    )


_LINES = st.lists(
    st.one_of(
        st.text(
            alphabet=st.characters(exclude_categories=["Cs"]),
            max_size=60,
        ),
        st.sampled_from(
            [
                "Follow Us on Google News",
                "By Jane Doe",
                "MOSCOW, March 22 (Reuters) - Talks went on.",
                "",
                "   ",
                "Share this article",
                "The minister resigned on Tuesday.",
                "\u200b",
                "e\u0301",
            ]
        ),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES, st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_paragraph_spans_are_inside_and_disjoint(lines: list[str], newline: str) -> None:
    try:
        article = ingest(RawInput(newline.join(lines), kind="text"))
    except InputError:
        return
    text = article.text
    assert text and text == text.strip()
    previous_end = -2
    for span in article.paragraphs:
        evidence = span.slice(text)
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end + 2
        assert evidence == evidence.strip() and "\n" not in evidence
        previous_end = span.end
    assert text == "\n\n".join(span.slice(text) for span in article.paragraphs)
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("changes", [{"max_bytes": 0}, {"timeout": 0.0}, {"max_redirects": -1}])
def test_bad_options_are_refused(changes: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match=r"\[E411\]"):
        IngestOptions(**changes)  # type: ignore[arg-type]
