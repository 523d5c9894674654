"""Commands for check-worthiness and hedge models, mounted by the lead under ``unspin claims``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from unspin.errors import UnspinError
from unspin.textclf.tasks import evaluate_checkworthy, evaluate_hedge, predict_checkworthy

app = typer.Typer(help="Check-worthiness (CheckThat! 2024) and hedge detection.")

_File = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]


def _fail(error: UnspinError) -> typer.Exit:
    typer.echo(str(error), err=True)
    return typer.Exit(error.exit_code)


@app.command("checkworthy")
def checkworthy(
    file: _File,
    model: Annotated[
        str,
        typer.Option(
            "--model",
            help="linear (TF-IDF, the default) or encoder (a MiniLM fine-tuned on CheckThat! "
            "2024 blended with it, as claims.all.v4 scores claims).",
        ),
    ] = "linear",
) -> None:
    """Print Sentence_id<TAB>Yes|No<TAB>score for each sentence of a CheckThat! TSV."""
    try:
        typer.echo(predict_checkworthy(file, model=model), nl=False)
    except UnspinError as error:
        raise _fail(error) from error


@app.command("evaluate-checkworthy")
def evaluate_checkworthy_command(gold: _File, pred: _File) -> None:
    """Print precision, recall and F1 of class Yes as JSON."""
    try:
        typer.echo(json.dumps(evaluate_checkworthy(gold, pred).to_json(), indent=2))
    except UnspinError as error:
        raise _fail(error) from error


@app.command("evaluate-hedge")
def evaluate_hedge_command(
    wiki_xml: _File,
    part: Annotated[str, typer.Option(help="split part: train, dev or test")] = "test",
) -> None:
    """Print sentence-level and cue-level F1 on a part of the Wikipedia uncertainty corpus."""
    if part not in ("train", "dev", "test"):
        raise typer.BadParameter(f"part must be train, dev or test, got {part!r}")
    try:
        report = evaluate_hedge(wiki_xml, part)  # type: ignore[arg-type]
        typer.echo(json.dumps(report, indent=2))
    except UnspinError as error:
        raise _fail(error) from error
