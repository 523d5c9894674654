"""Load the shipped text classifiers (cached, one load per process) and find hedge cues.

Example:
    >>> clf = load_checkworthy()
    >>> scores = clf.predict_proba(["Unemployment fell by 2 percent last year."])
    >>> bool(0.0 <= scores[0] <= 1.0)
    True
    >>> hedge_cues("The minister may resign.")
    [(13, 16, 'probable')]
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from unspin.errors import ModelError
from unspin.textclf.cues import CueLexicon
from unspin.textclf.linear import LinearTextClassifier, load_classifier

MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "models"


def _model_dir(name: str) -> Path:
    path = MODELS_DIR / name
    if not (path / "model.json").is_file():
        raise ModelError(
            f"[E912] Shipped model {name!r} not found in {path}. Reinstall unspin, or rebuild it "
            f"with training/train_{name}.py (see its MODEL_CARD.md)."
        )
    return path


@lru_cache(maxsize=1)
def load_checkworthy() -> LinearTextClassifier:
    """Return the CheckThat! 2024 English check-worthiness classifier."""
    return load_classifier(_model_dir("checkworthy"))


@lru_cache(maxsize=1)
def load_hedge_lexicon() -> CueLexicon:
    """Return the hedge cue lexicon learned from the Wikipedia uncertainty corpus."""
    return CueLexicon.load(_model_dir("hedge") / "cues.json")


@lru_cache(maxsize=1)
def load_hedge() -> LinearTextClassifier:
    """Return the sentence-level uncertainty (hedge) classifier."""
    return load_classifier(_model_dir("hedge"), extra_features=load_hedge_lexicon().features)


def hedge_cues(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, cue_type)`` hedge cue spans in ``text`` (end-exclusive offsets).

    ``cue_type`` is one of ``probable``, ``doxastic``, ``condition``, ``investigation``.
    """
    return load_hedge_lexicon().find(text)
