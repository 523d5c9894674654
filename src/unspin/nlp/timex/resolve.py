"""Resolve one English time expression to a TIMEX3-style ISO 8601 value against an anchor date.

Rules of the grammar, where English leaves a choice:

- A date without a year ("March 22", "in May", "the third quarter") takes the year that puts it
  nearest to the anchor; ties go to the earlier one.
- "last December" is the most recent December strictly before the anchor's month; "next
  December" the first one strictly after it; "this December" the anchor's year's.
- A bare weekday ("on Tuesday") is the most recent such day on or before the anchor; "last
  Tuesday" the most recent strictly before it, "next Tuesday" the first strictly after it.
- Numeric dates read day first ("12/04/2023" is 12 April) unless ``day_first=False``, or
  unless one field is over 12; a dotted date ("12.04.2023") is always day first.
- "N weeks ago" / "a week back" give the day N weeks before the anchor, with granularity
  ``week`` and mod ``approx``; months, years and decades ago give that month, year or decade.
- "the past decade" / "the last three years" are DURATIONs ("P10Y", "P3Y") that end at the
  anchor; "last year" / "last decade" are the previous calendar year or decade.
- "since / from", "until / by / through", "before", "after" set ``mod``; so do "early / mid /
  late" (``start`` / ``mid`` / ``end``, narrowing ``start``/``end`` to a third of the period)
  and "about / around" (``approx``). ``start``/``end`` bound the named period, not the range
  a ``since``/``until`` opens.
- "N days before / after / earlier / later" count from a reference time in the narrative:
  they resolve against ``anchor`` like "N days ago" does, with ``reference=True`` so that a
  caller can pass the right reference date (an event's date) instead of the publication date.
- Two-digit decades need "the" or an apostrophe ("the '90s"); "in their 40s" is an age.
- Seasons are meteorological and northern: winter 2022 runs from December 2022 to February 2023.
- Vague amounts ("a few days ago") and invalid dates ("April 31") give ``value=None`` and a
  ``reason``; nothing raises. Without an anchor, relative expressions give ``value=None`` and
  ``anchor="unresolved"``.

Example:
    >>> from datetime import date
    >>> resolve_time("Last December", date(2023, 4, 20)).value
    '2022-12'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final, Literal

from unspin.model import Granularity
from unspin.nlp.timex.lexicon import (
    CARDINALS,
    DECADE_WORDS,
    MONTH_NAMES,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    SET_ADVERBS,
    UNIT_PLURALS,
    UNITS,
    VAGUE_AMOUNTS,
    WEEKDAYS,
    alternation,
    parse_amount,
)
from unspin.nlp.timex.periods import (
    Period,
    add_months,
    century_period,
    check_day,
    day_period,
    decade_period,
    month_days,
    month_period,
    narrow,
    nearest,
    quarter_period,
    season_period,
    shift,
    week_period,
    weekend_period,
    year_period,
)

Label = Literal["DATE", "TIME", "DURATION", "SET"]
Mod = Literal[
    "since", "until", "before", "after", "approx", "start", "mid", "end", "more_than", "less_than"
]
AnchorKind = Literal["absolute", "publication", "unresolved"]

MAX_EXPRESSION_CHARS: Final = 120
_MAX_AMOUNT: Final = 10_000
_NEEDS_ANCHOR: Final = "relative expression and no anchor date to resolve it against"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a time expression means: an ISO 8601 / TIMEX3 value and how it was reached.

    ``value`` is "2023-03-22", "2023-W15", "2023-03", "2023-Q1", "2023-SU", "2018", "201"
    (the 2010s), "20" (the 21st century), a duration "P3D" or a time "2023-03-22TMO", or None
    with a ``reason`` when it cannot be resolved. ``anchor`` says whether the value needed the
    anchor date. ``reference`` marks expressions that count from a narrative reference time.
    """

    value: str | None
    granularity: Granularity | None
    anchor: AnchorKind
    start: date | None
    end: date | None
    mod: Mod | None
    reason: str | None
    label: Label = "DATE"
    reference: bool = False


@dataclass(frozen=True, slots=True)
class _Parse:
    label: Label
    value: str | None
    granularity: Granularity | None
    start: date | None = None
    end: date | None = None
    relative: bool = False
    reason: str | None = None
    mod: Mod | None = None
    reference: bool = False


@dataclass(frozen=True, slots=True)
class _Ctx:
    anchor: date | None
    day_first: bool


_Handler = Callable[[re.Match[str], _Ctx], _Parse | None]


def resolve_time(
    expression: str, anchor: date | None, *, day_first: bool = True
) -> Resolution | None:
    """Resolve ``expression`` against ``anchor`` (the publication date, or a reference date).

    Returns None when the text is not a time expression this grammar knows.

    Example:
        >>> from datetime import date
        >>> r = resolve_time("a week back", date(2023, 3, 22))
        >>> (r.value, r.granularity, r.mod)
        ('2023-03-15', 'week', 'approx')
    """
    if len(expression) > MAX_EXPRESSION_CHARS:
        return None
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    return _resolve_expression(expression, anchor, day_first)


_CHAR_MAP: Final = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_CLEANUPS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"[\[(]\s*(\d{4})\s*[\])]"), r" \1"),
    (re.compile(r"(\d)(?:st|nd|rd|th)\b"), r"\1"),
    (re.compile(r"\b([ap])\.\s?m\b\.?"), r"\1m"),
    (re.compile(r"\b(" + alternation([*MONTHS, *WEEKDAYS]) + r")\."), r"\1"),
    (re.compile(r"(?<=[a-z])-(?=[a-z\d])"), " "),
    (re.compile(r"'s\b"), ""),
    (re.compile(r"[,;]"), " "),
    (re.compile(r"\s+"), " "),
)


def normalise(expression: str) -> str:
    """Lower-case, straighten quotes and dashes, drop ordinal suffixes, commas and brackets."""
    text = expression.strip().lower().translate(_CHAR_MAP)
    for pattern, repl in _CLEANUPS:
        text = pattern.sub(repl, text)
    text = text.strip(' .:!?"').rstrip("'")
    return text if text[1:2].isdigit() else text.lstrip("'")


@lru_cache(maxsize=8192)
def _resolve_expression(expression: str, anchor: date | None, day_first: bool) -> Resolution | None:
    return _resolve(normalise(expression), anchor, day_first)


@lru_cache(maxsize=8192)
def _resolve(text: str, anchor: date | None, day_first: bool) -> Resolution | None:
    if not text:
        return None
    try:
        parsed = _parse(text, _Ctx(anchor, day_first))
    except (ValueError, OverflowError):
        return Resolution(
            None, None, "unresolved", None, None, None, "date arithmetic left the calendar"
        )
    if parsed is None:
        return None
    if not parsed.relative:
        kind: AnchorKind = "absolute"
    elif anchor is None or parsed.value is None:
        kind = "unresolved"
    else:
        kind = "publication"
    return Resolution(
        value=parsed.value,
        granularity=parsed.granularity,
        anchor=kind,
        start=parsed.start,
        end=parsed.end,
        mod=parsed.mod,
        reason=parsed.reason,
        label=parsed.label,
        reference=parsed.reference,
    )


def _parse(text: str, ctx: _Ctx) -> _Parse | None:
    for pattern, handler in _RULES:
        match = pattern.fullmatch(text)
        if match is not None and (result := handler(match, ctx)) is not None:
            return result
    return None


# --- building blocks ---------------------------------------------------------------------------


def _of(period: Period | None, *, relative: bool = False, reason: str | None = None) -> _Parse:
    if period is None:
        return _Parse("DATE", None, None, relative=relative, reason=reason)
    return _Parse("DATE", period.value, period.granularity, period.start, period.end, relative)


def _unanchored(
    granularity: Granularity | None, label: Label = "DATE", *, reference: bool = False
) -> _Parse:
    return _Parse(
        label, None, granularity, relative=True, reason=_NEEDS_ANCHOR, reference=reference
    )


def _invalid(granularity: Granularity, reason: str, *, relative: bool = False) -> _Parse:
    return _Parse("DATE", None, granularity, relative=relative, reason=reason)


def _amount(words: str) -> int | None:
    """The amount a number phrase names, None when vague; raises past a sane size."""
    amount = parse_amount(words)
    if amount is not None and amount > _MAX_AMOUNT:
        raise OverflowError(words)
    return amount


def _unit(word: str) -> str:
    return UNIT_PLURALS.get(word, word)


def _duration_value(amount: float | None, unit: str) -> str:
    _, letter, multiplier, clock = UNITS[unit]
    prefix = "PT" if clock else "P"
    if amount is None:
        vague = {"decade": "DE", "century": "CE"}.get(unit, letter)
        return f"{prefix}X{vague}"
    total = amount * multiplier
    number = str(int(total)) if float(total).is_integer() else f"{total:g}"
    return f"{prefix}{number}{letter}"


def _year_of(text: str | None, ctx: _Ctx) -> tuple[int | None, _Parse | None]:
    """The year an inner phrase ("2023", "last year") names, or the parse that blocks it."""
    if text is None:
        return None, None
    inner = _parse(text, ctx)
    if inner is None or inner.label != "DATE" or inner.granularity not in ("year", None):
        raise _NoMatchError
    if inner.start is None:
        return None, inner
    return inner.start.year, inner


class _NoMatchError(Exception):
    """An inner phrase is not the kind the outer rule needs."""


def _with_year(
    make: Callable[[int], Period | None],
    invalid: Callable[[int | None], str | None],
    granularity: Granularity,
    year_text: str | None,
    ctx: _Ctx,
) -> _Parse | None:
    """A period of an explicit year, of a year phrase, or of the year nearest the anchor."""
    try:
        year, inner = _year_of(year_text, ctx)
    except _NoMatchError:
        return None
    relative = bool(inner and inner.relative)
    if year is not None:
        reason = invalid(year)
        if reason is not None:
            return _invalid(granularity, reason, relative=relative)
        return _of(make(year), relative=relative)
    if inner is not None:
        return replace(inner, granularity=granularity, value=None)
    reason = invalid(None)
    if reason is not None:
        return _invalid(granularity, reason)
    if ctx.anchor is None:
        return _unanchored(granularity)
    found = nearest(make, ctx.anchor)
    if found is None:
        return _invalid(granularity, "no such date within a year of the anchor", relative=True)
    return _of(found, relative=True)


# --- rules -------------------------------------------------------------------------------------

_MONTH: Final = alternation(MONTHS)
_WEEKDAY: Final = alternation(WEEKDAYS)
_NUM_WORD: Final = alternation([*CARDINALS, "hundred", "thousand", "and"])
_NUM: Final = rf"\d+(?:\.\d+)?|{alternation(VAGUE_AMOUNTS)}|(?:{_NUM_WORD})(?: (?:{_NUM_WORD}))*"
_UNIT: Final = alternation([*UNITS, *UNIT_PLURALS])
_PART: Final = alternation(PARTS_OF_DAY)
_SEASON: Final = alternation(SEASONS)
_ORDINAL: Final = alternation(ORDINALS)

_OUTER_MODS: Final[dict[str, Mod | None]] = {
    "since": "since",
    "from": "since",
    "starting": "since",
    "until": "until",
    "till": "until",
    "til": "until",
    "through": "until",
    "up to": "until",
    "up until": "until",
    "by": "until",
    "before": "before",
    "prior to": "before",
    "after": "after",
    "as of": None,
}
_COMPARATIVES: Final[dict[str, Mod]] = {
    "more than": "more_than",
    "over": "more_than",
    "at least": "more_than",
    "upwards of": "more_than",
    "less than": "less_than",
    "fewer than": "less_than",
    "under": "less_than",
    "at most": "less_than",
    "up to": "less_than",
    "nearly": "approx",
    "almost": "approx",
}
_APPROX: Final = ("about", "around", "approximately", "roughly", "circa", "some", "nearly")
_POSITIONS: Final[dict[str, Mod | None]] = {
    "early": "start",
    "the early": "start",
    "the start of": "start",
    "start of": "start",
    "the beginning of": "start",
    "beginning of": "start",
    "the turn of": "start",
    "mid": "mid",
    "the mid": "mid",
    "the middle of": "mid",
    "middle of": "mid",
    "late": "end",
    "the late": "end",
    "the end of": "end",
    "end of": "end",
    "earlier": None,
    "later": None,
}
_NEUTRAL_PREPS: Final = (
    "in",
    "on",
    "at",
    "during",
    "of",
    "for",
    "within",
    "over",
    "throughout",
    "in the course of",
)
_BACKWARD: Final = {"ago", "back", "before", "earlier", "prior", "previously"}
_REFERENCE_WORDS: Final = frozenset(
    {"before", "earlier", "prior", "previously", "later", "after", "afterwards", "afterward", "on"}
)
_OFFSET_WORDS: Final = sorted(_BACKWARD | _REFERENCE_WORDS | {"from now", "hence"})


def _outer_mod(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    inner = _parse(m["rest"], ctx)
    if inner is None or inner.label in ("DURATION", "SET"):
        return None
    return replace(inner, mod=_OUTER_MODS[m["w"]])


def _comparative(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    inner = _parse(m["rest"], ctx)
    if inner is None or inner.label != "DURATION":
        return None
    return replace(inner, mod=_COMPARATIVES[m["w"]])


def _approx(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    inner = _parse(m["rest"], ctx)
    if inner is None:
        return None
    return replace(inner, mod=inner.mod if inner.mod not in (None, "approx") else "approx")


def _or_so(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    inner = _parse(f"{m['a']}{m['b'] or ''}", ctx)
    return None if inner is None else replace(inner, mod=inner.mod or "approx")


def _position(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    inner = _parse(m["rest"], ctx)
    if inner is None or inner.label != "DATE" or inner.granularity == "day":
        return None
    mod = _POSITIONS[m["w"]]
    if inner.value is None or inner.start is None or inner.end is None or inner.granularity is None:
        return replace(inner, mod=mod)
    period = Period(inner.value, inner.granularity, inner.start, inner.end)
    if mod is None:
        return inner
    start, end = narrow(period, mod)
    return replace(inner, mod=mod, start=start, end=end)


def _neutral(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    return _parse(m["rest"], ctx)


def _at_time(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    day = _parse(m["day"], ctx)
    clock = _parse(m["time"], ctx)
    if day is None or clock is None or clock.label != "TIME" or day.granularity != "day":
        return None
    if clock.value is None or not clock.value.startswith("T"):
        return None
    if day.value is None:
        return replace(day, label="TIME")
    return replace(day, label="TIME", value=f"{day.value}{clock.value}")


def _deictic(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    word, part = m["d"], m["part"]
    if word in ("this", "last") and part is None:
        return None
    offsets = {"the day before yesterday": -2, "yesterday": -1, "last": -1, "tomorrow": 1}
    offsets["the day after tomorrow"] = 2
    if word == "tonight":
        part = "night"
    if word == "last" and part != "night":
        return None
    label: Label = "TIME" if part else "DATE"
    if ctx.anchor is None:
        return _unanchored("day", label)
    day = ctx.anchor + timedelta(days=offsets.get(word, 0))
    suffix = f"T{PARTS_OF_DAY[part]}" if part else ""
    return _Parse(label, f"{day.isoformat()}{suffix}", "day", day, day, relative=True)


def _iso_day(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    return _day(int(m["y"]), int(m["m"]), int(m["d"]))


def _iso_month(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    year, month = int(m["y"]), int(m["m"])
    if not 1 <= month <= 12:
        return _invalid("month", f"there is no month {month}")
    return _of(month_period(year, month))


def _iso_week(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    try:
        monday = date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    except ValueError:
        return _invalid("week", f"year {m['y']} has no ISO week {m['w']}")
    return _of(week_period(monday))


def _day(year: int, month: int, day: int) -> _Parse:
    reason = check_day(year, month, day)
    if reason is not None:
        return _invalid("day", reason)
    return _of(day_period(date(year, month, day)))


def _full_year(digits: str, ctx: _Ctx) -> int:
    year = int(digits)
    if len(digits) > 2:
        return year
    pivot = (ctx.anchor.year % 100 if ctx.anchor else 30) + 10
    return 2000 + year if year <= pivot else 1900 + year


def _numeric(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    a, b, year = int(m["a"]), int(m["b"]), _full_year(m["y"], ctx)
    parse = _day(year, b, a) if m["sep"] == "." else None
    if parse is not None:
        return parse
    if a > 12 or (b <= 12 and ctx.day_first):
        parse = _day(year, b, a)
        ambiguous = a <= 12 and b <= 12 and a != b
        if ambiguous:
            return replace(parse, reason="ambiguous day/month order; read day first")
        return parse
    return _day(year, a, b)


def _day_month(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    month, day = MONTHS[m["m"]], int(m["d"])

    def make(year: int) -> Period | None:
        return None if check_day(year, month, day) else day_period(date(year, month, day))

    def invalid(year: int | None) -> str | None:
        if year is not None:
            return check_day(year, month, day)
        if check_day(2000, month, day) is None:
            return None
        return f"{MONTH_NAMES[month - 1]} has at most {month_days(2000, month)} days, not {day}"

    parse = _with_year(make, invalid, "day", m["y"], ctx)
    if parse is None or m["wd"] is None or parse.start is None:
        return parse
    if parse.start.weekday() != WEEKDAYS[m["wd"]]:
        return replace(parse, reason="the weekday named does not match the date")
    return parse


def _month(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    month, rel = MONTHS[m["m"]], m["rel"]
    if rel is None:
        return _with_year(lambda y: month_period(y, month), lambda y: None, "month", m["y"], ctx)
    if m["y"] is not None:
        return None
    if ctx.anchor is None:
        return _unanchored("month")
    anchor_index = ctx.anchor.year * 12 + ctx.anchor.month - 1
    index = ctx.anchor.year * 12 + month - 1
    if rel in ("last", "past", "previous"):
        index -= 12 if index >= anchor_index else 0
    elif rel in ("next", "coming"):
        index += 12 if index <= anchor_index else 0
    return _of(month_period(index // 12, index % 12 + 1), relative=True)


def _weekday(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    label: Label = "TIME" if m["part"] else "DATE"
    if ctx.anchor is None:
        return _unanchored("day", label)
    target, today, rel = WEEKDAYS[m["wd"]], ctx.anchor.weekday(), m["rel"]
    if rel in ("next", "coming"):
        delta = (target - today) % 7 or 7
    elif rel == "this":
        delta = target - today
    elif rel in ("last", "previous"):
        delta = -((today - target) % 7 or 7)
    else:
        delta = -((today - target) % 7)
    day = ctx.anchor + timedelta(days=delta)
    suffix = f"T{PARTS_OF_DAY[m['part']]}" if m["part"] else ""
    return _Parse(label, f"{day.isoformat()}{suffix}", "day", day, day, relative=True)


def _season(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    code, rel = SEASONS[m["s"]], m["rel"]
    if rel in (None, "the", "this"):
        return _with_year(lambda y: season_period(y, code), lambda y: None, "season", m["y"], ctx)
    if m["y"] is not None:
        return None
    if ctx.anchor is None:
        return _unanchored("season")
    anchor = ctx.anchor
    years = range(anchor.year - 2, anchor.year + 2)
    periods = [season_period(y, code) for y in years]
    if rel in ("last", "past", "previous"):
        found = [p for p in periods if p.end < anchor][-1]
    else:
        found = next(p for p in periods if p.start > anchor)
    return _of(found, relative=True)


def _quarter(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    word = m["q"]
    if word in ("last", "final") and m["y"] is None:
        return None
    number = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4, "final": 4}
    quarter = number.get(word) or int(word)
    return _with_year(lambda y: quarter_period(y, quarter), lambda y: None, "quarter", m["y"], ctx)


def _year(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    year = int(m["y"])
    if not 1000 <= year <= 2999:
        return None
    return _of(year_period(year))


def _decade(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    if m["d3"] is not None:
        return _of(decade_period(int(m["d3"]) * 10))
    tens = int(m["d1"]) if m["d1"] is not None else DECADE_WORDS[m["w"]]
    if m["nineteen"]:
        return _of(decade_period(1900 + tens * 10))
    if ctx.anchor is None:
        return _unanchored("decade")
    first = ctx.anchor.year // 100 * 100 + tens * 10
    if first > ctx.anchor.year:
        first -= 100
    return _of(decade_period(first), relative=True)


def _century(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    word = m["n"]
    number = int(word) if word.isdigit() else ORDINALS[word]
    if not 1 <= number <= 99:
        return None
    return _of(century_period(number - 1))


def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    rel, the, count = m["rel"], m["the"] is not None, m["n"]
    backward = rel in ("last", "past", "previous")
    steps = -1 if backward else (1 if rel in ("next", "coming", "following") else 0)
    current = steps == 0
    if m["unit"] == "weekend":
        if count is not None or rel == "past":
            return None
        if ctx.anchor is None:
            return _unanchored("week")
        return _of(weekend_period(ctx.anchor + timedelta(weeks=steps)), relative=True)
    unit = _unit(m["unit"])
    granularity = UNITS[unit][0]
    if not current and (count is not None or rel == "past" or (the and rel in _SPAN_WORDS)):
        amount = _amount(count) if count is not None else 1
        value = _duration_value(amount, unit)
        reference = rel in ("previous", "following")
        if ctx.anchor is None or amount is None or reference:
            return _Parse("DURATION", value, granularity, relative=True, reference=reference)
        start, end = _span_bounds(ctx.anchor, amount, unit, backward)
        return _Parse("DURATION", value, granularity, start, end, relative=True)
    if count is not None or granularity is None or (current and unit == "day"):
        return None
    reference = rel in ("previous", "following") or (the and rel == "next")
    if ctx.anchor is None:
        return _unanchored(granularity, reference=reference)
    return replace(_of(shift(granularity, steps, ctx.anchor), relative=True), reference=reference)


_SPAN_WORDS: Final = ("last", "next", "coming")


def _span_bounds(anchor: date, amount: int, unit: str, backward: bool) -> tuple[date, date]:
    sign = -1 if backward else 1
    other = _offset_day(anchor, sign * amount, unit)
    return (other, anchor) if backward else (anchor, other)


def _offset_day(anchor: date, amount: int, unit: str) -> date:
    _, letter, multiplier, clock = UNITS[unit]
    if clock:
        return anchor
    if letter == "D":
        return anchor + timedelta(days=amount)
    if letter == "W":
        return anchor + timedelta(weeks=amount * multiplier)
    if letter == "M":
        return add_months(anchor, amount * multiplier)
    return add_months(anchor, 12 * amount * multiplier)


def _offset(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    unit, word = _unit(m["unit"]), m["dir"]
    granularity, _, _, clock = UNITS[unit]
    label: Label = "TIME" if clock else "DATE"
    reference = word in _REFERENCE_WORDS
    amount = _amount(m["n"])
    if amount is None:
        vague = _Parse(label, None, granularity, relative=True, reason="vague amount of time")
        return replace(vague, reference=reference)
    if ctx.anchor is None:
        return _unanchored(granularity, label, reference=reference)
    sign = -1 if word in _BACKWARD else 1
    parse = _shifted(ctx.anchor, sign * amount, unit)
    return replace(parse, label=label, reference=reference)


def _shifted(anchor: date, amount: int, unit: str) -> _Parse:
    granularity = UNITS[unit][0]
    day = _offset_day(anchor, amount, unit)
    if granularity in ("day", None):
        return _of(day_period(day), relative=True)
    if granularity == "week":
        week = timedelta(days=3)
        return _Parse("DATE", day.isoformat(), "week", day - week, day + week, True, mod="approx")
    return _of(shift(granularity, 0, day), relative=True)


def _in_future(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    unit = _unit(m["unit"])
    amount = _amount(m["n"])
    label: Label = "TIME" if UNITS[unit][3] else "DATE"
    if amount is None:
        return _Parse(label, None, UNITS[unit][0], relative=True, reason="vague amount of time")
    if ctx.anchor is None:
        return _unanchored(UNITS[unit][0], label)
    return replace(_shifted(ctx.anchor, amount, unit), label=label)


def _duration(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    unit = _unit(m["unit"])
    amount: float | None = _amount(m["n"])
    if (m["half"] or m["half2"]) and amount is not None:
        amount += 0.5
    return _Parse("DURATION", _duration_value(amount, unit), UNITS[unit][0])


def _vague_duration(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    unit = _unit(m["unit"])
    return _Parse("DURATION", _duration_value(None, unit), UNITS[unit][0])


def _set(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    word = m["unit"]
    if word in WEEKDAYS:
        return _Parse("SET", f"XXXX-WXX-{WEEKDAYS[word] + 1}", "day")
    if word == "weekend":
        return _Parse("SET", "XXXX-WXX-WE", "week")
    unit = _unit(word)
    amount = _amount(m["n"]) if m["n"] else 1
    if m["other"]:
        amount = 2 * (amount or 1)
    return _Parse("SET", _duration_value(amount, unit), UNITS[unit][0])


def _frequency(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    unit = _unit(m["unit"])
    return _Parse("SET", _duration_value(1, unit), UNITS[unit][0])


def _set_adverb(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    value = SET_ADVERBS[m[0]]
    return _Parse("SET", value, _SET_GRANULARITY.get(value))


_SET_GRANULARITY: Final[dict[str, Granularity]] = {
    "P1D": "day",
    "P1W": "week",
    "P2W": "week",
    "P1M": "month",
    "P3M": "quarter",
    "P1Y": "year",
}


def _clock(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    hour, minute, half = int(m["h"]), int(m["mi"] or 0), m["ap"]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return _Parse("TIME", f"T{hour:02d}:{minute:02d}", None)


def _named_time(m: re.Match[str], ctx: _Ctx) -> _Parse | None:
    word = m["w"]
    if word in PARTS_OF_DAY:
        return _Parse("TIME", f"T{PARTS_OF_DAY[word]}", None)
    return _Parse("TIME", "T00:00" if word == "midnight" else "T12:00", None)


def _rule(pattern: str, handler: _Handler) -> tuple[re.Pattern[str], _Handler]:
    return re.compile(pattern), handler


_YEAR_TAIL: Final = r"(?: (?:of )?(?P<y>.+))?"

_RULES: Final[tuple[tuple[re.Pattern[str], _Handler], ...]] = (
    _rule(r"(?P<a>.+?) or so(?P<b> .+)?", _or_so),
    _rule(rf"(?P<w>{alternation(_COMPARATIVES)}) (?P<rest>(?:{_NUM}) .+)", _comparative),
    _rule(rf"(?P<w>{alternation(_OUTER_MODS)}) (?P<rest>.+)", _outer_mod),
    _rule(rf"(?P<w>{alternation(_APPROX)}) (?P<rest>.+)", _approx),
    _rule(rf"in (?P<n>{_NUM}) (?P<unit>{_UNIT})(?: time)?", _in_future),
    _rule(r"(?P<day>.+?) at (?P<time>.+)", _at_time),
    _rule(rf"(?P<w>{alternation(_POSITIONS)}) (?P<rest>.+)", _position),
    _rule(rf"(?:{alternation(_NEUTRAL_PREPS)}) (?P<rest>.+)", _neutral),
    _rule(
        r"(?P<d>the day before yesterday|the day after tomorrow|yesterday|today|tomorrow|tonight"
        rf"|this|last)(?: (?P<part>{_PART}))?",
        _deictic,
    ),
    _rule(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:t[\d:.]+z?)?", _iso_day),
    _rule(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})", _iso_day),
    _rule(r"(?P<y>\d{4})-(?P<m>\d{2})", _iso_month),
    _rule(r"(?P<y>\d{4})-w(?P<w>\d{1,2})", _iso_week),
    _rule(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})", _numeric),
    _rule(
        rf"(?:(?P<wd>{_WEEKDAY}) )?(?:the )?(?P<d>\d{{1,2}}) (?:of )?(?P<m>{_MONTH})"
        r"(?: (?P<y>\d{4}))?",
        _day_month,
    ),
    _rule(
        rf"(?:(?P<wd>{_WEEKDAY}) )?(?P<m>{_MONTH}) (?:the )?(?P<d>\d{{1,2}})(?: (?P<y>\d{{4}}))?",
        _day_month,
    ),
    _rule(
        rf"(?:(?P<rel>this|last|next|past|coming|previous) )?(?P<m>{_MONTH}){_YEAR_TAIL}", _month
    ),
    _rule(
        rf"(?:(?P<rel>this|last|next|past|coming|previous) )?(?P<wd>{_WEEKDAY})"
        rf"(?: (?P<part>{_PART}))?",
        _weekday,
    ),
    _rule(
        rf"(?:(?P<rel>this|last|next|past|coming|previous|the) )?(?P<s>{_SEASON}){_YEAR_TAIL}",
        _season,
    ),
    _rule(rf"q(?P<q>[1-4]){_YEAR_TAIL}", _quarter),
    _rule(
        rf"(?:the )?(?P<q>first|second|third|fourth|last|final|[1-4]) quarter{_YEAR_TAIL}",
        _quarter,
    ),
    _rule(r"(?:the year )?(?P<y>\d{4})(?: ad| ce)?", _year),
    _rule(
        rf"(?:(?:the )?(?P<d3>\d{{3}})0s|(?:the '?|')(?P<d1>\d)0s|(?:the )?(?P<nineteen>nineteen )?"
        rf"(?P<w>{alternation(DECADE_WORDS)}))",
        _decade,
    ),
    _rule(rf"(?:the )?(?P<n>\d{{1,2}}|{_ORDINAL}) century(?: ad| ce)?", _century),
    _rule(
        rf"(?P<the>the )?(?P<rel>this|current|present|last|previous|past|next|coming|following"
        rf"|the)(?: (?P<n>{_NUM}))? (?P<unit>{_UNIT}|weekend)",
        _relative_unit,
    ),
    _rule(rf"(?P<n>{_NUM}) (?P<unit>{_UNIT}) (?P<dir>{alternation(_OFFSET_WORDS)})", _offset),
    _rule(
        rf"(?P<n>{_NUM})(?P<half> and a half)?(?: (?:whole|full|long|straight|consecutive|more"
        rf"|additional|entire|further|extra))? (?P<unit>{_UNIT})(?P<half2> and a half)?"
        r"(?: long| in a row| running)?",
        _duration,
    ),
    _rule(r"(?P<unit>days|weeks|months|years|decades|centuries|hours)", _vague_duration),
    _rule(
        rf"(?:every|each)(?: (?P<other>other))?(?: (?P<n>{_NUM}))? (?P<unit>{_UNIT}|{_WEEKDAY}"
        r"|weekend)",
        _set,
    ),
    _rule(
        rf"(?:once|twice|thrice|(?:{_NUM}) times) (?:a|an|per|every|each) (?P<unit>{_UNIT})",
        _frequency,
    ),
    _rule(alternation(SET_ADVERBS), _set_adverb),
    _rule(r"(?P<h>\d{1,2})(?::(?P<mi>\d{2}))? ?(?P<ap>am|pm)(?: [a-z]{2,4})?", _clock),
    _rule(r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?P<ap>)(?: [a-z]{2,4})?", _clock),
    _rule(rf"(?:the )?(?P<w>noon|midday|midnight|{_PART})", _named_time),
)
