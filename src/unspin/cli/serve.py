"""``unspin serve --db corpus.db``: the web workbench and REST API (FastAPI on uvicorn)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from unspin.api.service import DEFAULT_ANALYSIS_TIMEOUT, DEFAULT_MAX_BODY, ServerConfig
from unspin.cli.options import ConfigFile

TOKEN_ENV = "UNSPIN_API_TOKEN"


def serve_command(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="The corpus store to browse (created unless --read-only)."),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="Open the store read-only: analyses are never stored."),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help=f"Token that write routes require (Authorization: Bearer); default ${TOKEN_ENV}.",
        ),
    ] = None,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1024, help="Largest request body in bytes.")
    ] = DEFAULT_MAX_BODY,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Time limit of one analysis in seconds.")
    ] = DEFAULT_ANALYSIS_TIMEOUT,
    config: ConfigFile = None,
) -> None:
    """Serve the analyst's workbench: analyse articles, browse the corpus, and the /api."""
    import uvicorn

    from unspin.api.app import create_app

    settings = ServerConfig(
        db=db,
        read_only=read_only,
        token=token or os.environ.get(TOKEN_ENV) or None,
        max_body_bytes=max_body,
        analysis_timeout=timeout,
        settings_file=config,
    )
    app = create_app(settings)
    app.state.workbench.warm_up()
    typer.echo(f"unspin: serving on http://{host}:{port}/ (API spec at /api/openapi.json)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=30,
    )
