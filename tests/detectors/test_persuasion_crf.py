"""The persuasion.crf.v2 pieces: CRF features and tagger, v2 span features, the detector."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from unspin.detectors.persuasion.crf import (
    CrfSpanTagger,
    Lexicon,
    line_sequences,
    token_features,
    tokens_of,
)
from unspin.detectors.persuasion.detector import NAME_V2, PersuasionCrfDetector
from unspin.detectors.persuasion.findings import Technique
from unspin.detectors.persuasion.formats import SpanLabel
from unspin.detectors.persuasion.models_v2 import model_dir_v2
from unspin.detectors.persuasion.tasks import predict_task
from unspin.detectors.persuasion.tc_v2 import (
    SPAN_SPEC_V2,
    classify_spans_v2,
    span_features_v2,
)
from unspin.errors import ConfigError
from unspin.model import Article, Meta, Span
from unspin.registry import detectors
from unspin.textclf.features import FeatureSpec
from unspin.textclf.linear import LinearModel

HAVE_MODELS = (model_dir_v2() / "si_crf.crfsuite").exists()
needs_models = pytest.mark.skipif(not HAVE_MODELS, reason="v2 models not trained")


def test_lexicon_rates_and_buckets() -> None:
    pairs = [("liars", True)] * 4 + [("the", False)] * 9 + [("the", True), ("rare", True)]
    lexicon = Lexicon.learn(pairs)
    assert lexicon.bucket("liars") == "9"  # (4 + 0.5) / 5
    assert lexicon.bucket("the") == "1"  # (1 + 0.5) / 11
    assert lexicon.bucket("rare") == "u"  # seen fewer than MIN_COUNT times


def test_lines_are_sequences() -> None:
    tokens = tokens_of("One two.\n\nThree!\nFour")
    assert [[tokens[i].text for i in seq] for seq in line_sequences(tokens)] == [
        ["One", "two", "."],
        ["Three", "!"],
        ["Four"],
    ]


def test_token_features_mark_quotes_caps_and_lines() -> None:
    tokens = tokens_of('He said "TOTAL disaster" today!\nCalm line.')
    feats = token_features(tokens, Lexicon({"disaster": 0.8}))
    by_word = {t.text: f for t, f in zip(tokens, feats, strict=True)}
    assert "quoted=True" in by_word["disaster"] and "quoted=False" in by_word["today"]
    assert "caps" in by_word["TOTAL"] and "caps" not in by_word["He"]
    assert "lex=8" in by_word["disaster"] and "lex+1=8" in by_word["TOTAL"]
    assert "L!=True" in by_word["He"] and "L!=False" in by_word["Calm"]
    assert "w-1=<s>" in by_word["Calm"]


def _toy_tagger(tmp_path: Path) -> CrfSpanTagger:
    lexicon = Lexicon({})
    trainer = pycrfsuite.Trainer(verbose=False)
    for _ in range(5):
        for text, labels in (
            ("They are vile traitors .", ["O", "O", "B", "I", "O"]),
            ("The meeting is today .", ["O", "O", "O", "O", "O"]),
        ):
            trainer.append(token_features(tokens_of(text), lexicon), labels)
    trainer.train(str(tmp_path / "si_crf.crfsuite"))
    meta = {"lexicon": {}, "threshold": 0.5, "gap": 0}
    (tmp_path / "si_crf.json").write_text(json.dumps(meta), encoding="utf-8")
    return CrfSpanTagger(tmp_path)


def test_crf_tagger_decodes_spans(tmp_path: Path) -> None:
    tagger = _toy_tagger(tmp_path)
    text = "Calm words.\nThey are vile traitors ."
    spans = tagger.spans("9", text)
    assert [text[s.start : s.end] for s in spans] == ["vile traitors"]
    assert tagger.spans("9", "   ") == []


def test_missing_crf_model_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="E1233"):
        CrfSpanTagger(tmp_path)


def test_span_features_see_repetition_nesting_and_quotes() -> None:
    text = 'Build the wall! They said "build the wall" again.'
    first, second = SpanLabel("1", 0, 14), SpanLabel("1", 27, 41)
    inner = SpanLabel("1", 10, 14)
    feats = span_features_v2(text, first.start, first.end, [first, second, inner])
    assert "rep=2" in feats and "same=2" in feats and "elsewhere=1" in feats
    assert "has_other=True" in feats and "excl=True" in feats and "sent_start=True" in feats
    quoted = span_features_v2(text, second.start, second.end, [first, second])
    assert "quoted=True" in quoted and "q_edge=True" in quoted
    nested = span_features_v2(text, inner.start, inner.end, [first, inner])
    assert "in_other=True" in nested and "S=wall" in nested


def test_repeated_offsets_get_distinct_techniques() -> None:
    spec = FeatureSpec(n_features=16, word_ngrams=(0, 0), char_ngrams=(0, 0))
    labels = ("Doubt", "Loaded_Language", "Slogans")
    model = LinearModel(
        spec, labels, None, np.zeros((3, 16)), np.array([0.0, 2.0, 1.0]), head="softmax"
    )
    spans = [SpanLabel("1", 0, 4), SpanLabel("1", 0, 4), SpanLabel("1", 5, 9)]
    out = classify_spans_v2(model, "Hate them all", spans)
    assert [s.technique for s in out] == ["Loaded_Language", "Slogans", "Loaded_Language"]
    assert classify_spans_v2(model, "x", []) == []


def test_unknown_model_name_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "article1.txt").write_text("Text.", encoding="utf-8")
    with pytest.raises(ConfigError, match="E1242"):
        predict_task("ptc-si", tmp_path, model="bert")  # type: ignore[arg-type]


def test_v2_spec_is_hashed_wide() -> None:
    assert SPAN_SPEC_V2.n_features == 2**18


@needs_models
def test_v2_detector_is_registered_and_narrows_evidence() -> None:
    detector = detectors.get(NAME_V2)(None)
    assert isinstance(detector, PersuasionCrfDetector)
    text = (
        "The corrupt elites have betrayed every hard-working patriot. "
        "Their disgraceful lies will destroy our great nation unless we act now!\n\n"
        "Officials said the budget would be published on Tuesday."
    )
    paragraphs = (Span(0, text.index("\n\n")), Span(text.index("Officials"), len(text)))
    article = Article(
        id="a", text=text, meta=Meta(language="en"), paragraphs=paragraphs, sentences=paragraphs
    )
    findings = detector(article, None)
    assert findings and all(f.detector == NAME_V2 for f in findings)
    for f in findings:
        if isinstance(f, Technique):
            assert all(any(p.contains(s) for p in paragraphs) for s in f.evidence)
            assert all(s.slice(text) for s in f.evidence)


@needs_models
def test_v2_predicts_ptc_spans(tmp_path: Path) -> None:
    text = "They are vile, treacherous traitors who hate freedom!\nThe vote is on Monday.\n"
    (tmp_path / "article7.txt").write_text(text, encoding="utf-8")
    out = predict_task("ptc-si", tmp_path, model="crf")
    for line in out.splitlines():
        article_id, start, end = line.split("\t")
        assert article_id == "7" and 0 <= int(start) < int(end) <= len(text)
