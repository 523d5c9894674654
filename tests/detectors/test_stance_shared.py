"""stance.shared.v2: target polarity read from the paragraph pass that persuasion shares."""

from __future__ import annotations

import numpy as np
import pytest

from tests.detectors.test_stance_detector import TEXT, _article, _sentences
from unspin.detectors.persuasion.encoder_models import shared_model_dir
from unspin.detectors.stance import (
    NAME_V2,
    ActorStance,
    MentionStance,
    SharedStanceDetector,
    SharedStancePredictor,
    TargetInput,
)
from unspin.encoder import paragraph_segments, passes, segment_states
from unspin.model import Span
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict


@pytest.fixture(scope="module")
def predictor() -> SharedStancePredictor:
    if not (shared_model_dir() / "encoder.onnx").is_file():
        pytest.skip(f"shared encoder not present in {shared_model_dir()}")
    return SharedStancePredictor.load()


def test_registered_with_the_shared_encoder(predictor: SharedStancePredictor) -> None:
    detector = detectors.get(NAME_V2)(None)
    assert isinstance(detector, SharedStanceDetector)
    assert detector.model_version.startswith("unspin-shared-minilm@")
    assert predictor.labels == ("negative", "neutral", "positive")


def test_probabilities_for_targets_in_sentences(predictor: SharedStancePredictor) -> None:
    items = [
        TargetInput("Critics slammed Smith for his lies.", 16, 21),
        TargetInput("Smith", 0, 5),
        TargetInput("   ", 0, 3),  # no pieces: the uniform distribution, not a crash
    ]
    probs = predictor.predict(items)
    assert probs.shape == (3, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(probs[2], [1 / 3] * 3, rtol=1e-6)
    assert predictor.predict([]).shape == (0, 3)


def test_mentions_read_the_shared_pass_and_aggregate(predictor: SharedStancePredictor) -> None:
    article = _article()
    findings = SharedStanceDetector(predictor)(article, None)
    mentions = [f for f in findings if isinstance(f, MentionStance)]
    actors = [f for f in findings if isinstance(f, ActorStance)]
    assert len(mentions) == 4  # Paris is a location: no stance
    assert {a.actor for a in actors} == {"A1", "A2"}
    for f in findings:
        assert f.detector == NAME_V2
        assert all(s.slice(TEXT) for s in f.evidence)
    for m in mentions:
        assert m.evidence[0].contains(m.evidence[1])
        assert abs(sum(m.probabilities) - 1.0) < 1e-3
    first = _sentences(TEXT)[0]
    assert [m.label for m in mentions if m.evidence[0] == first] == ["negative"]
    stored = article.with_updates(findings=tuple(findings))
    assert article_from_dict(article_to_dict(stored)) == stored


def test_no_pass_of_its_own_after_persuasion(
    predictor: SharedStancePredictor, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _article().with_updates(paragraphs=(Span(0, len(TEXT)),))
    segment_states(predictor.encoder, TEXT, paragraph_segments(article))  # persuasion's pass
    calls: list[int] = []
    monkeypatch.setattr(predictor.encoder, "run", lambda *a, **k: calls.append(1) or [])
    findings = SharedStanceDetector(predictor)(article, None)
    assert calls == [] and findings


def test_chunked_passes_give_the_same_stance(
    predictor: SharedStancePredictor, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentences = _sentences(TEXT)
    article = _article().with_updates(paragraphs=sentences)  # one paragraph per sentence
    whole = SharedStanceDetector(predictor)(article, None)
    monkeypatch.setattr(passes, "CACHE_CHARS", 80)
    chunked = SharedStanceDetector(predictor)(article, None)
    assert [(f.label, f.evidence) for f in chunked] == [(f.label, f.evidence) for f in whole]
    assert [f.score for f in chunked] == pytest.approx([f.score for f in whole], abs=1e-3)
