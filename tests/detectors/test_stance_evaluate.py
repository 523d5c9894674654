"""NewsMTSC reading, writing and macro-F1 on toy data; CLI commands with a fake predictor."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from unspin.detectors.stance import evaluate as stance_eval
from unspin.detectors.stance.newsmtsc import (
    holdout_bucket,
    load_targets,
    macro_f1,
    read_jsonl,
)
from unspin.detectors.stance.predict import TargetInput
from unspin.errors import InputError

ROWS: list[dict[str, Any]] = [
    {
        "primary_gid": "s1",
        "sentence_normalized": "Critics slammed Smith and Jones.",
        "targets": [
            {"Input.gid": "t1", "from": 16, "to": 21, "mention": "Smith", "polarity": 2.0},
            {"Input.gid": "t2", "from": 26, "to": 31, "mention": "Jones", "polarity": 4.0},
        ],
    },
    {
        "primary_gid": "s2",
        "sentence_normalized": "Fans cheered Lee.",
        "targets": [{"Input.gid": "t3", "from": 13, "to": 16, "mention": "Lee", "polarity": 6.0}],
    },
]


class _ByWord:
    labels = ("negative", "neutral", "positive")
    version = "fake@0"

    def predict(self, items: Sequence[TargetInput], batch_size: int = 64) -> np.ndarray:
        return np.asarray(
            [[0.9, 0.05, 0.05] if "slammed" in i.text else [0.05, 0.05, 0.9] for i in items]
        )


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (["negative", "neutral", "positive"], ["negative", "neutral", "positive"], 1.0),
        (
            ["negative", "neutral", "positive"],
            ["negative", "negative", "positive"],
            (2 / 3 + 1) / 3,
        ),
        (["negative", "negative"], ["positive", "positive"], 0.0),
    ],
)
def test_macro_f1(gold: list[str], pred: list[str], expected: float) -> None:
    assert macro_f1(gold, pred) == pytest.approx(expected)


def test_read_targets(tmp_path: Path) -> None:
    targets = load_targets(_write(tmp_path / "g.jsonl", ROWS))
    assert [(t.sentence[t.start : t.end], t.label) for t in targets] == [
        ("Smith", "negative"),
        ("Jones", "neutral"),
        ("Lee", "positive"),
    ]


def test_evaluate_prediction_file(tmp_path: Path) -> None:
    gold = _write(tmp_path / "g.jsonl", ROWS)
    pred_rows = stance_eval.predict_file(gold, _ByWord())
    assert [t["polarity"] for r in pred_rows for t in r["targets"]] == [2.0, 2.0, 6.0]
    assert pred_rows[0]["targets"][0]["mention"] == "Smith"  # other fields kept
    pred = _write(tmp_path / "p.jsonl", pred_rows)
    report = stance_eval.evaluate_file(gold, pred)
    assert report.targets == 3
    assert report.macro_f1 == pytest.approx((2 / 3 + 0 + 1) / 3)
    assert report.confusion["neutral"]["negative"] == 1
    direct = stance_eval.evaluate_file(gold, None, _ByWord())
    assert direct.macro_f1 == report.macro_f1


def test_mismatched_prediction_file_is_refused(tmp_path: Path) -> None:
    gold = _write(tmp_path / "g.jsonl", ROWS)
    pred = _write(tmp_path / "p.jsonl", ROWS[:1])
    with pytest.raises(InputError, match=r"\[E1317\]"):
        stance_eval.evaluate_file(gold, pred)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("not json", "E1311"),
        ('{"targets": []}', "E1312"),
        ('{"sentence_normalized": "ab", "targets": [{"from": 0, "to": 9}]}', "E1313"),
        (
            '{"sentence_normalized": "ab", "targets": [{"from": 0, "to": 1, "polarity": 3}]}',
            "E1314",
        ),
    ],
)
def test_bad_input_is_a_coded_error(tmp_path: Path, line: str, code: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        load_targets(path)


def test_holdout_bucket_is_deterministic() -> None:
    assert holdout_bucket("Fans cheered Lee.") == holdout_bucket("Fans cheered Lee.")
    assert {holdout_bucket(f"sentence {i}") for i in range(200)} == set(range(10))


def test_cli_evaluate_and_predict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from unspin.cli.stance import app
    from unspin.detectors.stance.predict import StancePredictor

    monkeypatch.setattr(StancePredictor, "load", classmethod(lambda cls, *a, **k: _ByWord()))
    gold = _write(tmp_path / "g.jsonl", ROWS)
    runner = CliRunner()
    out = tmp_path / "p.jsonl"
    result = runner.invoke(app, ["predict", str(gold), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(read_jsonl(out)) == 2
    result = runner.invoke(app, ["evaluate", str(gold), str(out)])
    assert result.exit_code == 0 and "macro_f1=0.5556" in result.output
    bad = _write(tmp_path / "bad.jsonl", ROWS[:1])
    result = runner.invoke(app, ["evaluate", str(gold), str(bad)])
    assert result.exit_code == 3 and "E1317" in result.output
