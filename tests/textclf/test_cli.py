"""The thin check-worthiness / hedge commands (mounted under ``unspin claims``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

# Imported through the package so the test also sees unspin/cli/__init__.py; skipped (not
# failed) while that shared package does not import, so this file never blocks collection.
app = pytest.importorskip("unspin.cli.checkworthy", exc_type=ImportError).app

GOLD = (
    "Sentence_id\tText\tclass_label\n1\tTaxes rose by 40 percent in 2019.\tYes\n2\tThank you.\tNo\n"
)


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.tsv"
    path.write_text(GOLD, encoding="utf-8")
    return path


def test_checkworthy_prints_lines(gold: Path) -> None:
    result = CliRunner().invoke(app, ["checkworthy", str(gold)])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert [cells[0] for cells in lines] == ["1", "2"]
    assert all(cells[1] in ("Yes", "No") and 0 <= float(cells[2]) <= 1 for cells in lines)


@pytest.mark.parametrize(
    ("pred", "f1"), [("1\tYes\t0.9\n2\tNo\t0.1\n", "1.0"), ("2\tYes\n", "0.0")]
)
def test_evaluate_checkworthy(gold: Path, tmp_path: Path, pred: str, f1: str) -> None:
    path = tmp_path / "pred.tsv"
    path.write_text(pred, encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate-checkworthy", str(gold), str(path)])
    assert result.exit_code == 0, result.output
    assert f'"f1": {f1}' in result.output


def test_bad_tsv_exits_with_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("not a header\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["checkworthy", str(path)])
    assert result.exit_code == 3
    assert "[E906]" in result.output


def test_checkworthy_with_the_encoder_model(gold: Path) -> None:
    result = CliRunner().invoke(app, ["checkworthy", str(gold), "--model", "encoder"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert [cells[0] for cells in lines] == ["1", "2"]
    assert all(cells[1] in ("Yes", "No") and 0 <= float(cells[2]) <= 1 for cells in lines)


def test_unknown_checkworthy_model_is_a_config_error(gold: Path) -> None:
    result = CliRunner().invoke(app, ["checkworthy", str(gold), "--model", "x"])
    assert result.exit_code != 0
    assert "[E914]" in result.output
