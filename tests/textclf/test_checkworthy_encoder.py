"""The check-worthiness encoder: loading, its blend with the linear model, pickling."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.textclf import load_checkworthy
from unspin.textclf.checkworthy_encoder import (
    MODEL_DIR,
    load_checkworthy_encoder,
    load_checkworthy_encoder_from,
)

TEXTS = ["Unemployment fell by 2 percent last year.", "Thank you all for coming.", ""]


def test_shipped_model_loads_with_its_settings() -> None:
    model = load_checkworthy_encoder()
    assert model.meta["name"].startswith("unspin-checkworthy-minilm")
    assert 0.0 < model.blend <= 1.0 and 0.0 < model.threshold < 1.0


def test_probabilities_blend_the_encoder_and_the_linear_model() -> None:
    model = load_checkworthy_encoder()
    blended = model.predict_proba(TEXTS)
    assert blended.shape == (3,) and np.all((blended >= 0) & (blended <= 1))
    own = model.encoder_proba(TEXTS)
    linear = load_checkworthy().predict_proba(TEXTS)
    np.testing.assert_allclose(blended, model.blend * own + (1 - model.blend) * linear)
    assert model.predict_proba([]).shape == (0,)


def test_a_factual_claim_scores_above_a_courtesy() -> None:
    fact, courtesy, _ = load_checkworthy_encoder().predict_proba(TEXTS)
    assert fact > courtesy


def test_pickles_by_folder() -> None:
    model = load_checkworthy_encoder()
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_allclose(copy.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_a_broken_head_is_a_coded_error(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    (folder / "checkworthy.json").write_text(json.dumps({"weight": 0.5}))
    with pytest.raises(ModelError, match=r"\[E913\]"):
        load_checkworthy_encoder_from(folder)
    (folder / "checkworthy.npz").unlink()
    with pytest.raises(ModelError, match=r"\[E913\]"):
        load_checkworthy_encoder_from(folder)
