"""Train the persuasion baseline (TF-IDF + logistic regression) on PTC train ids only.

Usage (from the repository root; CPU times per model in eval/persuasion/README.md):
    .venv/bin/python -m training.persuasion.train --data ../shared/data \
        --out src/unspin/data/models/persuasion

Models: st3 (paragraph techniques, one-vs-rest), st2 (frames, one-vs-rest), st1 (genre,
softmax), tc (technique of a PTC span, softmax), si (propaganda tokens, binary). Per-label
thresholds and Platt calibration come from out-of-fold predictions on train (grouped by
article); the PTC dev ids are never seen here.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from unspin.detectors.persuasion import features as feat
from unspin.detectors.persuasion import formats, scoring, taxonomy
from unspin.detectors.persuasion.spans import decode_spans
from unspin.textclf.features import FeatureSpec, HashingFeaturizer
from unspin.textclf.linear import LinearModel

SEED = 13
LAST_OOF: dict[float, tuple[np.ndarray, np.ndarray]] = {}


def ids_of(folder: Path) -> list[str]:
    return sorted(p.name[7:-4] for p in folder.glob("article*.txt"))


def counts(
    spec: FeatureSpec, texts: Sequence[str], extras: list[list[str]] | None = None
) -> sp.csr_matrix:
    indptr, indices, data = HashingFeaturizer(spec).transform(list(texts), extras)
    return sp.csr_matrix((data, indices, indptr), shape=(len(texts), spec.n_features))


def tfidf(spec: FeatureSpec, x: sp.csr_matrix) -> tuple[TfidfTransformer, sp.csr_matrix]:
    t = TfidfTransformer(sublinear_tf=spec.sublinear_tf).fit(x)
    return t, t.transform(x).tocsr()


def best_threshold(gold: np.ndarray, proba: np.ndarray) -> tuple[float, float]:
    """Threshold maximising F1 of one label on out-of-fold probabilities."""
    order = np.argsort(-proba)
    tp = np.cumsum(gold[order])
    k = np.arange(1, len(order) + 1)
    f1 = 2 * tp / (k + gold.sum())
    i = int(np.argmax(f1))
    low = proba[order[i + 1]] if i + 1 < len(order) else 0.0
    return float((proba[order[i]] + low) / 2), float(f1[i])


def fit_ovr(
    x: sp.csr_matrix,
    y: np.ndarray,
    groups: np.ndarray,
    cs: Sequence[float],
    n_folds: int = 5,
    min_pos: int = 4,
    global_threshold: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    """One-vs-rest LR: pick C by out-of-fold micro-F1, then per-label Platt and thresholds."""
    folds = list(GroupKFold(n_splits=n_folds).split(x, groups=groups))
    best: tuple[float, float, np.ndarray] | None = None
    for c in cs:
        oof = np.full(y.shape, -20.0)
        for j in range(y.shape[1]):
            if y[:, j].sum() < min_pos:
                continue
            for tr, te in folds:
                if y[tr, j].sum() == 0:
                    continue
                m = LogisticRegression(C=c, solver="liblinear", random_state=SEED)
                m.fit(x[tr], y[tr, j])
                oof[te, j] = m.decision_function(x[te])
        pred = np.zeros_like(y)
        for j in range(y.shape[1]):
            if y[:, j].sum() < min_pos:
                continue
            t, _ = best_threshold(y[:, j], oof[:, j])
            pred[:, j] = oof[:, j] >= t
        tp = (pred * y).sum()
        micro = 2 * tp / (pred.sum() + y.sum())
        print(f"    C={c}: out-of-fold micro-F1 (thresholds tuned in-sample) {micro:.4f}")
        if best is None or micro > best[1]:
            best = (c, micro, oof)
    assert best is not None
    c, _, oof = best
    coef = np.zeros((y.shape[1], x.shape[1]))
    intercept = np.full(y.shape[1], -20.0)
    platt = np.tile([1.0, 0.0], (y.shape[1], 1))
    thresholds = np.full(y.shape[1], 1.01)
    for j in range(y.shape[1]):
        if y[:, j].sum() < min_pos:
            continue
        m = LogisticRegression(C=c, solver="liblinear", random_state=SEED).fit(x, y[:, j])
        coef[j], intercept[j] = m.coef_[0], m.intercept_[0]
        cal = LogisticRegression(C=1e4).fit(oof[:, [j]], y[:, j])
        platt[j] = [cal.coef_[0, 0], cal.intercept_[0]]
        calibrated = 1 / (1 + np.exp(-(oof[:, j] * platt[j, 0] + platt[j, 1])))
        thresholds[j], _ = best_threshold(y[:, j], calibrated)
        oof[:, j] = calibrated
    meta: dict[str, float] = {"C": c}
    if global_threshold:  # one cut on calibrated probabilities, best out-of-fold micro-F1
        used = y.sum(axis=0) >= min_pos
        best_t, best_f = 0.5, -1.0
        for t in np.arange(0.1, 0.6, 0.02):
            pred = (oof[:, used] >= t).astype(float)
            f = 2 * (pred * y[:, used]).sum() / (pred.sum() + y.sum())
            if f > best_f:
                best_t, best_f = float(t), float(f)
        print(f"    global threshold {best_t:.2f}: out-of-fold micro-F1 {best_f:.4f}")
        thresholds[used] = best_t
        meta.update(global_threshold=best_t, oof_micro_f1=best_f)
    return coef, intercept, platt, thresholds, meta


def fit_softmax(
    x: sp.csr_matrix, y: np.ndarray, groups: np.ndarray, cs: Sequence[float], weight: str | None
) -> tuple[LogisticRegression, dict[str, float]]:
    """Multinomial LR with C picked by out-of-fold macro-F1 (grouped folds)."""
    folds = list(GroupKFold(n_splits=4).split(x, groups=groups))
    best: tuple[float, float] | None = None
    classes = np.unique(y)
    for c in cs:
        pred = np.empty(len(y), dtype=object)
        oof = np.full((len(y), len(classes)), -10.0)
        for tr, te in folds:
            m = LogisticRegression(C=c, class_weight=weight, max_iter=3000, random_state=SEED)
            m.fit(x[tr], y[tr])
            cols = np.searchsorted(classes, m.classes_)
            d = m.decision_function(x[te]).reshape(len(te), -1)
            if d.shape[1] == 1:
                d = np.hstack([-d / 2, d / 2])
            oof[np.ix_(te, cols)] = d
            pred[te] = m.predict(x[te])
        LAST_OOF[c] = (classes, oof)
        gold = dict(enumerate(y.tolist()))
        score = scoring.single_label_score(gold, dict(enumerate(pred.tolist())))
        print(f"    C={c}: out-of-fold macro-F1 {score.macro_f1:.4f} accuracy {score.f1:.4f}")
        if best is None or (score.macro_f1 or 0) > best[1]:
            best = (c, score.macro_f1 or 0.0)
    assert best is not None
    model = LogisticRegression(C=best[0], class_weight=weight, max_iter=3000, random_state=SEED)
    return model.fit(x, y), {"C": best[0], "oof_macro_f1": best[1]}


def export_softmax(
    spec: FeatureSpec, t: TfidfTransformer, m: LogisticRegression, meta: dict
) -> LinearModel:
    coef, intercept = m.coef_, m.intercept_
    labels = tuple(str(c) for c in m.classes_)
    if len(labels) == 2:  # binary LR: expand to two softmax rows
        coef, intercept = (
            np.vstack([-coef[0] / 2, coef[0] / 2]),
            np.array([-intercept[0] / 2, intercept[0] / 2]),
        )
    return LinearModel(spec, labels, t.idf_, coef, intercept, head="softmax", meta=meta)


def train_st3(data: Path, train_ids: set[str], out: Path) -> None:
    base = data / "semeval2023t3-en"
    template = formats.read_paragraph_template(base / "train-labels-subtask-3.template")
    gold = formats.read_paragraph_labels(base / "train-labels-subtask-3.txt")
    rows = [p for p in template if p.article_id in train_ids]
    labels = tuple(taxonomy.TECHNIQUES)
    y = np.array(
        [[lab in gold.get((p.article_id, p.index), ()) for lab in labels] for p in rows],
        dtype=float,
    )
    x = counts(feat.TEXT_SPEC, [p.text for p in rows])
    t, x = tfidf(feat.TEXT_SPEC, x)
    groups = np.array([p.article_id for p in rows])
    coef, icpt, platt, thr, meta = fit_ovr(x, y, groups, (4.0,), n_folds=3, global_threshold=True)
    meta["rows"] = len(rows)
    LinearModel(feat.TEXT_SPEC, labels, t.idf_, coef, icpt, "ovr", thr, platt, meta).save(
        out, "st3"
    )


def train_st2(data: Path, train_ids: set[str], out: Path) -> None:
    base = data / "semeval2023t3-en"
    gold = formats.read_frame_labels(base / "train-labels-subtask-2.txt")
    texts = formats.read_articles(
        base / "train-articles-subtask-2", [i for i in gold if i in train_ids]
    )
    keys = sorted(texts)
    labels = taxonomy.FRAMES
    y = np.array([[lab in gold[k] for lab in labels] for k in keys], dtype=float)
    t, x = tfidf(feat.TEXT_SPEC, counts(feat.TEXT_SPEC, [texts[k] for k in keys]))
    coef, icpt, platt, thr, meta = fit_ovr(x, y, np.array(keys), (2.0, 8.0), global_threshold=True)
    meta["rows"] = len(keys)
    meta["version"] = "frames-2"  # one global cut (frames-1: per-label thresholds)
    LinearModel(feat.TEXT_SPEC, labels, t.idf_, coef, icpt, "ovr", thr, platt, meta).save(
        out, "st2"
    )


def train_st1(data: Path, train_ids: set[str], out: Path) -> None:
    base = data / "semeval2023t3-en"
    gold = formats.read_genre_labels(base / "train-labels-subtask-1.txt")
    texts = formats.read_articles(
        base / "train-articles-subtask-1", [i for i in gold if i in train_ids]
    )
    keys = sorted(texts)
    extras = [feat.genre_features(texts[k]) for k in keys]
    t, x = tfidf(feat.TEXT_SPEC, counts(feat.TEXT_SPEC, [texts[k] for k in keys], extras))
    y = np.array([gold[k] for k in keys])
    m, meta = fit_softmax(x, y, np.array(keys), (1.0, 10.0), "balanced")
    model = export_softmax(feat.TEXT_SPEC, t, m, meta)
    classes, oof = LAST_OOF[meta["C"]]
    bias = tune_bias(classes, oof, y)
    print(f"    class offsets from out-of-fold macro-F1: {dict(zip(classes, bias, strict=True))}")
    model.intercept = model.intercept + bias
    model.meta.update(rows=len(keys), offsets=bias.tolist())
    model.save(out, "st1")


def tune_bias(classes: np.ndarray, margins: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-class offsets of the softmax margins maximising out-of-fold macro-F1 (coordinate)."""
    bias = np.zeros(len(classes))
    gold = dict(enumerate(y.tolist()))

    def macro(b: np.ndarray) -> float:
        pred = dict(enumerate(classes[np.argmax(margins + b, axis=1)].tolist()))
        return scoring.single_label_score(gold, pred).macro_f1 or 0.0

    for _ in range(2):
        for j in range(1, len(classes)):
            grid = np.linspace(-1, 4, 21)
            scores = [macro(np.where(np.arange(len(bias)) == j, g, bias)) for g in grid]
            bias[j] = grid[int(np.argmax(scores))]
    print(f"    out-of-fold macro-F1 after offsets {macro(bias):.4f}")
    return bias


def train_tc(data: Path, out: Path) -> None:
    base = data / "ptc"
    texts = formats.read_articles(base / "train-articles")
    spans = [
        s
        for s in formats.read_span_labels(base / "train-labels-task2-technique-classification")
        if s.end > s.start
    ]
    x = counts(
        feat.SPAN_SPEC,
        [texts[s.article_id][s.start : s.end] for s in spans],
        [feat.span_features(texts[s.article_id], s.start, s.end) for s in spans],
    )
    t, x = tfidf(feat.SPAN_SPEC, x)
    y = np.array([s.technique for s in spans])
    m, meta = fit_softmax(x, y, np.array([s.article_id for s in spans]), (4.0, 16.0), None)
    meta["rows"] = len(spans)
    export_softmax(feat.SPAN_SPEC, t, m, meta).save(out, "tc")


def train_si(data: Path, out: Path) -> None:
    base = data / "ptc"
    texts = formats.read_articles(base / "train-articles")
    gold = formats.read_span_labels(base / "train-labels-task1-span-identification")
    by_article: dict[str, list[tuple[int, int]]] = {}
    for s in gold:
        by_article.setdefault(s.article_id, []).append((s.start, s.end))
    keys = sorted(texts)
    toks = {k: feat.tokens_of(texts[k]) for k in keys}
    feats, y, groups = [], [], []
    for k in keys:
        inside = np.zeros(len(texts[k]) + 1, dtype=bool)
        for a, b in by_article.get(k, []):
            inside[a:b] = True
        feats.extend(feat.token_features(toks[k]))
        y.extend(bool(inside[t.start : t.end].any()) for t in toks[k])
        groups.extend([k] * len(toks[k]))
    t, x = tfidf(feat.TOKEN_SPEC, counts(feat.TOKEN_SPEC, [""] * len(feats), feats))
    y_arr, g_arr = np.array(y), np.array(groups)
    folds = list(GroupKFold(n_splits=3).split(x, groups=g_arr))
    c = 1.0
    oof = np.zeros(len(y_arr))
    for tr, te in folds:
        m = LogisticRegression(C=c, solver="liblinear", random_state=SEED).fit(x[tr], y_arr[tr])
        oof[te] = m.predict_proba(x[te])[:, 1]
    gold_spans = [s for s in gold]
    best = (0.5, 0, -1.0)
    offsets = np.cumsum([0] + [len(toks[k]) for k in keys])
    for thr in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        for gap in (0, 1, 2):
            pred = []
            for i, k in enumerate(keys):
                pred.extend(decode_spans(k, toks[k], oof[offsets[i] : offsets[i + 1]], thr, gap))
            f1 = scoring.si_score(gold_spans, pred).f1
            if f1 > best[2]:
                best = (thr, gap, f1)
    print(f"    SI out-of-fold: threshold={best[0]} gap={best[1]} F1={best[2]:.4f}")
    m = LogisticRegression(C=c, solver="liblinear", random_state=SEED).fit(x, y_arr)
    coef = np.vstack([m.coef_[0]])
    meta = {"C": c, "gap": best[1], "oof_f1": best[2], "rows": len(y_arr)}
    LinearModel(
        feat.TOKEN_SPEC,
        ("propaganda",),
        t.idf_,
        coef,
        m.intercept_.copy(),
        "ovr",
        np.array([best[0]]),
        None,
        meta,
    ).save(out, "si")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/unspin/data/models/persuasion"))
    parser.add_argument("--only", nargs="*", default=["st3", "st2", "st1", "tc", "si"])
    args = parser.parse_args()
    train_ids = set(ids_of(args.data / "ptc" / "train-articles"))
    timings = {}
    for name in args.only:
        start = time.time()
        print(f"training {name}")
        if name == "tc":
            train_tc(args.data, args.out)
        elif name == "si":
            train_si(args.data, args.out)
        else:
            {"st3": train_st3, "st2": train_st2, "st1": train_st1}[name](
                args.data, train_ids, args.out
            )
        timings[name] = round(time.time() - start, 1)
        print(f"  {name}: {timings[name]} s")
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
