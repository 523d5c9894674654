"""A linear text classifier that runs on numpy alone: hashed TF-IDF features, a dot product.

The math reproduces scikit-learn's ``TfidfTransformer(norm="l2", smooth_idf=True)`` followed by
a linear model's ``decision_function``; a sigmoid (with optional Platt slope and offset) turns
the margin into a probability. Weights live in ``weights.npz`` and the rest in ``model.json``.

Example:
    >>> clf = load_classifier(path)  # doctest: +SKIP
    >>> clf.predict_proba(["Unemployment fell to 4 percent."])  # doctest: +SKIP
    array([0.83])
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from unspin.errors import ModelError
from unspin.textclf.features import FeatureSpec, HashingFeaturizer

FORMAT_VERSION = 1
ExtraFeatures = Callable[[str], list[str]]
FloatArray = npt.NDArray[np.float64]


@dataclass(slots=True)
class LinearTextClassifier:
    """Binary classifier over hashed n-gram TF-IDF features."""

    spec: FeatureSpec
    idf: FloatArray
    coef: FloatArray
    intercept: float
    threshold: float = 0.5
    platt: tuple[float, float] = (1.0, 0.0)
    meta: dict[str, Any] = field(default_factory=dict)
    extra_features: ExtraFeatures | None = None
    featurizer: HashingFeaturizer = field(init=False)

    def __post_init__(self) -> None:
        n = self.spec.n_features
        if self.idf.shape != (n,) or self.coef.shape != (n,):
            raise ModelError(
                f"[E903] Weight shapes idf {self.idf.shape} and coef {self.coef.shape} do not "
                f"match n_features={n}; retrain or re-export the model."
            )
        self.featurizer = HashingFeaturizer(self.spec)

    def tfidf(
        self, texts: list[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], FloatArray]:
        """Return the l2-normalised TF-IDF rows of ``texts`` as CSR arrays."""
        extras = [self.extra_features(t) for t in texts] if self.extra_features else None
        indptr, indices, values = self.featurizer.transform(texts, extras)
        if self.spec.sublinear_tf:
            values = np.log(values) + 1.0
        values = values * self.idf[indices]
        rows = np.repeat(np.arange(len(texts)), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        norms[norms == 0.0] = 1.0
        return indptr, indices, values / norms[rows]

    def decision_function(self, texts: list[str]) -> FloatArray:
        """Return the linear margin of each text."""
        indptr, indices, values = self.tfidf(texts)
        rows = np.repeat(np.arange(len(texts)), np.diff(indptr))
        dots = np.bincount(rows, weights=values * self.coef[indices], minlength=len(texts))
        margin = np.asarray(dots + self.intercept, dtype=np.float64)
        return margin

    def predict_proba(self, texts: list[str]) -> FloatArray:
        """Return the probability of the positive class for each text."""
        slope, offset = self.platt
        margin = slope * self.decision_function(texts) + offset
        proba: FloatArray = 1.0 / (1.0 + np.exp(-margin))
        return proba

    def predict(self, texts: list[str]) -> npt.NDArray[np.bool_]:
        """Return whether each text scores at or above ``threshold``."""
        return self.predict_proba(texts) >= self.threshold

    def save(self, directory: Path) -> None:
        """Write ``weights.npz`` and ``model.json`` into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "weights.npz",
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
        )
        header = {
            "format_version": FORMAT_VERSION,
            "features": self.spec.to_json(),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "platt": list(self.platt),
            "meta": self.meta,
        }
        (directory / "model.json").write_text(
            json.dumps(header, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )


def load_classifier(
    directory: Path, extra_features: ExtraFeatures | None = None
) -> LinearTextClassifier:
    """Read a classifier written by ``LinearTextClassifier.save``."""
    try:
        header = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz") as weights:
            idf = weights["idf"].astype(np.float64)
            coef = weights["coef"].astype(np.float64)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"[E904] Cannot read the text classifier in {directory}: {exc}. Reinstall unspin or "
            f"retrain the model with the script named in its MODEL_CARD.md."
        ) from exc
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"[E905] Model in {directory} has format_version {header.get('format_version')!r}; "
            f"this unspin reads version {FORMAT_VERSION}."
        )
    slope, offset = header.get("platt", [1.0, 0.0])
    return LinearTextClassifier(
        spec=FeatureSpec.from_json(header["features"]),
        idf=idf,
        coef=coef,
        intercept=float(header["intercept"]),
        threshold=float(header["threshold"]),
        platt=(float(slope), float(offset)),
        meta=dict(header.get("meta", {})),
        extra_features=extra_features,
    )
