"""``unspin serve``: options reach the app; uvicorn itself is not started here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from unspin.api.service import Workbench
from unspin.cli.serve import serve_command


def test_serve_builds_the_configured_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        seen["app"], seen["kwargs"] = app, kwargs

    monkeypatch.setattr("uvicorn.run", fake_run)
    monkeypatch.setattr(Workbench, "warm_up", lambda self: None)  # no model load in tests
    monkeypatch.setenv("UNSPIN_API_TOKEN", "from-env")
    cli = typer.Typer()
    cli.command()(serve_command)
    db = tmp_path / "corpus.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "--port", "8123", "--max-body", "4096"])
    assert result.exit_code == 0, result.output
    config = seen["app"].state.workbench.config
    assert config.db == db and config.token == "from-env" and config.max_body_bytes == 4096
    assert not config.read_only and db.exists()  # a writable server creates the store
    assert seen["kwargs"]["port"] == 8123 and seen["kwargs"]["host"] == "127.0.0.1"
    seen["app"].state.workbench.close()


def test_serve_help_lists_the_options() -> None:
    cli = typer.Typer()
    cli.command()(serve_command)
    out = CliRunner().invoke(cli, ["--help"]).output
    for option in ("--db", "--host", "--port", "--read-only", "--token", "--max-body", "--timeout"):
        assert option in out
