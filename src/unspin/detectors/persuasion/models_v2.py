"""The ``persuasion.crf.v2`` models: v1's paragraph, genre and frame models, a CRF span tagger
and the version-2 technique classifier.

Only span identification (``spans``) and span classification (``classify_spans``) change;
everything else is the baseline's. The v2 files live in ``data/models/persuasion/v2``.

Example:
    >>> models = load_models_v2()  # doctest: +SKIP
    >>> models.spans("1", "They are traitors and liars.")  # doctest: +SKIP
    [SpanLabel(article_id='1', start=9, end=27, technique=None)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unspin.detectors.persuasion.baseline import PersuasionModels, load_models, model_dir
from unspin.detectors.persuasion.crf import CrfSpanTagger
from unspin.detectors.persuasion.formats import SpanLabel
from unspin.detectors.persuasion.linear import load_model
from unspin.detectors.persuasion.tc_v2 import classify_spans_v2
from unspin.textclf.linear import LinearModel

VERSION = "persuasion-crf-2"


def model_dir_v2() -> Path:
    """The folder of the shipped v2 models."""
    return model_dir() / "v2"


@dataclass(slots=True)
class PersuasionModelsV2(PersuasionModels):
    """The baseline models plus the CRF span tagger and the v2 technique classifier."""

    tagger: CrfSpanTagger
    tc_v2: LinearModel

    @property
    def version(self) -> str:
        """The model version recorded in provenance."""
        return self.with_frames_version(VERSION)

    def spans(self, article_id: str, text: str) -> list[SpanLabel]:
        """PTC span identification with the CRF."""
        return self.tagger.spans(article_id, text)

    def classify_spans(self, text: str, spans: Sequence[SpanLabel]) -> list[SpanLabel]:
        """PTC technique classification with the v2 features."""
        return classify_spans_v2(self.tc_v2, text, spans)


@lru_cache(maxsize=2)
def load_models_v2(directory: Path | None = None) -> PersuasionModelsV2:
    """Load the v1 models and the v2 span models (from ``directory``) once per process."""
    base = load_models()
    folder = directory or model_dir_v2()
    return PersuasionModelsV2(
        base.st3,
        base.st2,
        base.st1,
        base.si,
        base.tc,
        CrfSpanTagger(folder),
        load_model(folder, "tc"),
    )
