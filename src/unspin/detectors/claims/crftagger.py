"""The CRF attribution cue tagger: a linear-chain CRF (CRFsuite) over ``crffeatures``.

The CRF (trained on PolNeAR train by ``training/attribution/train_crf.py``) gives per-token
marginal probabilities of ``O``, ``B`` and ``I``. Cues are decoded from their logarithms with
the same constrained Viterbi as the linear tagger (``I`` never after ``O``), after a bias on
``B`` and ``I``; a cue's score is the mean marginal of its path labels.

Example:
    >>> tagger = load_crf_tagger()  # doctest: +SKIP
    >>> tagger.decode(tagger.doc_log_proba(doc, rule_cues=[], quotes=[]))  # doctest: +SKIP
    [TaggedCue(first=1, last=1, score=0.97)]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pycrfsuite

from unspin.detectors.claims.crffeatures import crf_features
from unspin.detectors.claims.tagger import LABELS, MODEL_DIR, TaggedCue, decode_runs
from unspin.errors import ModelError
from unspin.model import Span
from unspin.textclf.linear import FloatArray

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from unspin.detectors.claims.docindex import DocIndex

FORMAT_VERSION = 1
MODEL_FILE = "cues-crf.crfsuite"
HEADER_FILE = "cues-crf.json"
_FLOOR = 1e-9  # marginals are clipped here before the logarithm


@dataclass(slots=True)
class CrfCueTagger:
    """A CRF BIO cue tagger decoded from its marginals (see the module docstring)."""

    tagger: pycrfsuite.Tagger
    threshold: float = 0.5
    cue_bias: float = 0.0  # added to the log-marginals of B and I before decoding
    rule_threshold: float = 0.2  # a rule attribution whose cue scores lower is dropped
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None  # the model file, reopened when the tagger is unpickled

    def __post_init__(self) -> None:
        labels = set(self.tagger.labels())
        if not labels <= set(LABELS) or "O" not in labels:
            raise ModelError(
                f"[E824] CRF cue tagger has labels {sorted(labels)}; expected a subset of "
                f"{LABELS} with 'O'. Retrain with training/attribution/train_crf.py."
            )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle by model path (CRFsuite's tagger cannot be pickled), for worker processes."""
        if self.path is None:
            raise ModelError(
                "[E827] A CRF cue tagger opened without a model path cannot be pickled; "
                "load it with load_crf_tagger_from(directory)."
            )
        state = (self.path, self.threshold, self.cue_bias, self.rule_threshold, self.meta)
        return _reopen, state

    def log_proba(self, rows: Sequence[Sequence[str]]) -> FloatArray:
        """Per-token log-marginals of ``O``, ``B``, ``I`` (shape ``(n_tokens, 3)``)."""
        n = len(rows)
        if n == 0:
            return np.zeros((0, len(LABELS)))
        self.tagger.set(pycrfsuite.ItemSequence([list(r) for r in rows]))
        known = set(self.tagger.labels())
        probs = np.full((n, len(LABELS)), _FLOOR)
        marginal = self.tagger.marginal
        for k, label in enumerate(LABELS):
            if label in known:
                probs[:, k] = [marginal(label, t) for t in range(n)]
        logp: FloatArray = np.log(np.clip(probs, _FLOOR, 1.0))
        return logp

    def doc_log_proba(
        self,
        doc: Doc,
        rule_cues: Sequence[Span],
        quotes: Sequence[Span],
        index: DocIndex | None = None,
    ) -> FloatArray:
        """Per-token log-marginals for ``doc``, given the rule cues and the quotes."""
        return self.log_proba(crf_features(doc, rule_cues, quotes, index=index))

    def decode(self, logp: FloatArray, threshold: float | None = None) -> list[TaggedCue]:
        """The cues of the best biased path whose mean marginal reaches ``threshold``."""
        return decode_runs(logp, self.cue_bias, self.threshold if threshold is None else threshold)


def write_header(
    directory: Path,
    meta: dict[str, Any],
    threshold: float,
    cue_bias: float,
    rule_threshold: float,
) -> None:
    """Write ``cues-crf.json`` beside the CRFsuite model file."""
    header = {
        "format_version": FORMAT_VERSION,
        "labels": list(LABELS),
        "threshold": threshold,
        "cue_bias": cue_bias,
        "rule_threshold": rule_threshold,
        "meta": meta,
    }
    (directory / HEADER_FILE).write_text(json.dumps(header, indent=2) + "\n", encoding="utf-8")


def load_crf_tagger_from(directory: Path) -> CrfCueTagger:
    """Read a CRF tagger: ``cues-crf.crfsuite`` and its ``cues-crf.json`` header."""
    model, header_path = directory / MODEL_FILE, directory / HEADER_FILE
    if not model.is_file() or not header_path.is_file():
        raise ModelError(
            f"[E823] No CRF cue tagger in {directory} (need {MODEL_FILE} and {HEADER_FILE}). "
            "Train it with training/attribution/train_crf.py."
        )
    header = json.loads(header_path.read_text(encoding="utf-8"))
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"[E825] CRF cue tagger header {header_path} has format version "
            f"{header.get('format_version')!r}; this unspin reads {FORMAT_VERSION}. "
            "Retrain with training/attribution/train_crf.py."
        )
    return _reopen(
        model,
        float(header.get("threshold", 0.5)),
        float(header.get("cue_bias", 0.0)),
        float(header.get("rule_threshold", 0.2)),
        dict(header.get("meta", {})),
    )


def _reopen(
    path: Path, threshold: float, cue_bias: float, rule_threshold: float, meta: dict[str, Any]
) -> CrfCueTagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return CrfCueTagger(tagger, threshold, cue_bias, rule_threshold, meta, path)


@lru_cache(maxsize=1)
def load_crf_tagger() -> CrfCueTagger:
    """The shipped CRF cue tagger (cached, one load per process)."""
    return load_crf_tagger_from(MODEL_DIR)
