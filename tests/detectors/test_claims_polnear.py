"""Quality gate: ``claims.attribution.v2`` on all of PolNeAR dev, with pinned F1 floors.

The floors sit just below the figures reported in ``eval/polnear/README.md``; a drop below them
means the rules, the cue tagger or its weights changed for the worse.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support import shared_data
from unspin.detectors.claims.evaluate import evaluate_dirs
from unspin.detectors.claims.predict import predict_dir

if TYPE_CHECKING:
    from spacy.language import Language

# measure -> F1 floor (dev figures of eval/polnear/README.md minus about 0.005)
FLOORS = {
    "source/overlap": 0.736,  # 0.741
    "cue/exact": 0.651,  # 0.656
    "content/overlap": 0.769,  # 0.774
    "triple/overlap": 0.643,  # 0.648
}


@pytest.mark.slow
def test_polnear_dev_floors(nlp: Language, tmp_path: Path) -> None:
    dev = shared_data("polnear") / "data" / "dev"
    assert predict_dir(dev, tmp_path, nlp) == 84
    scores = evaluate_dirs(dev, tmp_path)
    below = {k: round(scores[k].f1, 3) for k, floor in FLOORS.items() if scores[k].f1 < floor}
    assert not below, f"PolNeAR dev F1 below the pinned floors {FLOORS}: {below}"
