"""Command-line options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="Allow fetching loopback and private-network URLs."),
]
ConfigFile = Annotated[
    Path | None, typer.Option("--config", help="A TOML file overriding the default settings.")
]
