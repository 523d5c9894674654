"""The claims lexicons: reporting verbs, noun cues, source heads, certainty phrases."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from unspin.errors import ModelError

_DATA = ("data", "claims")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists the claims detectors match against; all entries lower-case except outlets."""

    reporting_verbs: frozenset[str]
    content_object_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    prep_verbs: dict[str, frozenset[str]]
    noun_cues: frozenset[str]
    anonymous_heads: frozenset[str]
    media_heads: frozenset[str]
    outlets: tuple[str, ...]
    document_heads: frozenset[str]
    organisation_heads: frozenset[str]
    hedges: tuple[str, ...]
    boosters: tuple[str, ...]
    prediction_words: tuple[str, ...]
    opinion_words: tuple[str, ...]


def _read(name: str) -> str:
    path = resources.files("unspin").joinpath(*_DATA, name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(
            f"[E801] Claims lexicon {name!r} is missing from unspin/data/claims; reinstall the "
            f"package so its data files are present."
        ) from exc


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged claims lexicon (cached)."""
    data = json.loads(_read("lexicon.json"))
    ggt = {line.strip() for line in _read("reporting_verbs_ggt.txt").splitlines() if line.strip()}
    return Lexicon(
        reporting_verbs=frozenset(ggt | set(data["reporting_verbs"])),
        content_object_verbs=frozenset(data["content_object_verbs"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        prep_verbs={verb: frozenset(preps) for verb, preps in data["prep_verbs"].items()},
        noun_cues=frozenset(data["noun_cues"]),
        anonymous_heads=frozenset(data["anonymous_heads"]),
        media_heads=frozenset(data["media_heads"]),
        outlets=tuple(data["outlets"]),
        document_heads=frozenset(data["document_heads"]),
        organisation_heads=frozenset(data["organisation_heads"]),
        hedges=tuple(data["hedges"]),
        boosters=tuple(data["boosters"]),
        prediction_words=tuple(data["prediction_words"]),
        opinion_words=tuple(data["opinion_words"]),
    )


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern matching any phrase, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
