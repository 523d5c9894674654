"""The attribution tagger of ``claims.attribution.v4``: a MiniLM encoder fine-tuned on PolNeAR
to give every wordpiece a BIO label for three roles (cue, source, content).

The tagger (trained by ``training/attribution/train_neural.py``, shipped in
``unspin/data/models/claims``) encodes an article paragraph by paragraph in windows that keep
each wordpiece's character offsets (``unspin.encoder``); a spaCy token takes the distribution of
its first wordpiece. Cues are scored by blending, in log space, the tagger's cue distribution
with the CRF's of ``claims.attribution.v3``, whose features include the rule cues and quotes the
encoder does not see; sources and contents are decoded from the other two roles
(``neural_spans``). The blend, the decoding bias, the thresholds and the span options are
stored beside the model (``claims.json``) and were chosen on held-out PolNeAR train.

The same code also reads a head trained over the shared encoder's pass (``claims_top.onnx``
in a shared-encoder folder; ``train_neural.py --top-layers``), kept for the experiment that
measured it.

Example:
    >>> scorer = load_neural_scorer()  # doctest: +SKIP
    >>> scorer.decode(scorer.doc_log_proba(doc, rule_cues=[], quotes=[]))  # doctest: +SKIP
    [TaggedCue(first=1, last=1, score=0.97)]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from unspin.detectors.claims.crftagger import CrfCueTagger, load_crf_tagger
from unspin.detectors.claims.neural_spans import SpanOptions, TaggedSpans
from unspin.detectors.claims.tagger import LABELS, TaggedCue, decode_runs
from unspin.encoder import Encoder, SegmentStates, TopLayers, load_encoder, paragraph_passes
from unspin.encoder import FloatArray as StateArray
from unspin.encoder.passes import with_top
from unspin.errors import ModelError
from unspin.model import Span
from unspin.nlp.segment import paragraph_spans
from unspin.textclf.linear import FloatArray

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from unspin.detectors.claims.docindex import DocIndex

ROLES = ("cue", "source", "content")
HEAD = "claims"
_FLOOR = 1e-9  # probabilities are clipped here before the logarithm

__all__ = ["HEAD", "LABELS", "ROLES", "NeuralCueScorer", "load_neural_scorer"]


@dataclass(frozen=True)
class TokenHead:
    """A BIO softmax per role over each wordpiece's top-layer state."""

    weight: StateArray  # (roles * 3, hidden)
    bias: StateArray  # (roles * 3,)

    @classmethod
    def load(cls, path: Path) -> TokenHead:
        try:
            with np.load(path) as data:
                weight = np.asarray(data["weight"], dtype=np.float32)
                bias = np.asarray(data["bias"], dtype=np.float32)
                labels = tuple(str(x) for x in data["labels"])
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"[E828] Cannot read the claims head {path}: {exc!r}.") from exc
        expected = tuple(f"{r}-{t}" for r in ROLES for t in LABELS)
        if labels != expected or weight.shape[0] != len(expected) or bias.shape != (len(expected),):
            raise ModelError(
                f"[E828] The claims head {path} has labels {labels}; expected {expected}. "
                "Rebuild it with training/attribution/train_neural.py --export."
            )
        return cls(weight, bias)

    def log_proba(self, states: StateArray) -> FloatArray:
        """``(pieces, roles, 3)`` log-probabilities."""
        logits = (states @ self.weight.T + self.bias).reshape(len(states), len(ROLES), -1)
        shifted = logits - logits.max(axis=-1, keepdims=True)
        return np.asarray(
            shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)), dtype=np.float64
        )


def piece_table(segments: Sequence[SegmentStates]) -> tuple[np.ndarray, np.ndarray, StateArray]:
    """Every wordpiece of the pass in text order: starts, ends, states (no [CLS] or [SEP])."""
    starts: list[int] = []
    ends: list[int] = []
    rows: list[StateArray] = []
    for seg in segments:
        for window, states in zip(seg.windows, seg.states, strict=True):
            n = len(window.offsets)
            if n == 0:
                continue
            starts.extend(s for s, _ in window.offsets)
            ends.extend(e for _, e in window.offsets)
            rows.append(states[1 : n + 1])
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, 0), np.float32)
    return np.asarray(starts), np.asarray(ends), np.concatenate(rows)


def first_pieces(doc: Doc, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each token, the index of its first overlapping wordpiece, or -1 when none is."""
    if len(doc) == 0:
        return np.zeros(0, np.int64)
    tok_start = np.fromiter((t.idx for t in doc), np.int64, len(doc))
    tok_end = tok_start + np.fromiter((len(t.text) for t in doc), np.int64, len(doc))
    if len(starts) == 0:
        return np.full(len(doc), -1, np.int64)
    j = np.searchsorted(ends, tok_start, side="right")
    inside = j < len(starts)
    j_safe = np.minimum(j, len(starts) - 1)
    ok = inside & (starts[j_safe] < tok_end)
    return np.where(ok, j_safe, -1)


@dataclass
class NeuralCueScorer:
    """Cue log-probabilities from the encoder head blended with the CRF's (module docstring)."""

    encoder: Encoder
    top: TopLayers | None
    head: TokenHead
    base: CrfCueTagger
    blend: float = 0.7  # weight of the encoder head in the log-linear blend
    threshold: float = 0.3  # a cue no rule found must reach this mean probability
    cue_bias: float = 0.0  # added to the blended log-probabilities of B and I before decoding
    rule_threshold: float = 0.2  # a rule attribution whose cue scores lower is dropped
    spans: SpanOptions = field(default_factory=SpanOptions)
    meta: dict[str, Any] = field(default_factory=dict)
    _memo: tuple[tuple[int, int, str], FloatArray] | None = field(
        default=None, repr=False, compare=False
    )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle by model folder (ONNX sessions cannot be pickled), for worker processes."""
        settings = {f: getattr(self, f) for f in _SETTINGS}
        return _reopen, (self.encoder.folder, settings)

    def role_log_proba(self, doc: Doc) -> FloatArray:
        """``(tokens, roles, 3)`` log-probabilities from the head (first wordpiece of each token);
        the last document's are kept, so the cue scorer and the span decoder share one run."""
        key = (id(doc), len(doc), doc.text)
        if self._memo is not None and self._memo[0] == key:
            return self._memo[1]
        found = self._role_log_proba(doc)
        self._memo = (key, found)
        return found

    def tagged_spans(self, doc: Doc) -> TaggedSpans:
        """The document's tagged sources and contents, with the scorer's span options."""
        return TaggedSpans.decode(self.role_log_proba(doc), self.spans)

    def _role_log_proba(self, doc: Doc) -> FloatArray:
        text = doc.text
        segments = list(paragraph_spans(text))
        if not segments and text.strip():
            segments = [Span(0, len(text))]
        starts, ends, logps = [], [], []
        # a long article streams: only one chunk's states are held at a time
        for chunk in paragraph_passes(self.encoder, text, segments):
            passes = chunk if self.top is None else with_top(self.top, chunk)
            chunk_starts, chunk_ends, states = piece_table(passes)
            if len(states):
                starts.append(chunk_starts)
                ends.append(chunk_ends)
                logps.append(self.head.log_proba(states))
        out = np.full((len(doc), len(ROLES), len(LABELS)), np.log(_FLOOR))
        out[:, :, 0] = 0.0
        if not logps:
            return out
        first = first_pieces(doc, np.concatenate(starts), np.concatenate(ends))
        has = first >= 0
        out[has] = np.concatenate(logps)[first[has]]
        return out

    def doc_log_proba(
        self,
        doc: Doc,
        rule_cues: Sequence[Span],
        quotes: Sequence[Span],
        index: DocIndex | None = None,
    ) -> FloatArray:
        """Per-token log-probabilities of ``O``, ``B``, ``I`` for cues (blended, normalised)."""
        if len(doc) == 0:
            return np.zeros((0, len(LABELS)))
        neural = self.role_log_proba(doc)[:, 0, :]
        if self.blend >= 1.0:
            return neural
        base = self.base.doc_log_proba(doc, rule_cues, quotes, index)
        mixed = self.blend * neural + (1.0 - self.blend) * base
        mixed -= mixed.max(axis=1, keepdims=True)
        return np.asarray(mixed - np.log(np.exp(mixed).sum(axis=1, keepdims=True)))

    def decode(self, logp: FloatArray, threshold: float | None = None) -> list[TaggedCue]:
        """The cues of the best path whose mean token probability reaches ``threshold``."""
        return decode_runs(logp, self.cue_bias, self.threshold if threshold is None else threshold)


_SETTINGS = ("blend", "threshold", "cue_bias", "rule_threshold", "spans", "meta")


def _reopen(folder: Path, settings: dict[str, Any]) -> NeuralCueScorer:
    return replace(load_neural_scorer_from(folder), **settings)


def load_neural_scorer_from(folder: Path) -> NeuralCueScorer:
    """The scorer of a shared-encoder folder with a ``claims`` head (and its settings)."""
    encoder = load_encoder(folder)
    head = TokenHead.load(folder / f"{HEAD}.npz")
    settings: dict[str, Any] = {}
    path = folder / f"{HEAD}.json"
    if path.is_file():
        try:
            settings = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ModelError(f"[E828] Broken claims head settings {path}: {exc}.") from exc
    decoding = dict(settings.get("decoding", {}))
    return NeuralCueScorer(
        encoder=encoder,
        top=encoder.top(HEAD),
        head=head,
        base=load_crf_tagger(),
        blend=float(decoding.get("blend", 0.7)),
        threshold=float(decoding.get("threshold", 0.3)),
        cue_bias=float(decoding.get("cue_bias", 0.0)),
        rule_threshold=float(decoding.get("rule_threshold", 0.2)),
        spans=SpanOptions(**dict(settings.get("spans", {}))),
        meta={"name": f"{encoder.version}+{HEAD}", **settings.get("model", {})},
    )


MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "models" / "claims"


@lru_cache(maxsize=1)
def load_neural_scorer() -> NeuralCueScorer:
    """The shipped scorer (``unspin/data/models/claims``), loaded once per process."""
    return load_neural_scorer_from(MODEL_DIR)
