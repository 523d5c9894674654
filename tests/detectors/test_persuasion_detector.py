"""The persuasion.baseline.v1 detector on short texts written for these tests."""

from __future__ import annotations

import pytest

from unspin.detectors.persuasion.detector import NAME, PersuasionDetector
from unspin.detectors.persuasion.findings import Frame, Genre, Technique
from unspin.detectors.persuasion.taxonomy import FRAMES, GENRES, TECHNIQUES
from unspin.model import Article, Meta, Span
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict

TEXT = (
    "The Traitors Are Winning\n\n"
    "The corrupt elites in the capital have betrayed every hard-working patriot. "
    "Their disgraceful lies will destroy our great nation unless we act now!\n\n"
    "Critics say the plan is sensible. But who would believe those clowns after years of "
    "failure and shameless, endless lies?\n\n"
    "Officials said the budget would be published on Tuesday."
)


def _paragraphs(text: str) -> tuple[Span, ...]:
    out, start = [], 0
    for block in text.split("\n\n"):
        out.append(Span(start, start + len(block)))
        start += len(block) + 2
    return tuple(out)


def _sentences(text: str, paragraphs: tuple[Span, ...]) -> tuple[Span, ...]:
    out = []
    for p in paragraphs:
        start = p.start
        for i in range(p.start, p.end):
            if text[i] in ".!?" and (i + 1 == p.end or text[i + 1] == " "):
                out.append(Span(start, i + 1))
                start = i + 2
        if start < p.end:
            out.append(Span(start, p.end))
    return tuple(out)


def _article(text: str, language: str | None = "en") -> Article:
    paragraphs = _paragraphs(text)
    return Article(
        id=Article.make_id(text),
        text=text,
        meta=Meta(language=language),
        paragraphs=paragraphs,
        sentences=_sentences(text, paragraphs),
    )


@pytest.fixture(scope="module")
def detector() -> PersuasionDetector:
    return PersuasionDetector()


def test_registered() -> None:
    assert isinstance(detectors.get(NAME)(None), PersuasionDetector)


def test_findings_on_a_loaded_text(detector: PersuasionDetector) -> None:
    article = _article(TEXT)
    findings = detector(article, None)
    techniques = [f for f in findings if isinstance(f, Technique)]
    genres = [f for f in findings if isinstance(f, Genre)]
    frames = [f for f in findings if isinstance(f, Frame)]
    assert techniques, "a text this loaded should show at least one technique"
    assert len(genres) == 1 and genres[0].label in GENRES
    assert all(f.label in FRAMES for f in frames)
    for f in techniques:
        assert f.label in TECHNIQUES and f.group == TECHNIQUES[f.label].group
        assert f.explanation == f.label
        assert 0.0 <= f.confidence <= 1.0 and f.score == f.confidence
        assert all(any(p.contains(s) for p in article.paragraphs) for s in f.evidence)
    for f in findings:
        assert f.detector == NAME
        assert all(s.slice(TEXT) for s in f.evidence)
    assert {"Loaded_Language", "Name_Calling-Labeling"} & {f.label for f in techniques}


def test_findings_round_trip_through_json(detector: PersuasionDetector) -> None:
    article = _article(TEXT)
    article = article.with_updates(findings=tuple(detector(article, None)))
    assert article_from_dict(article_to_dict(article)) == article


@pytest.mark.parametrize(
    ("text", "language", "expect_findings"),
    [
        ("", "en", False),
        ("   \n\n  ", None, False),
        ("Der Minister sprach am Dienstag.", "de", False),
        ("one single line without any paragraph break at all", None, True),
    ],
)
def test_awkward_inputs(
    detector: PersuasionDetector, text: str, language: str | None, expect_findings: bool
) -> None:
    article = Article(id="x", text=text, meta=Meta(language=language))
    findings = detector(article, None)
    assert bool(findings) is expect_findings
    for f in findings:
        assert all(s.slice(text) is not None for s in f.evidence)
