"""``unspin demo``: analyse the bundled samples (and the shared reference article when present)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from unspin.analysis import Analyzer
from unspin.cli.output import emit
from unspin.config import load_settings
from unspin.ingest import RawInput
from unspin.model import Article
from unspin.samples import bundled_samples, seed_article_path


def demo_command(
    db: Annotated[
        Path, typer.Option("--db", help="Embedded store to save the analyses in.")
    ] = Path("unspin-demo.db"),
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the analysis JSON instead.")
    ] = False,
) -> None:
    """Analyse the bundled sample articles, print their summaries and save them in the store."""
    from unspin.store import connect, save_article

    inputs = bundled_samples()
    seed = seed_article_path()
    if seed is not None:
        inputs.append(RawInput(content=seed.read_bytes(), kind="text", source_id=str(seed)))
    analyzer = Analyzer(load_settings())
    console = Console()
    saved = 0
    results = list(analyzer.analyze_inputs(inputs))
    count, failures = emit(results, as_json=as_json, out=None, console=console)
    with closing(connect(db)) as conn:
        for result in results:
            if isinstance(result, Article):
                saved += int(save_article(conn, result, source_id=result.meta.source_id))
    typer.echo(
        f"Analysed {count} articles ({len(failures)} skipped); {saved} new in the store {db}.",
        err=as_json,
    )
    if seed is None:
        typer.echo(
            "(The reference article ../shared/samples/seed-article.txt was not found.)", err=True
        )
