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
    tops: tuple[tuple[str, str], ...] = ()  # (head, ONNX file of its private top layers)


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
                    "rebuild it with the training command in that folder's MODEL_CARD.md."
                )
        self.config = _read_config(folder / CONFIG_FILE)
        self.tokenizer = SpanTokenizer.from_file(folder / TOKENIZER_FILE)
        self.threads = threads
        self._session = _session(folder / ENCODER_FILE, threads)
        self._tops: dict[str, TopLayers] = {}

    @property
    def version(self) -> str:
        return f"{self.config.name}@{self.config.version}"

    def top(self, head: str) -> TopLayers | None:
        """The private top layers that ``head`` runs over this encoder's states, if any."""
        file = dict(self.config.tops).get(head)
        if file is None:
            return None
        if head not in self._tops:
            self._tops[head] = TopLayers(self.folder / file, threads=self.threads)
        return self._tops[head]

    def run(self, inputs: Sequence[Encoded], batch_size: int = 1) -> list[FloatArray]:
        """Last-layer states (``len(ids) x hidden``) of each input, in input order.

        The default runs each input alone: on a CPU that is the fastest (no padding), and with
        dynamic int8 quantisation, whose activation scales are computed per call, it is the
        only way a prediction does not depend on the other inputs of the call. A larger
        ``batch_size`` groups inputs of similar length (``length_groups``).
        """
        out: list[FloatArray | None] = [None] * len(inputs)
        for idx in length_groups([len(e.ids) for e in inputs], batch_size):
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


class TopLayers:
    """Transformer layers of one head's own, run over the shared encoder's states.

    The ONNX graph takes ``hidden_states`` (batch x seq x hidden, float32) and
    ``attention_mask`` and returns ``last_hidden_state``.
    """

    def __init__(self, path: Path, *, threads: int = 1) -> None:
        if not path.is_file():
            raise ModelError(f"[E1303] Encoder file {path} is missing. Reinstall unspin.")
        self.path = path
        self._session = _session(path, threads)

    def run(self, states: Sequence[FloatArray], batch_size: int = 1) -> list[FloatArray]:
        """Top-layer states of each input's states, in input order (batched by length)."""
        out: list[FloatArray | None] = [None] * len(states)
        for idx in length_groups([len(s) for s in states], batch_size):
            width = max(len(states[i]) for i in idx)
            hidden = np.zeros((len(idx), width, states[idx[0]].shape[1]), dtype=np.float32)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(states[i])
                hidden[row, :n] = states[i]
                mask[row, :n] = 1
            (result,) = self._session.run(
                ["last_hidden_state"], {"hidden_states": hidden, "attention_mask": mask}
            )
            for row, i in enumerate(idx):
                out[i] = np.asarray(result[row, : len(states[i])], dtype=np.float32)
        return [s for s in out if s is not None]


def length_groups(lengths: Sequence[int], batch_size: int, slack: float = 1.2) -> list[list[int]]:
    """Indices grouped into batches of similar length, shortest first.

    A batch is padded to its longest input, so it closes when it reaches ``batch_size`` or
    when padding would make it cost more than ``slack`` times its real tokens: on a CPU a
    padded token costs as much as a real one, and one call per paragraph beats padding
    short paragraphs to a long one.
    """
    groups: list[list[int]] = []
    current: list[int] = []
    tokens = 0
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        n = lengths[i]
        fits = len(current) < batch_size and (len(current) + 1) * n <= slack * (tokens + n)
        if current and not fits:
            groups.append(current)
            current, tokens = [], 0
        current.append(i)
        tokens += n
    if current:
        groups.append(current)
    return groups


def _session(path: Path, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelError(f"[E1304] Cannot load {path}: {exc}.") from exc


def _read_config(path: Path) -> EncoderConfig:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return EncoderConfig(
            name=str(data["name"]),
            version=str(data["version"]),
            max_len=int(data["max_len"]),
            hidden=int(data["hidden"]),
            heads=tuple(str(h) for h in data.get("heads", ())),
            tops=tuple((str(k), str(v)) for k, v in dict(data.get("tops", {})).items()),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"[E1305] Broken encoder config {path}: {exc!r}.") from exc


@functools.cache
def load_encoder(folder: Path, threads: int = 1) -> Encoder:
    """The shared ``Encoder`` of a folder: every detector asking for it gets one session."""
    return Encoder(folder, threads=threads)
