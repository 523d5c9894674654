"""Find hedge and booster cues ("allegedly", "it seems"; "evidently", "it is clear") as spans."""

from __future__ import annotations

import re
from functools import lru_cache

from unspin.detectors.claims.cues import lexicon, phrase_pattern
from unspin.detectors.claims.findings import CueLabel
from unspin.model import Span


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[CueLabel, re.Pattern[str]], ...]:
    lex = lexicon()
    return (("booster", phrase_pattern(lex.boosters)), ("hedge", phrase_pattern(lex.hedges)))


def find_certainty_cues(text: str) -> list[tuple[CueLabel, Span]]:
    """Hedge and booster cues in text order; a longer cue wins over one it overlaps.

    Example:
        >>> find_certainty_cues("It is clear that he probably left.")
        [('booster', Span(start=0, end=11)), ('hedge', Span(start=20, end=28))]
    """
    found: list[tuple[CueLabel, Span]] = []
    for label, pattern in _patterns():
        for match in pattern.finditer(text):
            if match.group(0) == "May":  # the month, not the modal
                continue
            found.append((label, Span(match.start(), match.end())))
    found.sort(key=lambda item: (item[1].start, -len(item[1])))
    kept: list[tuple[CueLabel, Span]] = []
    for label, span in found:
        if kept and kept[-1][1].overlaps(span):
            continue
        kept.append((label, span))
    return kept
