"""The shipped stance models reproduce their dev macro-F1 (eval/stance/README.md) within 0.005."""

from __future__ import annotations

import pytest

from tests.support import shared_data
from unspin.detectors.persuasion.encoder_models import shared_model_dir
from unspin.detectors.stance import (
    SharedStancePredictor,
    StancePredictor,
    evaluate_file,
    stance_model_dir,
)
from unspin.detectors.stance.predict import Predictor

pytestmark = [pytest.mark.slow, pytest.mark.shared_data, pytest.mark.issue(6)]

# Measured with `unspin stance evaluate <dev file> [--model shared]` (eval/stance/README.md).
PINNED = {
    ("target", "newsmtsc-mt-dev.jsonl"): 0.7150,
    ("target", "newsmtsc-rw-dev.jsonl"): 0.7874,
    ("shared", "newsmtsc-mt-dev.jsonl"): 0.6873,
    ("shared", "newsmtsc-rw-dev.jsonl"): 0.7459,
}


def _predictor(model: str) -> Predictor:
    folder = stance_model_dir() if model == "target" else shared_model_dir()
    if not (folder / "encoder.onnx").is_file():
        pytest.skip(f"model files not present in {folder}")
    return StancePredictor.load() if model == "target" else SharedStancePredictor.load()


@pytest.mark.parametrize(("model", "name"), sorted(PINNED))
def test_dev_macro_f1(model: str, name: str) -> None:
    path = shared_data("newsmtsc") / name
    report = evaluate_file(path, None, _predictor(model))
    assert report.macro_f1 == pytest.approx(PINNED[(model, name)], abs=0.005)
