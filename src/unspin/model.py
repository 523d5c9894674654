"""The document model every stage writes into: Article, Span, Actor, Finding and its kinds.

Everything here is a frozen dataclass without I/O. Offsets are end-exclusive character offsets
into ``Article.text``; the evidence of a finding is always ``text[span.start:span.end]``.

Example:
    >>> text = "Xi met Putin."
    >>> span = Span(0, 2)
    >>> span.slice(text)
    'Xi'
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from unspin.errors import SpanError

SCHEMA_VERSION = "1.0.0"

ActorKind = Literal["person", "country", "organisation", "location", "group"]
OrgType = Literal[
    "state_body",
    "military",
    "media",
    "igo",
    "ngo",
    "party",
    "company",
    "armed_group",
    "other",
]
MentionForm = Literal["name", "alias", "demonym", "capital", "title", "partial"]
Granularity = Literal[
    "hour", "day", "week", "month", "quarter", "season", "year", "decade", "century"
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """End-exclusive character offsets ``[start, end)`` into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not isinstance(self.end, int):
            raise SpanError(
                f"[E101] Span offsets must be integers, got {self.start!r}, {self.end!r}."
            )
        if self.start < 0 or self.end < self.start:
            raise SpanError(
                f"[E102] Invalid span ({self.start}, {self.end}): need 0 <= start <= end."
            )

    def slice(self, text: str) -> str:
        """Return the evidence text, checking that the span lies inside ``text``."""
        if self.end > len(text):
            raise SpanError(
                f"[E103] Span ({self.start}, {self.end}) runs past the end of a text of "
                f"{len(text)} characters."
            )
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_json(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Sourced:
    """A metadata value with the place it was found (``html:meta``, ``url``, ``dateline``…)."""

    value: str
    source: str


@dataclass(frozen=True, slots=True)
class Meta:
    """Article metadata; each value records where it came from."""

    title: Sourced | None = None
    outlet: Sourced | None = None
    author: Sourced | None = None
    published: Sourced | None = None  # ISO 8601 date or datetime
    url: str | None = None
    language: str | None = None
    language_score: float | None = None
    extraction: str = "text"  # "text" | "html:trafilatura" | "html:fallback"
    encoding: str | None = None
    source_id: str | None = None  # caller-given id (JSONL "id", file path)

    def published_date(self) -> str | None:
        """The publication date as ``YYYY-MM-DD`` when one is known."""
        if self.published is None:
            return None
        return self.published.value[:10]


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an actor is named, with how it was named."""

    span: Span
    form: MentionForm = "name"
    metonymy: bool = False  # a capital standing for its government ("Moscow said")


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor of one article, linked to the gazetteer when possible."""

    id: str  # article-local id: "A1", "A2", ...
    name: str  # canonical full name
    kind: ActorKind
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    org_type: OrgType | None = None
    country: str | None = None  # ISO 3166-1 alpha-3 / CAMEO country code
    role: str | None = None  # "head of state", "defence minister", ...
    codes: tuple[str, ...] = ()  # CAMEO-style actor codes: "CHN", "CHNGOV", "IGOWSTNAT"
    gazetteer_id: str | None = None
    salience: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """Base of every finding; typed kinds subclass it and set ``kind``."""

    kind: ClassVar[str] = "finding"
    label: str
    evidence: tuple[Span, ...]
    detector: str  # versioned name, e.g. "nlp.temporal.v1"
    score: float | None = None

    def __post_init__(self) -> None:
        if not self.evidence:
            raise SpanError(f"[E104] A {self.kind} finding from {self.detector} has no evidence.")


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpression(Finding):
    """A date or time in the text, normalised to ISO 8601."""

    kind: ClassVar[str] = "time"
    value: str | None  # ISO 8601: "2023-03-22", "2023-03", "2023-W12", "2018"; None if unresolved
    granularity: Granularity | None
    anchor: Literal["absolute", "publication", "unresolved"] = "absolute"
    # Qualifier of the value: "since", "until", "before", "after", "approx", "start", "mid", "end",
    # "more_than", "less_than".
    mod: str | None = None


FINDING_KINDS: dict[str, type[Finding]] = {"time": TimeExpression}


def register_finding_kind(cls: type[Finding]) -> type[Finding]:
    """Register a ``Finding`` subclass so articles holding it round-trip through JSON."""
    FINDING_KINDS[cls.kind] = cls
    return cls


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced an analysis: package version, config hash and each stage's version."""

    package_version: str
    config_hash: str
    stages: tuple[str, ...] = ()
    models: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Article:
    """One analysed article; ``text`` is fixed after ingest and all offsets point into it."""

    id: str
    text: str
    meta: Meta
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    actors: tuple[Actor, ...] = ()
    findings: tuple[Finding, ...] = ()
    provenance: Provenance | None = None
    warnings: tuple[str, ...] = ()

    @staticmethod
    def make_id(text: str) -> str:
        """The article id: a hash of the canonical text."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def evidence(self, span: Span) -> str:
        return span.slice(self.text)

    def findings_of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def all_spans(self) -> Iterable[Span]:
        """Every span the article holds; used to check the offset contract."""
        yield from self.paragraphs
        yield from self.sentences
        for actor in self.actors:
            for mention in actor.mentions:
                yield mention.span
        for finding in self.findings:
            yield from finding.evidence
            yield from _nested_spans(finding)

    def with_updates(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)


def _nested_spans(finding: Finding) -> Iterable[Span]:
    for f in dataclasses.fields(finding):
        if f.name == "evidence":
            continue
        value = getattr(finding, f.name)
        if isinstance(value, Span):
            yield value
        elif isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, Span))
