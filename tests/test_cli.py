"""The command line: summaries, JSON that validates, one-line errors with distinct exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app, main
from unspin.schema import validate_article_json

ARTICLE = (
    "Share this article\n"
    "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Monday. "
    '"We stand together," Macron said after the talks.\n'
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def _write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_summary_shows_metadata_and_actors(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "Actors" in result.output
    assert "Emmanuel Macron" in result.output
    assert "Share this article" not in result.output


def test_json_output_validates_and_slices_back(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    validate_article_json(data)
    assert "Share this article" not in data["text"]
    names = {a["name"] for a in data["actors"]}
    assert {"Olaf Scholz", "Emmanuel Macron"} <= names
    for actor in data["actors"]:
        for mention in actor["mentions"]:
            assert data["text"][mention["span"]["start"] : mention["span"]["end"]]


def test_out_file(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    validate_article_json(json.loads(out.read_text()))


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", "-", "--json"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["text"].startswith("German")


@pytest.mark.parametrize(
    ("name", "content", "exit_code"),
    [
        ("empty.txt", b"", 4),
        ("blank.txt", b"  \n\t \n", 4),
        ("binary.txt", bytes(range(256)) * 8, 5),
        ("nobody.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", 8),
    ],
)
def test_bad_input_is_one_line_and_a_distinct_exit_code(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    exit_code: int,
) -> None:
    path = _write(tmp_path, name, content)
    monkeypatch.setattr(sys, "argv", ["unspin", "analyze", str(path)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == exit_code
    err = capsys.readouterr().err.strip()
    assert err.startswith("unspin: error: [E")
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err


def test_batch_skips_the_bad_item_and_analyses_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    _write(folder, "good.txt", ARTICLE)
    _write(folder, "empty.txt", b"")
    result = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert result.exit_code == 2
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    assert "skipped" in result.stderr


def test_missing_file_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "absent.txt")])
    assert result.exit_code != 0


def test_every_command_has_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("analyze", "demo", "version"):
        assert command in result.output
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0
        assert len(sub.output.strip()) > 40


@pytest.mark.parametrize(
    ("stance_model", "expected"),
    [
        (None, ["a.v1", "persuasion.crf.v2"]),
        ("shared", ["a.v1", "persuasion.crf.v2", "stance.shared.v2"]),
        ("target", ["a.v1", "persuasion.crf.v2", "stance.target.v1"]),
    ],
)
def test_stance_flags_choose_the_detector(stance_model: str | None, expected: list[str]) -> None:
    from unspin.cli.analyze import chosen_detectors

    configured = ["a.v1", "persuasion.crf.v2"]
    assert chosen_detectors(configured, stance_model) == expected
    swapped = [d.replace("persuasion.crf.v2", "persuasion.encoder.v3") for d in expected]
    assert chosen_detectors(configured, stance_model, encoder=True) == swapped
    assert chosen_detectors(["stance.target.v1"], "shared") == ["stance.target.v1"]


@pytest.mark.parametrize(
    ("claims_model", "expected"),
    [(None, "claims.all.v2"), ("crf", "claims.all.v3"), ("neural", "claims.all.v4")],
)
def test_claims_model_flag_swaps_the_claims_detector(
    claims_model: str | None, expected: str
) -> None:
    from unspin.cli.analyze import chosen_detectors

    configured = ["nlp.temporal.v1", "claims.all.v2", "persuasion.crf.v2"]
    chosen = chosen_detectors(configured, None, claims_model=claims_model)
    assert chosen == ["nlp.temporal.v1", expected, "persuasion.crf.v2"]


def test_an_unknown_claims_model_is_a_config_error(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["analyze", str(path), "--claims-model", "x"])
    assert result.exit_code != 0
    assert "E1320" in str(result.exception) + result.output


def test_an_unknown_stance_model_is_a_config_error(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["analyze", str(path), "--stance", "--stance-model", "x"])
    assert result.exit_code != 0
    assert "E1319" in str(result.exception) + result.output


@pytest.mark.slow
def test_encoder_and_stance_read_the_shared_pass(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["analyze", str(path), "--json", "--stance", "--encoder"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    validate_article_json(data)
    detectors = {f["detector"] for f in data["findings"]}
    assert {"persuasion.encoder.v3", "stance.shared.v2"} <= detectors
