"""The persuasion models' loader over the shared linear runtime (``unspin.textclf.linear``).

Each model is ``<name>.json`` + float16 ``<name>.npz`` in the ``PERSUASION`` layout: one-vs-rest
heads with per-label thresholds and Platt calibration, or softmax heads.

Example:
    >>> model = load_model(directory, "st3")  # doctest: +SKIP
    >>> model.predict_proba(["They are traitors."]).shape  # doctest: +SKIP
    (1, 23)
"""

from __future__ import annotations

from pathlib import Path

from unspin.textclf.linear import PERSUASION, FloatArray, Head, LinearModel, load_linear

__all__ = ["FloatArray", "Head", "LinearModel", "load_model"]


def load_model(directory: Path, name: str) -> LinearModel:
    """Read the persuasion model ``name`` written by ``LinearModel.save(directory, name)``."""
    return load_linear(directory, PERSUASION, name)
