"""The one numpy linear runtime: scikit-learn's scores, every head, every on-disk layout."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.textclf.features import FeatureSpec, HashingFeaturizer
from unspin.textclf.linear import (
    CLASSIFIER,
    CUE_TAGGER,
    PERSUASION,
    Head,
    Layout,
    LinearModel,
    LinearTextClassifier,
    load_classifier,
    load_linear,
    read_linear,
)

SPEC = FeatureSpec(n_features=2**12, word_ngrams=(1, 2), char_ngrams=(2, 4), digits_to_zero=True)
TRAIN = [
    ("The deficit grew by 300 billion dollars last year.", True),
    ("Crime rose 12 percent in our largest cities.", True),
    ("He cut taxes for 90 percent of families.", True),
    ("The plan covers 20 million uninsured people.", True),
    ("Thank you all for coming tonight.", False),
    ("I want to talk about hope.", False),
    ("Let me finish, please.", False),
    ("We are a great country with great people.", False),
]
PROBES = [
    "Wages fell by 4 percent in 2019.",
    "Thank you, moderator.",
    "Hope is on the way.",
    "",
    "zzz qqq",
]


def _toy(coef_value: float = 0.5) -> LinearTextClassifier:
    n = 2**6
    return LinearTextClassifier(
        spec=FeatureSpec(n_features=n, word_ngrams=(1, 1), char_ngrams=(0, 0)),
        idf=np.full(n, 2.0),
        coef=np.full(n, coef_value),
        intercept=-1.0,
    )


def test_hand_computed_score() -> None:
    clf = _toy()
    featurizer = HashingFeaturizer(clf.spec)
    if featurizer.index("w:a") == featurizer.index("w:b"):
        pytest.skip("toy buckets collide")
    # counts a=2, b=1 -> tf 1+ln2, 1 -> times idf 2 -> l2 norm -> dot with 0.5 each
    tf = np.array([1 + math.log(2), 1.0]) * 2.0
    expected = 0.5 * tf.sum() / np.linalg.norm(tf) - 1.0
    assert clf.decision_function(["a a b"])[0] == pytest.approx(expected)
    assert clf.predict_proba(["a a b"])[0] == pytest.approx(1 / (1 + math.exp(-expected)))


def test_empty_text_scores_intercept() -> None:
    assert _toy().decision_function([""])[0] == pytest.approx(-1.0)


@pytest.mark.parametrize(("threshold", "expected"), [(0.0, [True, True]), (1.01, [False, False])])
def test_predict_threshold(threshold: float, expected: list[bool]) -> None:
    clf = _toy()
    clf.threshold = threshold
    assert list(clf.predict(["a", "b c"])) == expected


def test_shape_mismatch() -> None:
    with pytest.raises(ModelError, match=r"\[E903\]"):
        LinearTextClassifier(spec=SPEC, idf=np.ones(3), coef=np.ones(3), intercept=0.0)


def test_save_load_round_trip(tmp_path: Path) -> None:
    clf = _toy(0.25)
    clf.threshold = 0.42
    clf.save(tmp_path)
    again = load_classifier(tmp_path)
    assert again.threshold == 0.42
    np.testing.assert_allclose(again.predict_proba(PROBES), clf.predict_proba(PROBES), atol=1e-6)


@pytest.mark.parametrize(
    ("files", "code"),
    [({}, "E904"), ({"model.json": '{"format_version": 99}', "weights.npz": None}, "E905")],
)
def test_load_errors(tmp_path: Path, files: dict[str, str | None], code: str) -> None:
    for name, content in files.items():
        if content is None:
            np.savez_compressed(tmp_path / name, idf=np.ones(2), coef=np.ones(2))
        else:
            (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=rf"\[{code}\]"):
        load_classifier(tmp_path)


def test_runtime_matches_sklearn(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    texts = [t for t, _ in TRAIN]
    labels = [y for _, y in TRAIN]
    indptr, indices, counts = HashingFeaturizer(SPEC).transform(texts)
    x = sp.csr_matrix((counts, indices, indptr), shape=(len(texts), SPEC.n_features))
    tfidf = TfidfTransformer(sublinear_tf=True).fit(x)
    model = LogisticRegression(C=10.0).fit(tfidf.transform(x), labels)

    clf = LinearTextClassifier(
        spec=SPEC,
        idf=tfidf.idf_,
        coef=model.coef_[0],
        intercept=float(model.intercept_[0]),
    )
    p_indptr, p_indices, p_counts = HashingFeaturizer(SPEC).transform(PROBES)
    x_probe = sp.csr_matrix((p_counts, p_indices, p_indptr), shape=(len(PROBES), SPEC.n_features))
    expected = model.predict_proba(tfidf.transform(x_probe))[:, 1]
    np.testing.assert_allclose(clf.predict_proba(PROBES), expected, rtol=1e-9, atol=1e-12)

    clf.save(tmp_path)
    np.testing.assert_allclose(load_classifier(tmp_path).predict_proba(PROBES), expected, atol=1e-5)


# The one runtime behind every layout: heads, presence features, files and coded errors.
MULTI_SPEC = FeatureSpec(n_features=2**6, word_ngrams=(1, 1), char_ngrams=(0, 0))


def _multi(head: Head, layout: Layout = PERSUASION) -> LinearModel:
    rng = np.random.default_rng(7)
    n = MULTI_SPEC.n_features
    return LinearModel(
        spec=MULTI_SPEC,
        labels=("a", "b", "c"),
        idf=rng.uniform(1.0, 3.0, n),
        coef=rng.normal(size=(3, n)),
        intercept=np.array([0.1, -0.2, 0.3]),
        head=head,
        thresholds=np.array([0.4, 0.5, 0.6]) if head == "ovr" else None,
        platt=np.array([[1.5, -0.1], [1.0, 0.0], [0.5, 0.2]]) if head == "ovr" else None,
        meta={"name": head},
        layout=layout,
    )


def test_binary_head_is_a_one_label_ovr_head() -> None:
    clf = _toy(0.25)
    clf.platt = np.array([[1.3, -0.2]])
    ovr = LinearModel(clf.spec, ("x",), clf.idf, clf.coef, clf.intercept, "ovr", None, clf.platt)
    assert isinstance(clf, LinearModel) and clf.head == "binary"
    np.testing.assert_array_equal(clf.predict_proba(PROBES), ovr.predict_proba(PROBES)[:, 0])
    np.testing.assert_array_equal(clf.decision_function(PROBES), ovr.margins(PROBES)[:, 0])


def test_softmax_rows_sum_to_one_and_match_log_proba() -> None:
    model = _multi("softmax")
    proba = model.predict_proba(PROBES)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(np.exp(model.log_proba(PROBES)), proba, rtol=1e-12)
    assert model.decide(proba).sum(axis=1).tolist() == [1] * len(PROBES)


def test_ovr_applies_platt_then_per_label_thresholds() -> None:
    model = _multi("ovr")
    assert model.platt is not None and model.thresholds is not None
    margins = model.margins(PROBES)
    expected = 1 / (1 + np.exp(-(margins * model.platt[:, 0] + model.platt[:, 1])))
    np.testing.assert_allclose(model.predict_proba(PROBES), expected, rtol=1e-12)
    np.testing.assert_array_equal(model.predict(PROBES), expected >= model.thresholds)


def test_presence_features_sum_the_weights_of_each_bucket() -> None:
    model = _multi("softmax")
    model.idf = None
    featurizer = HashingFeaturizer(MULTI_SPEC)
    buckets = sorted({featurizer.index("w:a"), featurizer.index("w:b")})
    expected = model.coef[:, buckets].sum(axis=1) + model.intercept
    np.testing.assert_allclose(model.margins(["a b a b a"])[0], expected, rtol=1e-12)


@pytest.mark.parametrize("head", ["ovr", "softmax"])
def test_persuasion_layout_round_trip(tmp_path: Path, head: Head) -> None:
    model = _multi(head)
    model.save(tmp_path, "m")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.npz"]
    again = load_linear(tmp_path, PERSUASION, "m")
    assert (again.labels, again.head, again.meta) == (model.labels, head, {"name": head})
    np.testing.assert_allclose(again.predict_proba(PROBES), model.predict_proba(PROBES), atol=2e-3)


def test_cue_layout_round_trip(tmp_path: Path) -> None:
    model = _multi("softmax", CUE_TAGGER)
    model.idf = None
    model.spec = FeatureSpec.extras_only(MULTI_SPEC.n_features)
    model.save(tmp_path, extra={"threshold": 0.3})
    again, header = read_linear(tmp_path, CUE_TAGGER)
    assert header["threshold"] == 0.3 and again.idf is None
    rows = [["f=1", "f=2"], ["f=3"]]
    expected = model.log_proba(["", ""], rows)
    np.testing.assert_allclose(again.log_proba(["", ""], rows), expected, atol=1e-2)


@pytest.mark.parametrize(
    ("layout", "name", "codes"),
    [
        (CLASSIFIER, "", ("E904", "E905", "E903")),
        (PERSUASION, "st3", ("E1231", "E1232", "E1230")),
        (CUE_TAGGER, "", ("E820", "E822", "E821")),
    ],
)
def test_each_layout_keeps_its_error_codes(
    tmp_path: Path, layout: Layout, name: str, codes: tuple[str, str, str]
) -> None:
    read, version, shape = codes
    with pytest.raises(ModelError, match=rf"\[{read}\]"):
        load_linear(tmp_path, layout, name)
    (tmp_path / layout.header.format(name=name)).write_text('{"format_version": 2}')
    np.savez_compressed(tmp_path / layout.weights.format(name=name), coef=np.ones(2))
    with pytest.raises(ModelError, match=rf"\[{version}\]"):
        load_linear(tmp_path, layout, name)
    (tmp_path / layout.header.format(name=name)).write_text('{"format_version": 1}')
    with pytest.raises(ModelError, match=rf"\[{read}\]"):  # header fields missing
        load_linear(tmp_path, layout, name)
    with pytest.raises(ModelError, match=rf"\[{shape}\]"):
        LinearModel(SPEC, ("a",), None, np.ones((2, 3)), np.ones(1), layout=layout)
