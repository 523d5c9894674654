"""Linear text classifiers that run on numpy alone: check-worthiness and hedge detection."""

from unspin.textclf.cues import CueLexicon, LexiconCue
from unspin.textclf.features import FeatureSpec, HashingFeaturizer
from unspin.textclf.linear import LinearTextClassifier, load_classifier
from unspin.textclf.models import hedge_cues, load_checkworthy, load_hedge, load_hedge_lexicon

__all__ = [
    "CueLexicon",
    "FeatureSpec",
    "HashingFeaturizer",
    "LexiconCue",
    "LinearTextClassifier",
    "hedge_cues",
    "load_checkworthy",
    "load_classifier",
    "load_hedge",
    "load_hedge_lexicon",
]
