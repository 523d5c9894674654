"""Publication dates: ISO 8601 from metadata strings, prose dates and URL paths."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urlsplit

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_PATTERN = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$")
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_MONTH_FIRST = re.compile(
    rf"\b({MONTH_PATTERN})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_PATTERN}),?\s+(\d{{4}})\b", re.I
)
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}")
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_])"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?:/|$|[-_.])"),
    re.compile(rf"/((?:19|20)\d{{2}})/({MONTH_PATTERN})/(\d{{1,2}})(?:/|$)", re.I),
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$|[-_.])"),
)
_MIN_YEAR = 1900
_MAX_YEAR = 2100


def parse_date(value: str) -> str | None:
    """Normalise a date string to ISO 8601 (``YYYY-MM-DD`` or a full datetime).

    Example:
        >>> parse_date("22 March 2023"), parse_date("2023-03-22T09:30:00Z")
        ('2023-03-22', '2023-03-22T09:30:00+00:00')
    """
    value = value.strip()
    for pattern in (_ISO, _COMPACT):
        match = pattern.match(value)
        if match:
            return _from_iso_parts(match.groups())
    match = _SLASHED.match(value)
    if match:
        return _day(match.group(1), match.group(2), match.group(3))
    if _RFC2822.match(value):
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None and _MIN_YEAR <= parsed.year <= _MAX_YEAR:
            return parsed.isoformat()
    return find_date(value)


def find_date(text: str) -> str | None:
    """The first full written date in ``text`` ("March 22, 2023", "22 March 2023") as ISO."""
    match = _MONTH_FIRST.search(text)
    if match:
        return _day(match.group(3), match.group(1), match.group(2))
    match = _DAY_FIRST.search(text)
    if match:
        return _day(match.group(3), match.group(2), match.group(1))
    return None


def date_from_url(url: str) -> str | None:
    """A publication date written into a URL path (``/2023/03/22/``, ``/2023-03-22-``…)."""
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if match:
            day = _day(match.group(1), match.group(2), match.group(3))
            if day:
                return day
    return None


def month_number(name: str) -> int | None:
    """The month number of an English month name or abbreviation."""
    return _MONTHS.get(name.lower().rstrip("."))


def _day(year: str, month: str, day: str) -> str | None:
    month_no = int(month) if month.isdigit() else month_number(month)
    if month_no is None:
        return None
    try:
        date = dt.date(int(year), month_no, int(day))
    except ValueError:
        return None
    return date.isoformat() if _MIN_YEAR <= date.year <= _MAX_YEAR else None


def _from_iso_parts(parts: tuple[str | None, ...]) -> str | None:
    year, month, day, hour, minute, second, zone = parts
    assert year is not None and month is not None and day is not None
    date = _day(year, month, day)
    if date is None or hour is None or minute is None:
        return date
    try:
        moment = dt.datetime.fromisoformat(f"{date}T{hour}:{minute}:{second or '00'}{_zone(zone)}")
    except ValueError:
        return date
    return moment.isoformat()


def _zone(zone: str | None) -> str:
    if zone is None:
        return ""
    if zone == "Z":
        return "+00:00"
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
