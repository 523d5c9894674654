"""Reproduce the published figures on the shared data sets (slow; skipped without ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import shared_data
from unspin.textclf.checkthat import read_checkthat
from unspin.textclf.tasks import evaluate_checkworthy, evaluate_hedge, predict_checkworthy

# Figures published in eval/checkworthy/README.md and eval/hedge/README.md.
DEV_TEST_F1 = 0.7684
HEDGE_SENTENCE_F1 = 0.8545
HEDGE_CUE_F1 = 0.7888


@pytest.mark.slow
def test_checkthat_train_reads_defect_line() -> None:
    records = read_checkthat(
        shared_data("checkthat2024-cw-en") / "CT24_checkworthy_english_train.tsv"
    )
    assert len(records) == 22501
    assert sum(bool(r.label) for r in records) == 5413
    assert {"24098", "29286"} <= {r.sentence_id for r in records}


@pytest.mark.slow
def test_checkworthy_dev_test_f1(tmp_path: Path) -> None:
    gold = shared_data("checkthat2024-cw-en") / "CT24_checkworthy_english_dev-test.tsv"
    pred = tmp_path / "pred.tsv"
    pred.write_text(predict_checkworthy(gold), encoding="utf-8")
    assert evaluate_checkworthy(gold, pred).f1 == pytest.approx(DEV_TEST_F1, abs=0.005)


@pytest.mark.slow
def test_checkworthy_encoder_dev_test_f1(tmp_path: Path) -> None:
    gold = shared_data("checkthat2024-cw-en") / "CT24_checkworthy_english_dev-test.tsv"
    pred = tmp_path / "pred.tsv"
    pred.write_text(predict_checkworthy(gold, model="encoder"), encoding="utf-8")
    assert evaluate_checkworthy(gold, pred).f1 == pytest.approx(0.8542, abs=0.005)


@pytest.mark.slow
def test_hedge_test_f1() -> None:
    report = evaluate_hedge(shared_data("uncertainty-wiki") / "wiki.xml", "test")
    assert report["sentences"] == 1787
    assert report["sentence"]["f1"] == pytest.approx(HEDGE_SENTENCE_F1, abs=0.005)
    assert report["cue_exact"]["f1"] == pytest.approx(HEDGE_CUE_F1, abs=0.005)
    assert json.dumps(report)
