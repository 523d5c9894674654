"""PLOVER scorer on toy data, and a slow smoke run on the shared gold file (read in place)."""

from __future__ import annotations

import pytest

from tests.support import shared_data
from unspin.detectors.events.plover_eval import (
    GoldRecord,
    Prediction,
    argument_right,
    plover_label,
    score,
    split_of,
)

GOLD = [
    GoldRecord("g1", "t", "ASSAULT", ("Red Army",), ("Blue City",)),
    GoldRecord("g2", "t", "AGREE", ("Ruritania", "Freedonia"), ()),
    GoldRecord("g3", "t", "REQUEST", ("Union",), ("Ministry",)),
    GoldRecord("g4", "t", "ASSAULT", ("Rebels",), ()),
]


def test_scorer_on_toy_predictions() -> None:
    predicted = [
        Prediction("ASSAULT", "the Red Army", "Blue City"),  # all right
        Prediction("AGREE", "Ruritania and Freedonia", None),  # all right
        Prediction("ASSAULT", "Union", "Ministry"),  # wrong type
        Prediction(None, None, None),  # nothing coded
    ]
    scores = score(GOLD, predicted)
    assert scores.type_accuracy == pytest.approx(0.5)
    assert scores.per_type_f1 == {"AGREE": 1.0, "ASSAULT": pytest.approx(0.5), "REQUEST": 0.0}
    assert scores.type_macro_f1 == pytest.approx(0.5)
    assert scores.dyad_accuracy == pytest.approx(0.5)
    assert scores.source_f1 == pytest.approx(6 / 7)  # tp 3, fn 1
    assert scores.target_f1 == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("predicted", "gold", "right"),
    [
        ("the Red Army", ("Red Army",), True),
        (None, (), True),
        ("Army", (), False),
        (None, ("X",), False),
        ("the", ("the",), True),
    ],
)
def test_argument_overlap(predicted, gold, right) -> None:
    assert argument_right(predicted, gold) is right


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("DEMAND", "REQUEST"),
        ("DISAPPROVE", "ACCUSE"),
        ("INVESTIGATE", "ACCUSE"),
        ("FIGHT", "ASSAULT"),
        ("AGREE", "AGREE"),
    ],
)
def test_legacy_labels(old, new) -> None:
    assert plover_label(old) == new


def test_split_is_stable_and_balanced() -> None:
    ids = [f"PLOVER-GSR01-X-{i:04d}" for i in range(400)]
    dev = sum(split_of(i) == "dev" for i in ids)
    assert 150 < dev < 250 and split_of(ids[0]) == split_of(ids[0])


def test_score_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        score(GOLD, [])


@pytest.mark.slow
def test_plover_gold_smoke(nlp) -> None:
    from unspin.detectors.events import EventCoder
    from unspin.detectors.events.plover_eval import evaluate

    scores = evaluate(shared_data("events/plover/PLOVER_GSR_CAMEO.txt"), nlp, EventCoder())
    assert scores["dev"].n + scores["test"].n == scores["all"].n == 322
    # Floors pinned a little under the measured figures (eval/plover/README.md).
    assert scores["dev"].type_macro_f1 >= 0.75 and scores["dev"].dyad_accuracy >= 0.65
    assert scores["test"].type_macro_f1 >= 0.57
    assert scores["test"].dyad_accuracy >= 0.39
    assert scores["test"].source_f1 >= 0.85
    assert scores["test"].target_f1 >= 0.70
