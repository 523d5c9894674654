"""``unspin ingest``, ``unspin query ...`` and ``unspin export``: thin shells over the corpus API.

Mount with ``app.command("ingest")(ingest_command)``, ``app.add_typer(query_app, name="query")``
and ``app.command("export")(export_command)``.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from unspin.analysis import ingest_options_from
from unspin.cli.options import AllowPrivate, ConfigFile
from unspin.config import load_settings
from unspin.corpus import BatchEngine, IngestReport, SerialEngine, ingest_corpus
from unspin.ingest import InputFailure, RawInput

DbOption = Annotated[Path, typer.Option("--db", help="The corpus store (SQLite file).")]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Period(StrEnum):
    day = "day"
    month = "month"
    year = "year"
    all = "all"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"
    w3c = "w3c"
    brat = "brat"
    graphml = "graphml"
    gexf = "gexf"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table (default), json or csv.")
]


# --- ingest ----------------------------------------------------------------------------------


def ingest_command(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Folders, files (text, HTML, JSONL, WARC), quoted glob patterns, or http(s) "
            "URLs of pages, RSS/Atom feeds or sitemaps."
        ),
    ],
    db: DbOption = Path("corpus.db"),
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Analysis processes (one model load each).")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Articles per batch sent to a worker.")
    ] = 16,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local (process pool) or dask.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT (implies dask)."),
    ] = None,
    shard_size: Annotated[int, typer.Option("--shard-size", help="Articles per Dask task.")] = 64,
    parts: Annotated[
        Path | None,
        typer.Option("--parts", help="Folder for Dask's Parquet parts (default: DB.parts)."),
    ] = None,
    near_duplicates: Annotated[
        bool,
        typer.Option(
            "--near-duplicates/--no-near-duplicates",
            help="Link syndicated copies (MinHash) to their original.",
        ),
    ] = True,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")
    ] = True,
    allow_private: AllowPrivate = False,
    config: ConfigFile = None,
) -> None:
    """Analyse a corpus into a store; re-running skips what is stored (resumable)."""
    from unspin.scale import (
        DaskOptions,
        LocalEngine,
        WorkerAnalyse,
        WorkerConfig,
        check_sources,
        ingest_dask,
        iter_corpus_inputs,
        warm_up,
    )

    settings = load_settings(config)
    options = ingest_options_from(settings, allow_private=allow_private)
    check_sources(sources)
    worker_config = WorkerConfig(str(config) if config else None, allow_private)
    analyse = WorkerAnalyse(worker_config)
    items = iter_corpus_inputs(sources, options)
    total = _count_inputs(sources, options) if progress else None
    with _progress_bar(total, enabled=progress) as on_progress:
        if engine is Engine.dask or scheduler is not None:
            dask_options = DaskOptions(
                scheduler=scheduler,
                n_workers=max(workers, 1),
                shard_size=shard_size,
                parts_dir=parts,
                salt=settings.hash(),
            )
            report = ingest_dask(
                items,
                analyse,
                db,
                source_id_of=_source_id,
                options=dask_options,
                progress=on_progress,
                near_duplicates=near_duplicates,
                warm_up=functools.partial(warm_up, worker_config),
            )
        else:
            runner: BatchEngine = (
                SerialEngine()
                if workers == 1
                else LocalEngine(workers, initializer=functools.partial(warm_up, worker_config))
            )
            report = ingest_corpus(
                items,
                analyse,
                db,
                source_id_of=_source_id,
                batch_size=batch_size,
                progress=on_progress,
                engine=runner,
                near_duplicates=near_duplicates,
            )
    print_report(report)
    if report.skipped:
        raise typer.Exit(code=2)


def print_report(report: IngestReport) -> None:
    """The final ingest report: counts, then skipped items grouped by reason (one line each)."""
    typer.echo(
        f"ingested {report.ingested} (near-duplicates linked: {report.near_duplicates}), "
        f"duplicates {report.duplicates}, already stored {report.already_stored}, "
        f"skipped {len(report.skipped)}"
    )
    examples: dict[str, str] = {}
    for failure in report.skipped:
        examples.setdefault(failure.code or failure.reason, failure.reason)
    for reason, count in report.reasons().most_common():
        typer.echo(f"  skipped {count} x {reason}, e.g. {examples[reason]}")


def _source_id(item: RawInput | InputFailure) -> str | None:
    if isinstance(item, InputFailure):
        return None  # failed reads are reported, never recorded: a re-run reports them again
    return item.source_id or item.url


def _count_inputs(sources: Sequence[str], options: Any) -> int | None:
    """How many inputs local SOURCES hold (None when a URL or stdin is among them)."""
    from unspin.scale import iter_corpus_inputs

    if any(s == "-" or s.lower().startswith(("http://", "https://")) for s in sources):
        return None
    return sum(1 for _ in iter_corpus_inputs(sources, options))


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "- articles/s")


@contextmanager
def _progress_bar(total: int | None, *, enabled: bool) -> Iterator[Callable[[IngestReport], None]]:
    """A rich progress bar on stderr (articles/s, ETA); yields the progress callback."""
    if not enabled:
        yield lambda report: None
        return
    bar = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    task = bar.add_task("ingest", total=total)
    with bar:
        yield lambda report: bar.update(task, completed=report.seen)


# --- query -----------------------------------------------------------------------------------

query_app = typer.Typer(
    help="Query a corpus store: search, actors, events, techniques, sources, claims.",
    no_args_is_help=True,
)


@query_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Words that must all occur.")],
    db: DbOption = Path("corpus.db"),
    claims: Annotated[bool, typer.Option("--claims", help="Search claims, not articles.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many hits.")] = 20,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Full-text search over article text and titles (or claims with --claims)."""
    from unspin.store import search, search_claims

    with _reader(db) as conn:
        rows = search_claims(conn, text, limit=limit) if claims else search(conn, text, limit=limit)
    emit_rows(rows, fmt, title="claims" if claims else "articles")


@query_app.command("actors")
def actors_command(
    db: DbOption = Path("corpus.db"),
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only this outlet.")] = None,
    stance: Annotated[
        bool, typer.Option("--stance", help="Stance toward each actor over time instead.")
    ] = False,
    by: Annotated[Period, typer.Option("--by", help="Period for --stance.")] = Period.month,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Actors by mentions, with articles, mean salience and first/last date."""
    from unspin.store import actor_stances, actor_stats

    with _reader(db) as conn:
        if stance:
            emit_rows(actor_stances(conn, outlet=outlet, by=by.value), fmt, title="stance")
        else:
            emit_rows(actor_stats(conn, outlet=outlet, limit=limit), fmt, title="actors")


@query_app.command("events")
def events_command(
    db: DbOption = Path("corpus.db"),
    source: Annotated[str | None, typer.Option("--source", help="CAMEO code prefix: CHN")] = None,
    target: Annotated[str | None, typer.Option("--target", help="CAMEO code prefix: RUS")] = None,
    by: Annotated[Period, typer.Option("--by", help="day, month, year or all.")] = Period.all,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Events from SOURCE to TARGET: counts per QuadClass and mean Goldstein, per period."""
    from unspin.store import event_summary

    with _reader(db) as conn:
        rows = event_summary(conn, source=source, target=target, by=by.value)
    emit_rows(rows, fmt, title="events")


@query_app.command("techniques")
def techniques_command(
    db: DbOption = Path("corpus.db"),
    by: Annotated[str, typer.Option("--by", help="outlet, or none for corpus totals.")] = "outlet",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Persuasion technique findings counted by label (and outlet)."""
    from unspin.store import finding_counts

    if by not in ("outlet", "none"):
        raise typer.BadParameter(f"--by must be outlet or none, got {by!r}.")
    with _reader(db) as conn:
        rows = finding_counts(conn, kind="technique", by_outlet=by == "outlet")
    emit_rows(rows, fmt, title="techniques")


@query_app.command("sources")
def sources_command(
    db: DbOption = Path("corpus.db"),
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only this outlet.")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The sources an outlet cites (from attributions), most cited first."""
    from unspin.store import cited_sources

    with _reader(db) as conn:
        rows = cited_sources(conn, outlet=outlet, limit=limit)
    emit_rows(rows, fmt, title="sources")


@query_app.command("claims")
def claims_command(
    db: DbOption = Path("corpus.db"),
    recurring: Annotated[
        bool, typer.Option("--recurring", help="Cluster near-identical claims across articles.")
    ] = True,
    threshold: Annotated[float, typer.Option("--threshold", help="MinHash Jaccard.")] = 0.7,
    min_articles: Annotated[int, typer.Option("--min-articles")] = 2,
    limit: Annotated[int, typer.Option("--limit")] = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Recurring claims, ordered by first appearance (where a narrative started).

    Claims stored since the recurring-claim index was last brought up to date are indexed
    first when the store is writable; on a read-only store they are left out, with a warning.
    """
    from unspin.store import recurring_claims
    from unspin.store.claim_index import pending_claims

    if not recurring:
        raise typer.BadParameter("Only --recurring is supported; use `query search --claims`.")
    _index_claims(db)
    with _reader(db) as conn:
        rows = recurring_claims(conn, threshold=threshold, min_articles=min_articles, limit=limit)
        pending = pending_claims(conn)
    if pending:
        typer.echo(
            f"warning: {pending} claims stored since the last index refresh are not grouped; "
            "open the store writable (or run an ingest) to index them.",
            err=True,
        )
    emit_rows(rows, fmt, title="recurring claims")


def _index_claims(db: Path) -> None:
    from unspin.store import StoreError, connect
    from unspin.store.claim_index import pending_claims, refresh_claim_index

    with _reader(db) as conn:
        if not pending_claims(conn):
            return
    try:
        conn = connect(db)
    except StoreError as exc:
        if exc.message.startswith("[E1102]"):  # read-only store: query what is indexed
            return
        raise
    try:
        refresh_claim_index(conn)
    finally:
        conn.close()


def emit_rows(rows: Sequence[Any], fmt: OutputFormat, *, title: str) -> None:
    """Print dataclass rows as a rich table, a JSON array or CSV with a header."""
    records = [dataclasses.asdict(row) for row in rows]
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    names = [f.name for f in dataclasses.fields(rows[0])] if rows else []
    if fmt is OutputFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=names)
        if names:
            writer.writeheader()
            writer.writerows(records)
        return
    table = Table(*names, title=f"{title} ({len(rows)})")
    for record in records:
        table.add_row(*("" if v is None else str(v) for v in record.values()))
    Console().print(table)


@contextmanager
def _reader(db: Path) -> Iterator[sqlite3.Connection]:
    from unspin.store import connect

    conn = connect(db, readonly=True)
    try:
        yield conn
    finally:
        conn.close()


# --- export ----------------------------------------------------------------------------------


def export_command(
    db: DbOption = Path("corpus.db"),
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = (
        ExportFormat.jsonl
    ),
    out: Annotated[
        Path, typer.Option("--out", help="Output file (a folder for csv, parquet and brat).")
    ] = Path("export.jsonl"),
) -> None:
    """Export a store: JSONL, CSV/Parquet tables, GDELT, W3C JSON-LD, brat, GraphML, GEXF."""
    from unspin.export import export_store

    result = export_store(db, fmt.value, out)
    typer.echo(f"wrote {result.count} {result.unit} as {result.format} to {result.out}")
