"""Summarise how an article sources its claims: attributed share, kinds of source, outlets."""

from __future__ import annotations

from collections.abc import Sequence

from unspin.detectors.claims.findings import Attribution, AuthorAssertion, SourcingProfile
from unspin.model import Span

_NAMED = frozenset({"person", "organisation", "media", "document"})


def sourcing_profile(
    text: str,
    attributions: Sequence[Attribution],
    assertions: Sequence[AuthorAssertion],
    detector: str,
) -> SourcingProfile | None:
    """The profile of one article; None when the text is empty (a finding needs evidence)."""
    sources = [a.source for a in attributions if a.source is not None]
    evidence: tuple[Span, ...] = tuple(sources) or ((Span(0, len(text)),) if text else ())
    if not evidence:
        return None
    total = len(attributions) + len(assertions)
    keys = {a.source_actor or _norm(a.source.slice(text)) for a in attributions if a.source}
    outlets = sorted(
        {
            _clean(a.source.slice(text))
            for a in attributions
            if a.source and a.source_kind == "media"
        }
    )
    speculative = sum(1 for a in assertions if a.claim_type == "prediction" or a.certainty == "low")
    return SourcingProfile(
        label="sourcing_profile",
        evidence=evidence,
        detector=detector,
        n_attributions=len(attributions),
        n_author_assertions=len(assertions),
        share_attributed=round(len(attributions) / total, 4) if total else 0.0,
        named_sources=sum(1 for a in attributions if a.source and a.source_kind in _NAMED),
        anonymous_sources=sum(1 for a in attributions if a.source_kind == "anonymous"),
        distinct_sources=len(keys),
        speculative_share=round(speculative / len(assertions), 4) if assertions else 0.0,
        outlets=tuple(outlets),
    )


def _clean(source: str) -> str:
    return " ".join(source.split())


def _norm(source: str) -> str:
    words = _clean(source).lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
