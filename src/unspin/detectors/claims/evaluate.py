"""Score predicted attributions against gold brat files: spans and triples, exact and overlap.

A span is its extent (first start to last end) for ``exact`` matching; for ``overlap`` matching
any character shared by a fragment of each side counts. Matching is one-to-one and greedy,
largest overlap first, within one role (source with source, cue with cue, content with content).
A triple matches when its cue, content and source all match (two absent sources match).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from unspin.detectors.claims.brat import Fragments, Triple, read_ann
from unspin.errors import InputError

Mode = Literal["exact", "overlap"]
ROLES = ("source", "cue", "content")
_ANNOTATOR = re.compile(r"_[0-9a-f]{4}$")


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from matched counts."""

    matched: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.matched + other.matched, self.n_pred + other.n_pred, self.n_gold + other.n_gold
        )


def extent(frags: Fragments) -> tuple[int, int]:
    return (min(s.start for s in frags), max(s.end for s in frags))


def overlap(a: Fragments, b: Fragments) -> int:
    """Characters shared by two fragment lists."""
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)


def _span_match(mode: Mode) -> Callable[[Fragments, Fragments], int]:
    if mode == "exact":
        return lambda a, b: (extent(a)[1] - extent(a)[0]) if extent(a) == extent(b) else 0
    return overlap


def _greedy(n_pred: int, n_gold: int, weight: Callable[[int, int], int]) -> int:
    pairs = [(w, p, g) for p in range(n_pred) for g in range(n_gold) if (w := weight(p, g)) > 0]
    pairs.sort(key=lambda item: -item[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, p, g in pairs:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
    return len(used_p)


def score_spans(gold: Sequence[Fragments], pred: Sequence[Fragments], mode: Mode) -> PRF:
    """P/R/F1 counts for one role's spans in one document."""
    match = _span_match(mode)
    matched = _greedy(len(pred), len(gold), lambda p, g: match(pred[p], gold[g]))
    return PRF(matched, len(pred), len(gold))


def _triple_weight(a: Triple, b: Triple, mode: Mode) -> int:
    match = _span_match(mode)
    if bool(a.source) != bool(b.source):
        return 0
    if a.source and not match(a.source, b.source):
        return 0
    if not a.content or not b.content or not match(a.content, b.content):
        return 0
    return match(a.cue, b.cue)


def score_triples(gold: Sequence[Triple], pred: Sequence[Triple], mode: Mode) -> PRF:
    """P/R/F1 counts for whole attributions in one document."""
    matched = _greedy(len(pred), len(gold), lambda p, g: _triple_weight(pred[p], gold[g], mode))
    return PRF(matched, len(pred), len(gold))


def score_document(gold: Sequence[Triple], pred: Sequence[Triple]) -> dict[str, PRF]:
    """Every measure for one document, keyed ``"<role|triple>/<mode>"``."""
    scores: dict[str, PRF] = {}
    for mode in ("exact", "overlap"):
        for role in ROLES:
            g = [getattr(t, role) for t in gold if getattr(t, role)]
            p = [getattr(t, role) for t in pred if getattr(t, role)]
            scores[f"{role}/{mode}"] = score_spans(g, p, mode)
        scores[f"triple/{mode}"] = score_triples(gold, pred, mode)
    return scores


def score_corpus(pairs: Iterable[tuple[Sequence[Triple], Sequence[Triple]]]) -> dict[str, PRF]:
    """Micro-averaged scores over (gold, pred) document pairs."""
    total: dict[str, PRF] = {}
    for gold, pred in pairs:
        for key, prf in score_document(gold, pred).items():
            total[key] = total[key] + prf if key in total else prf
    return total


def _ann_dir(path: Path) -> Path:
    nested = path / "attributions"
    return nested if nested.is_dir() else path


def paired_files(gold_dir: Path, pred_dir: Path) -> list[tuple[Path, Path | None]]:
    """Each gold ``.ann`` with its prediction (annotator suffix ``_xxxx`` stripped if needed)."""
    gold_root = _ann_dir(gold_dir)
    if not gold_root.is_dir():
        raise InputError(f"[E812] Gold directory {gold_dir} does not exist.")
    pairs: list[tuple[Path, Path | None]] = []
    for gold in sorted(gold_root.glob("*.ann")):
        candidates = [pred_dir / gold.name, pred_dir / f"{_ANNOTATOR.sub('', gold.stem)}.ann"]
        pairs.append((gold, next((c for c in candidates if c.is_file()), None)))
    if not pairs:
        raise InputError(f"[E813] No .ann files in {gold_root}; point at a brat directory.")
    return pairs


def evaluate_dirs(gold_dir: Path, pred_dir: Path) -> dict[str, PRF]:
    """Score every gold file against its prediction; a missing prediction counts as empty."""
    docs = []
    for gold, pred in paired_files(gold_dir, pred_dir):
        pred_triples = read_ann(pred.read_text(encoding="utf-8")) if pred else []
        docs.append((read_ann(gold.read_text(encoding="utf-8")), pred_triples))
    return score_corpus(docs)


def format_table(scores: dict[str, PRF]) -> str:
    """A plain-text table of P/R/F1 per measure."""
    rows = [f"{'measure':<18}{'P':>7}{'R':>7}{'F1':>7}{'pred':>8}{'gold':>8}"]
    for role in (*ROLES, "triple"):
        for mode in ("exact", "overlap"):
            prf = scores.get(f"{role}/{mode}")
            if prf is None:
                continue
            rows.append(
                f"{role + ' ' + mode:<18}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}"
                f"{prf.n_pred:>8}{prf.n_gold:>8}"
            )
    return "\n".join(rows)
