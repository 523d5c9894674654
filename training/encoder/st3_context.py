"""Experiment: does the rest of the article help the paragraph-techniques head?

On the frozen shared trunk (``training/persuasion/train_encoder.py`` output), two linear heads
are trained with the same recipe and compared on the held-out 15 % of PTC train articles:
``paragraph`` reads the paragraph's mean state (the shipped design), ``context`` reads
``[paragraph mean; mean of the article's paragraph means]`` (Repetition, for one, is about
the rest of the article). Dev is not read.

    HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE nice -n 5 .venv/bin/python -m \
        training.encoder.st3_context --trunk training/persuasion/out/k2-sqrt-e8 --threads 2
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from torch import nn
from training.encoder.layers import base_dir
from training.encoder.train_shared import SharedModel, warm_start
from training.persuasion.train_encoder import Row, best_cut, load_rows, pos_weights, stack

SEED = 13


@torch.no_grad()
def paragraph_means(trunk: SharedModel, rows: list[Row]) -> np.ndarray:
    lower = trunk.body.cache_lower([r.ids for r in rows])
    out = np.zeros((len(rows), trunk.body.hidden), dtype=np.float32)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].ids))
    for b in range(0, len(order), 64):
        idx = order[b : b + 64]
        x, mask = stack(lower, idx)
        states = trunk.body.top(x, mask)
        m = mask.unsqueeze(-1).to(states.dtype)
        out[idx] = ((states * m).sum(1) / m.sum(1).clamp(min=1.0)).numpy()
    return out


def with_context(rows: list[Row], means: np.ndarray) -> np.ndarray:
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_article[r.key[0]].append(i)
    context = np.zeros_like(means)
    for idx in by_article.values():
        context[idx] = means[idx].mean(axis=0)
    return np.concatenate([means, context], axis=1)


def fit_head(
    x_fit: np.ndarray, y_fit: np.ndarray, x_held: np.ndarray, y_held: np.ndarray, epochs: int
) -> dict:
    torch.manual_seed(SEED)
    head = nn.Linear(x_fit.shape[1], y_fit.shape[1])
    optim = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=0.01)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weights(y_fit, "sqrt"))
    xf, yf, xh = torch.tensor(x_fit), torch.tensor(y_fit), torch.tensor(x_held)
    rng = random.Random(SEED)
    best = {"held_f1": -1.0}
    for epoch in range(1, epochs + 1):
        order = list(range(len(xf)))
        rng.shuffle(order)
        for b in range(0, len(order), 32):
            idx = order[b : b + 32]
            loss = loss_fn(head(xf[idx]), yf[idx])
            loss.backward()
            optim.step()
            optim.zero_grad()
        with torch.no_grad():
            proba = torch.sigmoid(head(xh)).numpy()
        cut, f1 = best_cut(y_held, proba)
        if f1 > best["held_f1"]:
            best = {"held_f1": round(f1, 4), "epoch": epoch, "cut": cut}
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--trunk", type=Path, default=Path("training/persuasion/out/k2-sqrt-e8"))
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    parts = load_rows(args.data, 256, 0)
    trunk = SharedModel(base_dir(), 2).eval()
    warm_start(trunk, args.trunk / "best.pt")
    means = {p: paragraph_means(trunk, parts[p]) for p in ("fit", "held")}
    ys = {p: np.stack([r.y for r in parts[p]]) for p in ("fit", "held")}
    print(f"trunk states {time.time() - started:.0f}s", flush=True)
    result = {
        "paragraph": fit_head(means["fit"], ys["fit"], means["held"], ys["held"], args.epochs),
        "context": fit_head(
            with_context(parts["fit"], means["fit"]),
            ys["fit"],
            with_context(parts["held"], means["held"]),
            ys["held"],
            args.epochs,
        ),
        "seconds": round(time.time() - started),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
