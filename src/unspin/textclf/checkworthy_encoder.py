"""Check-worthiness from a MiniLM fine-tuned on CheckThat! 2024, blended with the linear model.

The encoder (the first three MiniLM-L6 layers, fine-tuned on the CheckThat! 2024 English train
sentences by ``training/encoder/checkworthy_top.py --full 3``; int8 ONNX in
``unspin/data/models/checkworthy_minilm``) reads each sentence on its own (``[CLS]`` sentence
``[SEP]``, at most 128 ids); a two-class head reads the mean of its states. Its probability of
"Yes" is averaged with the shipped TF-IDF model's, with the weight and the threshold chosen on
the dev set (``checkworthy.json``).

Example:
    >>> model = load_checkworthy_encoder()  # doctest: +SKIP
    >>> model.predict_proba(["Unemployment fell by 2 percent last year."])  # doctest: +SKIP
    array([0.83])
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspin.encoder import Encoder, load_encoder, softmax
from unspin.encoder import FloatArray as StateArray
from unspin.errors import ModelError
from unspin.textclf.linear import FloatArray, LinearTextClassifier
from unspin.textclf.models import MODELS_DIR, load_checkworthy

HEAD = "checkworthy"
MODEL_DIR = MODELS_DIR / "checkworthy_minilm"


@dataclass
class EncoderCheckworthy:
    """The encoder's probability of "Yes" blended with the linear model's (module docstring)."""

    encoder: Encoder
    weight: StateArray  # (2, hidden): No, Yes
    bias: StateArray
    linear: LinearTextClassifier
    blend: float  # weight of the encoder in the average
    cut: float
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return self.cut

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle by model folder (ONNX sessions cannot be pickled), for worker processes."""
        return load_checkworthy_encoder_from, (self.encoder.folder,)

    def encoder_proba(self, texts: Sequence[str]) -> FloatArray:
        """The encoder head's probability of "Yes" for each text."""
        if not texts:
            return np.zeros(0)
        max_len = self.encoder.config.max_len
        inputs = [self.encoder.tokenizer.encode(t, max_len) for t in texts]
        pooled = np.stack([s.mean(axis=0) for s in self.encoder.run(inputs)])
        return np.asarray(softmax(pooled @ self.weight.T + self.bias)[:, 1], dtype=np.float64)

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """The blended probability of "Yes", shape ``(n,)``."""
        if not texts:
            return np.zeros(0)
        linear = np.asarray(self.linear.predict_proba(list(texts)), dtype=np.float64)
        return self.blend * self.encoder_proba(texts) + (1.0 - self.blend) * linear


def load_checkworthy_encoder_from(folder: Path) -> EncoderCheckworthy:
    """The model of an encoder folder with a ``checkworthy`` head and its settings."""
    encoder = load_encoder(folder)
    try:
        with np.load(folder / f"{HEAD}.npz") as data:
            weight = np.asarray(data["weight"], dtype=np.float32)
            bias = np.asarray(data["bias"], dtype=np.float32)
            labels = tuple(str(x) for x in data["labels"])
        settings = json.loads((folder / f"{HEAD}.json").read_text(encoding="utf-8"))
        blend, cut = float(settings["weight"]), float(settings["cut"])
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise ModelError(
            f"[E913] Cannot read the check-worthiness encoder head in {folder}: {exc!r}. "
            "Rebuild it with training/encoder/checkworthy_top.py --full 3 --export."
        ) from exc
    if labels != ("No", "Yes") or weight.shape != (2, encoder.config.hidden):
        raise ModelError(f"[E913] The check-worthiness head in {folder} has labels {labels}.")
    meta = {"name": encoder.version, **{k: v for k, v in settings.items() if k != "history"}}
    return EncoderCheckworthy(encoder, weight, bias, load_checkworthy(), blend, cut, meta)


@lru_cache(maxsize=1)
def load_checkworthy_encoder() -> EncoderCheckworthy:
    """The shipped model (``unspin/data/models/checkworthy_minilm``), loaded once per process."""
    return load_checkworthy_encoder_from(MODEL_DIR)
