"""Quality gate: ``claims.attribution.v2``, ``v3`` and ``v4`` on all of PolNeAR dev, pinned F1
floors.

The floors sit just below the figures reported in ``eval/polnear/README.md``; a drop below them
means the rules, a cue tagger or its weights changed for the worse.
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

# version -> measure -> F1 floor (dev figures of eval/polnear/README.md minus about 0.005)
FLOORS = {
    2: {
        "source/overlap": 0.736,  # 0.741
        "cue/exact": 0.651,  # 0.656
        "content/overlap": 0.769,  # 0.774
        "triple/overlap": 0.643,  # 0.648
    },
    3: {
        "source/exact": 0.690,  # 0.695
        "source/overlap": 0.736,  # 0.741
        "cue/exact": 0.669,  # 0.674
        "content/overlap": 0.761,  # 0.766
        "triple/overlap": 0.650,  # 0.655
    },
    4: {
        "source/overlap": 0.783,  # 0.788
        "cue/exact": 0.687,  # 0.692
        "content/overlap": 0.795,  # 0.800
        "triple/overlap": 0.699,  # 0.704
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("version", sorted(FLOORS))
def test_polnear_dev_floors(nlp: Language, tmp_path: Path, version: int) -> None:
    dev = shared_data("polnear") / "data" / "dev"
    assert predict_dir(dev, tmp_path, nlp, version=version) == 84
    scores = evaluate_dirs(dev, tmp_path)
    floors = FLOORS[version]
    below = {k: round(scores[k].f1, 3) for k, floor in floors.items() if scores[k].f1 < floor}
    assert not below, f"PolNeAR dev F1 (v{version}) below the pinned floors {floors}: {below}"
