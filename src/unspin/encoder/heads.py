"""Small numpy heads that read encoder states: a softmax over pooled features."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.encoder.runtime import FloatArray
from unspin.encoder.tokenize import Encoded
from unspin.errors import ModelError


def softmax(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=-1, keepdims=True), dtype=np.float32)


@dataclass(frozen=True)
class AnchorHead:
    """Linear softmax over ``[state of [CLS]; state of the anchor token]``.

    The anchor is the opening target marker for target-dependent tasks; for plain
    sentence tasks it is 0 and the head reads ``[CLS]`` twice.
    """

    name: str
    labels: tuple[str, ...]
    weight: FloatArray  # (classes, 2 * hidden)
    bias: FloatArray  # (classes,)

    @classmethod
    def load(cls, path: Path, name: str) -> AnchorHead:
        """Read ``{name}.npz`` with arrays ``weight``, ``bias`` and ``labels``."""
        weight, bias, labels, _ = _read_head(path, name)
        return cls(name, labels, weight, bias)

    def features(self, states: Sequence[FloatArray], inputs: Sequence[Encoded]) -> FloatArray:
        rows = [np.concatenate([s[0], s[e.anchor]]) for s, e in zip(states, inputs, strict=True)]
        if not rows:
            return np.zeros((0, self.weight.shape[1]), dtype=np.float32)
        return np.stack(rows).astype(np.float32)

    def predict(self, states: Sequence[FloatArray], inputs: Sequence[Encoded]) -> FloatArray:
        """Class probabilities, one row per input, columns in ``labels`` order."""
        feats = self.features(states, inputs)
        return softmax(feats @ self.weight.T + self.bias)


def sigmoid(logits: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float32)


def _read_head(path: Path, name: str) -> tuple[FloatArray, FloatArray, tuple[str, ...], Any]:
    try:
        with np.load(path) as data:
            weight = np.asarray(data["weight"], dtype=np.float32)
            bias = np.asarray(data["bias"], dtype=np.float32)
            labels = tuple(str(x) for x in data["labels"])
            cut = float(data["cut"]) if "cut" in data.files else None
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"[E1306] Cannot read the {name} head {path}: {exc!r}.") from exc
    if weight.ndim != 2 or weight.shape[0] != len(labels) or bias.shape != (len(labels),):
        raise ModelError(f"[E1307] The {name} head {path} has inconsistent shapes.")
    return weight, bias, labels, cut


@dataclass(frozen=True)
class MultiLabelHead:
    """Independent sigmoids over pooled states; a label is chosen at ``cut`` or above."""

    name: str
    labels: tuple[str, ...]
    weight: FloatArray  # (labels, hidden)
    bias: FloatArray
    cut: float

    @classmethod
    def load(cls, path: Path, name: str) -> MultiLabelHead:
        """Read ``{name}.npz`` with ``weight``, ``bias``, ``labels`` and ``cut``."""
        weight, bias, labels, cut = _read_head(path, name)
        if cut is None:
            raise ModelError(f"[E1307] The {name} head {path} has no probability cut.")
        return cls(name, labels, weight, bias, cut)

    def proba(self, pooled: FloatArray) -> FloatArray:
        """Probabilities, one row per pooled state, columns in ``labels`` order."""
        return sigmoid(pooled @ self.weight.T + self.bias)


@dataclass(frozen=True)
class PairHead:
    """Softmax over two pooled states side by side (e.g. ``[sentence; target]``)."""

    name: str
    labels: tuple[str, ...]
    weight: FloatArray  # (labels, 2 * hidden)
    bias: FloatArray

    @classmethod
    def load(cls, path: Path, name: str) -> PairHead:
        """Read ``{name}.npz`` with ``weight``, ``bias`` and ``labels``."""
        weight, bias, labels, _ = _read_head(path, name)
        return cls(name, labels, weight, bias)

    def proba(self, first: FloatArray, second: FloatArray) -> FloatArray:
        """Class probabilities for each row pair of ``first`` and ``second``."""
        features = np.concatenate([first, second], axis=1)
        return softmax(features @ self.weight.T + self.bias)
