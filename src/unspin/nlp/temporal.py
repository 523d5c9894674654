"""Dates and times as findings: spaCy DATE/TIME entities and a regex grammar, resolved to ISO 8601.

Candidates come from the parse's DATE and TIME entities and from the grammar in
``unspin.nlp.timex.scan``, which also finds what spaCy misses or cuts short ("April 12
[2023]", "since 2018", "a week back"). Overlapping candidates are settled in favour of one that
resolves, then the longer, then the grammar's. Relative expressions resolve against the
publication date; ones that count from a narrative reference ("two days before the visit",
"three years later") keep ``value=None`` and ``anchor="unresolved"`` for a later stage to
resolve with ``resolve_time`` and the right reference date.

Example:
    >>> tagger = make_temporal_tagger(None)
    >>> tagger.name
    'nlp.temporal.v1'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from unspin.model import Article, Finding, Span, TimeExpression
from unspin.nlp.timex import Resolution, resolve_time
from unspin.nlp.timex.lexicon import MONTHS, WEEKDAYS
from unspin.nlp.timex.scan import scan
from unspin.registry import detectors

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Resolution", "TemporalTagger", "make_temporal_tagger", "resolve_time"]

NAME: Final = "nlp.temporal.v1"
_SPACY_LABELS: Final = frozenset({"DATE", "TIME"})
_TIME_WORD: Final = re.compile(
    r"\d|\b(?:days?|weeks?|months?|years?|decades?|centur(?:y|ies)|morning|afternoon|evening"
    r"|night|spring|summer|autumn|fall|winter|quarter|hours?|minutes?)\b",
    re.IGNORECASE,
)
_TRAILING: Final = re.compile(r"(?:\s|['’]s\b|[^\w\]'’])+$")
_LEADING: Final = re.compile(r"[^\w\['’]+")
_NAMES: Final = frozenset(MONTHS) | frozenset(WEEKDAYS)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    from_grammar: bool
    spacy_label: str
    resolution: Resolution | None

    def key(self) -> tuple[bool, int, bool, int]:
        return (self.resolution is None, self.start - self.end, not self.from_grammar, self.start)


class TemporalTagger:
    """Find dates, times, durations and sets in an article and normalise them."""

    name = NAME

    def __init__(self, *, day_first: bool = True) -> None:
        self.day_first = day_first

    def __call__(self, article: Article, doc: Doc) -> list[Finding]:
        anchor = publication_anchor(article)
        text = article.text
        candidates = [
            self._candidate(text, start, end, True, "DATE", anchor) for start, end in scan(text)
        ]
        candidates.extend(
            self._candidate(text, e.start_char, e.end_char, False, e.label_, anchor)
            for e in doc.ents
            if e.label_ in _SPACY_LABELS and text[e.start_char : e.end_char] == e.text
        )
        kept = _Disjoint()
        for candidate in sorted(filter(_keep(text), candidates), key=_Candidate.key):
            kept.add_if_free(candidate)
        return [_finding(c) for c in kept.in_order()]

    def _candidate(
        self, text: str, start: int, end: int, grammar: bool, label: str, anchor: date | None
    ) -> _Candidate:
        if not grammar:
            start, end = _trim(text, start, end)
        resolution = resolve_time(text[start:end], anchor, day_first=self.day_first)
        return _Candidate(start, end, grammar, label, resolution)


class _Disjoint:
    """Chosen candidates that never overlap, kept sorted by start for bisection."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._chosen: list[_Candidate] = []

    def add_if_free(self, candidate: _Candidate) -> None:
        """Keep ``candidate`` unless it overlaps one already kept."""
        index = bisect.bisect_left(self._starts, candidate.start)
        if index > 0 and self._chosen[index - 1].end > candidate.start:
            return
        if index < len(self._chosen) and self._chosen[index].start < candidate.end:
            return
        self._starts.insert(index, candidate.start)
        self._chosen.insert(index, candidate)

    def in_order(self) -> list[_Candidate]:
        return list(self._chosen)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut spaces, punctuation and a possessive "'s" off the ends of a spaCy entity."""
    lead = _LEADING.match(text, start, end)
    if lead is not None:
        start = lead.end()
    trail = _TRAILING.search(text, start, end)
    if trail is not None:
        end = trail.start()
    return start, max(start, end)


def _keep(text: str) -> Callable[[_Candidate], bool]:
    return lambda candidate: _worth_keeping(candidate, text)


def _worth_keeping(candidate: _Candidate, text: str) -> bool:
    """Whether a candidate becomes a finding.

    Grammar matches must resolve; spaCy's may stay unresolved when several words long and not
    title-cased like a song or book title ("When This Day Comes").
    """
    if candidate.end <= candidate.start:
        return False
    if candidate.resolution is not None:
        return True
    if candidate.from_grammar:
        return False
    evidence = text[candidate.start : candidate.end]
    if not _TIME_WORD.search(evidence) or " " not in evidence:
        return False
    words = evidence.split()[1:]
    return not any(w[:1].isupper() and w.lower().strip(".,") not in _NAMES for w in words)


def _finding(candidate: _Candidate) -> TimeExpression:
    span = (Span(candidate.start, candidate.end),)
    r = candidate.resolution
    if r is None:
        label = "TIME" if candidate.spacy_label == "TIME" else "DATE"
        return TimeExpression(
            label=label,
            evidence=span,
            detector=NAME,
            value=None,
            granularity=None,
            anchor="unresolved",
        )
    if r.reference and r.label in ("DATE", "TIME"):
        return TimeExpression(
            label=r.label,
            evidence=span,
            detector=NAME,
            value=None,
            granularity=r.granularity,
            anchor="unresolved",
        )
    return TimeExpression(
        label=r.label,
        evidence=span,
        detector=NAME,
        value=r.value,
        granularity=r.granularity,
        anchor=r.anchor,
        mod=r.mod,
    )


def publication_anchor(article: Article) -> date | None:
    """The article's publication date as a ``date``, None when absent or malformed."""
    published = article.meta.published_date()
    if published is None:
        return None
    try:
        return date.fromisoformat(published)
    except ValueError:
        return None


@detectors.register(NAME)
def make_temporal_tagger(settings: Any) -> TemporalTagger:
    """Factory for the registry; ``settings`` is accepted for the common signature."""
    return TemporalTagger()
