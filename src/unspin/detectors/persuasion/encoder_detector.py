"""The ``persuasion.encoder.v3`` detector: ``persuasion.crf.v2`` with paragraph techniques read
from the shared encoder's pass.

A paragraph's techniques come from the mean of its states; a sentence's, used to narrow the
evidence, from the mean of the same pass's states over the sentence's pieces, so no sentence
is encoded again. Stance (``stance.shared.v2``) reads the same cached pass.

Example:
    >>> detector = PersuasionEncoderDetector()  # doctest: +SKIP
    >>> sorted({f.label for f in detector(article, doc) if f.kind == "technique"})  # doctest: +SKIP
    ['Doubt', 'Loaded_Language', 'Name_Calling-Labeling']
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unspin.detectors.persuasion.detector import PersuasionCrfDetector, paragraph_sentences
from unspin.detectors.persuasion.encoder_models import PersuasionModelsV3, load_models_v3
from unspin.encoder import paragraph_passes
from unspin.model import Article, Span
from unspin.registry import detectors

NAME_V3 = "persuasion.encoder.v3"


class PersuasionEncoderDetector(PersuasionCrfDetector):
    """``persuasion.crf.v2`` whose paragraph and sentence techniques come from the encoder."""

    name = NAME_V3
    models: PersuasionModelsV3

    def __init__(self, models: PersuasionModelsV3 | None = None) -> None:
        super().__init__(models or load_models_v3())
        self._sentence_decisions: dict[Span, tuple[list[Span], np.ndarray]] = {}

    def _paragraph_proba(
        self, article: Article, paragraphs: list[Span]
    ) -> tuple[np.ndarray, np.ndarray]:
        # The sentences are pooled from each chunk's states while they are alive, so that a
        # long article never holds the states of all its paragraphs at once.
        self._sentence_decisions = {}
        rows, chosen = [], []
        for chunk in paragraph_passes(self.models.encoder, article.text, paragraphs):
            proba, decided = self.models.segment_proba(chunk)
            rows.append(proba)
            chosen.append(decided)
            for segment, decision in zip(chunk, decided, strict=True):
                if decision.any():
                    sentences = paragraph_sentences(article, segment.segment)
                    pooled = [segment.span_mean(s.start, s.end) for s in sentences]
                    self._sentence_decisions[segment.segment] = (
                        sentences,
                        self.models.pooled_proba(pooled)[1],
                    )
        if not rows:
            n = len(self.models.head.labels)
            return np.zeros((0, n)), np.zeros((0, n), dtype=bool)
        return np.vstack(rows), np.vstack(chosen)

    def _sentence_chosen(
        self, article: Article, paragraph: Span, sentences: list[Span]
    ) -> np.ndarray:
        stored = self._sentence_decisions.get(paragraph)
        if stored is not None and stored[0] == sentences:
            return stored[1]
        return self.models.technique_proba([article.text[s.start : s.end] for s in sentences])[1]


@detectors.register(NAME_V3)
def make_persuasion_encoder(settings: Any = None) -> PersuasionEncoderDetector:
    """Factory of the ``persuasion.encoder.v3`` detector (settings are not used yet)."""
    return PersuasionEncoderDetector()
