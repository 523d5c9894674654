"""The attribution cue tagger: hashed token features, a linear BIO model, constrained Viterbi.

The model (trained on PolNeAR train by ``training/attribution/train_cues.py``) is a multinomial
logistic regression over hashed feature strings from ``cuefeatures``; run time needs numpy only.
Decoding takes the per-token log-probabilities of ``O``, ``B`` and ``I`` and finds the best tag
sequence in which ``I`` never follows ``O`` (Viterbi), so every cue is a contiguous token run.

Example:
    >>> tagger = load_cue_tagger()  # doctest: +SKIP
    >>> tagger.tag(doc, rule_cues=[], quotes=[])  # doctest: +SKIP
    [TaggedCue(first=1, last=1, score=0.97)]
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from unspin.detectors.claims.cuefeatures import token_features
from unspin.errors import ModelError
from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from unspin.detectors.claims.docindex import DocIndex

FORMAT_VERSION = 1
LABELS = ("O", "B", "I")
MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "models" / "attribution"
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TaggedCue:
    """A cue found by the tagger: tokens ``first..last`` (inclusive) and its mean probability."""

    first: int
    last: int
    score: float


def hash_features(rows: Sequence[Sequence[str]], n_features: int) -> list[list[int]]:
    """Bucket every feature string with CRC-32 (stable across processes)."""
    mask = n_features - 1
    crc = zlib.crc32
    return [sorted({crc(f.encode("utf-8")) & mask for f in row}) for row in rows]


@dataclass(slots=True)
class CueTagger:
    """A linear BIO cue tagger; ``coef`` has one row per hash bucket, one column per label."""

    coef: FloatArray
    intercept: FloatArray
    threshold: float = 0.5
    cue_bias: float = 0.0  # added to the log-probabilities of B and I before decoding
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = self.coef.shape[0]
        if self.coef.ndim != 2 or self.coef.shape[1] != len(LABELS) or n & (n - 1):
            raise ModelError(
                f"[E821] Cue tagger weights have shape {self.coef.shape}; expected "
                f"(2**k, {len(LABELS)}). Retrain with training/attribution/train_cues.py."
            )
        if self.intercept.shape != (len(LABELS),):
            raise ModelError(
                f"[E821] Cue tagger intercept has shape {self.intercept.shape}; expected "
                f"({len(LABELS)},). Retrain with training/attribution/train_cues.py."
            )

    @property
    def n_features(self) -> int:
        return int(self.coef.shape[0])

    def log_proba(self, rows: Sequence[Sequence[str]]) -> FloatArray:
        """Per-token log-probabilities of ``O``, ``B``, ``I`` (shape ``(n_tokens, 3)``)."""
        if not rows:
            return np.zeros((0, len(LABELS)))
        buckets = hash_features(rows, self.n_features)
        lengths = np.fromiter((len(b) for b in buckets), dtype=np.int64, count=len(buckets))
        flat = np.fromiter(
            (j for b in buckets for j in b), dtype=np.int64, count=int(lengths.sum())
        )
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        scores = np.add.reduceat(self.coef[flat], starts, axis=0) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        logp: FloatArray = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return logp

    def tag(self, doc: Doc, rule_cues: Sequence[Span], quotes: Sequence[Span]) -> list[TaggedCue]:
        """Cues in ``doc`` whose mean token probability reaches ``threshold``."""
        if len(doc) == 0:
            return []
        return self.decode(self.doc_log_proba(doc, rule_cues, quotes))

    def doc_log_proba(
        self,
        doc: Doc,
        rule_cues: Sequence[Span],
        quotes: Sequence[Span],
        index: DocIndex | None = None,
    ) -> FloatArray:
        """Per-token log-probabilities for ``doc``, given the rule cues and the quotes."""
        return self.log_proba(token_features(doc, rule_cues, quotes, index=index))

    def decode(self, logp: FloatArray) -> list[TaggedCue]:
        """The cues of the best path whose mean token probability reaches ``threshold``."""
        if logp.shape[0] == 0:
            return []
        path = viterbi(logp + np.array([0.0, self.cue_bias, self.cue_bias]))
        found = []
        for first, last in chunks(path):
            prob = float(np.exp(logp[np.arange(first, last + 1), path[first : last + 1]]).mean())
            if prob >= self.threshold:
                found.append(TaggedCue(first, last, prob))
        return found

    def save(self, directory: Path) -> None:
        """Write ``cues.npz`` (float16 weights) and ``cues.json`` into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "cues.npz",
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
        )
        header = {
            "format_version": FORMAT_VERSION,
            "labels": list(LABELS),
            "n_features": self.n_features,
            "threshold": self.threshold,
            "cue_bias": self.cue_bias,
            "meta": self.meta,
        }
        (directory / "cues.json").write_text(
            json.dumps(header, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )


def viterbi(logp: FloatArray) -> npt.NDArray[np.int64]:
    """The best label path (indices into ``LABELS``) in which ``I`` never follows ``O``."""
    n = logp.shape[0]
    rows = logp.tolist()
    back = [[0, 0, 0] for _ in range(n)]
    o, b, i = rows[0][0], rows[0][1], -math.inf
    for t in range(1, n):
        lo, lb, li = rows[t]
        best_any = max(o, b, i)
        arg_any = 0 if best_any == o else (1 if best_any == b else 2)
        best_in = max(b, i)
        arg_in = 1 if best_in == b else 2
        back[t] = [arg_any, arg_any, arg_in]
        o, b, i = best_any + lo, best_any + lb, best_in + li
    last = max(range(3), key=lambda k: (o, b, i)[k])
    path = [last]
    for t in range(n - 1, 0, -1):
        path.append(back[t][path[-1]])
    return np.asarray(path[::-1], dtype=np.int64)


def chunks(path: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """``(first, last)`` token runs of ``B I*`` in a label path."""
    found: list[tuple[int, int]] = []
    start: int | None = None
    for t, label in enumerate(path.tolist()):
        if label == 1:
            if start is not None:
                found.append((start, t - 1))
            start = t
        elif label == 0 and start is not None:
            found.append((start, t - 1))
            start = None
    if start is not None:
        found.append((start, len(path) - 1))
    return found


def load_cue_tagger_from(directory: Path) -> CueTagger:
    """Read a tagger written by ``CueTagger.save``."""
    try:
        header = json.loads((directory / "cues.json").read_text(encoding="utf-8"))
        with np.load(directory / "cues.npz") as weights:
            coef = weights["coef"].astype(np.float64)
            intercept = weights["intercept"].astype(np.float64)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"[E820] Cannot read the attribution cue tagger in {directory}: {exc}. Reinstall "
            f"unspin or retrain it with training/attribution/train_cues.py (see MODEL_CARD.md)."
        ) from exc
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"[E822] Cue tagger in {directory} has format_version "
            f"{header.get('format_version')!r}; this unspin reads version {FORMAT_VERSION}."
        )
    return CueTagger(
        coef=coef,
        intercept=intercept,
        threshold=float(header.get("threshold", 0.5)),
        cue_bias=float(header.get("cue_bias", 0.0)),
        meta=dict(header.get("meta", {})),
    )


@lru_cache(maxsize=1)
def load_cue_tagger() -> CueTagger:
    """The shipped cue tagger (cached, one load per process)."""
    return load_cue_tagger_from(MODEL_DIR)
