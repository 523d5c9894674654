"""Offline language identification with py3langid (a pre-trained naive Bayes model)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

# Enough text for a stable guess; identification time grows with length.
_SAMPLE_CHARS = 2000
_MIN_LETTERS = 3
UNDETERMINED = "und"


def detect_language(text: str) -> tuple[str, float]:
    """Guess the ISO 639-1 language of ``text`` and a probability in [0, 1].

    Text with almost no letters gives ``("und", 0.0)``.

    Example:
        >>> detect_language("The minister resigned on Tuesday after the vote.")[0]
        'en'
    """
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return UNDETERMINED, 0.0
    identifier = _identifier()
    counts = identifier.instance2fv(sample)
    # Only the features present in the sample contribute; a sparse product avoids converting
    # the whole 7480x97 table on every call (the dense dot product dominated ingest time).
    present = np.flatnonzero(counts)
    log_probs = counts[present].astype(np.float32) @ identifier.nb_ptc[present] + identifier.nb_pc
    probs = identifier.norm_probs(log_probs)
    best = int(np.argmax(probs))
    return str(identifier.nb_classes[best]), round(float(probs[best]), 4)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
