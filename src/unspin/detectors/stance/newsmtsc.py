"""Read and write the NewsMTSC JSONL format; macro-F1 over target polarities.

Each line holds ``sentence_normalized`` and ``targets`` with end-exclusive ``from``/``to``
character offsets and ``polarity`` (2.0 negative, 4.0 neutral, 6.0 positive).

Example:
    >>> gold = [Target("s1", 0, "A", 0, 1, "negative")]
    >>> round(macro_f1(gold, ["negative"]), 2)
    0.33
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.errors import InputError

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
POLARITY_TO_LABEL = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
LABEL_TO_POLARITY = {v: k for k, v in POLARITY_TO_LABEL.items()}


@dataclass(frozen=True, slots=True)
class Target:
    """One annotated target: the sentence, the target's offsets and its gold label (if any)."""

    sentence_id: str
    index: int  # position in the line's ``targets``
    sentence: str
    start: int
    end: int
    label: str | None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The raw lines of a NewsMTSC file, each checked for the fields unspin needs."""
    rows: list[dict[str, Any]] = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"[E1310] Cannot read {path}: {exc.strerror}.") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"[E1311] {path}:{number} is not JSON: {exc.msg}.") from exc
            if "sentence_normalized" not in row or "targets" not in row:
                raise InputError(
                    f"[E1312] {path}:{number} lacks 'sentence_normalized' or 'targets'; "
                    "expected the NewsMTSC JSONL format."
                )
            rows.append(row)
    return rows


def iter_targets(rows: Sequence[dict[str, Any]]) -> Iterator[Target]:
    """Every target of every line, in file order."""
    for number, row in enumerate(rows):
        sentence = str(row["sentence_normalized"])
        sid = str(row.get("primary_gid", number))
        for index, t in enumerate(row["targets"]):
            start, end = int(t["from"]), int(t["to"])
            if not 0 <= start <= end <= len(sentence):
                raise InputError(
                    f"[E1313] Target {index} of {sid!r} has offsets ({start}, {end}) outside "
                    f"a sentence of {len(sentence)} characters."
                )
            polarity = t.get("polarity")
            label = None if polarity is None else POLARITY_TO_LABEL.get(float(polarity))
            if polarity is not None and label is None:
                raise InputError(
                    f"[E1314] Target {index} of {sid!r} has polarity {polarity!r}; "
                    "expected 2.0, 4.0 or 6.0."
                )
            yield Target(sid, index, sentence, start, end, label)


def load_targets(path: Path) -> list[Target]:
    return list(iter_targets(read_jsonl(path)))


def holdout_bucket(sentence: str, buckets: int = 10) -> int:
    """A deterministic bucket of a sentence (sha1), used to hold out part of train."""
    digest = hashlib.sha1(sentence.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % buckets


def with_predictions(rows: Sequence[dict[str, Any]], labels: Sequence[str]) -> list[dict[str, Any]]:
    """Copies of ``rows`` whose targets carry predicted polarities (in ``iter_targets`` order)."""
    out: list[dict[str, Any]] = []
    it = iter(labels)
    for row in rows:
        targets = []
        for t in row["targets"]:
            label = next(it)
            targets.append({**t, "polarity": LABEL_TO_POLARITY[label]})
        out.append({**row, "targets": targets})
    return out


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """``table[gold][pred]`` counts over ``LABELS``."""
    if len(gold) != len(pred):
        raise InputError(f"[E1315] {len(gold)} gold labels but {len(pred)} predictions.")
    table = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    for g, p in zip(gold, pred, strict=True):
        table[g][p] += 1
    return table


def macro_f1(gold: Sequence[Target] | Sequence[str], pred: Sequence[str]) -> float:
    """Macro-averaged F1 over negative, neutral and positive."""
    gold_labels = [g if isinstance(g, str) else (g.label or "") for g in gold]
    table = confusion(gold_labels, pred)
    scores = []
    for label in LABELS:
        tp = table[label][label]
        fp = sum(table[g][label] for g in LABELS) - tp
        fn = sum(table[label].values()) - tp
        scores.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return sum(scores) / len(scores)
