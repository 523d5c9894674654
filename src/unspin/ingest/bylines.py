"""Bylines, datelines and timestamp lines: article furniture that carries metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspin.ingest.dates import MONTH_PATTERN, find_date, parse_date

_NAME_WORD = r"(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.)"
_PARTICLE = r"(?:de|da|van|von|der|den|del|della|la|le|bin|al|el|di|du|dos|ter|ibn)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_NAME_WORD}){{1,3}}"
_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|story by|text by)\s+"
    rf"(?P<names>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)"
    r"(?:\s*(?:,|\||-|–|—|•|·|\bfor\b|\bof\b|\bin\b)\s*(?P<rest>[^!?]{1,80}?))?\s*$"
)
_NOT_NAMES = frozenset(
    {"this", "that", "these", "those", "then", "now", "far", "all", "early", "late", "mid"}
    | {"noon", "midnight", "christmas", "easter", "last", "next", "most", "some", "many"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december"}
)
_TIMESTAMP = re.compile(
    r"^(?:first )?(?:published|posted|updated|last updated|last modified|created|date)"
    r"(?:\s+on)?\s*:?\s*(?P<date>.{6,60})$",
    re.IGNORECASE,
)
_AGENCY = r"[A-Z][\w.&'’ -]{0,30}"
_DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'’]+(?:\s[A-Z][A-Za-z.'’]+){0,2}))?"
    rf"(?:,?\s+(?P<date>(?i:{MONTH_PATTERN})\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+(?i:{MONTH_PATTERN})"
    r"(?:\s+\d{4})?))?\s*)?"
    rf"(?:\((?P<agency>{_AGENCY})\)\s*)?"
    r"(?P<dash>--?|–|—|:)\s+(?=\S)"
)
_JOB_TITLE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|bureau|chief|"
    r"senior|producer|analyst|journalist|special)s?\b",
    re.IGNORECASE,
)
# All-caps openers that are labels or acronyms, not places.
_NOT_PLACES = frozenset(
    {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "ANALYSIS", "OPINION"}
    | {"EDITORIAL", "COMMENT", "NOTE", "NATO", "OPEC", "IAEA", "UNESCO", "UNICEF", "WHO"}
    | {"BRICS", "ASEAN", "FBI", "CIA", "NASA", "EU", "UN", "US", "UK", "USA"}
)


@dataclass(frozen=True, slots=True)
class Byline:
    """Authors named by a byline line, and a date when the line carries one."""

    authors: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place/date/agency prefix of a wire story ("MOSCOW, March 22 (Reuters) -")."""

    place: str | None
    date_text: str | None
    agency: str | None
    length: int  # characters of the paragraph the prefix takes

    def published(self) -> str | None:
        """The dateline date as ISO when it names the year; a bare "March 22" gives None."""
        return find_date(self.date_text) if self.date_text else None


def parse_byline(line: str) -> Byline | None:
    """Read a byline ("By Jane Doe and John Smith, Reuters") or return ``None``.

    Example:
        >>> parse_byline("By Jane Doe | March 22, 2023")
        Byline(authors='Jane Doe', published='2023-03-22')
        >>> parse_byline("By Tuesday, the troops had withdrawn.") is None
        True
    """
    match = _BYLINE.match(line.strip())
    if match is None:
        return None
    names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))
    names = [name for name in names if not _JOB_TITLE.search(name)]
    if not names:
        return None
    if any(name.split()[0].lower().rstrip(".") in _NOT_NAMES for name in names):
        return None
    rest = match.group("rest") or ""
    if rest.endswith(".") and not find_date(rest) and len(rest.split()) > 4:
        return None
    return Byline(", ".join(names), find_date(rest) if rest else None)


def parse_timestamp(line: str) -> str | None:
    """The ISO date of a "Published March 22, 2023" / "Updated: 2023-03-22" line, if it is one."""
    match = _TIMESTAMP.match(line.strip())
    if match is None:
        return None
    value = match.group("date").strip().rstrip(".")
    value = re.split(r"\s*(?:\||•|·)\s*", value)[0]
    return parse_date(value) or find_date(value)


def find_dateline(paragraph: str) -> Dateline | None:
    """Find a dateline prefix at the start of ``paragraph``; the sentence after it stays.

    Example:
        >>> d = find_dateline("MOSCOW, March 22 (Reuters) - Russia said on Wednesday...")
        >>> d.place, d.date_text, d.agency, "MOSCOW, March 22 (Reuters) - Russia..."[d.length:]
        ('MOSCOW', 'March 22', 'Reuters', 'Russia...')
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    place, agency, date_text = match.group("place"), match.group("agency"), match.group("date")
    if place is None and agency is None:
        return None
    if place is not None:
        letters = sum(ch.isalpha() for ch in place)
        if place in _NOT_PLACES or letters < 3:
            return None
        bare = agency is None and date_text is None and match.group("region") is None
        if bare and (match.group("dash") not in ("–", "—") or letters < 4):
            return None
        if paragraph[match.end() :][:1].islower():
            return None
    return Dateline(place, date_text, agency.strip() if agency else None, match.end())
