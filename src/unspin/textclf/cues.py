"""A hedge-cue lexicon: cue phrases with their precision on training data, matched in text.

``precision`` is how often a phrase, where it occurs in the training sentences, was annotated
as an uncertainty cue (``cue_count / (occurrences + 1)``, the +1 keeping rare phrases humble).
Matching is case-insensitive on word boundaries, longest phrase first, non-overlapping; a
capitalised match inside a sentence ("in May") is skipped as a likely name.

Example:
    >>> lexicon = CueLexicon([LexiconCue("may", "probable", 0.8, 8, 9)], min_precision=0.5)
    >>> lexicon.find("It may rain.")
    [(3, 6, 'probable')]
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from unspin.errors import ModelError

_OPENERS = (".", "!", "?", ":", ";", '"', "\u201c", "(", "[", "-", "\u2014")


@dataclass(frozen=True, slots=True)
class LexiconCue:
    """One cue phrase (lower case, single spaces) with its type and training statistics."""

    phrase: str
    type: str
    precision: float
    cue_count: int
    occurrences: int


def phrase_pattern(phrase: str) -> str:
    """Regex source matching ``phrase`` on word boundaries with any run of spaces inside."""
    return r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before.endswith(_OPENERS)


class CueLexicon:
    """Find hedge cue spans; cues under ``min_precision`` are ignored."""

    def __init__(self, cues: list[LexiconCue], min_precision: float) -> None:
        self.cues = {c.phrase: c for c in cues}
        self.min_precision = min_precision
        self._all = self._compile(list(self.cues.values()))
        self._kept = self._compile([c for c in cues if c.precision >= min_precision])

    @staticmethod
    def _compile(cues: list[LexiconCue]) -> re.Pattern[str] | None:
        if not cues:
            return None
        ordered = sorted(cues, key=lambda c: (-len(c.phrase), c.phrase))
        return re.compile("|".join(phrase_pattern(c.phrase) for c in ordered), re.IGNORECASE)

    def matches(self, text: str, everything: bool = False) -> list[tuple[int, int, LexiconCue]]:
        """Return ``(start, end, cue)`` for each match, all phrases when ``everything``."""
        pattern = self._all if everything else self._kept
        if pattern is None:
            return []
        out: list[tuple[int, int, LexiconCue]] = []
        for match in pattern.finditer(text):
            if match.group(0)[0].isupper() and not _sentence_initial(text, match.start()):
                continue
            key = " ".join(match.group(0).lower().split())
            out.append((match.start(), match.end(), self.cues[key]))
        return out

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return ``(start, end, cue_type)`` spans of cues at or above ``min_precision``."""
        return [(start, end, cue.type) for start, end, cue in self.matches(text)]

    def features(self, text: str) -> list[str]:
        """Extra classifier features: one precision bucket per matched phrase, plus the max."""
        found = self.matches(text, everything=True)
        feats = [f"x:cue{int(cue.precision * 10)}" for _, _, cue in found]
        top = max((cue.precision for _, _, cue in found), default=-0.1)
        feats.append(f"x:max{int(top * 10)}")
        return feats

    def to_json(self) -> dict[str, Any]:
        return {
            "min_precision": self.min_precision,
            "cues": [asdict(c) for c in self.cues.values()],
        }

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CueLexicon:
        """Read a lexicon written by ``save``."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            cues = [LexiconCue(**c) for c in data["cues"]]
            return cls(cues, float(data["min_precision"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"[E911] Cannot read the hedge cue lexicon {path}: {exc}. Reinstall unspin or "
                f"rerun training/train_hedge.py."
            ) from exc
