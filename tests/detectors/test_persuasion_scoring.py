"""The official metrics, on toy gold and predictions with hand-computed values."""

from __future__ import annotations

import pytest

from unspin.detectors.persuasion import scoring
from unspin.detectors.persuasion.formats import SpanLabel
from unspin.errors import InputError


def spans(*items: tuple[int, int]) -> list[SpanLabel]:
    return [SpanLabel("1", a, b) for a, b in items]


@pytest.mark.parametrize(
    ("gold", "pred", "precision", "recall", "f1"),
    [
        # exact match
        (spans((0, 10)), spans((0, 10)), 1.0, 1.0, 1.0),
        # half of the gold span found: full precision, half recall
        (spans((0, 10)), spans((0, 5)), 1.0, 0.5, 2 / 3),
        # the paper's example: 6 of 16 characters of "stupid and petty"
        (spans((4, 20)), spans((4, 10)), 1.0, 6 / 16, 2 * 0.375 / 1.375),
        # overlapping gold spans merge into (0, 15); P = (5/5 + 5/10) / 2, R = (5 + 5) / 15
        (spans((0, 10), (5, 15)), spans((0, 5), (10, 20)), 0.75, 2 / 3, 2 * 0.5 / (0.75 + 2 / 3)),
        # two predictions over one gold span are each divided by |S| = 2
        (spans((0, 10)), spans((0, 2), (8, 10)), 1.0, 0.4, 2 * 0.4 / 1.4),
        # nothing predicted
        (spans((0, 10)), [], 0.0, 0.0, 0.0),
        # touching spans do not merge and do not overlap
        (spans((0, 5)), spans((5, 9)), 0.0, 0.0, 0.0),
    ],
)
def test_si_partial_overlap(
    gold: list[SpanLabel], pred: list[SpanLabel], precision: float, recall: float, f1: float
) -> None:
    score = scoring.si_score(gold, pred)
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(f1)


def test_si_other_article_gives_no_credit() -> None:
    score = scoring.si_score([SpanLabel("1", 0, 10)], [SpanLabel("2", 0, 10)])
    assert (score.precision, score.recall) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("spans_in", "merged"),
    [
        ([(0, 5), (3, 8), (10, 12)], [(0, 8), (10, 12)]),
        ([(5, 9), (0, 5)], [(0, 5), (5, 9)]),
        ([(0, 10), (2, 3), (4, 4)], [(0, 10)]),
    ],
)
def test_merge_spans(spans_in: list[tuple[int, int]], merged: list[tuple[int, int]]) -> None:
    assert scoring.merge_spans(spans_in) == merged


def test_flc_needs_the_same_technique() -> None:
    gold = [SpanLabel("1", 0, 10, "A")]
    pred = [SpanLabel("1", 0, 10, "B"), SpanLabel("1", 0, 5, "A")]
    score = scoring.flc_score(gold, pred)
    assert score.precision == pytest.approx(0.5)  # (0 + 5/5) / 2
    assert score.recall == pytest.approx(0.5)  # 5/10
    assert score.per_label["A"] == pytest.approx(2 / 3)
    assert score.per_label["B"] == 0.0


def test_tc_best_alignment_on_identical_spans() -> None:
    gold = [SpanLabel("1", 0, 5, "A"), SpanLabel("1", 0, 5, "B"), SpanLabel("1", 6, 9, "A")]
    pred = [SpanLabel("1", 0, 5, "B"), SpanLabel("1", 0, 5, "A"), SpanLabel("1", 6, 9, "B")]
    score = scoring.tc_score(gold, pred, ("A", "B", "C"))
    assert score.f1 == pytest.approx(2 / 3)
    assert score.per_label["A"] == pytest.approx(2 / 3)  # P 1/1, R 1/2
    assert score.per_label["B"] == pytest.approx(2 / 3)  # P 1/2, R 1/1
    assert score.per_label["C"] == 0.0


def test_single_label_macro_and_micro() -> None:
    gold = {"a": "opinion", "b": "opinion", "c": "reporting", "d": "satire"}
    pred = {"a": "opinion", "b": "reporting", "c": "reporting", "d": "opinion"}
    score = scoring.single_label_score(gold, pred, ("opinion", "reporting", "satire"))
    assert score.per_label == pytest.approx({"opinion": 0.5, "reporting": 2 / 3, "satire": 0.0})
    assert score.macro_f1 == pytest.approx((0.5 + 2 / 3) / 3)
    assert score.f1 == pytest.approx(0.5)


def test_multi_label_micro_and_macro() -> None:
    gold = {1: ("A", "B"), 2: (), 3: ("C",)}
    pred = {1: ("A",), 2: ("B",), 3: ("C", "D", "not-a-class")}
    score = scoring.multi_label_score(gold, pred, ("A", "B", "C", "D"))
    assert score.precision == pytest.approx(0.5)  # 2 of 4 predicted labels
    assert score.recall == pytest.approx(2 / 3)  # 2 of 3 gold labels
    assert score.f1 == pytest.approx(4 / 7)
    assert score.macro_f1 == pytest.approx(0.5)  # A 1, B 0, C 1, D 0


def test_missing_prediction_rows_raise() -> None:
    with pytest.raises(InputError, match="E1220"):
        scoring.multi_label_score({1: ("A",), 2: ()}, {1: ("A",)}, ("A",))


def test_score_lines_put_the_official_metric_first() -> None:
    score = scoring.Score(0.5, 0.25, 1 / 3, macro_f1=0.2, per_label={"A": 0.1})
    assert score.lines()[0] == "f1=0.333333"
    assert score.lines("macro_f1")[:2] == ["macro_f1=0.200000", "precision=0.500000"]
