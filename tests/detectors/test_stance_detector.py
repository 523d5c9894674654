"""stance.target.v1 on a short text written for these tests, with a fake and the real model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest

from unspin.detectors.stance import (
    ActorStance,
    MentionStance,
    StanceDetector,
    StancePredictor,
    TargetInput,
    stance_model_dir,
)
from unspin.detectors.stance.detector import NAME, make_stance_detector
from unspin.model import Actor, Article, Finding, Mention, Meta, Span
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict

TEXT = (
    "Critics accused Smith of lying to voters and wasting public money. "
    "Jones praised the new hospital as a triumph for the city. "
    'Smith said: "Jones is a fraud who betrayed Paris." '
    "The meeting took place in Paris on Monday."
)


def _span(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def _sentences(text: str) -> tuple[Span, ...]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in '."' and (i + 1 == len(text) or text[i + 1] == " ") and text[i - 1] != ":":
            if ch == "." and i + 1 < len(text) and text[i + 1] == '"':
                continue
            out.append(Span(start, i + 1))
            start = i + 2
    return tuple(out)


def _article(findings: tuple[Finding, ...] = ()) -> Article:
    actors = (
        Actor(
            "A1",
            "John Smith",
            "person",
            (Mention(_span(TEXT, "Smith")), Mention(_span(TEXT, "Smith", 1))),
        ),
        Actor(
            "A2",
            "Mary Jones",
            "person",
            (Mention(_span(TEXT, "Jones")), Mention(_span(TEXT, "Jones", 1))),
        ),
        Actor(
            "A3",
            "Paris",
            "location",
            (Mention(_span(TEXT, "Paris")), Mention(_span(TEXT, "Paris", 1))),
        ),
    )
    return Article(
        id=Article.make_id(TEXT),
        text=TEXT,
        meta=Meta(language="en"),
        sentences=_sentences(TEXT),
        actors=actors,
        findings=findings,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Attribution(Finding):
    """Stands in for the claims detector's ``attribution`` kind (only ``content`` is read)."""

    kind: ClassVar[str] = "attribution"
    content: Span


class _FakePredictor:
    """Negative when the sentence holds 'lying' or 'fraud', positive for 'praised'."""

    labels = ("negative", "neutral", "positive")
    version = "fake@0"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def predict(self, items: Sequence[TargetInput], batch_size: int = 64) -> np.ndarray:
        self.calls.append(len(items))
        rows = []
        for item in items:
            if "lying" in item.text or "fraud" in item.text:
                rows.append([0.8, 0.15, 0.05])
            elif "praised" in item.text:
                rows.append([0.05, 0.15, 0.8])
            else:
                rows.append([0.1, 0.8, 0.1])
        return np.asarray(rows, dtype=np.float32)


def test_sentences_fixture_is_right() -> None:
    assert [s.slice(TEXT)[-1] for s in _sentences(TEXT)] == [".", ".", '"', "."]


def test_one_stance_per_mention_and_spans_inside() -> None:
    fake = _FakePredictor()
    findings = StanceDetector(fake)(_article(), None)
    mentions = [f for f in findings if isinstance(f, MentionStance)]
    assert fake.calls == [4]  # one batched call, Paris (a location) skipped
    assert [(m.actor, m.evidence[1].slice(TEXT)) for m in mentions] == [
        ("A1", "Smith"),
        ("A2", "Jones"),
        ("A1", "Smith"),
        ("A2", "Jones"),
    ]
    for m in mentions:
        sentence, mention = m.evidence
        assert sentence.contains(mention)
        assert sum(m.probabilities) == pytest.approx(1.0, abs=1e-3)
        assert m.confidence == max(m.probabilities)
    assert [m.label for m in mentions] == ["negative", "positive", "negative", "negative"]


def test_actor_aggregate_and_holder_without_attribution() -> None:
    findings = StanceDetector(_FakePredictor())(_article(), None)
    actors = {f.actor: f for f in findings if isinstance(f, ActorStance)}
    assert set(actors) == {"A1", "A2"}
    smith, jones = actors["A1"], actors["A2"]
    assert (smith.label, smith.negative, smith.mentions, smith.holder) == (
        "negative",
        2,
        2,
        "author",
    )
    assert smith.score is not None and smith.score < -0.5
    assert jones.label in ("negative", "positive") and (jones.negative, jones.positive) == (1, 1)
    assert all(s.slice(TEXT) for s in smith.evidence)


def test_holder_from_attributed_content() -> None:
    quote = _span(TEXT, '"Jones is a fraud who betrayed Paris."')
    attribution = _Attribution(label="quote", evidence=(quote,), detector="test", content=quote)
    findings = StanceDetector(_FakePredictor())(_article((attribution,)), None)
    holders = {f.actor: f.holder for f in findings if isinstance(f, ActorStance)}
    assert holders == {"A1": "author", "A2": "mixed"}
    quoted = [f for f in findings if isinstance(f, MentionStance) and f.holder == "source"]
    assert [f.evidence[1].slice(TEXT) for f in quoted] == ["Jones"]


def test_findings_round_trip_through_json() -> None:
    article = _article()
    findings = StanceDetector(_FakePredictor())(article, None)
    article = article.with_updates(findings=tuple(findings))
    assert article_from_dict(article_to_dict(article)) == article


def test_article_without_actors_gives_nothing() -> None:
    fake = _FakePredictor()
    article = _article().with_updates(actors=())
    assert StanceDetector(fake)(article, None) == []


@pytest.fixture(scope="module")
def predictor() -> StancePredictor:
    if not (stance_model_dir() / "encoder.onnx").is_file():
        pytest.skip(f"stance model files not present in {stance_model_dir()}")
    return StancePredictor.load()


def test_registered_factory(predictor: StancePredictor) -> None:
    detector = detectors.get(NAME)(None)
    assert detector.name == NAME and isinstance(detector, StanceDetector)
    assert make_stance_detector is detectors.get(NAME)
    assert detector.model_version.startswith("unspin-stance-minilm@")


def test_real_model_on_a_short_text(predictor: StancePredictor) -> None:
    findings = StanceDetector(predictor)(_article(), None)
    mentions = [f for f in findings if isinstance(f, MentionStance)]
    assert len(mentions) == 4
    by_text = {(m.evidence[0].start, m.actor): m.label for m in mentions}
    first = _sentences(TEXT)[0].start
    assert by_text[(first, "A1")] == "negative"  # "Critics accused Smith of lying"
    assert [f.label for f in mentions if f.evidence[0] == _sentences(TEXT)[1]] == ["positive"]
    article = _article().with_updates(findings=tuple(findings))
    assert article_from_dict(article_to_dict(article)) == article


def test_actor_named_twice_in_a_sentence_is_encoded_once() -> None:
    text = "Critics said Smith was lying when Smith spoke."
    article = Article(
        id=Article.make_id(text),
        text=text,
        meta=Meta(language="en"),
        sentences=(Span(0, len(text)),),
        actors=(
            Actor(
                "A1",
                "John Smith",
                "person",
                (Mention(_span(text, "Smith")), Mention(_span(text, "Smith", 1))),
            ),
        ),
    )
    fake = _FakePredictor()
    findings = StanceDetector(fake)(article, None)
    mentions = [f for f in findings if isinstance(f, MentionStance)]
    assert fake.calls == [1]
    assert [m.evidence[1] for m in mentions] == [_span(text, "Smith"), _span(text, "Smith", 1)]
    assert mentions[0].probabilities == mentions[1].probabilities
