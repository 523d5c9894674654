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

from unspin.detectors.persuasion.detector import PersuasionCrfDetector
from unspin.detectors.persuasion.encoder_models import PersuasionModelsV3, load_models_v3
from unspin.encoder import SegmentStates, paragraph_segments, segment_states
from unspin.model import Article, Span
from unspin.registry import detectors

NAME_V3 = "persuasion.encoder.v3"


class PersuasionEncoderDetector(PersuasionCrfDetector):
    """``persuasion.crf.v2`` whose paragraph and sentence techniques come from the encoder."""

    name = NAME_V3
    models: PersuasionModelsV3

    def __init__(self, models: PersuasionModelsV3 | None = None) -> None:
        super().__init__(models or load_models_v3())

    def _pass(self, article: Article, paragraphs: list[Span]) -> list[SegmentStates]:
        return segment_states(self.models.encoder, article.text, paragraphs)

    def _paragraph_proba(
        self, article: Article, paragraphs: list[Span]
    ) -> tuple[np.ndarray, np.ndarray]:
        return self.models.segment_proba(self._pass(article, paragraphs))

    def _sentence_chosen(
        self, article: Article, paragraph: Span, sentences: list[Span]
    ) -> np.ndarray:
        passed = self._pass(article, list(paragraph_segments(article)))
        found = next((s for s in passed if s.segment == paragraph), None)
        if found is None:  # not one of the article's paragraphs: encode the sentences alone
            return self.models.technique_proba([article.text[s.start : s.end] for s in sentences])[
                1
            ]
        pooled = [found.span_mean(s.start, s.end) for s in sentences]
        return self.models.pooled_proba(pooled)[1]


@detectors.register(NAME_V3)
def make_persuasion_encoder(settings: Any = None) -> PersuasionEncoderDetector:
    """Factory of the ``persuasion.encoder.v3`` detector (settings are not used yet)."""
    return PersuasionEncoderDetector()
