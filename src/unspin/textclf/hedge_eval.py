"""Score hedge detection on the Wikipedia uncertainty corpus: sentences and cue spans."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from unspin.textclf.metrics import PRF, binary_prf, set_prf
from unspin.textclf.wikiweasel import WikiSentence

CueFinder = Callable[[str], list[tuple[int, int, str]]]


def sentence_prf(sentences: Sequence[WikiSentence], predicted: Sequence[bool]) -> PRF:
    """F1 of the uncertain class over sentences."""
    return binary_prf([s.uncertain for s in sentences], list(predicted))


def cue_prf(sentences: Sequence[WikiSentence], find: CueFinder) -> PRF:
    """Exact-match F1 of cue spans (sentence, start, end); cue types are not compared."""
    gold = {(i, c.start, c.end) for i, s in enumerate(sentences) for c in s.cues}
    pred = {(i, start, end) for i, s in enumerate(sentences) for start, end, _ in find(s.text)}
    return set_prf(gold, pred)
