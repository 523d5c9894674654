"""The ``persuasion.encoder.v3`` models: v2's models, with paragraph techniques from the shared
encoder's ``st3`` head instead of TF-IDF.

Genre, frames, span identification and span classification stay v2's. The encoder folder
(``data/models/shared``) also carries the stance head, so the two detectors share one pass per
paragraph (``unspin.encoder.passes``).

Example:
    >>> models = load_models_v3()  # doctest: +SKIP
    >>> models.techniques(["They are traitors and liars, all of them."])  # doctest: +SKIP
    [[('Name_Calling-Labeling', 0.71)]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from unspin.detectors.persuasion.models_v2 import PersuasionModelsV2, load_models_v2
from unspin.encoder import (
    Encoder,
    FloatArray,
    MultiLabelHead,
    SegmentStates,
    load_encoder,
    text_states,
)
from unspin.errors import ModelError
from unspin.textclf.linear import FloatArray as TextFloats

VERSION = "persuasion-encoder-3"
HEAD = "st3"


def shared_model_dir() -> Path:
    """The folder of the shared paragraph encoder (``unspin/data/models/shared``)."""
    return Path(__file__).resolve().parents[2] / "data" / "models" / "shared"


@dataclass(slots=True)
class PersuasionModelsV3(PersuasionModelsV2):
    """The v2 models plus the shared encoder and its paragraph-technique head."""

    encoder: Encoder
    head: MultiLabelHead

    @property
    def version(self) -> str:
        """The model version recorded in provenance (encoder version included)."""
        return self.with_frames_version(f"{VERSION}:{self.encoder.version}")

    def technique_proba(self, texts: Sequence[str]) -> tuple[TextFloats, np.ndarray]:
        """Probabilities and decisions of the 23 techniques, each text encoded on its own."""
        return self.segment_proba(text_states(self.encoder, texts))

    def segment_proba(self, segments: Sequence[SegmentStates]) -> tuple[TextFloats, np.ndarray]:
        """Probabilities and decisions from each segment's mean state (zeros when empty)."""
        return self.pooled_proba([s.mean() for s in segments])

    def pooled_proba(self, pooled: Sequence[FloatArray | None]) -> tuple[TextFloats, np.ndarray]:
        """Probabilities and decisions of pooled states; ``None`` (no pieces) gives zeros."""
        n = len(self.head.labels)
        proba: TextFloats = np.zeros((len(pooled), n), dtype=np.float64)
        present = [(i, p) for i, p in enumerate(pooled) if p is not None]
        if present:
            rows = [i for i, _ in present]
            proba[rows] = self.head.proba(np.stack([p for _, p in present]))
        return proba, proba >= self.head.cut


@lru_cache(maxsize=2)
def load_models_v3(directory: Path | None = None) -> PersuasionModelsV3:
    """Load the v2 models and the shared encoder's ``st3`` head once per process."""
    base = load_models_v2()
    folder = directory or shared_model_dir()
    encoder = load_encoder(folder)
    if HEAD not in encoder.config.heads:
        raise ModelError(f"[E1308] The encoder in {folder} has no {HEAD} head.")
    head = MultiLabelHead.load(folder / f"{HEAD}.npz", HEAD)
    if head.labels != base.st3.labels:
        raise ModelError(
            f"[E1309] The {HEAD} head in {folder} does not use the 23 SemEval-2023 techniques "
            "in the taxonomy's order."
        )
    fields = {name: getattr(base, name) for name in PersuasionModelsV2.__dataclass_fields__}
    return PersuasionModelsV3(**fields, encoder=encoder, head=head)
