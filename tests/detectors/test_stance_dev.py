"""The shipped stance model reproduces its dev macro-F1 (eval/stance/README.md) within 0.005."""

from __future__ import annotations

import pytest

from tests.support import shared_data
from unspin.detectors.stance import StancePredictor, evaluate_file, stance_model_dir

pytestmark = [pytest.mark.slow, pytest.mark.shared_data, pytest.mark.issue(6)]

# Measured with `python -m unspin.cli.stance evaluate <dev file>` (see eval/stance/README.md).
PINNED = {
    "newsmtsc-mt-dev.jsonl": 0.7108,
    "newsmtsc-rw-dev.jsonl": 0.7904,
}


@pytest.fixture(scope="module")
def predictor() -> StancePredictor:
    if not (stance_model_dir() / "encoder.onnx").is_file():
        pytest.skip(f"stance model files not present in {stance_model_dir()}")
    return StancePredictor.load()


@pytest.mark.parametrize("name", sorted(PINNED))
def test_dev_macro_f1(predictor: StancePredictor, name: str) -> None:
    path = shared_data("newsmtsc") / name
    report = evaluate_file(path, None, predictor)
    assert report.macro_f1 == pytest.approx(PINNED[name], abs=0.005)
