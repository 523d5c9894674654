"""The PolNeAR cue tagger: decoding, hashing, the weight files and the v2 detectors."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.support import parsed_article
from unspin.detectors.claims.detectors import (
    ALL_V2,
    ATTRIBUTION_V2,
    AttributionDetector,
    ClaimsDetector,
    attributions,
    tagged_attributions,
)
from unspin.detectors.claims.findings import Attribution
from unspin.detectors.claims.tagged import TaggedOptions
from unspin.detectors.claims.tagger import (
    CueTagger,
    chunks,
    cue_model,
    hash_features,
    load_cue_tagger,
    load_cue_tagger_from,
    viterbi,
)
from unspin.errors import ModelError
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict

if TYPE_CHECKING:
    from spacy.language import Language

OUT, BEG, INS = 0, 1, 2


def _logp(rows: list[list[float]]) -> np.ndarray:
    probs = np.asarray(rows, dtype=np.float64)
    logp: np.ndarray = np.log(probs / probs.sum(axis=1, keepdims=True))
    return logp


def test_viterbi_never_puts_inside_after_outside() -> None:
    # token 1 prefers I, but it follows a sure O: the best legal path makes it B
    path = viterbi(_logp([[0.9, 0.05, 0.05], [0.1, 0.3, 0.6], [0.8, 0.1, 0.1]]))
    assert path.tolist() == [OUT, BEG, OUT]


def test_viterbi_keeps_a_multi_token_cue() -> None:
    path = viterbi(_logp([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.1, 0.2, 0.7], [0.9, 0.05, 0.05]]))
    assert path.tolist() == [BEG, INS, INS, OUT]
    assert chunks(path) == [(0, 2)]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([OUT, OUT, OUT], []),
        ([BEG, BEG, OUT], [(0, 0), (1, 1)]),
        ([OUT, BEG, INS, OUT, BEG], [(1, 2), (4, 4)]),
        ([BEG, INS, INS], [(0, 2)]),
    ],
)
def test_chunks(labels: list[int], expected: list[tuple[int, int]]) -> None:
    assert chunks(np.asarray(labels)) == expected


def test_hash_is_crc32_and_stable() -> None:
    n = 2**10
    assert hash_features([["l=say", "l=say"]], n) == [[zlib.crc32(b"l=say") & (n - 1)]]


def _tiny() -> CueTagger:
    model = cue_model(np.zeros((3, 16)), np.array([1.0, 0.0, -1.0]), {"name": "tiny"})
    return CueTagger(model)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    tiny = _tiny()
    tiny.save(tmp_path)
    loaded = load_cue_tagger_from(tmp_path)
    assert loaded.model.coef.shape == (3, 16)
    assert loaded.meta == {"name": "tiny"}
    np.testing.assert_allclose(loaded.model.intercept, tiny.model.intercept)
    probs = np.exp(loaded.log_proba([["b"], ["b", "x"]]))
    np.testing.assert_allclose(probs.sum(axis=1), [1.0, 1.0])
    assert probs[0].argmax() == OUT


def test_missing_model_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"\[E820\].*train_cues\.py"):
        load_cue_tagger_from(tmp_path)


def test_wrong_format_version_is_refused(tmp_path: Path) -> None:
    _tiny().save(tmp_path)
    header = json.loads((tmp_path / "cues.json").read_text())
    header["format_version"] = 99
    (tmp_path / "cues.json").write_text(json.dumps(header))
    with pytest.raises(ModelError, match=r"\[E822\]"):
        load_cue_tagger_from(tmp_path)


@pytest.mark.parametrize(
    ("coef", "intercept", "code"),
    [
        (np.zeros((2, 16)), np.zeros(3), "E821"),  # two labels, three intercepts
        (np.zeros((3, 16)), np.zeros(2), "E821"),
        (np.zeros((3, 10)), np.zeros(3), "E901"),  # not a power of two
    ],
)
def test_bad_weight_shape_is_refused(coef: np.ndarray, intercept: np.ndarray, code: str) -> None:
    with pytest.raises(ModelError, match=rf"\[{code}\]"):
        cue_model(coef, intercept)


def test_wrong_labels_are_refused() -> None:
    model = cue_model(np.zeros((3, 16)), np.zeros(3))
    model.labels = ("O", "B", "X")
    with pytest.raises(ModelError, match=r"\[E821\]"):
        CueTagger(model)


def test_shipped_model_loads() -> None:
    tagger = load_cue_tagger()
    assert tagger.n_features >= 2**16
    assert str(tagger.meta["name"]).startswith("polnear-cues")
    assert 0.0 <= tagger.threshold <= 1.0


# (sentence, source, cue, content-prefix): attributions the rules miss and the tagger finds
NEW_CUES = [
    ("Cruz hopes to win Iowa next month.", "Cruz", "hopes", "to win Iowa next month"),
    ("The campaign expects a close race in Ohio.", "The campaign", "expects", "a close race"),
]


@pytest.mark.parametrize(("text", "source", "cue", "content"), NEW_CUES)
def test_tagger_finds_what_rules_miss(
    nlp: Language, text: str, source: str, cue: str, content: str
) -> None:
    article, doc = parsed_article(text, nlp)
    assert not any(a.cue.slice(text) == cue for a in attributions(article, doc))
    found = {a.cue.slice(text): a for a in tagged_attributions(article, doc)}
    assert cue in found
    attribution = found[cue]
    assert attribution.source is not None and attribution.source.slice(text) == source
    assert attribution.content.slice(text).startswith(content)
    assert attribution.detector == ATTRIBUTION_V2
    assert attribution.score is not None and 0.0 < attribution.score <= 1.0


def test_v2_keeps_rule_attributions(nlp: Language) -> None:
    text = "Maria Lopez said that the bridge would reopen in May."
    article, doc = parsed_article(text, nlp)
    (found,) = tagged_attributions(article, doc)
    assert found.source is not None and found.source.slice(text) == "Maria Lopez"
    assert found.cue.slice(text) == "said"
    assert found.content.slice(text) == "that the bridge would reopen in May"


def test_rule_threshold_drops_unlikely_rule_cues(nlp: Language) -> None:
    text = "Maria Lopez said that the bridge would reopen in May."
    article, doc = parsed_article(text, nlp)
    assert tagged_attributions(article, doc, options=TaggedOptions(rule_threshold=1.01)) == []


def test_v2_findings_round_trip_json(nlp: Language) -> None:
    text = "Cruz hopes to win Iowa. “We won,” the senator said."
    article, doc = parsed_article(text, nlp)
    found = ClaimsDetector(tagged=True)(article, doc)
    analysed = article.with_updates(findings=tuple(found))
    assert article_from_dict(json.loads(json.dumps(article_to_dict(analysed)))) == analysed
    assert any(isinstance(f, Attribution) and f.score is not None for f in found)


def test_v2_names_are_registered() -> None:
    assert detectors.get(ATTRIBUTION_V2)(None).name == ATTRIBUTION_V2
    assert detectors.get(ALL_V2)(None).name == ALL_V2
    assert AttributionDetector().name == "claims.attribution.v1"


@pytest.mark.parametrize(
    "text",
    ["", "   \n  ", "“An unbalanced quote that never closes, he said", ":", "said said said"],
)
def test_v2_edge_texts(nlp: Language, text: str) -> None:
    article, doc = parsed_article(text, nlp)
    for finding in ClaimsDetector(tagged=True)(article, doc):
        for span in finding.evidence:
            assert span.slice(text) == text[span.start : span.end]
