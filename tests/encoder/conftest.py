"""The encoder the runtime tests run: the shipped six-layer stance encoder."""

from __future__ import annotations

import pytest

from unspin.detectors.stance.predict import stance_model_dir
from unspin.encoder import Encoder, load_encoder


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    folder = stance_model_dir()
    if not (folder / "encoder.onnx").is_file():
        pytest.skip(f"stance model files not present in {folder} (run training/stance/export.py)")
    return load_encoder(folder)
