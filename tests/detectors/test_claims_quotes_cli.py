"""Quote finding on awkward marks, and the thin ``unspin claims`` commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from unspin.cli.claims import app
from unspin.detectors.claims.quotes import find_quotes

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ('He said "yes" and left.', ['"yes"']),
        ("“One.” Then “two.”", ["“One.”", "“two.”"]),
        ("''Doubled marks,'' she said.", ["''Doubled marks,''"]),
        ("“Wrong closer,“ said Jim.", ["“Wrong closer,“"]),
        ("“Never closed\nNext paragraph.", ["“Never closed"]),
        ("“Open “again” here", ["“Open", "“again”"]),
        ("It's Kim's", []),
        ('"', []),
        ("", []),
    ],
)
def test_find_quotes(text: str, quotes: list[str]) -> None:
    assert [span.slice(text) for span in find_quotes(text)] == quotes


def test_cli_predict_then_evaluate(nlp: Language, tmp_path: Path) -> None:
    texts, pred = tmp_path / "texts", tmp_path / "pred"
    texts.mkdir()
    text = "Officials said the bridge would reopen."
    (texts / "story.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["predict", str(texts), "--out", str(pred)])
    assert result.exit_code == 0, result.output
    ann = (pred / "story.ann").read_text(encoding="utf-8")
    assert "T1\tSource 0 9\tOfficials\n" in ann
    result = runner.invoke(app, ["evaluate", str(pred), str(pred)])
    assert result.exit_code == 0
    triple = next(line for line in result.output.splitlines() if line.startswith("triple exact"))
    assert triple.split()[2:5] == ["1.000", "1.000", "1.000"]


def test_cli_maps_errors_to_exit_codes(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "absent"), str(tmp_path)])
    assert result.exit_code == 3
    assert "[E812]" in result.output
