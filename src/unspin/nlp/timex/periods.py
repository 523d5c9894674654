"""Calendar periods and their arithmetic: days, ISO weeks, months, quarters, seasons, decades."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from unspin.model import Granularity
from unspin.nlp.timex.lexicon import MONTH_NAMES, SEASON_START_MONTH


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar period with its TIMEX3-style value and first and last day."""

    value: str
    granularity: Granularity
    start: date
    end: date


def month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def check_day(year: int, month: int, day: int) -> str | None:
    """Why ``year-month-day`` is not a date, or None when it is one."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if not 1 <= year <= 9999:
        return f"year {year} is outside the calendar"
    last = month_days(year, month)
    if not 1 <= day <= last:
        return f"{MONTH_NAMES[month - 1]} {year} has {last} days, not {day}"
    return None


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_days(year, month + 1)))


def day_period(day: date) -> Period:
    return Period(day.isoformat(), "day", day, day)


def week_period(day: date) -> Period:
    year, week, _ = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    return Period(f"{year}-W{week:02d}", "week", monday, monday + timedelta(days=6))


def weekend_period(day: date) -> Period:
    week = week_period(day)
    return Period(f"{week.value}-WE", "week", week.start + timedelta(days=5), week.end)


def month_period(year: int, month: int) -> Period:
    last = month_days(year, month)
    return Period(f"{year:04d}-{month:02d}", "month", date(year, month, 1), date(year, month, last))


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    start = date(year, first, 1)
    end = date(year, first + 2, month_days(year, first + 2))
    return Period(f"{year:04d}-Q{quarter}", "quarter", start, end)


def season_period(year: int, code: str) -> Period:
    """A meteorological season; winter ``YYYY`` runs from December YYYY to February YYYY+1."""
    first = SEASON_START_MONTH[code]
    start = date(year, first, 1)
    end = add_months(start, 3) - timedelta(days=1)
    return Period(f"{year:04d}-{code}", "season", start, end)


def year_period(year: int) -> Period:
    return Period(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))


def decade_period(first_year: int) -> Period:
    first = first_year - first_year % 10
    return Period(f"{first:04d}"[:3], "decade", date(first, 1, 1), date(first + 9, 12, 31))


def century_period(index: int) -> Period:
    """Century by its TIMEX3 index: ``19`` is 1900-1999, the twentieth century."""
    start = max(index * 100, 1)
    return Period(f"{index:02d}", "century", date(start, 1, 1), date(index * 100 + 99, 12, 31))


def distance(period: Period, anchor: date) -> int:
    """Days between ``anchor`` and ``period``; zero when the anchor lies inside it."""
    if anchor < period.start:
        return (period.start - anchor).days
    if anchor > period.end:
        return (anchor - period.end).days
    return 0


def nearest(make: Callable[[int], Period | None], anchor: date) -> Period | None:
    """The period of the year before, of or after the anchor's that lies nearest to the anchor.

    Ties go to the earlier period, since news more often reports the past.
    """
    candidates = [p for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (p := make(y))]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (distance(p, anchor), p.start))


def shift(granularity: Granularity, steps: int, anchor: date) -> Period:
    """The period of ``granularity`` that lies ``steps`` away from the one holding ``anchor``."""
    if granularity == "day":
        return day_period(anchor + timedelta(days=steps))
    if granularity == "week":
        return week_period(anchor + timedelta(weeks=steps))
    if granularity == "month":
        moved = add_months(anchor.replace(day=1), steps)
        return month_period(moved.year, moved.month)
    if granularity == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + steps
        return quarter_period(index // 4, index % 4 + 1)
    if granularity == "year":
        return year_period(anchor.year + steps)
    if granularity == "decade":
        return decade_period(anchor.year + 10 * steps)
    if granularity == "season":
        raise ValueError("seasons do not shift by calendar steps")
    return century_period(anchor.year // 100 + steps)


def narrow(period: Period, part: str) -> tuple[date, date]:
    """The first, middle or last third of ``period`` ("early", "mid", "late")."""
    days = (period.end - period.start).days + 1
    third = max(days // 3, 1)
    if part == "start":
        return period.start, period.start + timedelta(days=third - 1)
    if part == "end":
        return period.end - timedelta(days=third - 1), period.end
    return period.start + timedelta(days=third), period.end - timedelta(days=third)
