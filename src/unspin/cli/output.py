"""Writing analyses: terminal summaries, JSON Lines on stdout, JSON files."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from unspin.analysis import Failure
from unspin.errors import UnspinError
from unspin.model import Article
from unspin.render.terminal import print_summary
from unspin.schema import validate_article_json
from unspin.serialize import article_to_dict


def report_failure(failure: Failure) -> None:
    typer.echo(f"unspin: skipped {failure.source_id}: {failure.error}", err=True)


def emit(
    results: Iterable[Article | Failure], *, as_json: bool, out: Path | None, console: Console
) -> tuple[int, list[Failure]]:
    """Print or write each analysed article; returns the count analysed and the failures.

    Failures are reported as "skipped" lines as they happen, except when the only input fails:
    then the caller raises its error as the one-line message.
    """
    analysed: list[dict[str, Any]] = []
    failures: list[Failure] = []
    held: Failure | None = (
        None  # the first failure, held until it is known not to be the only input
    )
    count = 0
    for result in results:
        if isinstance(result, Failure):
            failures.append(result)
            if count == 0 and len(failures) == 1:
                held = result
                continue
            _release(held)
            held = None
            report_failure(result)
            continue
        _release(held)
        held = None
        count += 1
        data = article_to_dict(result)
        validate_article_json(data)
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False))
        elif out is None:
            print_summary(result, console)
        if out is not None:
            analysed.append(data)
    if out is not None:
        _write_json(out, analysed)
    return count, failures


def _write_json(path: Path, analysed: list[dict[str, Any]]) -> None:
    try:
        with path.open("w", encoding="utf-8") as handle:
            if path.suffix == ".jsonl":
                for data in analysed:
                    handle.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                payload: Any = analysed[0] if len(analysed) == 1 else analysed
                json.dump(payload, handle, ensure_ascii=False, indent=2)
    except OSError as exc:
        raise UnspinError(f"[E020] Cannot write {path}: {exc.strerror}.") from exc


def _release(held: Failure | None) -> None:
    if held is not None:
        report_failure(held)
