"""Fine-tune a truncated MiniLM (first K layers) for SemEval-2023 Task 3 ST3 (paragraph techniques).

Experiment only (nothing here ships). One command per configuration, from the repository root:

    HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE nice -n 5 .venv/bin/python \
        training/persuasion/train_encoder.py --layers 2 --pos-weight sqrt --epochs 8 \
        --threads 2 --out training/persuasion/out/k2-sqrt-e8 --dev --export

Split: paragraphs of the PTC train ids train the model, except a fixed 15 % of those articles
(sha1 of the article id) that choose the epoch and one global probability cut. The PTC dev ids
(eval/persuasion/ptc-dev-ids.txt) are scored once at the end with ``--dev`` and choose nothing.
``--export`` writes fp32 and dynamic-int8 ONNX of the chosen checkpoint and scores int8 on dev.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

from training.encoder.layers import TruncatedEncoder, base_dir, length_batches

from unspin.detectors.persuasion import formats, scoring, taxonomy
from unspin.encoder.tokenize import SpanTokenizer

SEED = 13
LABELS: tuple[str, ...] = tuple(taxonomy.TECHNIQUES)
HELD_PERCENT = 15
THRESHOLDS = np.round(np.arange(0.05, 0.81, 0.01), 2)


def ids_of(folder: Path) -> set[str]:
    return {p.name[7:-4] for p in folder.glob("article*.txt")}


def is_held_out(article_id: str) -> bool:
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 100 < HELD_PERCENT


@dataclass(frozen=True, slots=True)
class Row:
    key: tuple[str, int]
    ids: list[int]
    y: np.ndarray  # (n_labels,) float32, 0/1


def load_rows(data: Path, max_len: int, limit: int) -> dict[str, list[Row]]:
    """Tokenised paragraphs of the three parts: fit, held (train slice) and dev."""
    base = data / "semeval2023t3-en"
    template = formats.read_paragraph_template(base / "train-labels-subtask-3.template")
    gold = formats.read_paragraph_labels(base / "train-labels-subtask-3.txt")
    train_ids = ids_of(data / "ptc" / "train-articles")
    dev_ids = set(formats.read_ids(Path("eval/persuasion/ptc-dev-ids.txt")))
    assert not train_ids & dev_ids
    if limit:  # smoke tests: the first articles of each part only
        train_ids = set(sorted(train_ids)[:limit])
        dev_ids = set(sorted(dev_ids)[: max(2, limit // 4)])
    tok = SpanTokenizer.from_file(base_dir() / "tokenizer.json")
    parts: dict[str, list[Row]] = {"fit": [], "held": [], "dev": []}
    for p in template:
        if p.article_id in train_ids:
            part = "held" if is_held_out(p.article_id) else "fit"
        elif p.article_id in dev_ids:
            part = "dev"
        else:
            continue
        key = (p.article_id, p.index)
        labels = set(gold.get(key, ()))
        y = np.array([lab in labels for lab in LABELS], dtype=np.float32)
        parts[part].append(Row(key, list(tok.encode(p.text, max_len).ids), y))
    return parts


class TechniqueModel(TruncatedEncoder):
    """The first ``layers`` MiniLM layers, mean pooling and 23 sigmoid outputs."""

    def __init__(self, path: Path, layers: int, frozen: int) -> None:
        super().__init__(path, layers, frozen)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(self.hidden, len(LABELS))

    def upper(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.top(x, mask)
        m = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


class Pooled(nn.Module):
    """Token ids to technique logits in one graph (the form exported to ONNX)."""

    def __init__(self, model: TechniqueModel) -> None:
        super().__init__()
        self.encoder = model.encoder
        self.head = model.head

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        x = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        m = attention_mask.unsqueeze(-1).to(x.dtype)
        return self.head((x * m).sum(1) / m.sum(1).clamp(min=1.0))


def pad_ids(rows: list[Row]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r.ids) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r.ids)] = torch.tensor(r.ids)
        mask[i, : len(r.ids)] = 1
    return ids, mask


def cache_lower(model: TechniqueModel, rows: list[Row], size: int = 64) -> list[torch.Tensor]:
    """Frozen-part states of every paragraph (length x hidden), computed in length order."""
    model.eval()
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].ids))
    out: list[torch.Tensor] = [torch.empty(0)] * len(rows)
    for b in range(0, len(order), size):
        idx = order[b : b + size]
        ids, mask = pad_ids([rows[i] for i in idx])
        states = model.lower(ids, mask)
        for j, i in enumerate(idx):
            out[i] = states[j, : len(rows[i].ids)].clone()
    return out


def stack(states: list[torch.Tensor], idx: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(states[i]) for i in idx)
    x = torch.zeros((len(idx), width, states[idx[0]].shape[-1]))
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    for j, i in enumerate(idx):
        x[j, : len(states[i])] = states[i]
        mask[j, : len(states[i])] = 1
    return x, mask


@torch.no_grad()
def predict_proba(model: TechniqueModel, states: list[torch.Tensor], size: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(states)), key=lambda i: len(states[i]))
    out = np.zeros((len(states), len(LABELS)), dtype=np.float32)
    for b in range(0, len(order), size):
        idx = order[b : b + size]
        x, mask = stack(states, idx)
        out[idx] = torch.sigmoid(model.upper(x, mask)).numpy()
    model.train()
    return out


def official(rows: list[Row], pred: np.ndarray) -> scoring.Score:
    """ST3 micro-F1 with the project's re-implementation of the official scorer."""
    gold = {r.key: [LABELS[j] for j in np.flatnonzero(r.y)] for r in rows}
    guess = {r.key: [LABELS[j] for j in np.flatnonzero(p)] for r, p in zip(rows, pred, strict=True)}
    return scoring.multi_label_score(gold, guess, LABELS)


def best_cut(y: np.ndarray, proba: np.ndarray) -> tuple[float, float]:
    """The global probability cut with the best micro-F1 (the lowest of ties)."""
    best_t, best_f = 0.5, -1.0
    for t in THRESHOLDS:
        pred = proba >= t
        f = 2 * float((pred * y).sum()) / max(1.0, float(pred.sum() + y.sum()))
        if f > best_f + 1e-12:
            best_t, best_f = float(t), f
    return best_t, best_f


def pos_weights(y: np.ndarray, mode: str) -> torch.Tensor | None:
    if mode == "none":
        return None
    pos = y.sum(0)
    ratio = (len(y) - pos) / np.maximum(pos, 1.0)
    return torch.tensor(np.clip(np.sqrt(ratio), 1.0, 10.0), dtype=torch.float32)


def train(args: argparse.Namespace, parts: dict[str, list[Row]], model: TechniqueModel) -> dict:
    fit, held = parts["fit"], parts["held"]
    started = time.time()
    fit_x, held_x = cache_lower(model, fit), cache_lower(model, held)
    y_fit = np.stack([r.y for r in fit])
    y_held = np.stack([r.y for r in held])
    print(f"fit {len(fit)} held {len(held)}; cached {time.time() - started:.0f}s", flush=True)
    head = list(model.head.parameters())
    enc = [p for p in model.encoder.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in enc if p.ndim > 1], "lr": args.lr, "weight_decay": 0.01},
        {"params": [p for p in enc if p.ndim <= 1], "lr": args.lr, "weight_decay": 0.0},
        {"params": head, "lr": args.head_lr, "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups)
    params = enc + head
    steps_per_epoch = -(-len(fit) // args.batch)
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(0.06 * total))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, schedule)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weights(y_fit, args.pos_weight))
    y_all = torch.tensor(y_fit)
    rng = random.Random(SEED)
    lengths = [len(x) for x in fit_x]
    history = []
    best: dict = {"held_f1": -1.0}
    model.train()
    for epoch in range(1, args.epochs + 1):
        running, n = 0.0, 0
        for idx in length_batches(lengths, args.batch, rng):
            x, mask = stack(fit_x, idx)
            loss = loss_fn(model.upper(x, mask), y_all[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            running, n = running + loss.item(), n + 1
        proba = predict_proba(model, held_x)
        cut, f1 = best_cut(y_held, proba)
        held_loss = float(
            nn.BCEWithLogitsLoss()(
                torch.logit(torch.tensor(proba).clamp(1e-6, 1 - 1e-6)), torch.tensor(y_held)
            )
        )
        entry = {
            "epoch": epoch,
            "train_loss": round(running / n, 4),
            "held_bce": round(held_loss, 4),
            "held_f1": round(f1, 4),
            "cut": cut,
            "seconds": round(time.time() - started),
        }
        history.append(entry)
        print(json.dumps(entry), flush=True)
        if f1 > best["held_f1"]:
            best = {"held_f1": f1, "epoch": epoch, "cut": cut}
            torch.save(model.state_dict(), args.out / "best.pt")
        # so that a run stopped early can still be scored with --skip-train
        partial = {"config": {k: str(v) for k, v in vars(args).items()}, **best}
        (args.out / "meta.json").write_text(json.dumps({**partial, "history": history}, indent=2))
    model.load_state_dict(torch.load(args.out / "best.pt"))
    score = official(held, predict_proba(model, held_x) >= best["cut"])
    assert abs(score.f1 - best["held_f1"]) < 1e-6, (score.f1, best)
    return {
        **best,
        "held_p": round(score.precision, 4),
        "held_r": round(score.recall, 4),
        "train_minutes": round((time.time() - started) / 60, 1),
        "history": history,
    }


def dev_report(
    name: str, dev: list[Row], pred: np.ndarray, out: Path, with_floor: bool
) -> dict[str, float]:
    score = official(dev, pred)
    lines = {r.key: [LABELS[j] for j in np.flatnonzero(p)] for r, p in zip(dev, pred, strict=True)}
    (out / f"dev-st3-{name}.txt").write_text(formats.write_paragraph_labels(lines))
    result = {
        f"dev_{name}_f1": round(score.f1, 4),
        f"dev_{name}_p": round(score.precision, 4),
        f"dev_{name}_r": round(score.recall, 4),
        f"dev_{name}_macro": round(score.macro_f1 or 0.0, 4),
    }
    per = {k: round(v, 3) for k, v in score.per_label.items() if v > 0}
    print(f"dev {name}: {json.dumps(result)} per-label {json.dumps(per)}", flush=True)
    if with_floor:
        floor = np.zeros_like(pred)
        floor[:, LABELS.index("Loaded_Language")] = True
        result["dev_floor_f1"] = round(official(dev, floor).f1, 4)
        print(f"dev floor (Loaded_Language everywhere): {result['dev_floor_f1']}", flush=True)
    return result


def export_onnx(model: TechniqueModel, out: Path, dev: list[Row], cut: float) -> dict[str, float]:
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = Pooled(model).eval()
    fp32, int8 = out / "st3-encoder.onnx", out / "st3-encoder-int8.onnx"
    ids, mask = pad_ids(dev[:2])
    torch.onnx.export(
        graph,
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = torch.get_num_threads()
    check = ort.InferenceSession(str(fp32), opts, providers=["CPUExecutionProvider"])
    ids, mask = pad_ids(dev[-8:] + dev[:8])  # padded batch: the graph must respect the mask
    onnx_logits = check.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    with torch.no_grad():
        diff = float(np.abs(graph(ids, mask).numpy() - onnx_logits).max())
    print(f"fp32 ONNX vs torch, max |logit difference| {diff:.2e}", flush=True)
    sess = ort.InferenceSession(str(int8), opts, providers=["CPUExecutionProvider"])
    proba = np.zeros((len(dev), len(LABELS)), dtype=np.float32)
    order = sorted(range(len(dev)), key=lambda i: len(dev[i].ids))
    for b in range(0, len(order), 64):
        idx = order[b : b + 64]
        x, mask = pad_ids([dev[i] for i in idx])
        logits = sess.run(None, {"input_ids": x.numpy(), "attention_mask": mask.numpy()})[0]
        proba[idx] = 1 / (1 + np.exp(-logits))
    return dev_report("int8", dev, proba >= cut, out, with_floor=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=None, help="default out/k<K>-<pos-weight>")
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--frozen", type=int, default=0, help="lower layers kept fixed")
    parser.add_argument("--max-len", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--pos-weight", choices=["none", "sqrt"], default="none")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="smoke test: first N train articles")
    parser.add_argument("--dev", action="store_true", help="score the chosen model on dev once")
    parser.add_argument("--skip-train", action="store_true", help="reuse OUT/best.pt + meta")
    parser.add_argument("--export", action="store_true", help="int8 ONNX, scored on dev")
    args = parser.parse_args()
    if args.out is None:
        args.out = Path(f"training/persuasion/out/k{args.layers}-{args.pos_weight}")
    args.out.mkdir(parents=True, exist_ok=True)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    parts = load_rows(args.data, args.max_len, args.limit)
    model = TechniqueModel(base_dir(), args.layers, args.frozen)
    meta_path = args.out / "meta.json"
    if args.skip_train:
        meta = json.loads(meta_path.read_text())
        model.load_state_dict(torch.load(args.out / "best.pt"))
    else:
        config = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
        meta = {"config": config, **train(args, parts, model)}
    model.eval()
    if args.dev:
        dev_x = cache_lower(model, parts["dev"])
        proba = predict_proba(model, dev_x)
        np.save(args.out / "dev-proba-torch.npy", proba)
        pred = proba >= meta["cut"]
        meta.update(dev_report("torch", parts["dev"], pred, args.out, with_floor=True))
    if args.export:
        meta.update(export_onnx(model, args.out, parts["dev"], meta["cut"]))
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps({k: v for k, v in meta.items() if k != "history"}), flush=True)


if __name__ == "__main__":
    main()
