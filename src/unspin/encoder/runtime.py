"""One ONNX Runtime session per encoder folder, run over batches grouped by length."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from unspin.encoder.tokenize import Encoded, SpanTokenizer
from unspin.errors import ModelError

FloatArray = npt.NDArray[np.float32]

ENCODER_FILE = "encoder.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "model.json"


@dataclass(frozen=True, slots=True)
class EncoderConfig:
    """What ``model.json`` says about an encoder folder."""

    name: str
    version: str
    max_len: int
    hidden: int
    heads: tuple[str, ...]


class Encoder:
    """A transformer encoder in ONNX form plus its tokenizer; returns last-layer states.

    Example:
        >>> enc = load_encoder(stance_model_dir())  # doctest: +SKIP
        >>> [states] = enc.run([enc.tokenizer.encode("Xi met Putin.", enc.config.max_len)])
        >>> states.shape  # doctest: +SKIP
        (7, 384)
    """

    def __init__(self, folder: Path, *, threads: int = 1) -> None:
        self.folder = folder
        for name in (ENCODER_FILE, TOKENIZER_FILE, CONFIG_FILE):
            if not (folder / name).is_file():
                raise ModelError(
                    f"[E1303] Encoder file {folder / name} is missing. Reinstall unspin, or "
                    "rebuild it with training/stance/train.py and training/stance/export.py."
                )
        self.config = _read_config(folder / CONFIG_FILE)
        self.tokenizer = SpanTokenizer.from_file(folder / TOKENIZER_FILE)
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self._session = ort.InferenceSession(
                str(folder / ENCODER_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"[E1304] Cannot load {folder / ENCODER_FILE}: {exc}.") from exc

    @property
    def version(self) -> str:
        return f"{self.config.name}@{self.config.version}"

    def run(self, inputs: Sequence[Encoded], batch_size: int = 64) -> list[FloatArray]:
        """Last-layer states (``len(ids) x hidden``) of each input, in input order.

        Inputs are sorted by length and padded per batch, so a short sentence never pays for
        a long one; all inputs of one call share as few ONNX calls as possible.
        """
        out: list[FloatArray | None] = [None] * len(inputs)
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i].ids))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            width = max(len(inputs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(inputs[i].ids)
                ids[row, :n] = inputs[i].ids
                mask[row, :n] = 1
            (states,) = self._session.run(
                ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask}
            )
            for row, i in enumerate(idx):
                out[i] = np.asarray(states[row, : len(inputs[i].ids)], dtype=np.float32)
        return [s for s in out if s is not None]


def _read_config(path: Path) -> EncoderConfig:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return EncoderConfig(
            name=str(data["name"]),
            version=str(data["version"]),
            max_len=int(data["max_len"]),
            hidden=int(data["hidden"]),
            heads=tuple(str(h) for h in data.get("heads", ())),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"[E1305] Broken encoder config {path}: {exc!r}.") from exc


@functools.cache
def load_encoder(folder: Path, threads: int = 1) -> Encoder:
    """The shared ``Encoder`` of a folder: every detector asking for it gets one session."""
    return Encoder(folder, threads=threads)
