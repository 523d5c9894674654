"""One numpy runtime for every hashed-feature linear model: featurize, weight, score, a head.

Rows go through ``HashingFeaturizer`` (the featurizer shared with training), are weighted
(l2-normalised TF-IDF as scikit-learn's ``TfidfTransformer(norm="l2", smooth_idf=True)``, or
0/1 presence when ``idf`` is None), and are multiplied by one weight row per label. The head
turns margins into probabilities: ``binary`` (a sigmoid of one margin, Platt-scaled), ``ovr``
(a sigmoid per label, optional Platt scaling and per-label thresholds) or ``softmax``.

Three on-disk layouts are read and written unchanged (``Layout``), each with its own coded
errors: ``CLASSIFIER`` (``model.json`` + float32 ``weights.npz``: check-worthiness, hedge),
``PERSUASION`` (``<name>.json`` + float16 ``<name>.npz`` with a coefficient scale; any head)
and ``CUE_TAGGER`` (``cues.json`` + float16 bucket-major ``cues.npz``).

Example:
    >>> clf = load_classifier(path)  # doctest: +SKIP
    >>> clf.predict_proba(["Unemployment fell to 4 percent."])  # doctest: +SKIP
    array([0.83])
    >>> load_linear(path, PERSUASION, "st3").predict_proba(["Traitors!"]).shape  # doctest: +SKIP
    (1, 23)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from unspin.errors import ModelError
from unspin.textclf.features import FeatureSpec, HashingFeaturizer

FORMAT_VERSION = 1
ExtraFeatures = Callable[[str], list[str]]
FloatArray = npt.NDArray[np.float64]
Rows = tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], FloatArray]
Head = Literal["binary", "ovr", "softmax"]
Codec = Literal["float32", "float16", "tagger"]


@dataclass(frozen=True, slots=True)
class Layout:
    """How one family of models sits on disk, and the codes of its errors."""

    codec: Codec
    header: str  # file names; "{name}" is the model's name
    weights: str
    indent: int
    what: str  # how error messages name the model
    fix: str
    codes: tuple[str, str, str]  # cannot read, wrong format_version, wrong weight shapes


CLASSIFIER = Layout(
    "float32",
    "model.json",
    "weights.npz",
    2,
    "the text classifier",
    "Reinstall unspin or retrain the model with the script named in its MODEL_CARD.md.",
    ("E904", "E905", "E903"),
)
PERSUASION = Layout(
    "float16",
    "{name}.json",
    "{name}.npz",
    1,
    "persuasion model {name!r}",
    "Reinstall unspin or retrain with training/persuasion/train.py (see MODEL_CARD.md).",
    ("E1231", "E1232", "E1230"),
)
CUE_TAGGER = Layout(
    "tagger",
    "cues.json",
    "cues.npz",
    2,
    "the attribution cue tagger",
    "Reinstall unspin or retrain it with training/attribution/train_cues.py (see MODEL_CARD.md).",
    ("E820", "E822", "E821"),
)


def log_softmax(margins: FloatArray) -> FloatArray:
    """Row-wise log-softmax (the cue tagger decodes these)."""
    scores = margins - margins.max(axis=1, keepdims=True)
    logp: FloatArray = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return logp


@dataclass(slots=True)
class LinearModel:
    """Hashed features and a linear head with one weight row per label."""

    spec: FeatureSpec
    labels: tuple[str, ...]
    idf: FloatArray | None  # None: 0/1 presence features, no TF-IDF and no l2 norm
    coef: FloatArray  # (n_labels, n_features)
    intercept: FloatArray  # (n_labels,)
    head: Head = "ovr"
    thresholds: FloatArray | None = None  # per label, on calibrated probabilities
    platt: FloatArray | None = None  # (n_labels, 2): slope, offset of the margin
    meta: dict[str, Any] = field(default_factory=dict)
    extra_features: ExtraFeatures | None = None  # extras of each text when none are passed
    layout: Layout = PERSUASION
    featurizer: HashingFeaturizer = field(init=False)

    def __post_init__(self) -> None:
        n, k = self.spec.n_features, len(self.labels)
        idf_shape = None if self.idf is None else self.idf.shape
        if (
            idf_shape not in (None, (n,))
            or self.coef.shape != (k, n)
            or self.intercept.shape != (k,)
            or (self.head == "binary" and k != 1)
        ):
            raise ModelError(
                f"[{self.layout.codes[2]}] Weight shapes idf {idf_shape}, coef {self.coef.shape}, "
                f"intercept {self.intercept.shape} do not fit {k} labels x {n} features "
                f"({self.head} head); retrain or re-export the model."
            )
        self.featurizer = HashingFeaturizer(self.spec)

    def features(self, texts: Sequence[str], extras: Sequence[Sequence[str]] | None = None) -> Rows:
        """Weighted feature rows of ``texts`` as CSR arrays ``(indptr, indices, values)``."""
        if extras is None and self.extra_features is not None:
            extras = [self.extra_features(t) for t in texts]
        indptr, indices, values = self.featurizer.transform(list(texts), extras)
        if self.idf is None:
            return indptr, indices, np.ones_like(values)
        if self.spec.sublinear_tf:
            values = np.log(values) + 1.0
        values = values * self.idf[indices]
        rows = np.repeat(np.arange(len(texts)), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        norms[norms == 0.0] = 1.0
        return indptr, indices, values / norms[rows]

    def score(self, rows: Rows) -> FloatArray:
        """Linear margins of feature rows, shape ``(n_rows, n_labels)``."""
        indptr, indices, values = rows
        n = len(indptr) - 1
        row_of = np.repeat(np.arange(n), np.diff(indptr))
        out = np.empty((n, len(self.labels)))
        for j, weights in enumerate(self.coef):
            out[:, j] = np.bincount(row_of, weights=values * weights[indices], minlength=n)
        margins: FloatArray = out + self.intercept
        return margins

    def margins(
        self, texts: Sequence[str], extras: Sequence[Sequence[str]] | None = None
    ) -> FloatArray:
        """Raw linear margins, shape ``(len(texts), n_labels)``."""
        return self.score(self.features(texts, extras))

    def predict_proba(
        self, texts: Sequence[str], extras: Sequence[Sequence[str]] | None = None
    ) -> FloatArray:
        """Probabilities: shape ``(n,)`` for a binary head, ``(n, n_labels)`` otherwise."""
        margins = self.margins(texts, extras)
        if self.head == "softmax":
            shifted = np.exp(margins - margins.max(axis=1, keepdims=True))
            soft: FloatArray = shifted / shifted.sum(axis=1, keepdims=True)
            return soft
        if self.platt is not None:
            margins = margins * self.platt[:, 0] + self.platt[:, 1]
        proba: FloatArray = 1.0 / (1.0 + np.exp(-margins))
        return proba[:, 0] if self.head == "binary" else proba

    def log_proba(
        self, texts: Sequence[str], extras: Sequence[Sequence[str]] | None = None
    ) -> FloatArray:
        """Log-softmax of the margins, shape ``(len(texts), n_labels)``."""
        return log_softmax(self.margins(texts, extras))

    def decide(self, proba: FloatArray) -> npt.NDArray[np.bool_]:
        """Which labels pass their threshold (binary, ovr) or are the argmax (softmax)."""
        if self.head == "softmax":
            top: npt.NDArray[np.bool_] = proba == proba.max(axis=1, keepdims=True)
            return top
        thresholds = (
            self.thresholds if self.thresholds is not None else np.full(len(self.labels), 0.5)
        )
        passed: npt.NDArray[np.bool_] = proba >= thresholds
        return passed

    def predict(
        self, texts: Sequence[str], extras: Sequence[Sequence[str]] | None = None
    ) -> npt.NDArray[np.bool_]:
        """``decide`` applied to ``predict_proba``."""
        return self.decide(self.predict_proba(texts, extras))

    def save(
        self, directory: Path, name: str = "", extra: Mapping[str, float] | None = None
    ) -> None:
        """Write the header and weights in this model's ``layout``; ``extra`` joins the header."""
        header, arrays = _ENCODERS[self.layout.codec](self)
        header = {"format_version": FORMAT_VERSION, **header, **(extra or {}), "meta": self.meta}
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(directory / self.layout.weights.format(name=name), **arrays)
        (directory / self.layout.header.format(name=name)).write_text(
            json.dumps(header, indent=self.layout.indent, sort_keys=True) + "\n", encoding="utf-8"
        )


class LinearTextClassifier(LinearModel):
    """A binary classifier over hashed n-gram TF-IDF features, saved in the ``CLASSIFIER`` layout.

    Example:
        >>> clf = LinearTextClassifier(FeatureSpec(n_features=8), np.ones(8), np.zeros(8), 0.0)
        >>> clf.predict_proba(["Hello."]).tolist(), clf.threshold
        ([0.5], 0.5)
    """

    __slots__ = ()

    def __init__(
        self,
        spec: FeatureSpec,
        idf: FloatArray,
        coef: FloatArray,
        intercept: float,
        threshold: float = 0.5,
        platt: tuple[float, float] = (1.0, 0.0),
        meta: dict[str, Any] | None = None,
        extra_features: ExtraFeatures | None = None,
    ) -> None:
        LinearModel.__init__(
            self,
            spec,
            ("positive",),
            idf,
            np.reshape(coef, (1, -1)),
            np.array([intercept], dtype=np.float64),
            "binary",
            np.array([threshold], dtype=np.float64),
            np.array([platt], dtype=np.float64),
            {} if meta is None else meta,
            extra_features,
            CLASSIFIER,
        )

    @property
    def threshold(self) -> float:
        """The probability at or above which a text is positive."""
        return 0.5 if self.thresholds is None else float(self.thresholds[0])

    @threshold.setter
    def threshold(self, value: float) -> None:
        self.thresholds = np.array([value], dtype=np.float64)

    def decision_function(self, texts: Sequence[str]) -> FloatArray:
        """Return the linear margin of each text."""
        margin: FloatArray = self.margins(texts)[:, 0]
        return margin


def _platt_pair(model: LinearModel) -> list[float]:
    return [1.0, 0.0] if model.platt is None else [float(v) for v in model.platt[0]]


def _encode_float32(model: LinearModel) -> tuple[dict[str, Any], dict[str, Any]]:
    assert model.idf is not None
    header = {
        "features": model.spec.to_json(),
        "intercept": float(model.intercept[0]),
        "threshold": 0.5 if model.thresholds is None else float(model.thresholds[0]),
        "platt": _platt_pair(model),
    }
    return header, {"idf": model.idf.astype(np.float32), "coef": model.coef[0].astype(np.float32)}


def _decode_float32(header: dict[str, Any], weights: dict[str, Any], _: Layout) -> LinearModel:
    slope, offset = header.get("platt", [1.0, 0.0])
    return LinearTextClassifier(
        spec=FeatureSpec.from_json(header["features"]),
        idf=weights["idf"].astype(np.float64),
        coef=weights["coef"].astype(np.float64),
        intercept=float(header["intercept"]),
        threshold=float(header["threshold"]),
        platt=(float(slope), float(offset)),
        meta=dict(header.get("meta", {})),
    )


def _encode_float16(model: LinearModel) -> tuple[dict[str, Any], dict[str, Any]]:
    assert model.idf is not None
    scale = float(np.abs(model.coef).max()) or 1.0
    header = {
        "features": model.spec.to_json(),
        "labels": list(model.labels),
        "head": model.head,
        "coef_scale": scale,
        "intercept": model.intercept.tolist(),
        "thresholds": None if model.thresholds is None else model.thresholds.tolist(),
        "platt": None if model.platt is None else model.platt.tolist(),
    }
    arrays = {"idf": model.idf.astype(np.float16), "coef": (model.coef / scale).astype(np.float16)}
    return header, arrays


def _decode_float16(header: dict[str, Any], weights: dict[str, Any], layout: Layout) -> LinearModel:
    thresholds, platt = header.get("thresholds"), header.get("platt")
    return LinearModel(
        spec=FeatureSpec.from_json(header["features"]),
        labels=tuple(header["labels"]),
        idf=weights["idf"].astype(np.float64),
        coef=weights["coef"].astype(np.float64) * float(header["coef_scale"]),
        intercept=np.asarray(header["intercept"], dtype=np.float64),
        head=header["head"],
        thresholds=None if thresholds is None else np.asarray(thresholds, dtype=np.float64),
        platt=None if platt is None else np.asarray(platt, dtype=np.float64),
        meta=dict(header.get("meta", {})),
        layout=layout,
    )


def _encode_tagger(model: LinearModel) -> tuple[dict[str, Any], dict[str, Any]]:
    header = {"labels": list(model.labels), "n_features": model.spec.n_features}
    arrays = {
        "coef": model.coef.T.astype(np.float16),  # bucket-major: (n_features, n_labels)
        "intercept": model.intercept.astype(np.float32),
    }
    return header, arrays


def _decode_tagger(header: dict[str, Any], weights: dict[str, Any], layout: Layout) -> LinearModel:
    return LinearModel(
        spec=FeatureSpec.extras_only(int(header["n_features"])),
        labels=tuple(header["labels"]),
        idf=None,
        coef=np.ascontiguousarray(weights["coef"].astype(np.float64).T),
        intercept=weights["intercept"].astype(np.float64),
        head="softmax",
        meta=dict(header.get("meta", {})),
        layout=layout,
    )


_Encoder = Callable[[LinearModel], tuple[dict[str, Any], dict[str, Any]]]
_Decoder = Callable[[dict[str, Any], dict[str, Any], Layout], LinearModel]
_ENCODERS: dict[Codec, _Encoder] = {
    "float32": _encode_float32,
    "float16": _encode_float16,
    "tagger": _encode_tagger,
}
_DECODERS: dict[Codec, _Decoder] = {
    "float32": _decode_float32,
    "float16": _decode_float16,
    "tagger": _decode_tagger,
}


def read_linear(
    directory: Path, layout: Layout, name: str = ""
) -> tuple[LinearModel, dict[str, Any]]:
    """Read a model saved in ``layout``; return it with its JSON header."""
    what = layout.what.format(name=name)
    read_code, version_code, _ = layout.codes
    try:
        path = directory / layout.header.format(name=name)
        header = json.loads(path.read_text(encoding="utf-8"))
        with np.load(directory / layout.weights.format(name=name)) as npz:
            weights = {key: npz[key] for key in npz.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"[{read_code}] Cannot read {what} in {directory}: {exc}. {layout.fix}"
        ) from exc
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"[{version_code}] {what[0].upper()}{what[1:]} in {directory} has format_version "
            f"{header.get('format_version')!r}; this unspin reads version {FORMAT_VERSION}."
        )
    try:
        model = _DECODERS[layout.codec](header, weights, layout)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ModelError(
            f"[{read_code}] Cannot read {what} in {directory}: {exc}. {layout.fix}"
        ) from exc
    return model, header


def load_linear(directory: Path, layout: Layout, name: str = "") -> LinearModel:
    """Read a model written by ``LinearModel.save`` in ``layout``."""
    return read_linear(directory, layout, name)[0]


def load_classifier(
    directory: Path, extra_features: ExtraFeatures | None = None
) -> LinearTextClassifier:
    """Read a classifier written by ``LinearTextClassifier.save``."""
    model = load_linear(directory, CLASSIFIER)
    assert isinstance(model, LinearTextClassifier)
    model.extra_features = extra_features
    return model
