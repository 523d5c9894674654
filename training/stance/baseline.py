"""Baseline: frozen all-MiniLM-L6-v2 states of the target-marked sentence + logistic regression.

    HF_HUB_OFFLINE=1 .venv/bin/python training/stance/baseline.py --data ../shared/data/newsmtsc

Features are [mean of all states; state of the opening marker; mean of the target's wordpieces].
C is chosen on the held-out 10 % of train; the dev files are scored once at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train import SEED, base_dir

from unspin.detectors.stance.newsmtsc import (
    LABELS,
    Target,
    holdout_bucket,
    load_targets,
    macro_f1,
)
from unspin.encoder.tokenize import MARK_CLOSE_ID, SpanTokenizer


@torch.no_grad()
def features(model: torch.nn.Module, tok: SpanTokenizer, targets: list[Target]) -> np.ndarray:
    enc = [tok.encode_marked(t.sentence, t.start, t.end, 96) for t in targets]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i].ids))
    out = np.zeros((len(enc), 3 * 384), dtype=np.float32)
    for b in range(0, len(order), 64):
        idx = order[b : b + 64]
        width = max(len(enc[i].ids) for i in idx)
        ids = torch.zeros((len(idx), width), dtype=torch.long)
        for r, i in enumerate(idx):
            ids[r, : len(enc[i].ids)] = torch.tensor(enc[i].ids)
        mask = (ids != 0).long()
        states = model(input_ids=ids, attention_mask=mask).last_hidden_state.numpy()
        for r, i in enumerate(idx):
            n, a = len(enc[i].ids), enc[i].anchor
            close = (
                list(enc[i].ids).index(MARK_CLOSE_ID, a)
                if MARK_CLOSE_ID in enc[i].ids[a:]
                else a + 1
            )
            span = states[r, a + 1 : max(close, a + 2)]
            out[i] = np.concatenate([states[r, :n].mean(0), states[r, a], span.mean(0)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/newsmtsc"))
    parser.add_argument("--out", type=Path, default=Path("training/stance/out/baseline.json"))
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression
    from transformers import AutoModel

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    started = time.time()
    tok = SpanTokenizer.from_file(base_dir() / "tokenizer.json")
    model = AutoModel.from_pretrained(str(base_dir())).eval()
    train = load_targets(args.data / "train.jsonl")
    fit = [t for t in train if holdout_bucket(t.sentence) != 0]
    held = [t for t in train if holdout_bucket(t.sentence) == 0]
    devs = {
        n: load_targets(args.data / n) for n in ("newsmtsc-mt-dev.jsonl", "newsmtsc-rw-dev.jsonl")
    }
    x_fit, x_held = features(model, tok, fit), features(model, tok, held)
    y_fit = [t.label for t in fit]
    best = (-1.0, 1.0)
    for c in (0.1, 0.3, 1.0, 3.0):
        clf = LogisticRegression(C=c, max_iter=2000).fit(x_fit, y_fit)
        f1 = macro_f1([t.label or "" for t in held], list(clf.predict(x_held)))
        print(f"C={c} held-out macro-F1 {f1:.4f}", flush=True)
        best = max(best, (f1, c))
    clf = LogisticRegression(C=best[1], max_iter=2000).fit(x_fit, y_fit)
    result = {"held_out": round(best[0], 4), "C": best[1]}
    for name, targets in devs.items():
        pred = list(clf.predict(features(model, tok, targets)))
        result[name] = round(macro_f1([t.label or "" for t in targets], pred), 4)
    result["seconds"] = round(time.time() - started)
    assert set(clf.classes_) == set(LABELS)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
