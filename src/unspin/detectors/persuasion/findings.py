"""Finding kinds for persuasion: techniques with evidence, the article's genre and its frames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from unspin.model import Finding, register_finding_kind


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class Technique(Finding):
    """A persuasion technique (SemEval-2023 code in ``label``) with its evidence spans.

    ``explanation`` is the taxonomy key whose plain-language text a report shows (the code
    itself); ``confidence`` is the calibrated probability that the technique is present.
    """

    kind: ClassVar[str] = "technique"
    group: str
    explanation: str
    confidence: float


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class Genre(Finding):
    """The article's genre: ``label`` is reporting, opinion or satire; evidence is the text."""

    kind: ClassVar[str] = "genre"
    confidence: float


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class Frame(Finding):
    """A frame the article uses (one of the 14 SemEval-2023 frames); evidence is the text."""

    kind: ClassVar[str] = "frame"
    confidence: float
