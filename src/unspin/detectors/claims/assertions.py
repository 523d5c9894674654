"""Type the author's own statements: factual claim, opinion/evaluation or prediction/speculation."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from unspin.detectors.claims.cues import lexicon, phrase_pattern
from unspin.detectors.claims.findings import Certainty, ClaimType, CueLabel
from unspin.model import Span

_ATTRIBUTED_SHARE = 0.5


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    return phrase_pattern(lex.prediction_words), phrase_pattern(lex.opinion_words)


def claim_type(sentence: str) -> ClaimType:
    """Prediction if it speaks of what will or may happen, opinion if it evaluates, else factual.

    Example:
        >>> claim_type("The talks will fail.")
        'prediction'
    """
    prediction, opinion = _patterns()
    if any(m.group(0) != "May" for m in prediction.finditer(sentence)):
        return "prediction"
    if opinion.search(sentence) or sentence.rstrip().endswith("!"):
        return "opinion"
    return "factual"


def certainty(kind: ClaimType, cues: Sequence[tuple[CueLabel, Span]]) -> Certainty:
    """Low with a hedge, high with a booster, medium for bare predictions, else high."""
    labels = {label for label, _ in cues}
    if "hedge" in labels:
        return "low"
    if "booster" in labels:
        return "high"
    return "medium" if kind == "prediction" else "high"


def is_attributed(sentence: Span, covered: Sequence[Span], text: str) -> bool:
    """Whether attribution spans cover at least half of the sentence's non-space characters."""
    return Coverage(covered).attributed(sentence, text)


class Coverage:
    """Attribution spans merged once, to ask ``is_attributed`` of many sentences."""

    __slots__ = ("_ends", "_merged", "_starts")

    def __init__(self, covered: Sequence[Span]) -> None:
        self._merged = _merge(covered)
        self._starts = [s.start for s in self._merged]
        self._ends = [s.end for s in self._merged]

    def attributed(self, sentence: Span, text: str) -> bool:
        """``is_attributed(sentence, covered, text)``."""
        chars = _non_space(sentence.slice(text))
        if chars == 0:
            return True
        hit = 0
        # merged spans are disjoint and sorted: those meeting the sentence are one run
        first = bisect_right(self._ends, sentence.start)
        last = bisect_left(self._starts, sentence.end, first)
        for span in self._merged[first:last]:
            lo, hi = max(span.start, sentence.start), min(span.end, sentence.end)
            if lo < hi:
                hit += _non_space(text[lo:hi])
        return hit / chars >= _ATTRIBUTED_SHARE


def _non_space(piece: str) -> int:
    return sum(1 for ch in piece if not ch.isspace())


def _merge(spans: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def trim(span: Span, text: str) -> Span | None:
    """``span`` without surrounding whitespace, or None when nothing is left."""
    piece = span.slice(text)
    start = span.start + (len(piece) - len(piece.lstrip()))
    end = span.end - (len(piece) - len(piece.rstrip()))
    return Span(start, end) if end > start else None
