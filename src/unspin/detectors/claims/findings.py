"""Finding kinds for claims: attributions, author assertions, certainty cues, sourcing profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from unspin.model import Finding, Span, register_finding_kind

QuoteType = Literal["direct", "indirect", "mixed"]
SourceKind = Literal["person", "organisation", "media", "anonymous", "document", "unknown"]
ClaimType = Literal["factual", "opinion", "prediction"]
Certainty = Literal["high", "medium", "low"]
CueLabel = Literal["hedge", "booster"]


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution(Finding):
    """Who says what: a source, a cue (reporting verb or phrase) and the reported content.

    ``content`` is the extent of the reported material; ``content_parts`` lists its pieces when
    the source and cue interrupt it ("The deliveries, the Americans claimed, would be ...").
    ``parent`` is the id of the attribution whose content holds this one's cue (nested chains).
    """

    kind: ClassVar[str] = "attribution"
    id: str
    source: Span | None
    cue: Span
    content: Span
    content_parts: tuple[Span, ...] = ()
    quote_type: QuoteType = "indirect"
    source_kind: SourceKind = "unknown"
    source_actor: str | None = None
    parent: str | None = None
    checkworthiness: float | None = None  # P(check-worthy) of the content, CheckThat! 2024 model


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorAssertion(Finding):
    """A sentence the author states in their own voice, typed and graded for certainty."""

    kind: ClassVar[str] = "assertion"
    claim_type: ClaimType
    certainty: Certainty
    cues: tuple[Span, ...] = ()
    checkworthiness: float | None = None  # P(check-worthy), CheckThat! 2024 model
    uncertainty: float | None = None  # P(uncertain), hedge model trained on CoNLL-2010 Wikipedia


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class CertaintyCue(Finding):
    """A hedge ("allegedly", "it seems") or booster ("evidently", "it is clear") in the text."""

    kind: ClassVar[str] = "certainty"


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class SourcingProfile(Finding):
    """How an article sources its claims; evidence is the attribution sources."""

    kind: ClassVar[str] = "sourcing_profile"
    n_attributions: int
    n_author_assertions: int
    share_attributed: float
    named_sources: int
    anonymous_sources: int
    distinct_sources: int
    speculative_share: float
    outlets: tuple[str, ...] = ()
