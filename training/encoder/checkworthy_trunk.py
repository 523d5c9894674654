"""Experiment: check-worthiness from the shared trunk's sentence states (issue 3).

The shipped shared encoder (int8 ONNX, through ``unspin.encoder`` exactly as at run time)
encodes every CheckThat! 2024 English sentence; a logistic regression on the mean state is
fitted on train, and its probability is blended with the shipped TF-IDF model's. The blend
weight and the threshold are chosen on dev; dev-test is scored once per variant.

    .venv/bin/python -m training.encoder.checkworthy_trunk
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from unspin.detectors.persuasion.encoder_models import shared_model_dir
from unspin.encoder import load_encoder, text_states
from unspin.textclf import load_checkworthy
from unspin.textclf.checkthat import CheckThatRecord, read_checkthat, score_checkworthy

PREFIX = "CT24_checkworthy_english_"


def means(records: list[CheckThatRecord]) -> np.ndarray:
    encoder = load_encoder(shared_model_dir())
    states = text_states(encoder, [r.text for r in records])
    hidden = encoder.config.hidden
    return np.stack([s.mean() if s.states else np.zeros(hidden, np.float32) for s in states])


def best_threshold(gold: np.ndarray, proba: np.ndarray) -> tuple[float, float]:
    best = (0.5, -1.0)
    for t in np.round(np.arange(0.05, 0.95, 0.01), 2):
        pred = proba >= t
        tp = float((pred & gold).sum())
        f1 = 2 * tp / max(1.0, float(pred.sum() + gold.sum()))
        if f1 > best[1]:
            best = (float(t), f1)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/checkthat2024-cw-en"))
    args = parser.parse_args()
    started = time.time()
    parts = {
        p: read_checkthat(args.data / f"{PREFIX}{p}.tsv") for p in ("train", "dev", "dev-test")
    }
    gold = {p: np.array([bool(r.label) for r in rs]) for p, rs in parts.items()}
    x = {p: means(rs) for p, rs in parts.items()}
    count = sum(len(v) for v in parts.values())
    print(f"encoded {count} sentences in {time.time() - started:.0f}s", flush=True)
    tfidf = load_checkworthy()
    shipped = {p: tfidf.predict_proba([r.text for r in rs]) for p, rs in parts.items()}
    results = {}
    for c in (0.1, 1.0, 10.0):
        lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(
            x["train"], gold["train"]
        )
        trunk = {p: lr.predict_proba(x[p])[:, 1] for p in parts}
        for weight in (0.0, 0.25, 0.5, 0.75, 1.0):
            blend = {p: weight * trunk[p] + (1 - weight) * shipped[p] for p in parts}
            cut, dev_f1 = best_threshold(gold["dev"], blend["dev"])
            results[(c, weight)] = (dev_f1, cut, blend["dev-test"])
    (c, weight), (dev_f1, cut, devtest) = max(results.items(), key=lambda kv: kv[1][0])
    pred = {r.sentence_id: bool(p >= cut) for r, p in zip(parts["dev-test"], devtest, strict=True)}
    chosen = score_checkworthy(parts["dev-test"], pred)
    alone = max(((k, v) for k, v in results.items() if k[1] == 1.0), key=lambda kv: kv[1][0])
    pred_alone = {
        r.sentence_id: bool(p >= alone[1][1])
        for r, p in zip(parts["dev-test"], alone[1][2], strict=True)
    }
    report = {
        "chosen_on_dev": {"C": c, "trunk_weight": weight, "cut": cut, "dev_f1": round(dev_f1, 4)},
        "dev_test_f1": round(chosen.f1, 4),
        "trunk_alone": {
            "C": alone[0][0],
            "dev_f1": round(alone[1][0], 4),
            "dev_test_f1": round(score_checkworthy(parts["dev-test"], pred_alone).f1, 4),
        },
        "seconds": round(time.time() - started),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
