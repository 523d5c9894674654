"""Linear text models that run on numpy alone: one runtime, check-worthiness and hedge models."""

from unspin.textclf.cues import CueLexicon, LexiconCue
from unspin.textclf.features import FeatureSpec, HashingFeaturizer
from unspin.textclf.linear import LinearModel, LinearTextClassifier, load_classifier, load_linear
from unspin.textclf.models import hedge_cues, load_checkworthy, load_hedge, load_hedge_lexicon

__all__ = [
    "CueLexicon",
    "FeatureSpec",
    "HashingFeaturizer",
    "LexiconCue",
    "LinearModel",
    "LinearTextClassifier",
    "hedge_cues",
    "load_checkworthy",
    "load_classifier",
    "load_hedge",
    "load_hedge_lexicon",
    "load_linear",
]
