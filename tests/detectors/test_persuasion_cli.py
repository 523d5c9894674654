"""The ``unspin persuasion`` commands on tiny hand-written files (no models needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli.persuasion import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("task", "gold", "pred", "first_line"),
    [
        ("semeval2023-st3", "1\t1\tDoubt,Slogans\n1\t3\t\n", "1\t1\tDoubt\n1\t3\tSlogans\n",
         "f1=0.500000"),
        ("semeval2023-st1", "1\topinion\n2\treporting\n", "1\topinion\n2\topinion\n",
         "macro_f1=0.222222"),
        ("ptc-si", "1\t0\t10\n", "1\t0\t5\n", "f1=0.666667"),
        ("ptc-tc", "1\tDoubt\t0\t5\n1\tSlogans\t6\t9\n", "1\tDoubt\t0\t5\n1\tDoubt\t6\t9\n",
         "f1=0.500000"),
    ],
)  # fmt: skip
def test_evaluate_prints_the_official_metric_first(
    tmp_path: Path, task: str, gold: str, pred: str, first_line: str
) -> None:
    (tmp_path / "gold.txt").write_text(gold, encoding="utf-8")
    (tmp_path / "pred.txt").write_text(pred, encoding="utf-8")
    result = runner.invoke(
        app, ["evaluate", "--task", task, str(tmp_path / "gold.txt"), str(tmp_path / "pred.txt")]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == first_line


def test_unknown_task_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "article1.txt").write_text("Text.", encoding="utf-8")
    result = runner.invoke(app, ["predict", "--task", "st9", str(tmp_path)])
    assert result.exit_code == 20
    assert "E1240" in result.output


def test_trivial_predictions_need_no_model(tmp_path: Path) -> None:
    (tmp_path / "article5.txt").write_text("Title\n\nBody line.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["predict", "--task", "semeval2023-st3", str(tmp_path), "--model", "trivial"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "5\t1\tLoaded_Language\n5\t3\tLoaded_Language\n"
