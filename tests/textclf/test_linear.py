"""The numpy runtime reproduces scikit-learn's TF-IDF + logistic regression scores."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.textclf.features import FeatureSpec, HashingFeaturizer
from unspin.textclf.linear import LinearTextClassifier, load_classifier

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
