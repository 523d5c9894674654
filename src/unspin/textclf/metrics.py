"""Precision, recall and F1 for a positive class and for sets of spans."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    """Counts and scores of one comparison."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def binary_prf(gold: Sequence[bool], pred: Sequence[bool]) -> PRF:
    """Score predictions of the positive class against gold labels of the same length."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels but pred has {len(pred)}")
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not p)
    return PRF(tp, fp, fn)


def set_prf(gold: Iterable[Hashable], pred: Iterable[Hashable]) -> PRF:
    """Score exact matches between two sets of items (spans keyed by document, say)."""
    gold_set, pred_set = set(gold), set(pred)
    tp = len(gold_set & pred_set)
    return PRF(tp, len(pred_set) - tp, len(gold_set) - tp)
