"""Predict and score NewsMTSC files: the library behind ``unspin stance predict|evaluate``.

Example:
    >>> report = evaluate_file(Path("newsmtsc-rw-dev.jsonl"))  # doctest: +SKIP
    >>> round(report.macro_f1, 3)  # doctest: +SKIP
    0.8
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.detectors.stance.newsmtsc import (
    LABELS,
    Target,
    confusion,
    iter_targets,
    load_targets,
    macro_f1,
    read_jsonl,
    with_predictions,
)
from unspin.detectors.stance.predict import Predictor, StancePredictor, TargetInput
from unspin.errors import InputError


@dataclass(frozen=True, slots=True)
class StanceReport:
    """Macro-F1 and the confusion table of one scored file."""

    name: str
    targets: int
    macro_f1: float
    confusion: dict[str, dict[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "targets": self.targets,
            "macro_f1": round(self.macro_f1, 4),
            "confusion": self.confusion,
        }


def predict_labels(targets: Sequence[Target], predictor: Predictor) -> list[str]:
    """The predicted label of each target (one batched encoder run)."""
    probs = predictor.predict([TargetInput(t.sentence, t.start, t.end) for t in targets])
    return [predictor.labels[int(i)] for i in probs.argmax(axis=-1)]


def score(name: str, gold: Sequence[Target], pred: Sequence[str]) -> StanceReport:
    missing = [t for t in gold if t.label is None]
    if missing:
        raise InputError(
            f"[E1316] {len(missing)} gold targets in {name} have no polarity "
            f"(first: {missing[0].sentence_id!r}); a gold file needs a polarity on every target."
        )
    labels = [t.label or "" for t in gold]
    return StanceReport(name, len(gold), macro_f1(labels, pred), confusion(labels, pred))


def evaluate_targets(
    targets: Sequence[Target], predictor: Predictor, name: str = "targets"
) -> StanceReport:
    """Predict every target and score the predictions against the gold labels."""
    return score(name, targets, predict_labels(targets, predictor))


def evaluate_file(
    gold: Path, pred: Path | None = None, predictor: Predictor | None = None
) -> StanceReport:
    """Score ``pred`` (a NewsMTSC file of predictions) or, without it, the shipped model."""
    gold_targets = load_targets(gold)
    if pred is None:
        return evaluate_targets(gold_targets, predictor or StancePredictor.load(), gold.name)
    pred_targets = load_targets(pred)
    if [(t.sentence_id, t.index) for t in pred_targets] != [
        (t.sentence_id, t.index) for t in gold_targets
    ]:
        raise InputError(
            f"[E1317] {pred} does not hold the same targets in the same order as {gold}; "
            "write it with `unspin stance predict`."
        )
    labels = [t.label or "" for t in pred_targets]
    unknown = sorted({x for x in labels if x not in LABELS})
    if unknown:
        raise InputError(f"[E1318] {pred} has targets without a polarity.")
    return score(gold.name, gold_targets, labels)


def predict_file(path: Path, predictor: Predictor | None = None) -> list[dict[str, Any]]:
    """The lines of ``path`` with each target's ``polarity`` replaced by the prediction."""
    rows = read_jsonl(path)
    targets = list(iter_targets(rows))
    labels = predict_labels(targets, predictor or StancePredictor.load())
    return with_predictions(rows, labels)
