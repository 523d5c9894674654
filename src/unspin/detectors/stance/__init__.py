"""Stance toward actors: target-dependent polarity of each actor mention, aggregated per actor.

Importing this package registers ``stance.target.v1``, ``stance.shared.v2`` and the finding
kinds ``stance`` and ``actor_stance``.
"""

from unspin.detectors.stance.detector import NAME, StanceDetector, make_stance_detector
from unspin.detectors.stance.evaluate import (
    StanceReport,
    evaluate_file,
    evaluate_targets,
    predict_file,
)
from unspin.detectors.stance.findings import ActorStance, MentionStance
from unspin.detectors.stance.predict import StancePredictor, TargetInput, stance_model_dir
from unspin.detectors.stance.shared import (
    NAME_V2,
    SharedStanceDetector,
    SharedStancePredictor,
    make_shared_stance_detector,
)

__all__ = [
    "NAME",
    "NAME_V2",
    "ActorStance",
    "MentionStance",
    "SharedStanceDetector",
    "SharedStancePredictor",
    "StanceDetector",
    "StancePredictor",
    "StanceReport",
    "TargetInput",
    "evaluate_file",
    "evaluate_targets",
    "make_shared_stance_detector",
    "make_stance_detector",
    "predict_file",
    "stance_model_dir",
]
