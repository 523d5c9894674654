"""The persuasion baseline: five shipped linear models and what each predicts.

``st3`` labels paragraphs (or sentences) with the 23 techniques, ``st2`` an article with
frames, ``st1`` with a genre, ``si`` finds propaganda spans token by token and ``tc`` names
the PTC technique of a span. Long inputs are processed in batches; genre and frames read the
first ``ARTICLE_CHARS`` characters.

Example:
    >>> models = load_models()  # doctest: +SKIP
    >>> models.genre(["Opinion: they lie, always."])  # doctest: +SKIP
    [('opinion', 0.93)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from unspin.detectors.persuasion import features as feat
from unspin.detectors.persuasion.formats import SpanLabel
from unspin.detectors.persuasion.linear import load_model
from unspin.detectors.persuasion.spans import decode_spans
from unspin.detectors.persuasion.taxonomy import from_ptc
from unspin.textclf.linear import FloatArray, LinearModel

ARTICLE_CHARS = 30_000
BATCH = 64
Scored = list[tuple[str, float]]


def model_dir() -> Path:
    """The folder of the shipped models."""
    return Path(str(resources.files("unspin").joinpath("data/models/persuasion")))


@dataclass(slots=True)
class PersuasionModels:
    """The five baseline models, loaded once."""

    st3: LinearModel
    st2: LinearModel
    st1: LinearModel
    si: LinearModel
    tc: LinearModel

    @property
    def version(self) -> str:
        """The model version recorded in provenance."""
        return self.with_frames_version(str(self.st3.meta.get("version", "persuasion-baseline-1")))

    def with_frames_version(self, version: str) -> str:
        """``version`` plus the frames model's own version when it has one (``+frames-2``)."""
        frames = self.st2.meta.get("version")
        return f"{version}+{frames}" if frames else version

    def technique_proba(self, texts: Sequence[str]) -> tuple[FloatArray, np.ndarray]:
        """Calibrated probabilities and decisions of the 23 techniques for each text."""
        if not texts:
            n = len(self.st3.labels)
            return np.zeros((0, n)), np.zeros((0, n), dtype=bool)
        parts = [self.st3.predict_proba(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        proba = np.vstack(parts)
        return proba, self.st3.decide(proba)

    def techniques(self, texts: Sequence[str]) -> list[Scored]:
        """The techniques found in each text, with calibrated confidence."""
        proba, chosen = self.technique_proba(texts)
        labels = self.st3.labels
        return [
            [(labels[j], float(p[j])) for j in np.flatnonzero(c)]
            for p, c in zip(proba, chosen, strict=True)
        ]

    def genre(self, texts: Sequence[str]) -> Scored:
        """The genre of each article and its probability."""
        heads = [t[:ARTICLE_CHARS] for t in texts]
        proba = self.st1.predict_proba(heads, [feat.genre_features(t) for t in heads])
        return [(self.st1.labels[int(np.argmax(p))], float(p.max())) for p in proba]

    def frames(self, texts: Sequence[str]) -> list[Scored]:
        """The frames of each article, with calibrated confidence."""
        proba = self.st2.predict_proba([t[:ARTICLE_CHARS] for t in texts])
        chosen = self.st2.decide(proba)
        return [
            [(self.st2.labels[j], float(p[j])) for j in np.flatnonzero(c)]
            for p, c in zip(proba, chosen, strict=True)
        ]

    def spans(self, article_id: str, text: str) -> list[SpanLabel]:
        """PTC span identification: propaganda spans of one article."""
        tokens = feat.tokens_of(text)
        if not tokens:
            return []
        feats = feat.token_features(tokens)
        proba = np.concatenate(
            [
                self.si.predict_proba([""] * len(feats[i : i + 4096]), feats[i : i + 4096])[:, 0]
                for i in range(0, len(feats), 4096)
            ]
        )
        threshold = float(self.si.thresholds[0]) if self.si.thresholds is not None else 0.5
        gap = int(self.si.meta.get("gap", 0))
        return decode_spans(article_id, tokens, proba.tolist(), threshold, gap)

    def classify_spans(self, text: str, spans: Sequence[SpanLabel]) -> list[SpanLabel]:
        """PTC technique classification: one 2020 technique for each given span."""
        if not spans:
            return []
        texts = [text[s.start : s.end] for s in spans]
        extras = [feat.span_features(text, s.start, s.end) for s in spans]
        proba = self.tc.predict_proba(texts, extras)
        return [
            SpanLabel(s.article_id, s.start, s.end, self.tc.labels[int(np.argmax(p))])
            for s, p in zip(spans, proba, strict=True)
        ]

    def technique_spans(self, article_id: str, text: str) -> list[SpanLabel]:
        """SemEval-2023 span labels: SI spans named by the TC model, mapped to 2023 codes."""
        found = self.classify_spans(text, self.spans(article_id, text))
        return [
            SpanLabel(s.article_id, s.start, s.end, from_ptc(s.technique or "Loaded_Language"))
            for s in found
        ]


@lru_cache(maxsize=4)
def load_models(directory: Path | None = None) -> PersuasionModels:
    """Load the shipped (or given) persuasion models once per process."""
    folder = directory or model_dir()
    return PersuasionModels(*(load_model(folder, n) for n in ("st3", "st2", "st1", "si", "tc")))
