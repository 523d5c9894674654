"""persuasion.encoder.v3: paragraph techniques from the shared encoder, one pass per paragraph."""

from __future__ import annotations

import numpy as np
import pytest

from tests.detectors.test_persuasion_detector import TEXT, _article
from unspin.detectors.persuasion.encoder_detector import NAME_V3, PersuasionEncoderDetector
from unspin.detectors.persuasion.encoder_models import (
    PersuasionModelsV3,
    load_models_v3,
    shared_model_dir,
)
from unspin.detectors.persuasion.findings import Genre, Technique
from unspin.detectors.persuasion.taxonomy import TECHNIQUES
from unspin.encoder import paragraph_segments, passes, segment_states
from unspin.model import Article, Meta
from unspin.registry import detectors


@pytest.fixture(scope="module")
def models() -> PersuasionModelsV3:
    if not (shared_model_dir() / "encoder.onnx").is_file():
        pytest.skip(f"shared encoder not present in {shared_model_dir()}")
    return load_models_v3()


@pytest.fixture(scope="module")
def detector(models: PersuasionModelsV3) -> PersuasionEncoderDetector:
    return PersuasionEncoderDetector(models)


def test_registered_with_the_encoder_in_its_version(models: PersuasionModelsV3) -> None:
    made = detectors.get(NAME_V3)(None)
    assert isinstance(made, PersuasionEncoderDetector)
    assert "unspin-shared-minilm@" in made.model_version
    assert made.model_version.startswith("persuasion-encoder-3:")


def test_head_labels_are_the_taxonomy(models: PersuasionModelsV3) -> None:
    assert models.head.labels == tuple(TECHNIQUES)
    assert 0.0 < models.head.cut < 1.0


def test_texts_and_segments_of_a_pass_agree(models: PersuasionModelsV3) -> None:
    article = _article(TEXT)
    passed = segment_states(models.encoder, TEXT, paragraph_segments(article))
    from_pass, _ = models.segment_proba(passed)
    alone, _ = models.technique_proba([TEXT[s.start : s.end] for s in paragraph_segments(article)])
    np.testing.assert_allclose(from_pass, alone, rtol=1e-6)  # each window runs alone


def test_findings_on_a_loaded_text(detector: PersuasionEncoderDetector) -> None:
    article = _article(TEXT)
    findings = detector(article, None)
    techniques = [f for f in findings if isinstance(f, Technique)]
    assert techniques and sum(isinstance(f, Genre) for f in findings) == 1
    assert {"Loaded_Language", "Name_Calling-Labeling"} & {f.label for f in techniques}
    for f in findings:
        assert f.detector == NAME_V3
        assert all(s.slice(TEXT) for s in f.evidence)
    for f in techniques:
        assert f.group == TECHNIQUES[f.label].group
        assert all(any(p.contains(s) for p in article.paragraphs) for s in f.evidence)


def test_sentences_are_read_from_the_paragraph_pass(
    detector: PersuasionEncoderDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _article(TEXT + "\n\nOne more paragraph, so that the cache key is new.")
    calls: list[int] = []
    real = detector.models.encoder.run

    def counting(inputs, batch_size=64):  # type: ignore[no-untyped-def]
        calls.append(len(inputs))
        return real(inputs, batch_size)

    monkeypatch.setattr(detector.models.encoder, "run", counting)
    detector(article, None)
    assert calls == [len(paragraph_segments(article))], "one run, one window per paragraph"


@pytest.mark.parametrize(
    ("text", "language", "expect"),
    [
        ("", "en", False),
        ("Der Minister sprach am Dienstag.", "de", False),
        ("one single line without any paragraph break at all", None, True),
        ("word " * 3000, None, True),
    ],
)
def test_awkward_inputs(
    detector: PersuasionEncoderDetector, text: str, language: str | None, expect: bool
) -> None:
    findings = detector(Article(id="x", text=text, meta=Meta(language=language)), None)
    assert bool(findings) is expect
    assert all(s.slice(text) is not None for f in findings for s in f.evidence)


def test_a_long_article_streams_with_the_same_findings(
    detector: PersuasionEncoderDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _article(TEXT + "\n\nA closing paragraph to make this article's cache key new.")
    whole = detector(article, None)
    monkeypatch.setattr(passes, "CACHE_CHARS", 120)  # every paragraph its own chunk
    chunked = detector(article, None)
    assert [(f.label, f.evidence) for f in chunked] == [(f.label, f.evidence) for f in whole]
    assert [f.score for f in chunked] == pytest.approx([f.score for f in whole], abs=1e-5)


@pytest.mark.slow
def test_100k_words_hold_the_states_of_one_chunk_at_most(
    detector: PersuasionEncoderDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraph = "The corrupt elites lied again and the traitors cheered them on. " * 10
    text = "\n\n".join([paragraph] * 1000)  # 110,000 words, ~140,000 wordpieces
    article = _article(text)
    held: list[int] = []
    encode = passes._encode

    def measured(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = encode(*args, **kwargs)
        held.append(sum(s.nbytes for seg in out for s in seg.states))
        return out

    monkeypatch.setattr(passes, "_encode", measured)
    proba, _ = detector._paragraph_proba(article, list(article.paragraphs))
    assert proba.shape == (1000, len(TECHNIQUES))
    # All states at once would be ~215 MB (140,000 x 384 float32); one chunk is ~50 MB.
    assert sum(held) > 150_000_000
    assert max(held) < 60_000_000, max(held)
