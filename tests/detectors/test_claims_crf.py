"""The PolNeAR CRF cue tagger: features, marginal decoding, model files and the v3 detectors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pycrfsuite
import pytest

from tests.support import parsed_article
from unspin.detectors.claims.crffeatures import crf_features, shape
from unspin.detectors.claims.crftagger import (
    HEADER_FILE,
    MODEL_FILE,
    CrfCueTagger,
    load_crf_tagger,
    load_crf_tagger_from,
    write_header,
)
from unspin.detectors.claims.cuefeatures import token_features
from unspin.detectors.claims.detectors import (
    ALL_V3,
    ATTRIBUTION_V3,
    AttributionDetector,
    ClaimsDetector,
    attributions,
    crf_attributions,
)
from unspin.detectors.claims.findings import Attribution
from unspin.detectors.claims.predict import predict_dir
from unspin.detectors.claims.sourcetrim import trim_source
from unspin.errors import ConfigError, ModelError
from unspin.model import Span
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Trump", "Xx"), ("said", "x"), ("2016", "d"), ("U.S.", "X.X."), ("“", "“"), ("", "")],
)
def test_shape(word: str, expected: str) -> None:
    assert shape(word) == expected


def test_crf_features_extend_the_linear_ones(nlp: Language) -> None:
    doc = nlp("Kim said it rained.")
    linear = token_features(doc, [])
    crf = crf_features(doc, [])
    assert len(crf) == len(doc)
    for base, extended in zip(linear, crf, strict=True):
        assert extended[: len(base)] == base
    assert {"sh=Xx", "w+1=said", "lr=kim|O"} <= set(crf[0])
    assert "w-1=<s>" in crf[0] and "w+1=</s>" in crf[-1]


def _train_tiny(directory: Path) -> None:
    """A CRF that tags the token after ``who`` as a cue (B) and the one after that as I."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for _ in range(5):
        trainer.append([["a"], ["who"], ["x"], ["y"], ["a"]], ["O", "O", "B", "I", "O"])
        trainer.append([["a"], ["a"], ["a"]], ["O", "O", "O"])
    trainer.set_params({"c2": 0.01, "max_iterations": 50})
    trainer.train(str(directory / MODEL_FILE))
    write_header(directory, {"name": "tiny"}, threshold=0.3, cue_bias=0.0, rule_threshold=0.1)


def test_tiny_model_marginals_and_decoding(tmp_path: Path) -> None:
    _train_tiny(tmp_path)
    tagger = load_crf_tagger_from(tmp_path)
    assert tagger.meta == {"name": "tiny"}
    assert (tagger.threshold, tagger.cue_bias, tagger.rule_threshold) == (0.3, 0.0, 0.1)
    logp = tagger.log_proba([["a"], ["who"], ["x"], ["y"], ["a"]])
    np.testing.assert_allclose(np.exp(logp).sum(axis=1), 1.0, atol=1e-6)
    (cue,) = tagger.decode(logp)
    assert (cue.first, cue.last) == (2, 3) and 0.5 < cue.score <= 1.0
    assert tagger.decode(logp, threshold=1.01) == []
    assert tagger.log_proba([]).shape == (0, 3)


def test_bias_lets_more_tokens_into_cues(tmp_path: Path) -> None:
    _train_tiny(tmp_path)
    tagger = load_crf_tagger_from(tmp_path)
    rows = [["a"], ["who"], ["x"], ["y"], ["a"]]
    tagger.cue_bias = 50.0
    cues = tagger.decode(tagger.log_proba(rows), threshold=0.0)
    assert {t for c in cues for t in range(c.first, c.last + 1)} == set(range(5))


def test_tagger_pickles_by_path(tmp_path: Path) -> None:
    _train_tiny(tmp_path)
    tagger = load_crf_tagger_from(tmp_path)
    copy = pickle.loads(pickle.dumps(tagger))
    rows = [["a"], ["who"], ["x"], ["y"], ["a"]]
    np.testing.assert_allclose(copy.log_proba(rows), tagger.log_proba(rows))
    assert (copy.meta, copy.rule_threshold) == (tagger.meta, tagger.rule_threshold)
    assert pickle.loads(pickle.dumps(ClaimsDetector(version=3))).name == ALL_V3


def test_missing_model_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"\[E823\].*train_crf\.py"):
        load_crf_tagger_from(tmp_path)


def test_wrong_format_version_is_refused(tmp_path: Path) -> None:
    _train_tiny(tmp_path)
    header = json.loads((tmp_path / HEADER_FILE).read_text())
    header["format_version"] = 99
    (tmp_path / HEADER_FILE).write_text(json.dumps(header))
    with pytest.raises(ModelError, match=r"\[E825\]"):
        load_crf_tagger_from(tmp_path)


def test_foreign_labels_are_refused(tmp_path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([["a"], ["b"]], ["O", "CUE"])
    trainer.train(str(tmp_path / "m.crfsuite"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "m.crfsuite"))
    with pytest.raises(ModelError, match=r"\[E824\]"):
        CrfCueTagger(tagger)


def test_shipped_model_loads() -> None:
    tagger = load_crf_tagger()
    assert str(tagger.meta["name"]).startswith("polnear-cues-crf")
    assert 0.0 <= tagger.threshold <= 1.0 and 0.0 <= tagger.rule_threshold <= 1.0


def test_v3_keeps_rule_attributions(nlp: Language) -> None:
    text = "Maria Lopez said that the bridge would reopen in May."
    article, doc = parsed_article(text, nlp)
    (found,) = crf_attributions(article, doc)
    assert found.source is not None and found.source.slice(text) == "Maria Lopez"
    assert found.cue.slice(text) == "said"
    assert found.content.slice(text) == "that the bridge would reopen in May"
    assert found.detector == ATTRIBUTION_V3
    assert found.score is not None and 0.0 < found.score <= 1.0


def test_v3_finds_a_cue_the_rules_miss(nlp: Language) -> None:
    text = "Cruz hopes to win Iowa next month."
    article, doc = parsed_article(text, nlp)
    assert not any(a.cue.slice(text) == "hopes" for a in attributions(article, doc))
    found = {a.cue.slice(text): a for a in crf_attributions(article, doc)}
    assert "hopes" in found
    source = found["hopes"].source
    assert source is not None and source.slice(text) == "Cruz"


def test_v3_names_are_registered() -> None:
    assert detectors.get(ATTRIBUTION_V3)(None).name == ATTRIBUTION_V3
    assert detectors.get(ALL_V3)(None).name == ALL_V3


@pytest.mark.parametrize("version", [-1, 5])
def test_unknown_version_is_a_coded_error(version: int) -> None:
    with pytest.raises(ConfigError, match=r"\[E826\]"):
        AttributionDetector(version=version)


def test_v3_findings_round_trip_json(nlp: Language) -> None:
    text = "Cruz hopes to win Iowa. “We won,” the senator said."
    article, doc = parsed_article(text, nlp)
    found = ClaimsDetector(version=3)(article, doc)
    analysed = article.with_updates(findings=tuple(found))
    assert article_from_dict(json.loads(json.dumps(article_to_dict(analysed)))) == analysed
    assert any(isinstance(f, Attribution) and f.detector == ATTRIBUTION_V3 for f in found)


@pytest.mark.parametrize(
    "text",
    ["", "   \n  ", "“An unbalanced quote that never closes, he said", ":", "said said said"],
)
def test_v3_edge_texts(nlp: Language, text: str) -> None:
    article, doc = parsed_article(text, nlp)
    for finding in ClaimsDetector(version=3)(article, doc):
        for span in finding.evidence:
            assert span.slice(text) == text[span.start : span.end]


@pytest.mark.parametrize("version", [1, 2, 3])
def test_predict_dir_versions(nlp: Language, tmp_path: Path, version: int) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Maria Lopez said that the bridge would reopen in May.\n")
    assert predict_dir(texts, tmp_path / "out", nlp, version=version) == 1
    ann = (tmp_path / "out" / "a.ann").read_text()
    assert "\tCue " in ann and "said" in ann


@pytest.mark.parametrize(
    ("text", "source", "head", "expected"),
    [
        ("9:05 p.m.\n\nBernie Sanders said no.", (0, 25), "Sanders", "Bernie Sanders"),
        (
            "MACAU (Reuters) – Top donor Sheldon Adelson said so.",
            (0, 43),
            "Adelson",
            "Top donor Sheldon Adelson",
        ),
        ("Clinton, a Democrat, said so.", (0, 19), "Clinton", "Clinton, a Democrat,"),
        ("Kim Lee, said so.", (0, 7), "Lee", "Kim Lee"),  # no comma inside: kept as is
        ("Kim\nLee said so.", (0, 7), "Kim", "Kim\nLee"),  # the head would be cut off
    ],
)
def test_trim_source(text: str, source: tuple[int, int], head: str, expected: str) -> None:
    assert trim_source(text, Span(*source), text.index(head)).slice(text) == expected
