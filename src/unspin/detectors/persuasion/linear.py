"""A multi-output linear text model on numpy alone: hashed TF-IDF rows times a weight matrix.

It reuses ``unspin.textclf.features`` (the hashing featurizer shared with training) and adds
what one-vs-rest and softmax heads need: one weight row per label, per-label thresholds and
Platt calibration. Weights are stored as float16 in ``<name>.npz`` with a JSON header.

Example:
    >>> model = load_model(directory, "st3")  # doctest: +SKIP
    >>> model.predict_proba(["They are traitors."]).shape  # doctest: +SKIP
    (1, 23)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from unspin.errors import ModelError
from unspin.textclf.features import FeatureSpec, HashingFeaturizer

FORMAT_VERSION = 1
FloatArray = npt.NDArray[np.float64]
Head = Literal["ovr", "softmax"]


@dataclass(slots=True)
class LinearModel:
    """Hashed TF-IDF features and a linear head with one row per label."""

    spec: FeatureSpec
    labels: tuple[str, ...]
    idf: FloatArray
    coef: FloatArray  # (n_labels, n_features)
    intercept: FloatArray  # (n_labels,)
    head: Head = "ovr"
    thresholds: FloatArray | None = None  # per label, on calibrated probabilities
    platt: FloatArray | None = None  # (n_labels, 2): slope, offset of the margin
    meta: dict[str, Any] = field(default_factory=dict)
    featurizer: HashingFeaturizer = field(init=False)

    def __post_init__(self) -> None:
        n, k = self.spec.n_features, len(self.labels)
        if self.idf.shape != (n,) or self.coef.shape != (k, n) or self.intercept.shape != (k,):
            raise ModelError(
                f"[E1230] Weight shapes idf {self.idf.shape}, coef {self.coef.shape}, intercept "
                f"{self.intercept.shape} do not fit {k} labels x {n} features; retrain the model."
            )
        self.featurizer = HashingFeaturizer(self.spec)

    def margins(
        self, texts: Sequence[str], extras: Sequence[list[str]] | None = None
    ) -> FloatArray:
        """Return the raw linear margins, shape ``(len(texts), n_labels)``."""
        extra = list(extras) if extras is not None else None
        indptr, indices, values = self.featurizer.transform(list(texts), extra)
        if self.spec.sublinear_tf:
            values = np.log(values) + 1.0
        values = values * self.idf[indices]
        rows = np.repeat(np.arange(len(texts)), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        norms[norms == 0.0] = 1.0
        values = values / norms[rows]
        out = np.empty((len(texts), len(self.labels)))
        for j, row in enumerate(self.coef):
            out[:, j] = np.bincount(rows, weights=values * row[indices], minlength=len(texts))
        return out + self.intercept

    def predict_proba(
        self, texts: Sequence[str], extras: Sequence[list[str]] | None = None
    ) -> FloatArray:
        """Calibrated probabilities: sigmoid per label (ovr) or softmax over labels."""
        margins = self.margins(texts, extras)
        if self.head == "softmax":
            shifted = np.exp(margins - margins.max(axis=1, keepdims=True))
            soft: FloatArray = shifted / shifted.sum(axis=1, keepdims=True)
            return soft
        if self.platt is not None:
            margins = margins * self.platt[:, 0] + self.platt[:, 1]
        return 1.0 / (1.0 + np.exp(-margins))

    def decide(self, proba: FloatArray) -> npt.NDArray[np.bool_]:
        """Which labels pass their threshold (ovr) or are the argmax (softmax)."""
        if self.head == "softmax":
            top: npt.NDArray[np.bool_] = proba == proba.max(axis=1, keepdims=True)
            return top
        thresholds = (
            self.thresholds if self.thresholds is not None else np.full(len(self.labels), 0.5)
        )
        return proba >= thresholds

    def save(self, directory: Path, name: str) -> None:
        """Write ``<name>.npz`` (float16 weights) and ``<name>.json`` into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        scale = float(np.abs(self.coef).max()) or 1.0
        np.savez_compressed(
            directory / f"{name}.npz",
            idf=self.idf.astype(np.float16),
            coef=(self.coef / scale).astype(np.float16),
        )
        header = {
            "format_version": FORMAT_VERSION,
            "features": self.spec.to_json(),
            "labels": list(self.labels),
            "head": self.head,
            "coef_scale": scale,
            "intercept": self.intercept.tolist(),
            "thresholds": None if self.thresholds is None else self.thresholds.tolist(),
            "platt": None if self.platt is None else self.platt.tolist(),
            "meta": self.meta,
        }
        (directory / f"{name}.json").write_text(
            json.dumps(header, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


def load_model(directory: Path, name: str) -> LinearModel:
    """Read a model written by ``LinearModel.save``."""
    try:
        header = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(directory / f"{name}.npz") as weights:
            idf = weights["idf"].astype(np.float64)
            coef = weights["coef"].astype(np.float64) * float(header["coef_scale"])
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"[E1231] Cannot read persuasion model {name!r} in {directory}: {exc}. Reinstall "
            f"unspin or retrain with training/persuasion/train.py (see MODEL_CARD.md)."
        ) from exc
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"[E1232] Persuasion model {name!r} has format_version "
            f"{header.get('format_version')!r}; this unspin reads version {FORMAT_VERSION}."
        )
    thresholds, platt = header.get("thresholds"), header.get("platt")
    return LinearModel(
        spec=FeatureSpec.from_json(header["features"]),
        labels=tuple(header["labels"]),
        idf=idf,
        coef=coef,
        intercept=np.asarray(header["intercept"], dtype=np.float64),
        head=header["head"],
        thresholds=None if thresholds is None else np.asarray(thresholds, dtype=np.float64),
        platt=None if platt is None else np.asarray(platt, dtype=np.float64),
        meta=dict(header.get("meta", {})),
    )
