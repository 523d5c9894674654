"""What each finding kind is called and means, for reports; unknown kinds get a generic entry.

Persuasion techniques take their names and explanations from the persuasion taxonomy when
that module is installed; the report never needs it to work.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True, slots=True)
class KindInfo:
    """The display name of a finding kind, a one-line explanation, and its colour class."""

    name: str
    explanation: str
    order: int = 50


KINDS: dict[str, KindInfo] = {
    "technique": KindInfo(
        "Persuasion technique",
        "A rhetorical device that works on the reader rather than informing them.",
        10,
    ),
    "attribution": KindInfo(
        "Attribution",
        "Who says what: the source, the reporting cue and the reported content.",
        20,
    ),
    "assertion": KindInfo(
        "Author assertion",
        "A statement the author makes in their own voice, without naming a source.",
        25,
    ),
    "certainty": KindInfo(
        "Hedge or booster",
        "A hedge weakens a claim ('allegedly'); a booster strengthens it ('clearly').",
        30,
    ),
    "event": KindInfo(
        "Event",
        "Who did what to whom, coded in CAMEO. The Goldstein score runs from -10 "
        "(conflict) to +10 (cooperation).",
        40,
    ),
    "time": KindInfo("Date or time", "A date or time in the text, normalised to ISO 8601.", 45),
    "stance": KindInfo(
        "Stance", "How the text treats an actor: negative, neutral or positive.", 35
    ),
    "genre": KindInfo("Genre", "Whether the article reports, argues an opinion or satirises.", 60),
    "frame": KindInfo("Frame", "A perspective the article uses to present its topic.", 61),
    "sourcing_profile": KindInfo(
        "Sourcing profile", "How the article sources its claims, counted over all of them.", 62
    ),
}

# Kinds whose evidence is (close to) the whole text: shown as article-level facts, not marks.
DOCUMENT_KINDS = frozenset({"genre", "frame", "sourcing_profile"})

TECHNIQUE_GROUPS: dict[str, str] = {
    "attack_on_reputation": "Attack on reputation",
    "justification": "Justification",
    "simplification": "Simplification",
    "distraction": "Distraction",
    "call": "Call",
    "manipulative_wording": "Manipulative wording",
}


def kind_info(kind: str) -> KindInfo:
    """The entry for ``kind``; an unknown kind gets a name made from its code."""
    known = KINDS.get(kind)
    if known is not None:
        return known
    if "stance" in kind:
        return KINDS["stance"]
    name = kind.replace("_", " ").replace(".", " ").strip().capitalize() or "Finding"
    return KindInfo(name, "A finding of a kind this version of the report does not know.", 90)


@cache
def _taxonomy() -> Any:
    try:
        return importlib.import_module("unspin.detectors.persuasion.taxonomy")
    except ImportError:
        return None


def technique_text(code: str) -> tuple[str, str]:
    """The plain name and explanation of a technique code (the code itself when unknown)."""
    taxonomy = _taxonomy()
    techniques: dict[str, Any] = getattr(taxonomy, "TECHNIQUES", {}) if taxonomy else {}
    found = techniques.get(code)
    if found is None:
        return code.replace("_", " ").replace("-", " / "), ""
    return str(found.name), str(found.explanation)


def group_name(group: str) -> str:
    """The display name of a technique group."""
    taxonomy = _taxonomy()
    groups: dict[str, Any] = getattr(taxonomy, "GROUPS", {}) if taxonomy else {}
    if group in groups:
        return str(groups[group].name)
    return TECHNIQUE_GROUPS.get(group, group.replace("_", " ").capitalize() or "Other")
