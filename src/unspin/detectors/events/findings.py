"""The ``Event`` finding: who did what to whom, when and where, in CAMEO and PLOVER."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from unspin.model import Finding, Span, register_finding_kind

Modality = Literal["asserted", "negated", "hypothetical", "future", "reported"]


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Finding):
    """A coded event; ``label`` is the CAMEO code, evidence is the trigger plus arguments."""

    kind: ClassVar[str] = "event"
    trigger: Span
    source: Span | None = None
    target: Span | None = None
    source_actor: str | None = None
    target_actor: str | None = None
    source_code: str | None = None
    target_code: str | None = None
    cameo_root: str
    cameo_base: str
    plover_type: str | None = None
    plover_mode: str | None = None
    quad_class: int
    goldstein: float
    modality: Modality = "asserted"
    date: str | None = None
    date_granularity: str | None = None
    location: Span | None = None
    attribution: str | None = None  # id of the Attribution whose content holds the trigger
