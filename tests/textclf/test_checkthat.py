"""CheckThat! TSV reading (including the glued-records defect), writing and scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.textclf.checkthat import (
    CheckThatRecord,
    format_predictions,
    read_checkthat,
    read_checkthat_text,
    read_predictions,
    score_checkworthy,
)

HEADER = "Sentence_id\tText\tclass_label\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1\tTaxes rose.\tYes\n", [("1", "Taxes rose.", True)]),
        (
            "1\tTaxes rose.\tYes\r\n2\tThank you.\tNo\r\n",
            [("1", "Taxes rose.", True), ("2", "Thank you.", False)],
        ),
        (
            "5\tWe will grow.\tNo29286\tJobs left.\tNo\n",
            [("5", "We will grow.", False), ("29286", "Jobs left.", False)],
        ),
        ("4\tNo2\tNo\n", [("4", "No2", False)]),
        ("\n3\tOk.\tNo\n\n", [("3", "Ok.", False)]),
    ],
)
def test_read_labelled(body: str, expected: list[tuple[str, str, bool]]) -> None:
    records = read_checkthat_text(HEADER + body)
    assert [(r.sentence_id, r.text, r.label) for r in records] == expected


def test_read_unlabelled() -> None:
    records = read_checkthat_text("Sentence_id\tText\n9\tPrices fell.\n")
    assert records == [CheckThatRecord("9", "Prices fell.", None)]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("", "E906"),
        ("id\ttext\tlabel\n1\tA\tYes\n", "E906"),
        (HEADER + "1\tA\tMaybe\n", "E907"),
        (HEADER + "1\tA\n", "E907"),
    ],
)
def test_read_errors(content: str, code: str) -> None:
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        read_checkthat_text(content)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\[E908\]"):
        read_checkthat(tmp_path / "nope.tsv")


def test_predictions_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "pred.tsv"
    path.write_text(format_predictions(["1", "2"], [True, False], [0.91, 0.2]), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == "1\tYes\t0.9100\n2\tNo\t0.2000\n"
    assert read_predictions(path) == {"1": True, "2": False}


@pytest.mark.parametrize(
    ("pred", "tp", "fp", "fn", "f1"),
    [
        ({"1": True, "2": False, "3": True, "4": False}, 2, 0, 0, 1.0),
        ({"1": True, "2": True, "3": False, "4": False}, 1, 1, 1, 0.5),
        ({"1": True}, 1, 0, 1, 2 / 3),
        ({}, 0, 0, 2, 0.0),
    ],
)
def test_score(pred: dict[str, bool], tp: int, fp: int, fn: int, f1: float) -> None:
    gold = read_checkthat_text(HEADER + "1\ta\tYes\n2\tb\tNo\n3\tc\tYes\n4\td\tNo\n")
    prf = score_checkworthy(gold, pred)
    assert (prf.tp, prf.fp, prf.fn) == (tp, fp, fn)
    assert prf.f1 == pytest.approx(f1)


def test_score_needs_labels() -> None:
    gold = read_checkthat_text("Sentence_id\tText\n1\ta\n")
    with pytest.raises(InputError, match=r"\[E909\]"):
        score_checkworthy(gold, {})
