"""``unspin events``: code events in JSONL input, and score the coder on the PLOVER gold file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from unspin.errors import InputError, UnspinError

app = typer.Typer(help="Event coding (CAMEO / PLOVER): who did what to whom, when and where.")

DEFAULT_GOLD = Path("../shared/data/events/plover/PLOVER_GSR_CAMEO.txt")


def _records(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise InputError(f"[E1005] {path}:{number} is not JSON: {exc}.") from exc
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise InputError(f'[E1006] {path}:{number} needs an object with a "text" string.')
            records.append(item)
    return records


@app.command()
def code(
    input_path: Annotated[Path, typer.Argument(help="JSONL: one {id, text, date?} per line.")],
    gdelt: Annotated[bool, typer.Option(help="Also print GDELT-2.0-style rows.")] = False,
) -> None:
    """Print one JSON line per input line with its coded events."""
    from unspin.detectors.events.batch import code_records

    try:
        for line in code_records(_records(input_path), gdelt=gdelt):
            typer.echo(json.dumps(line, ensure_ascii=False))
    except UnspinError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from exc


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="PLOVER_GSR_CAMEO.txt")] = DEFAULT_GOLD,
    news: Annotated[
        bool,
        typer.Option(help="Score the precise news settings (actor-only dyads) instead."),
    ] = False,
) -> None:
    """Score event type and dyads on the PLOVER gold sentences (dev / test / all)."""
    from unspin.detectors.events import EventCoder
    from unspin.detectors.events.coder import CoderOptions
    from unspin.detectors.events.plover_eval import evaluate as run_eval
    from unspin.nlp.load import load_spacy

    options = CoderOptions.news() if news else CoderOptions()
    try:
        scores = run_eval(gold, load_spacy(), EventCoder(options=options))
    except UnspinError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from exc
    json.dump({k: v.as_dict() for k, v in scores.items()}, sys.stdout, indent=2)
    typer.echo()
