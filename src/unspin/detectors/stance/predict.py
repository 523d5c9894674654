"""Target-dependent polarity from the shipped stance encoder and its head."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from unspin.encoder import AnchorHead, Encoder, FloatArray, load_encoder

HEAD_NAME = "stance"


def stance_model_dir() -> Path:
    """The folder of the shipped stance encoder (``unspin/data/models/stance``)."""
    return Path(__file__).resolve().parents[2] / "data" / "models" / "stance"


@dataclass(frozen=True, slots=True)
class TargetInput:
    """A text and the character span of the target whose polarity is wanted."""

    text: str
    start: int
    end: int


class Predictor(Protocol):
    """What the detector and the evaluator need: labels, a version and batched probabilities."""

    @property
    def labels(self) -> tuple[str, ...]: ...

    @property
    def version(self) -> str: ...

    def predict(self, items: Sequence[TargetInput], batch_size: int = 1) -> FloatArray: ...


class StancePredictor:
    """Polarity toward a marked target: negative / neutral / positive probabilities.

    Example:
        >>> p = StancePredictor.load()  # doctest: +SKIP
        >>> p.labels[int(p.predict([TargetInput("Critics slammed Smith.", 16, 21)])[0].argmax())]
        'negative'
    """

    def __init__(self, encoder: Encoder, head: AnchorHead) -> None:
        self.encoder = encoder
        self.head = head

    @classmethod
    def load(cls, folder: Path | None = None, *, threads: int = 1) -> StancePredictor:
        folder = folder or stance_model_dir()
        encoder = load_encoder(folder, threads)
        return cls(encoder, AnchorHead.load(folder / f"{HEAD_NAME}.npz", HEAD_NAME))

    @property
    def labels(self) -> tuple[str, ...]:
        return self.head.labels

    @property
    def version(self) -> str:
        return self.encoder.version

    def predict(self, items: Sequence[TargetInput], batch_size: int = 1) -> FloatArray:
        """Probabilities (``len(items) x 3``) from one batched encoder run."""
        if not items:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        max_len = self.encoder.config.max_len
        tok = self.encoder.tokenizer
        inputs = [tok.encode_marked(i.text, i.start, i.end, max_len) for i in items]
        states = self.encoder.run(inputs, batch_size)
        return self.head.predict(states, inputs)
