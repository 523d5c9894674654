"""Commands for target-dependent stance, mounted by the lead under ``unspin stance``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unspin.errors import ConfigError, UnspinError

if TYPE_CHECKING:
    from unspin.detectors.stance.predict import Predictor

app = typer.Typer(help="Stance toward actors: NewsMTSC-format prediction and evaluation.")

_File = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]
_Model = Annotated[
    str,
    typer.Option(
        "--model",
        help="target (stance.target.v1: six layers, marked target; the default) or shared "
        "(stance.shared.v2: the two-layer encoder shared with persuasion).",
    ),
]


def _predictor(model: str) -> Predictor:
    from unspin.detectors.stance import SharedStancePredictor, StancePredictor

    if model == "shared":
        return SharedStancePredictor.load()
    if model == "target":
        return StancePredictor.load()
    raise ConfigError(f"[E1319] Unknown stance model {model!r}. Choose target or shared.")


def _fail(error: UnspinError) -> typer.Exit:
    typer.echo(str(error), err=True)
    return typer.Exit(error.exit_code)


@app.command("predict")
def predict(
    file: _File,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write here instead of stdout")
    ] = None,
    model: _Model = "target",
) -> None:
    """Write FILE (NewsMTSC JSONL) back with each target's predicted polarity."""
    from unspin.detectors.stance.evaluate import predict_file

    try:
        rows = predict_file(file, _predictor(model))
    except UnspinError as error:
        raise _fail(error) from error
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if output is None:
        sys.stdout.write(lines)
    else:
        output.write_text(lines, encoding="utf-8")


@app.command("evaluate")
def evaluate(
    gold: _File,
    pred: Annotated[
        Path | None,
        typer.Argument(exists=True, dir_okay=False, help="predictions; default: run the model"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the full report as JSON")] = False,
    model: _Model = "target",
) -> None:
    """Print macro-F1 of PRED (or of a shipped model) against GOLD (NewsMTSC JSONL)."""
    from unspin.detectors.stance.evaluate import evaluate_file

    try:
        report = evaluate_file(gold, pred, None if pred else _predictor(model))
    except UnspinError as error:
        raise _fail(error) from error
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        typer.echo(f"{report.name}\ttargets={report.targets}\tmacro_f1={report.macro_f1:.4f}")


if __name__ == "__main__":  # until mounted as `unspin stance`
    app()
