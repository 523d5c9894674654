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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from unspin.detectors.claims.cuefeatures import token_features
from unspin.errors import ModelError
from unspin.model import Span
from unspin.textclf.features import FeatureSpec, HashingFeaturizer
from unspin.textclf.linear import CUE_TAGGER, FloatArray, LinearModel, read_linear

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from unspin.detectors.claims.docindex import DocIndex

LABELS = ("O", "B", "I")
MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "models" / "attribution"


@dataclass(frozen=True, slots=True)
class TaggedCue:
    """A cue found by the tagger: tokens ``first..last`` (inclusive) and its mean probability."""

    first: int
    last: int
    score: float


class CueScorer(Protocol):
    """What the attribution combiner needs of a cue tagger (linear or CRF)."""

    def doc_log_proba(
        self,
        doc: Doc,
        rule_cues: Sequence[Span],
        quotes: Sequence[Span],
        index: DocIndex | None = None,
    ) -> FloatArray:
        """Per-token log-probabilities of ``O``, ``B``, ``I``."""
        ...

    def decode(self, logp: FloatArray, threshold: float | None = None) -> list[TaggedCue]:
        """Cues (token runs) with their scores, at least ``threshold`` (default: the tagger's)."""
        ...


def hash_features(rows: Sequence[Sequence[str]], n_features: int) -> list[list[int]]:
    """Bucket every feature string with CRC-32 (stable across processes); sorted, no repeats."""
    featurizer = HashingFeaturizer(FeatureSpec.extras_only(n_features))
    indptr, indices, _ = featurizer.transform([""] * len(rows), rows)
    return [indices[a:b].tolist() for a, b in pairwise(indptr.tolist())]


def cue_model(
    coef: FloatArray, intercept: FloatArray, meta: dict[str, Any] | None = None
) -> LinearModel:
    """The softmax over ``O``, ``B``, ``I``: ``coef`` is ``(3, 2**k)``, as scikit-learn fits it."""
    return LinearModel(
        spec=FeatureSpec.extras_only(int(coef.shape[-1])),
        labels=LABELS,
        idf=None,
        coef=np.ascontiguousarray(coef, dtype=np.float64),
        intercept=np.asarray(intercept, dtype=np.float64),
        head="softmax",
        meta={} if meta is None else meta,
        layout=CUE_TAGGER,
    )


@dataclass(slots=True)
class CueTagger:
    """A linear BIO cue tagger: a softmax over hashed presence features, then Viterbi."""

    model: LinearModel
    threshold: float = 0.5
    cue_bias: float = 0.0  # added to the log-probabilities of B and I before decoding

    def __post_init__(self) -> None:
        if self.model.labels != LABELS or self.model.head != "softmax":
            raise ModelError(
                f"[E821] Cue tagger has labels {self.model.labels} and a {self.model.head} head; "
                f"expected {LABELS} and softmax. Retrain with training/attribution/train_cues.py."
            )

    @property
    def meta(self) -> dict[str, Any]:
        return self.model.meta

    @property
    def n_features(self) -> int:
        return self.model.spec.n_features

    def log_proba(self, rows: Sequence[Sequence[str]]) -> FloatArray:
        """Per-token log-probabilities of ``O``, ``B``, ``I`` (shape ``(n_tokens, 3)``)."""
        if not rows:
            return np.zeros((0, len(LABELS)))
        return self.model.log_proba([""] * len(rows), rows)

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

    def decode(self, logp: FloatArray, threshold: float | None = None) -> list[TaggedCue]:
        """The cues of the best path whose mean token probability reaches ``threshold``.

        ``threshold`` defaults to the tagger's own.
        """
        floor = self.threshold if threshold is None else threshold
        return decode_runs(logp, self.cue_bias, floor)

    def save(self, directory: Path) -> None:
        """Write ``cues.npz`` (float16 weights) and ``cues.json`` into ``directory``."""
        self.model.save(directory, extra={"threshold": self.threshold, "cue_bias": self.cue_bias})


def decode_runs(logp: FloatArray, bias: float, floor: float) -> list[TaggedCue]:
    """The ``B I*`` runs of the best path (``bias`` added to ``B`` and ``I`` first) whose mean
    probability of their path labels, unbiased, reaches ``floor``."""
    if logp.shape[0] == 0:
        return []
    path = viterbi(logp + np.array([0.0, bias, bias]))
    found = []
    for first, last in chunks(path):
        prob = float(np.exp(logp[np.arange(first, last + 1), path[first : last + 1]]).mean())
        if prob >= floor:
            found.append(TaggedCue(first, last, prob))
    return found


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
    model, header = read_linear(directory, CUE_TAGGER)
    return CueTagger(
        model,
        threshold=float(header.get("threshold", 0.5)),
        cue_bias=float(header.get("cue_bias", 0.0)),
    )


@lru_cache(maxsize=1)
def load_cue_tagger() -> CueTagger:
    """The shipped cue tagger (cached, one load per process)."""
    return load_cue_tagger_from(MODEL_DIR)
