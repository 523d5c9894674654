"""Train the attribution cue tagger on PolNeAR train and export it as numpy weights.

Usage::

    python training/attribution/parse.py ../shared/data/polnear/data/train \
        /tmp/unspin-attr/train.spacy
    python training/attribution/train_cues.py [--c 0.2] [--out DIR]
    python training/attribution/tune.py src/unspin/data/models/attribution

Token-level BIO labels come from the gold ``Cue`` spans of every annotator's file. A multinomial
logistic regression over hashed ``cuefeatures`` strings is fitted on train minus the held-out
slice (``data.held_out``) for each ``C``; the ``C`` with the best held-out cue exact F1 (after
Viterbi decoding) is written to ``src/unspin/data/models/attribution`` with the decoding bias
and cue threshold chosen by ``tune.py`` on the same held-out slice. The held-out slice is not
refitted, so it stays usable for tuning. Dev is never read.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import examples, held_out

from unspin.detectors.claims.attribution import extract_attributions
from unspin.detectors.claims.brat import Triple
from unspin.detectors.claims.cuefeatures import token_features
from unspin.detectors.claims.quotes import find_quotes
from unspin.detectors.claims.tagger import (
    MODEL_DIR,
    CueTagger,
    chunks,
    cue_model,
    hash_features,
    viterbi,
)
from unspin.textclf.linear import log_softmax

N_FEATURES = 2**18


def bio(doc_starts: list[int], doc_ends: list[int], triples: list[Triple]) -> list[int]:
    """Labels 0=O, 1=B, 2=I per token from the gold cue fragments."""
    labels = [0] * len(doc_starts)
    for triple in triples:
        for frag in triple.cue:
            first = max(0, bisect.bisect_right(doc_ends, frag.start))
            last = bisect.bisect_left(doc_starts, frag.end)
            for k, i in enumerate(range(first, last)):
                labels[i] = 1 if k == 0 else 2
    return labels


def build() -> tuple[list[dict[str, object]], float]:
    started = time.perf_counter()
    rows: list[dict[str, object]] = []
    for ex in examples():
        doc = ex.doc
        rule_cues = [r.cue for r in extract_attributions(doc)]
        feats = token_features(doc, rule_cues, find_quotes(doc.text))
        buckets = hash_features(feats, N_FEATURES)
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t.text) for t in doc]
        space = [t.is_space for t in doc]
        for gold in ex.gold:
            labels = bio(starts, ends, gold)
            labels = [0 if s else lab for s, lab in zip(space, labels, strict=True)]
            rows.append(
                {"name": ex.name, "buckets": buckets, "labels": labels, "held": held_out(ex.name)}
            )
    return rows, time.perf_counter() - started


def matrix(rows: list[dict[str, object]]) -> tuple[sp.csr_matrix, np.ndarray]:
    indptr = [0]
    indices: list[int] = []
    labels: list[int] = []
    for row in rows:
        for b in row["buckets"]:  # type: ignore[attr-defined]
            indices.extend(b)
            indptr.append(len(indices))
        labels.extend(row["labels"])  # type: ignore[arg-type]
    data = np.ones(len(indices), dtype=np.float32)
    x = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, N_FEATURES))
    return x, np.asarray(labels)


def fit(x: sp.csr_matrix, y: np.ndarray, c: float) -> CueTagger:
    model = LogisticRegression(C=c, max_iter=300, tol=1e-4)
    model.fit(x, y)
    return CueTagger(cue_model(model.coef_, model.intercept_.copy()))


def chunk_f1(tagger: CueTagger, rows: list[dict[str, object]]) -> tuple[float, float, float]:
    tp = n_pred = n_gold = 0
    for row in rows:
        buckets: list[list[int]] = row["buckets"]  # type: ignore[assignment]
        flat = np.fromiter((j for b in buckets for j in b), dtype=np.int32)
        indptr = np.concatenate(([0], np.cumsum([len(b) for b in buckets])))
        logp = log_softmax(tagger.model.score((indptr, flat, np.ones(len(flat)))))
        pred = set(chunks(viterbi(logp)))
        gold = set(chunks(np.asarray(row["labels"])))
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", default="0.2", help="comma-separated C values to select from")
    parser.add_argument("--cue-bias", type=float, default=1.0, help="tuned by tune.py")
    parser.add_argument("--threshold", type=float, default=0.3, help="tuned by tune.py")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    rows, secs = build()
    train = [r for r in rows if not r["held"]]
    held = [r for r in rows if r["held"]]
    print(f"featurised {len(rows)} gold files in {secs:.0f}s; {len(held)} held out", flush=True)
    x_train, y_train = matrix(train)
    print(f"train matrix {x_train.shape}, nnz {x_train.nnz}", flush=True)
    best: tuple[float, float, CueTagger] | None = None
    for c in (float(v) for v in args.c.split(",")):
        started = time.perf_counter()
        tagger = fit(x_train, y_train, c)
        p, r, f1 = chunk_f1(tagger, held)
        took = time.perf_counter() - started
        print(f"C={c}: held-out cue exact P {p:.3f} R {r:.3f} F1 {f1:.3f} ({took:.0f}s)")
        if best is None or f1 > best[0]:
            best = (f1, c, tagger)
    assert best is not None
    f1, c, model = best
    n_articles = len({r["name"] for r in train})
    model = replace(model, cue_bias=args.cue_bias, threshold=args.threshold)
    model.model.meta = {
        "name": "polnear-cues-lr-v1",
        "C": c,
        "n_features": N_FEATURES,
        "fitted_on": (
            f"PolNeAR v1.0.0 train minus the held-out slice (crc32(name) % 10 == 0): "
            f"{n_articles} articles, {len(train)} annotator files"
        ),
        "held_out_cue_exact_f1_tagger": round(f1, 4),
        "cue_bias_and_threshold": "tuned on the held-out slice of train (tune.py)",
    }
    model.save(args.out)
    print(f"model (C={c}) -> {args.out}; total {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
