"""Install a trained claims tagger (``train_neural.py --export``) where the runtime reads it.

Usage: ``python training/attribution/install_neural.py RUNTIME_DIR [--folder DEST]
[--settings JSON]``.

* A ``--full`` export (its own ``encoder.onnx``) is copied to DEST, by default the shipped
  ``src/unspin/data/models/claims``.
* A head over the shared trunk (``claims_top.onnx`` + ``claims.npz``) is added to DEST, by
  default the shipped shared-encoder folder; a DEST elsewhere becomes a copy of that folder
  plus the head (for tuning).

``--settings`` stores what ``tune_neural.py`` chose (it prints the JSON: ``decoding`` = blend,
bias and thresholds; ``spans`` = the span options) in ``claims.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from unspin.detectors.claims.neural import HEAD
from unspin.detectors.persuasion.encoder_models import shared_model_dir

MODELS = Path(__file__).resolve().parents[2] / "src" / "unspin" / "data" / "models"


def install_full(runtime: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("encoder.onnx", "tokenizer.json", "model.json", f"{HEAD}.npz", f"{HEAD}.json"):
        shutil.copy(runtime / name, dest / name)


def install_head(runtime: Path, dest: Path) -> None:
    if dest != MODELS / "shared":
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(shared_model_dir(), dest)
    config_path = dest / "model.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    tops = dict(config.get("tops", {}))
    top = runtime / f"{HEAD}_top.onnx"
    if top.is_file():
        shutil.copy(top, dest / top.name)
        tops[HEAD] = top.name
    else:
        tops.pop(HEAD, None)
        (dest / top.name).unlink(missing_ok=True)
    for name in (f"{HEAD}.npz", f"{HEAD}.json"):
        shutil.copy(runtime / name, dest / name)
    config["tops"] = tops
    config["heads"] = [*[h for h in config.get("heads", []) if h != HEAD], HEAD]
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runtime", type=Path)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--settings", default=None, help="JSON printed by tune_neural.py")
    args = parser.parse_args()
    full = (args.runtime / "encoder.onnx").is_file()
    dest = args.folder or (MODELS / "claims" if full else MODELS / "shared")
    (install_full if full else install_head)(args.runtime, dest)
    if args.settings:
        path = dest / f"{HEAD}.json"
        settings = json.loads(path.read_text(encoding="utf-8"))
        settings |= json.loads(args.settings)
        path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    print(f"claims tagger installed in {dest}")


if __name__ == "__main__":
    main()
