"""``unspin claims``: predict attributions as brat files and score them against gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from unspin.errors import UnspinError

app = typer.Typer(help="Attributions: who says what, on whose authority.", no_args_is_help=True)


@app.command()
def predict(
    text_dir: Annotated[Path, typer.Argument(help="Folder of .txt files (or a PolNeAR split).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the .ann files.")],
    batch_size: Annotated[int, typer.Option(help="Texts per spaCy batch.")] = 16,
    version: Annotated[
        int,
        typer.Option(
            "--version",
            help="Attribution detector: 1 rules, 2 rules + linear cue tagger (the default), "
            "3 rules + CRF cue tagger, 4 rules + CRF + the PolNeAR-tuned MiniLM tagger.",
        ),
    ] = 2,
) -> None:
    """Write one brat .ann per .txt with Source/Cue/Content spans (claims.attribution.v2, or
    the ``--version`` asked for)."""
    from unspin.detectors.claims.predict import predict_dir
    from unspin.nlp.load import load_spacy

    try:
        written = predict_dir(text_dir, out, load_spacy(), batch_size=batch_size, version=version)
    except UnspinError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from exc
    typer.echo(f"wrote {written} .ann files to {out}")


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Gold brat folder (or a PolNeAR split).")],
    pred_dir: Annotated[Path, typer.Argument(help="Predicted brat folder.")],
) -> None:
    """Print P/R/F1 for source, cue and content spans and whole triples, exact and overlap."""
    from unspin.detectors.claims.evaluate import evaluate_dirs, format_table

    try:
        scores = evaluate_dirs(gold_dir, pred_dir)
    except UnspinError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from exc
    typer.echo(format_table(scores))
