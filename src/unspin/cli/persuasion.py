"""``unspin persuasion``: predict and score the PTC and SemEval-2023 Task 3 tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from unspin.detectors.persuasion.formats import read_ids
from unspin.detectors.persuasion.tasks import TASKS, ModelName, evaluate_task, predict_task
from unspin.errors import UnspinError

app = typer.Typer(help="Persuasion techniques, genre and frames: official tasks and metrics.")

TaskOption = Annotated[str, typer.Option("--task", help=f"One of: {', '.join(TASKS)}.")]
IdsOption = Annotated[
    Path | None, typer.Option("--ids", help="File of article ids (one a line) to restrict to.")
]


def _fail(exc: UnspinError) -> typer.Exit:
    typer.echo(str(exc), err=True)
    return typer.Exit(exc.exit_code)


@app.command()
def predict(
    task: TaskOption,
    articles_dir: Annotated[Path, typer.Argument(help="Folder of article<ID>.txt files.")],
    template: Annotated[
        Path | None, typer.Option("--template", help="ST3 paragraph or PTC TC template file.")
    ] = None,
    ids: IdsOption = None,
    model: Annotated[
        str,
        typer.Option(
            "--model",
            help="crf (persuasion.crf.v2, the pipeline's default: CRF spans, v2 span "
            "classifier, TF-IDF paragraphs), encoder (persuasion.encoder.v3: crf with paragraph "
            "techniques from the shared two-layer MiniLM), baseline (the v1 models) or trivial "
            "(the floors).",
        ),
    ] = "crf",
) -> None:
    """Print predictions for the articles in the task's official format."""
    try:
        chosen = read_ids(ids) if ids else None
        typer.echo(
            predict_task(task, articles_dir, template, chosen, cast(ModelName, model)), nl=False
        )
    except UnspinError as exc:
        raise _fail(exc) from exc


@app.command()
def evaluate(
    task: TaskOption,
    gold: Annotated[Path, typer.Argument(help="Gold label file or folder of label files.")],
    pred: Annotated[Path, typer.Argument(help="Prediction file in the official format.")],
    ids: IdsOption = None,
) -> None:
    """Print the official metric of a prediction file against gold, then the details."""
    try:
        score = evaluate_task(task, gold, pred, read_ids(ids) if ids else None)
    except UnspinError as exc:
        raise _fail(exc) from exc
    main = "macro_f1" if task == "semeval2023-st1" else "f1"
    typer.echo("\n".join(score.lines(main)))


if __name__ == "__main__":
    app()
