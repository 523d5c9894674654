"""Word tables of the time grammar: months, weekdays, numbers, ordinals, units and seasons."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from unspin.model import Granularity

MONTHS: Final[dict[str, int]] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_NAMES: Final[tuple[str, ...]] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES: Final[tuple[str, ...]] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

_UNITS_WORDS: Final[list[str]] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_WORDS: Final[list[str]] = [
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]

CARDINALS: Final[dict[str, int]] = {
    "a": 1,
    "an": 1,
    "a single": 1,
    "a couple of": 2,
    "a couple": 2,
    "a dozen": 12,
    "half a dozen": 6,
    **{word: i + 1 for i, word in enumerate(_UNITS_WORDS)},
    **{word: 20 + 10 * i for i, word in enumerate(_TENS_WORDS)},
}
VAGUE_AMOUNTS: Final[frozenset[str]] = frozenset({"a few", "few", "several", "many", "some"})

_ORDINAL_UNITS: Final[list[str]] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
ORDINALS: Final[dict[str, int]] = {
    **{word: i + 1 for i, word in enumerate(_ORDINAL_UNITS)},
    "twentieth": 20,
    "thirtieth": 30,
    **{f"twenty {word}": 21 + i for i, word in enumerate(_ORDINAL_UNITS[:9])},
    "thirty first": 31,
}

# unit -> (granularity, ISO 8601 duration designator, multiplier, is a clock unit)
UNITS: Final[dict[str, tuple[Granularity | None, str, int, bool]]] = {
    "second": (None, "S", 1, True),
    "minute": (None, "M", 1, True),
    "hour": (None, "H", 1, True),
    "day": ("day", "D", 1, False),
    "night": ("day", "D", 1, False),
    "week": ("week", "W", 1, False),
    "fortnight": ("week", "W", 2, False),
    "month": ("month", "M", 1, False),
    "quarter": ("quarter", "M", 3, False),
    "year": ("year", "Y", 1, False),
    "decade": ("decade", "Y", 10, False),
    "century": ("century", "Y", 100, False),
}
UNIT_PLURALS: Final[dict[str, str]] = {
    **{f"{unit}s": unit for unit in UNITS if unit != "century"},
    "centuries": "century",
    "yr": "year",
    "yrs": "year",
}

# season code -> first month; winter runs from December into the next year.
SEASONS: Final[dict[str, str]] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}
SEASON_START_MONTH: Final[dict[str, int]] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

DECADE_WORDS: Final[dict[str, int]] = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}

PARTS_OF_DAY: Final[dict[str, str]] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
}

SET_ADVERBS: Final[dict[str, str]] = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "yearly": "P1Y",
    "annually": "P1Y",
}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that prefixes never win early."""
    items = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(w.replace(" ", r"\s+") for w in items)


def parse_amount(words: str) -> int | None:
    """The number a cardinal phrase names ("a hundred", "twenty five", "3"); None when vague."""
    words = words.strip()
    if words.isdigit():
        return int(words)
    if words in CARDINALS:
        return CARDINALS[words]
    total = 0
    current = 0
    for word in words.replace("-", " ").split():
        if word in ("a", "an", "and"):
            current = current or (1 if word != "and" else 0)
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif word in CARDINALS:
            current += CARDINALS[word]
        else:
            return None
    return total + current or None
