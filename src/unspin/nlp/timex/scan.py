"""Find candidate time expressions in running text with a regex grammar compiled at import.

Month and weekday names must be capitalised; a bare month or year counts only after a word
that makes it a date ("in May", "since 2018", "early 2023"). Modifiers that change the meaning
("since", "until", "before", "after", "early", "mid", "late", "about") belong to the span;
neutral prepositions ("in", "on", "during") do not. A pattern's group ``x``, where present,
is the span to keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from unspin.nlp.timex.lexicon import (
    CARDINALS,
    DECADE_WORDS,
    MONTH_NAMES,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNIT_PLURALS,
    UNITS,
    VAGUE_AMOUNTS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    alternation,
)

_S: Final = r"[^\S\n]+"
_S0: Final = r"[^\S\n]*"


def _ci(pattern: str) -> str:
    return f"(?i:{pattern})"


def _words(*words: str) -> str:
    return alternation(words).replace(r"\s+", rf"(?:-|{_S})")


_MONTH: Final = (
    rf"(?:(?:{'|'.join(MONTH_NAMES)})\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|\b))"
)
_WEEKDAY: Final = rf"(?:(?:{'|'.join(WEEKDAY_NAMES)})\b)"
_DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR: Final = r"(?:1[5-9]\d\d|20\d\d)\b(?![.,]\d)"
_YEAR_ANY: Final = rf"(?:\[{_S0}\d{{4}}{_S0}\]|\d{{4}}\b(?![.,]\d))"
_NUM: Final = _ci(
    rf"(?:\d+(?:\.\d+)?|{_words(*VAGUE_AMOUNTS)}|(?:{_words(*CARDINALS)})"
    rf"(?:(?:{_S}|-)(?:{_words(*CARDINALS, 'hundred', 'thousand')}))*)"
)
_UNIT: Final = _ci(
    r"(?:days?|nights?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies)"
    r"|hours?|minutes?)\b"
)
_DATE_UNIT: Final = _ci(
    r"(?:days?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|centur(?:y|ies))\b"
)
_SPAN_UNIT: Final = _ci(
    r"(?:days?|nights?|weeks?|fortnights?|months?|years?|decades?"
    r"|centur(?:y|ies)|hours?)\b"
)
_EXTENT: Final = _ci(r"(?:whole|full|long|straight|consecutive|more|additional|entire|further)")
_PART: Final = _ci(r"(?:morning|afternoon|evening|night)\b")
_REL: Final = _ci(rf"\b(?:this|last|next|past|coming|previous){_S}")

_MOD: Final = _ci(rf"\b(?:since|until|till|before|after|by|through|prior{_S}to|as{_S}of){_S}")
_POS: Final = _ci(
    rf"\b(?:(?:early|late|earlier|later){_S}|mid(?:-|{_S})"
    rf"|(?:the{_S})?(?:start|beginning|middle|end|turn){_S}of{_S}(?:the{_S})?)"
)
_PRE: Final = rf"(?:{_MOD})?(?:{_POS})?"
_PRE_REQUIRED: Final = rf"(?:{_MOD}(?:{_POS})?|{_POS}|{_REL})"
_NEUTRAL: Final = _ci(rf"\b(?:in|during|throughout|for|between|and|year|of|from|to){_S}")
_APPROX: Final = _ci(rf"\b(?:about|around|approximately|roughly|some|nearly|almost){_S}")
_COMPARE: Final = _ci(
    rf"\b(?:(?:more|less|fewer){_S}than|at{_S}least|nearly|almost|about|around|over|some"
    rf"|up{_S}to|roughly|approximately){_S}"
)
_OFFSET_WORD: Final = _ci(
    rf"(?:ago|back|earlier|later|before|after|prior|previously|afterwards|from{_S}now|hence)\b"
)

_PATTERNS: Final[tuple[str, ...]] = (
    # 22 March 2023, Tuesday, the 22nd of March, April 12 [2023], March 22, 2023
    rf"{_PRE}(?:{_WEEKDAY},?{_S})?(?:{_ci('the')}{_S})?\b{_DAY}(?:{_S}{_ci('of')})?{_S}{_MONTH}"
    rf"(?:,?{_S}{_YEAR_ANY})?",
    rf"{_PRE}(?:{_WEEKDAY},?{_S})?{_MONTH}{_S0}{_DAY}(?:,?{_S}{_YEAR_ANY})?",
    rf"{_PRE}{_MONTH},?{_S}(?:{_ci('of')}{_S})?{_YEAR_ANY}",
    rf"{_PRE_REQUIRED}{_MONTH}",
    rf"{_NEUTRAL}(?P<x>{_MONTH})",
    # numeric and ISO dates
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{4}-W\d{2}\b",
    r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b",
    r"\b\d{1,2}\.\d{1,2}\.\d{4}\b",
    # weekdays and deictic days
    rf"{_PRE}(?:{_REL})?{_WEEKDAY}(?:{_S}{_PART})?",
    _ci(
        rf"{_PRE}\b(?:the{_S}day{_S}before{_S}yesterday|the{_S}day{_S}after{_S}tomorrow"
        rf"|yesterday|today|tomorrow|tonight)\b(?:{_S}{_PART})?"
    ),
    _ci(rf"\b(?:this|last){_S}{_PART}"),
    # this week, last year, the past decade, the next three months, earlier this year
    _ci(
        rf"{_PRE}\b(?:the{_S})?(?:this|current|last|previous|past|next|coming|following)"
        rf"(?:{_S}{_NUM})?{_S}(?:{_DATE_UNIT}|weekends?\b)"
    ),
    _ci(rf"(?:{_MOD})?{_POS}(?:week|month|year|decade|century)\b"),
    # years, decades, centuries, quarters, seasons
    rf"{_PRE_REQUIRED}{_YEAR}",
    rf"{_NEUTRAL}(?P<x>{_YEAR})",
    _ci(rf"{_PRE}\bthe{_S}year{_S}\d{{4}}\b"),
    _ci(
        rf"{_PRE}\b(?:the{_S}(?:(?:early|mid|late)(?:-|{_S}))?(?:\d{{3}}0s|'?\d0s"
        rf"|(?:nineteen{_S})?(?:{_words(*DECADE_WORDS)}))|(?:\d{{3}}0s|'\d0s))\b"
    ),
    _ci(rf"\bthe{_S}(?:\d{{1,2}}(?:st|nd|rd|th)|{_words(*ORDINALS)}){_S}century\b"),
    rf"{_PRE}\bQ[1-4](?:{_S}{_YEAR})?\b",
    _ci(
        rf"{_PRE}\b(?:the{_S})?(?:first|second|third|fourth|final|last|[1-4](?:st|nd|rd|th))"
        rf"{_S}quarter(?:{_S}of{_S}(?:{_YEAR}|(?:this|last|next){_S}year\b))?"
    ),
    _ci(rf"{_PRE}\b(?:the{_S})?(?:spring|summer|autumn|winter|fall){_S}(?:of{_S})?{_YEAR}"),
    _ci(rf"{_PRE}\b(?:this|last|next|past){_S}(?:spring|summer|autumn|winter|fall)\b"),
    _ci(rf"(?:{_MOD}(?:{_POS})?|{_POS})(?:the{_S})?(?:spring|summer|autumn|winter)\b"),
    # two days ago, a week back, three years earlier
    rf"(?:{_APPROX})?\b{_NUM}{_S}{_UNIT}(?:{_S}or{_S}so)?{_S}{_OFFSET_WORD}",
    # durations: three whole days, more than a year, a hundred years
    rf"(?:{_COMPARE})?\b{_NUM}(?:{_S}and{_S}a{_S}half)?"
    rf"(?:{_S}{_EXTENT})?"
    rf"{_S}{_SPAN_UNIT}(?:{_S}and{_S}a{_S}half\b)?",
    _ci(rf"\bfor{_S}(?P<x>years|decades|months|weeks|centuries)\b"),
    # sets: every week, each Tuesday, twice a year
    _ci(rf"\b(?:every|each){_S}(?:other{_S})?(?:{_NUM}{_S})?(?:{_UNIT}|weekend\b)"),
    rf"{_ci('every')}{_S}{_WEEKDAY}",
    _ci(rf"\b(?:once|twice|{_NUM}{_S}times){_S}(?:a|an|per|every|each){_S}{_UNIT}"),
    # clock times
    _ci(rf"\b\d{{1,2}}(?::[0-5]\d)?{_S0}(?:a\.m\.|p\.m\.|am\b|pm\b)"),
    r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b(?!:)",
    _ci(rf"\bat{_S}(?P<x>noon|midnight|midday)\b"),
)
_COMPILED: Final[tuple[re.Pattern[str], ...]] = tuple(re.compile(p) for p in _PATTERNS)


_WORD: Final = re.compile(r"[a-z0-9]+")
_TRIGGERS: Final[frozenset[str]] = frozenset(
    {*MONTHS, *WEEKDAYS, *SEASONS, *PARTS_OF_DAY, *DECADE_WORDS, *UNITS, *UNIT_PLURALS}
    | {"weekend", "weekends", "today", "tomorrow", "yesterday", "tonight", "noon", "midnight"}
    | {"midday", "century", "centuries"}
)
_PREFIX_WORDS: Final[frozenset[str]] = frozenset(
    {*CARDINALS, *VAGUE_AMOUNTS, *MONTHS, *WEEKDAYS}
    | {"since", "until", "till", "before", "after", "from", "by", "through", "prior", "to"}
    | {"as", "of", "early", "late", "mid", "earlier", "later", "the", "start", "beginning"}
    | {"middle", "end", "turn", "this", "last", "next", "past", "coming", "previous", "current"}
    | {"following", "in", "during", "throughout", "for", "between", "and", "year", "about"}
    | {"around", "approximately", "roughly", "nearly", "almost", "more", "less", "fewer"}
    | {"than", "at", "least", "over", "up", "hundred", "thousand", "half", "every", "each"}
    | {"other", "once", "twice", "times", "few", "couple", "dozen", "day", "single"}
    | {"whole", "full", "long", "straight", "consecutive", "additional", "entire", "further"}
)
_MAX_PREFIX_WORDS: Final = 8


def scan(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every candidate match; matches may overlap each other.

    The patterns are tried only where a match can start: at a trigger word (a number, a month,
    a unit...) and at the run of grammar words just before it, which keeps the scan cheap.
    """
    for pos in _start_positions(text):
        for pattern in _COMPILED:
            match = pattern.match(text, pos)
            if match is None:
                continue
            if "x" in pattern.groupindex:
                yield match.start("x"), match.end("x")
            else:
                yield match.start(), match.end()


def _start_positions(text: str) -> list[int]:
    lowered = text.lower()
    words = [(m.start(), m.group()) for m in _WORD.finditer(lowered)]
    starts: set[int] = set()
    for i, (pos, word) in enumerate(words):
        if word not in _TRIGGERS and word.isalpha():
            continue
        starts.add(pos - 1 if pos and lowered[pos - 1] == "'" else pos)
        j = i - 1
        while j >= 0 and i - j <= _MAX_PREFIX_WORDS and words[j][1] in _PREFIX_WORDS:
            starts.add(words[j][0])
            j -= 1
    return sorted(starts)
