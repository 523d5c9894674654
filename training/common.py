"""Shared training helpers (scikit-learn lives here only, never in src/unspin)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

from unspin.textclf.features import FeatureSpec, HashingFeaturizer
from unspin.textclf.linear import ExtraFeatures, LinearTextClassifier
from unspin.textclf.metrics import binary_prf


def counts(spec: FeatureSpec, texts: Sequence[str], extra: ExtraFeatures | None) -> sp.csr_matrix:
    """Hashed raw counts as a scipy CSR matrix (the exact runtime featurizer)."""
    extras = [extra(t) for t in texts] if extra else None
    indptr, indices, data = HashingFeaturizer(spec).transform(list(texts), extras)
    return sp.csr_matrix((data, indices, indptr), shape=(len(texts), spec.n_features))


def best_threshold(gold: Sequence[bool], proba: np.ndarray) -> tuple[float, float]:
    """Threshold (midpoint between scores) maximising F1 of the positive class."""
    best = (0.5, binary_prf(gold, list(proba >= 0.5)).f1)
    for t in np.unique(np.round(proba, 4)):
        f1 = binary_prf(gold, list(proba >= t)).f1
        if f1 > best[1]:
            best = (float(t), f1)
    return best


@dataclass
class Fitted:
    """A trained pipeline and its numbers."""

    tfidf: TfidfTransformer
    model: LogisticRegression
    spec: FeatureSpec
    c: float
    threshold: float
    dev_f1: float
    seconds: float

    def export(self, meta: dict[str, object], extra: ExtraFeatures | None) -> LinearTextClassifier:
        return LinearTextClassifier(
            spec=self.spec,
            idf=self.tfidf.idf_.astype(np.float64),
            coef=self.model.coef_[0].astype(np.float64),
            intercept=float(self.model.intercept_[0]),
            threshold=self.threshold,
            meta=meta,
            extra_features=extra,
        )


def fit(
    spec: FeatureSpec,
    train: tuple[Sequence[str], Sequence[bool]],
    dev: tuple[Sequence[str], Sequence[bool]],
    cs: Sequence[float],
    extra: ExtraFeatures | None = None,
    class_weight: str | None = None,
) -> Fitted:
    """Fit TF-IDF + logistic regression for each C, keep the best by dev F1 (tuned threshold)."""
    start = time.time()
    x_train = counts(spec, train[0], extra)
    x_dev = counts(spec, dev[0], extra)
    tfidf = TfidfTransformer(sublinear_tf=spec.sublinear_tf).fit(x_train)
    x_train, x_dev = tfidf.transform(x_train), tfidf.transform(x_dev)
    best: Fitted | None = None
    for c in cs:
        model = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight)
        model.fit(x_train, np.asarray(train[1]))
        threshold, f1 = best_threshold(dev[1], model.predict_proba(x_dev)[:, 1])
        print(f"  C={c:<6} dev F1={f1:.4f} threshold={threshold:.4f}")
        if best is None or f1 > best.dev_f1:
            best = Fitted(tfidf, model, spec, c, threshold, f1, 0.0)
    assert best is not None
    best.seconds = time.time() - start
    return best
