"""The official metrics of PTC and SemEval-2023 Task 3, re-implemented from their definitions.

- PTC span identification (SI): overlapping spans of an article are merged first (gold and
  prediction alike); with C(s, t, h) = |s ∩ t| / h, precision = Σ C(s, t, |s|) / |S| and
  recall = Σ C(s, t, |t|) / |T| over all pairs of the same article; F1 is their harmonic mean.
- Fragment-level classification (FLC, used for ST3 spans): the same sums, counting only pairs
  with the same technique and without merging.
- PTC technique classification (TC) on gold spans: micro precision, recall and F1, where
  predictions and gold labels of one identical span are aligned as well as possible.
- ST1: macro-F1 (and micro-F1) over single labels; ST2 / ST3: micro-F1 (and macro-F1) over
  label sets of the rows of the gold file.

Example:
    >>> si_score([SpanLabel("1", 0, 10)], [SpanLabel("1", 0, 5)]).recall
    0.5
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from unspin.detectors.persuasion.formats import SpanLabel
from unspin.errors import InputError

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one comparison, plus per-label F1 where relevant."""

    precision: float
    recall: float
    f1: float
    macro_f1: float | None = None
    per_label: Mapping[str, float] = field(default_factory=dict)

    def lines(self, main: str = "f1") -> list[str]:
        """Human-readable lines, the official figure first."""
        head = {"f1": self.f1, "macro_f1": self.macro_f1}[main]
        out = [f"{main}={head:.6f}", f"precision={self.precision:.6f}", f"recall={self.recall:.6f}"]
        if main == "f1" and self.macro_f1 is not None:
            out.append(f"macro_f1={self.macro_f1:.6f}")
        if main == "macro_f1":
            out.append(f"micro_f1={self.f1:.6f}")
        out.extend(f"f1[{k}]={v:.6f}" for k, v in sorted(self.per_label.items()))
        return out


def harmonic(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character; empty spans are dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _by_article(spans: Iterable[SpanLabel]) -> dict[str, list[SpanLabel]]:
    out: dict[str, list[SpanLabel]] = defaultdict(list)
    for s in spans:
        out[s.article_id].append(s)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _partial_credit(
    gold: Mapping[str, list[tuple[int, int, str]]],
    pred: Mapping[str, list[tuple[int, int, str]]],
    label: str | None = None,
) -> tuple[float, float]:
    """Precision and recall with partial-overlap credit over spans of matching labels."""
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article in set(gold) | set(pred):
        g = [x for x in gold.get(article, []) if label is None or x[2] == label]
        s = [x for x in pred.get(article, []) if label is None or x[2] == label]
        n_gold += len(g)
        n_pred += len(s)
        for ps in s:
            for gs in g:
                if ps[2] != gs[2]:
                    continue
                inter = _overlap((ps[0], ps[1]), (gs[0], gs[1]))
                if inter:
                    p_sum += inter / (ps[1] - ps[0])
                    r_sum += inter / (gs[1] - gs[0])
    return (p_sum / n_pred if n_pred else 0.0), (r_sum / n_gold if n_gold else 0.0)


def si_score(gold: Iterable[SpanLabel], pred: Iterable[SpanLabel]) -> Score:
    """PTC span identification: merge overlaps, then partial-overlap precision and recall."""

    def prepare(spans: Iterable[SpanLabel]) -> dict[str, list[tuple[int, int, str]]]:
        return {
            a: [(s, e, "") for s, e in merge_spans((x.start, x.end) for x in items)]
            for a, items in _by_article(spans).items()
        }

    p, r = _partial_credit(prepare(gold), prepare(pred))
    return Score(p, r, harmonic(p, r))


def flc_score(gold: Iterable[SpanLabel], pred: Iterable[SpanLabel]) -> Score:
    """Fragment-level classification: partial-overlap credit only between equal techniques."""

    def prepare(spans: Iterable[SpanLabel]) -> dict[str, list[tuple[int, int, str]]]:
        return {
            a: [(x.start, x.end, x.technique or "") for x in items if x.end > x.start]
            for a, items in _by_article(spans).items()
        }

    g, s = prepare(gold), prepare(pred)
    p, r = _partial_credit(g, s)
    labels = {x[2] for v in g.values() for x in v} | {x[2] for v in s.values() for x in v}
    per_label = {lab: harmonic(*_partial_credit(g, s, lab)) for lab in labels}
    return Score(p, r, harmonic(p, r), per_label=per_label)


def tc_score(
    gold: Iterable[SpanLabel], pred: Iterable[SpanLabel], labels: Sequence[str] = ()
) -> Score:
    """PTC technique classification on gold spans: micro-F1 with the best label alignment.

    Labels of predictions and gold annotations on an identical span are matched as a multiset
    intersection (the best alignment). ``labels``, when given, lists the techniques scored.
    """
    gold_by: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_by: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for s in gold:
        gold_by[(s.article_id, s.start, s.end)][s.technique or ""] += 1
    for s in pred:
        pred_by[(s.article_id, s.start, s.end)][s.technique or ""] += 1
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for key in set(gold_by) | set(pred_by):
        g, p = gold_by.get(key, Counter()), pred_by.get(key, Counter())
        tp.update(g & p)
        n_gold.update(g)
        n_pred.update(p)
    total_tp, total_pred, total_gold = sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())
    precision = total_tp / total_pred if total_pred else 0.0
    recall = total_tp / total_gold if total_gold else 0.0
    names = list(labels) or sorted(set(n_gold) | set(n_pred))
    per_label = {
        lab: harmonic(
            tp[lab] / n_pred[lab] if n_pred[lab] else 0.0,
            tp[lab] / n_gold[lab] if n_gold[lab] else 0.0,
        )
        for lab in names
    }
    return Score(precision, recall, harmonic(precision, recall), per_label=per_label)


def single_label_score(
    gold: Mapping[str, str], pred: Mapping[str, str], classes: Sequence[str] = ()
) -> Score:
    """ST1: macro-F1 (official) and micro-F1 over one label per article.

    Every gold article must be predicted. The macro average runs over ``classes`` when given,
    else over the classes seen in gold or predictions.
    """
    _check_keys(gold, pred)
    names = list(classes) or sorted(set(gold.values()) | {pred[k] for k in gold})
    per_label: dict[str, float] = {}
    for lab in names:
        tp = sum(1 for k in gold if gold[k] == lab and pred[k] == lab)
        n_pred = sum(1 for k in gold if pred[k] == lab)
        n_gold = sum(1 for k in gold if gold[k] == lab)
        per_label[lab] = harmonic(tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0)
    accuracy = sum(1 for k in gold if gold[k] == pred[k]) / len(gold) if gold else 0.0
    macro = sum(per_label.values()) / len(per_label) if per_label else 0.0
    return Score(accuracy, accuracy, accuracy, macro_f1=macro, per_label=per_label)


def multi_label_score(
    gold: Mapping[K, Iterable[str]],
    pred: Mapping[K, Iterable[str]],
    classes: Sequence[str],
) -> Score:
    """ST2 / ST3: micro-F1 (official) and macro-F1 over the label sets of the gold rows.

    Labels outside ``classes`` are ignored; a class with neither gold nor predicted labels
    counts 0 in the macro average. Every gold row must be predicted.
    """
    _check_keys(gold, pred)
    allowed = set(classes)
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for key, labels in gold.items():
        g = set(labels) & allowed
        p = set(pred[key]) & allowed
        tp.update(g & p)
        n_gold.update(g)
        n_pred.update(p)
    per_label = {
        lab: harmonic(
            tp[lab] / n_pred[lab] if n_pred[lab] else 0.0,
            tp[lab] / n_gold[lab] if n_gold[lab] else 0.0,
        )
        for lab in classes
    }
    total_tp, total_pred, total_gold = sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())
    precision = total_tp / total_pred if total_pred else 0.0
    recall = total_tp / total_gold if total_gold else 0.0
    macro = sum(per_label.values()) / len(classes) if classes else 0.0
    return Score(precision, recall, harmonic(precision, recall), macro, per_label)


def _check_keys(gold: Mapping[K, object], pred: Mapping[K, object]) -> None:
    missing = [k for k in gold if k not in pred]
    if missing:
        raise InputError(
            f"[E1220] The predictions miss {len(missing)} of {len(gold)} gold rows "
            f"(first: {missing[0]!r}). Predict every article or paragraph of the gold file, "
            f"or restrict the gold rows with --ids."
        )
