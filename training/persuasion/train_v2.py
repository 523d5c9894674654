"""Train the ``persuasion.crf.v2`` models on PTC train ids only: a CRF span tagger and a TC model.

Usage (from the repository root; times in src/unspin/data/models/persuasion/v2/MODEL_CARD.md):
    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python -m training.persuasion.train_v2 \
        --data ../shared/data --out src/unspin/data/models/persuasion/v2

``si``: a linear-chain CRF (pycrfsuite, L-BFGS with L1 + L2) over BIO tags, one sequence per
line. Train articles get their lexicon features out of fold (the lexicon of a fold is learned
from the other folds) so that the CRF does not learn to trust a lexicon that saw its labels.
The probability threshold and gap of the decoder come from a held-out fifth of train (a model
trained on the other four fifths); the shipped model is then refit on all of train.

``tc``: one-vs-rest logistic regression over span n-grams and ``span_features_v2``; per-class
offsets of the margins chosen on out-of-fold predictions (grouped by article). The PTC dev ids
are never read here.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pycrfsuite
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from training.persuasion.train import SEED, counts, tfidf

from unspin.detectors.persuasion import crf, formats, scoring
from unspin.detectors.persuasion import tc_v2 as tc
from unspin.detectors.persuasion.features import Token
from unspin.detectors.persuasion.spans import decode_spans
from unspin.textclf.linear import LinearModel

CRF_PARAMS: dict[str, float | bool] = {
    "c1": 0.5,
    "c2": 0.1,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
LEXICON_FOLDS = 5


def inside_flags(
    tokens: Sequence[Token], spans: Sequence[tuple[int, int]], size: int
) -> list[bool]:
    inside = np.zeros(size + 1, dtype=bool)
    for a, b in spans:
        inside[a:b] = True
    return [bool(inside[t.start : t.end].any()) for t in tokens]


def bio(tokens: Sequence[Token], flags: Sequence[bool]) -> list[str]:
    out = []
    for i, flag in enumerate(flags):
        if not flag:
            out.append("O")
        elif i and flags[i - 1] and tokens[i - 1].line == tokens[i].line:
            out.append("I")
        else:
            out.append("B")
    return out


class SiData:
    """Tokens, gold flags and spans of the PTC train articles."""

    def __init__(self, data: Path) -> None:
        base = data / "ptc"
        self.texts = formats.read_articles(base / "train-articles")
        self.gold = formats.read_span_labels(base / "train-labels-task1-span-identification")
        by: dict[str, list[tuple[int, int]]] = {}
        for s in self.gold:
            by.setdefault(s.article_id, []).append((s.start, s.end))
        self.keys = sorted(self.texts)
        self.tokens = {k: crf.tokens_of(self.texts[k]) for k in self.keys}
        self.flags = {
            k: inside_flags(self.tokens[k], by.get(k, []), len(self.texts[k])) for k in self.keys
        }

    def lexicon(self, keys: Sequence[str]) -> crf.Lexicon:
        return crf.Lexicon.learn(
            (t.text.lower(), f)
            for k in keys
            for t, f in zip(self.tokens[k], self.flags[k], strict=True)
        )

    def fit(self, keys: Sequence[str], path: Path) -> None:
        """Train a CRF on ``keys`` (lexicon features out of fold) and save it to ``path``."""
        trainer = pycrfsuite.Trainer(verbose=False)
        trainer.set_params(CRF_PARAMS)
        folds = [keys[i::LEXICON_FOLDS] for i in range(LEXICON_FOLDS)]
        for fold in folds:
            lexicon = self.lexicon([k for k in keys if k not in set(fold)])
            for k in fold:
                toks, labels = self.tokens[k], bio(self.tokens[k], self.flags[k])
                feats = crf.token_features(toks, lexicon)
                for seq in crf.line_sequences(toks):
                    trainer.append([feats[i] for i in seq], [labels[i] for i in seq])
        trainer.train(str(path))


def train_si(data: Path, out: Path, tune_only: bool = False) -> dict[str, float]:
    si = SiData(data)
    tune = si.keys[::5]
    fit_keys = [k for k in si.keys if k not in set(tune)]
    print(f"    {sum(len(si.tokens[k]) for k in si.keys)} tokens; tuning on {len(tune)} articles")
    with tempfile.TemporaryDirectory() as tmp:
        si.fit(fit_keys, Path(tmp) / "si_crf.crfsuite")
        meta = {"lexicon": si.lexicon(fit_keys).rates, "threshold": 0.5, "gap": 0}
        (Path(tmp) / "si_crf.json").write_text(json.dumps(meta), encoding="utf-8")
        tagger = crf.CrfSpanTagger(Path(tmp))
        proba = {k: tagger.token_proba(si.tokens[k]) for k in tune}
    gold = [s for s in si.gold if s.article_id in set(tune)]
    best = (0.5, 0, -1.0)
    for thr in (0.03, 0.05, 0.07, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5):
        for gap in (0, 1, 2):
            pred = [
                s for k in tune for s in decode_spans(k, si.tokens[k], proba[k], float(thr), gap)
            ]
            f1 = scoring.si_score(gold, pred).f1
            if f1 > best[2]:
                best = (round(float(thr), 2), gap, f1)
    print(
        f"    SI on the held-out fifth of train: threshold={best[0]} gap={best[1]} F1={best[2]:.4f}"
    )
    if tune_only:
        return {"tune_f1": best[2]}
    si.fit(si.keys, out / "si_crf.crfsuite")
    header = {
        "version": "persuasion-crf-2",
        "params": CRF_PARAMS,
        "threshold": best[0],
        "gap": best[1],
        "tune_f1": round(best[2], 4),
        "lexicon": {w: round(r, 3) for w, r in sorted(si.lexicon(si.keys).rates.items())},
    }
    (out / "si_crf.json").write_text(json.dumps(header, indent=1), encoding="utf-8")
    return {"tune_f1": best[2]}


def train_tc(data: Path, out: Path) -> None:
    base = data / "ptc"
    texts = formats.read_articles(base / "train-articles")
    spans = [
        s
        for s in formats.read_span_labels(base / "train-labels-task2-technique-classification")
        if s.end > s.start
    ]
    by_article: dict[str, list[formats.SpanLabel]] = {}
    for s in spans:
        by_article.setdefault(s.article_id, []).append(s)
    extras = []
    for s in spans:
        extras.append(
            tc.span_features_v2(texts[s.article_id], s.start, s.end, by_article[s.article_id])
        )
    x = counts(tc.SPAN_SPEC_V2, [texts[s.article_id][s.start : s.end] for s in spans], extras)
    t, x = tfidf(tc.SPAN_SPEC_V2, x)
    y = np.array([s.technique for s in spans])
    classes = np.unique(y)
    groups = np.array([s.article_id for s in spans])
    folds = list(GroupKFold(n_splits=4).split(x, groups=groups))
    best: tuple[float, float, np.ndarray] | None = None
    for c in (32.0, 128.0):
        oof = np.zeros((len(y), len(classes)))
        for tr, te in folds:
            m = ovr(c).fit(x[tr], y[tr])
            oof[np.ix_(te, np.searchsorted(classes, m.classes_))] = m.decision_function(x[te])
        acc = float((classes[oof.argmax(axis=1)] == y).mean())
        print(f"    C={c}: out-of-fold accuracy {acc:.4f}")
        if best is None or acc > best[1]:
            best = (c, acc, oof)
    assert best is not None
    c, acc, oof = best
    bias = tune_offsets(classes, oof, y)
    tuned = float((classes[(oof + bias).argmax(axis=1)] == y).mean())
    print(f"    out-of-fold accuracy after class offsets {tuned:.4f}")
    m = ovr(c).fit(x, y)
    assert list(m.classes_) == list(classes)
    coef = np.vstack([e.coef_[0] for e in m.estimators_])
    intercept = np.array([e.intercept_[0] for e in m.estimators_])
    meta = {
        "version": "persuasion-crf-2",
        "C": c,
        "oof_accuracy": acc,
        "oof_accuracy_offsets": tuned,
        "rows": len(y),
        "offsets": bias.tolist(),
    }
    model = LinearModel(
        tc.SPAN_SPEC_V2,
        tuple(str(k) for k in classes),
        t.idf_,
        coef,
        intercept + bias,
        head="softmax",
        meta=meta,
    )
    model.save(out, "tc")


def ovr(c: float) -> OneVsRestClassifier:
    return OneVsRestClassifier(LogisticRegression(C=c, solver="liblinear", random_state=SEED))


def tune_offsets(classes: np.ndarray, margins: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-class margin offsets maximising out-of-fold accuracy (= TC micro-F1), coordinate-wise."""
    bias = np.zeros(len(classes))

    def accuracy(b: np.ndarray) -> float:
        return float((classes[(margins + b).argmax(axis=1)] == y).mean())

    grid = np.linspace(-1.0, 1.0, 21)
    for _ in range(2):
        for j in range(len(classes)):
            scores = [accuracy(np.where(np.arange(len(bias)) == j, g, bias)) for g in grid]
            bias[j] = grid[int(np.argmax(scores))]
    return bias


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/unspin/data/models/persuasion/v2"))
    parser.add_argument("--only", nargs="*", default=["tc", "si"])
    parser.add_argument("--tune-only", action="store_true", help="SI: stop after the tuning fit")
    parser.add_argument("--c1", type=float, default=CRF_PARAMS["c1"], help="SI: L1 penalty")
    parser.add_argument("--c2", type=float, default=CRF_PARAMS["c2"], help="SI: L2 penalty")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    CRF_PARAMS.update(c1=args.c1, c2=args.c2)
    timings = {}
    for name in args.only:
        start = time.time()
        print(f"training {name}")
        if name == "si":
            train_si(args.data, args.out, args.tune_only)
        else:
            train_tc(args.data, args.out)
        timings[name] = round(time.time() - start, 1)
        print(f"  {name}: {timings[name]} s")
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
