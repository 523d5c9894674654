"""The fuzz harnesses: a short deterministic run in every test run, a bounded one with --slow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fuzz._harness import fuzz_random
from fuzz.fuzz_ingest import SEEDS as INGEST_SEEDS
from fuzz.fuzz_ingest import one_input as ingest_input
from fuzz.fuzz_schema import SEEDS as SCHEMA_SEEDS
from fuzz.fuzz_schema import one_input as schema_input

from tests.support import REPO_ROOT


def test_ingest_harness_short_run(tmp_path: Path) -> None:
    assert (
        fuzz_random(ingest_input, INGEST_SEEDS, seconds=20, max_inputs=60, artifacts=tmp_path) == []
    )


def test_schema_harness_short_run(tmp_path: Path) -> None:
    assert (
        fuzz_random(schema_input, SCHEMA_SEEDS, seconds=20, max_inputs=60, artifacts=tmp_path) == []
    )


def test_the_harness_reports_a_crash(tmp_path: Path) -> None:
    def target(data: bytes) -> None:
        if b"!" in data:
            raise KeyError("boom")

    crashes = fuzz_random(target, [b"ok", b"boom!"], seconds=5, max_inputs=2, artifacts=tmp_path)
    assert len(crashes) == 1 and isinstance(crashes[0], Path)
    assert crashes[0].read_bytes() == b"boom!"


@pytest.mark.slow
@pytest.mark.parametrize("script", ["fuzz_ingest.py", "fuzz_schema.py"])
@pytest.mark.parametrize("engine", ["random", "atheris"])
def test_bounded_fuzz_run(tmp_path: Path, script: str, engine: str) -> None:
    if engine == "atheris":
        pytest.importorskip("atheris")
    command = [sys.executable, f"fuzz/{script}", "--seconds", "12", "--engine", engine]
    result = subprocess.run(
        [*command, "--artifacts", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert list(tmp_path.iterdir()) == []
