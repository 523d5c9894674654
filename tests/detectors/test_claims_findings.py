"""Claims findings: JSON round trip, certainty, assertions, profile, registry, PolNeAR."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support import shared_data
from unspin.detectors.claims.assertions import certainty, claim_type, is_attributed
from unspin.detectors.claims.certainty import find_certainty_cues
from unspin.detectors.claims.detectors import ClaimsDetector
from unspin.detectors.claims.evaluate import evaluate_dirs
from unspin.detectors.claims.findings import (
    Attribution,
    AuthorAssertion,
    CertaintyCue,
    SourcingProfile,
)
from unspin.detectors.claims.predict import predict_dir
from unspin.model import Actor, Article, Mention, Meta, Span
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict

if TYPE_CHECKING:
    from spacy.language import Language

TEXT = (
    "The navy said that the drills would end soon. Officials claimed the ships were civilian. "
    "The fleet is clearly the best in the region. Prices rose by four percent."
)


@pytest.fixture(scope="module")
def analysed(nlp: Language) -> Article:
    doc = nlp(TEXT)
    navy = Actor(id="A1", name="Navy", kind="organisation", mentions=(Mention(Span(4, 8)),))
    article = Article(
        id=Article.make_id(TEXT),
        text=TEXT,
        meta=Meta(),
        sentences=tuple(Span(s.start_char, s.end_char) for s in doc.sents),
        actors=(navy,),
    )
    return article.with_updates(findings=tuple(ClaimsDetector()(article, doc)))


def test_findings_round_trip_through_json(analysed: Article) -> None:
    kinds = {f.kind for f in analysed.findings}
    assert kinds == {"attribution", "assertion", "certainty", "sourcing_profile"}
    assert article_from_dict(article_to_dict(analysed)) == analysed


def test_every_span_slices_inside(analysed: Article) -> None:
    for span in analysed.all_spans():
        assert span.slice(analysed.text) == analysed.text[span.start : span.end]


def test_source_linked_to_actor(analysed: Article) -> None:
    navy = next(f for f in analysed.findings if isinstance(f, Attribution))
    assert navy.source_actor == "A1"
    assert navy.detector == "claims.attribution.v1"


def test_assertions_and_profile(analysed: Article) -> None:
    assertions = [f for f in analysed.findings if isinstance(f, AuthorAssertion)]
    texts = {a.evidence[0].slice(TEXT): (a.claim_type, a.certainty) for a in assertions}
    assert texts == {
        "The fleet is clearly the best in the region.": ("opinion", "high"),
        "Prices rose by four percent.": ("factual", "high"),
    }
    (profile,) = [f for f in analysed.findings if isinstance(f, SourcingProfile)]
    assert profile.n_attributions == 2
    assert profile.n_author_assertions == 2
    assert profile.share_attributed == 0.5
    assert profile.anonymous_sources == 1
    assert profile.distinct_sources == 2
    assert [s.slice(TEXT) for s in profile.evidence] == ["The navy", "Officials"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He allegedly left.", [("hedge", "allegedly")]),
        ("It is clear that he probably left.", [("booster", "It is clear"), ("hedge", "probably")]),
        ("Moscow is unlikely to get involved.", [("hedge", "is unlikely to")]),
        ("It seems the talks failed.", [("hedge", "It seems")]),
        ("China is evidently preparing.", [("booster", "evidently")]),
        ("Obviously, they won.", [("booster", "Obviously")]),
        ("The vote is in May.", []),
        ("They may vote.", [("hedge", "may")]),
        ("The report was clear.", []),
    ],
)
def test_certainty_cues(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(label, span.slice(text)) for label, span in find_certainty_cues(text)] == expected


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The talks will fail.", "prediction"),
        ("The defence minister's visit will probably be the last stone.", "prediction"),
        ("Moscow could step in.", "prediction"),
        ("It is ridiculous to think so.", "opinion"),
        ("This is nothing more than naive propaganda.", "opinion"),
        ("The West should apologise.", "opinion"),
        ("Li Shangfu has been under sanctions since 2018.", "factual"),
        ("The visit lasted three days.", "factual"),
    ],
)
def test_claim_type(sentence: str, kind: str) -> None:
    assert claim_type(sentence) == kind


@pytest.mark.parametrize(
    ("kind", "labels", "expected"),
    [
        ("factual", [], "high"),
        ("prediction", [], "medium"),
        ("factual", ["hedge"], "low"),
        ("opinion", ["booster"], "high"),
        ("prediction", ["booster", "hedge"], "low"),
    ],
)
def test_certainty_level(kind: str, labels: list[str], expected: str) -> None:
    cues = [(label, Span(0, 1)) for label in labels]
    assert certainty(kind, cues) == expected  # type: ignore[arg-type]


def test_is_attributed_share() -> None:
    text = "abcd efgh"
    assert is_attributed(Span(0, 9), [Span(0, 4)], text)
    assert not is_attributed(Span(0, 9), [Span(0, 2)], text)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("claims.attribution.v1", Attribution),
        ("claims.certainty.v1", CertaintyCue),
        ("claims.assertions.v1", AuthorAssertion),
        ("claims.profile.v1", SourcingProfile),
    ],
)
def test_registered_detectors(nlp: Language, name: str, kind: type) -> None:
    import unspin.detectors.claims.detectors  # noqa: F401  (registers the names)

    detector = detectors._factories[name](None)
    assert detector.name == name
    doc = nlp(TEXT)
    article = Article(id="x", text=TEXT, meta=Meta())
    found = detector(article, doc)
    assert found
    assert all(isinstance(f, kind) for f in found)


@pytest.mark.slow
def test_polnear_dev_smoke(nlp: Language, tmp_path: Path) -> None:
    dev = shared_data("polnear") / "data" / "dev"
    written = predict_dir(dev, tmp_path, nlp, limit=10)
    assert written == 10
    scores = evaluate_dirs(dev, tmp_path)
    assert scores["cue/overlap"].matched > 0
    assert scores["content/overlap"].precision > 0.6
