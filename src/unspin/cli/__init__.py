"""The ``unspin`` command line: parse, call the library, map errors to exit codes.

Exit codes: 0 all inputs analysed; 2 usage error or some inputs of a batch skipped; otherwise the
``exit_code`` of the ``UnspinError`` raised (see ``unspin.errors``).
"""

from __future__ import annotations

import sys

import typer

from unspin.cli.analyze import analyze_command
from unspin.cli.checkworthy import app as checkworthy_app
from unspin.cli.claims import app as claims_app
from unspin.cli.corpus import export_command, ingest_command, query_app
from unspin.cli.demo import demo_command
from unspin.cli.events import app as events_app
from unspin.cli.persuasion import app as persuasion_app
from unspin.cli.serve import serve_command
from unspin.cli.stance import app as stance_app
from unspin.errors import UnspinError

app = typer.Typer(
    name="unspin",
    help="Take news articles apart like a fact-checker: actors, claims, techniques, events.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("analyze")(analyze_command)
app.command("demo")(demo_command)
app.command("ingest")(ingest_command)
app.command("export")(export_command)
app.command("serve")(serve_command)
app.add_typer(
    query_app, name="query", help="Query a corpus store: search, actors, events, sources."
)
claims_app.registered_commands.extend(checkworthy_app.registered_commands)
app.add_typer(
    claims_app, name="claims", help="Attributions, check-worthiness, hedges: predict, evaluate."
)
app.add_typer(events_app, name="events", help="Code events (CAMEO/PLOVER) and evaluate on PLOVER.")
app.add_typer(
    persuasion_app,
    name="persuasion",
    help="Persuasion techniques, genre, frames: predict and evaluate in the official formats.",
)
app.add_typer(stance_app, name="stance", help="Target-dependent stance: predict and evaluate.")


@app.command("version")
def version_command() -> None:
    """Print the unspin version and the models it would load."""
    from unspin import __version__
    from unspin.config import load_settings

    settings = load_settings()
    typer.echo(f"unspin {__version__} (spaCy pipeline: {settings.nlp.spacy_model})")


def main() -> None:
    """Entry point of the ``unspin`` script."""
    try:
        app()
    except UnspinError as exc:
        typer.echo(f"unspin: error: {exc}", err=True)
        sys.exit(exc.exit_code)
