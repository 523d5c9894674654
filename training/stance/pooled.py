"""Experiment: stance without target markers, so one encoder pass per sentence serves every
target in it (the shape a shared per-paragraph encoder needs).

The sentence is encoded as it is; the head reads ``[CLS]`` and the mean of the target's
wordpiece states. Same base, frozen layers, optimiser and held-out split as ``train.py``;
the held-out macro-F1 is comparable with the marked model's (0.7856, fp32). Dev files are not
read.

    HF_HUB_OFFLINE=1 .venv/bin/python training/stance/pooled.py --out /tmp/stance-pooled
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train import SEED, StanceModel, base_dir

from unspin.detectors.stance.newsmtsc import (
    LABELS,
    Target,
    holdout_bucket,
    load_targets,
    macro_f1,
)

Example = tuple[list[int], int, int, int]  # ids, first and last target wordpiece, label
Cached = tuple[torch.Tensor, int, int, int]


class PooledStance(StanceModel):
    """``StanceModel`` whose head reads [CLS] and the mean state of the target's wordpieces."""

    def upper_pooled(
        self, x: torch.Tensor, mask: torch.Tensor, spans: torch.Tensor
    ) -> torch.Tensor:
        x = self.top(x, mask)
        positions = torch.arange(x.shape[1])[None, :]
        inside = ((positions >= spans[:, :1]) & (positions <= spans[:, 1:])).float()
        pooled = (x * inside[..., None]).sum(1) / inside.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(self.dropout(torch.cat([x[:, 0], pooled], dim=-1)))


def encode(tokenizer: object, targets: list[Target], max_len: int) -> list[Example]:
    from tokenizers import Tokenizer

    assert isinstance(tokenizer, Tokenizer)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for t in targets:
        enc = tokenizer.encode(t.sentence, add_special_tokens=False)
        inside = [i for i, (s, e) in enumerate(enc.offsets) if s < t.end and t.start < e] or [0]
        ids = [cls_id, *enc.ids[: max_len - 2], sep_id]
        first = min(inside[0] + 1, len(ids) - 2)
        last = min(inside[-1] + 1, len(ids) - 2)
        out.append((ids, first, last, LABELS.index(t.label or "neutral")))
    return out


def cache_lower(model: PooledStance, data: list[Example], size: int = 64) -> list[Cached]:
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    out: list[Cached | None] = [None] * len(data)
    for b in range(0, len(order), size):
        idx = order[b : b + size]
        width = max(len(data[i][0]) for i in idx)
        ids = torch.zeros((len(idx), width), dtype=torch.long)
        for row, i in enumerate(idx):
            ids[row, : len(data[i][0])] = torch.tensor(data[i][0])
        states = model.lower(ids, (ids != 0).long())
        for row, i in enumerate(idx):
            n = len(data[i][0])
            out[i] = (states[row, :n].clone(), data[i][1], data[i][2], data[i][3])
    return [c for c in out if c is not None]


def collate(batch: list[Cached]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(x) for x, _, _, _ in batch)
    states = torch.zeros((len(batch), width, batch[0][0].shape[-1]))
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, (x, _, _, _) in enumerate(batch):
        states[i, : len(x)] = x
        mask[i, : len(x)] = 1
    spans = torch.tensor([[a, b] for _, a, b, _ in batch])
    labels = torch.tensor([y for _, _, _, y in batch])
    return states, mask, spans, labels


@torch.no_grad()
def held_out_f1(model: PooledStance, data: list[Cached]) -> float:
    model.eval()
    predictions = []
    for b in range(0, len(data), 64):
        states, mask, spans, _ = collate(data[b : b + 64])
        predictions += model.upper_pooled(states, mask, spans).argmax(-1).tolist()
    model.train()
    return macro_f1([LABELS[y] for *_, y in data], [LABELS[p] for p in predictions])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/newsmtsc"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/stance-pooled"))
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--frozen", type=int, default=3)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    from tokenizers import Tokenizer

    base = base_dir()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    targets = load_targets(args.data / "train.jsonl")
    started = time.time()
    model = PooledStance(base, args.frozen)
    model.eval()
    fit = cache_lower(
        model, encode(tokenizer, [t for t in targets if holdout_bucket(t.sentence)], args.max_len)
    )
    held = cache_lower(
        model,
        encode(tokenizer, [t for t in targets if not holdout_bucket(t.sentence)], args.max_len),
    )
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optim = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    total = -(-len(fit) // args.batch) * args.epochs
    warmup = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim,
        lambda s: (
            (s + 1) / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup))
        ),
    )
    loss_fn = nn.CrossEntropyLoss()
    rng = random.Random(SEED)
    scores = []
    for epoch in range(args.epochs):
        order = list(range(len(fit)))
        rng.shuffle(order)
        pool = args.batch * 50
        batches = []
        for p in range(0, len(order), pool):
            chunk = sorted(order[p : p + pool], key=lambda i: len(fit[i][0]))
            batches += [
                [fit[i] for i in chunk[b : b + args.batch]]
                for b in range(0, len(chunk), args.batch)
            ]
        rng.shuffle(batches)
        for batch in batches:
            states, mask, spans, labels = collate(batch)
            loss = loss_fn(model.upper_pooled(states, mask, spans), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
        scores.append(round(held_out_f1(model, held), 4))
        print(
            f"epoch {epoch} held-out macro-F1 {scores[-1]} ({time.time() - started:.0f}s)",
            flush=True,
        )
    result = {"held_out_f1_by_epoch": scores, "seconds": round(time.time() - started), **vars(args)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pooled_meta.json").write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
