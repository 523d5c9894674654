"""The numpy heads: loading, shape checks and the probabilities they compute."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.encoder import MultiLabelHead, PairHead
from unspin.errors import ModelError


def _save(path: Path, **arrays: object) -> Path:
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return path


def test_multi_label_head_is_independent_sigmoids(tmp_path: Path) -> None:
    weight = np.array([[1.0, 0.0], [0.0, -2.0]], dtype=np.float32)
    path = _save(tmp_path / "st3.npz", weight=weight, bias=np.zeros(2), labels=["a", "b"], cut=0.4)
    head = MultiLabelHead.load(path, "st3")
    assert head.labels == ("a", "b") and head.cut == pytest.approx(0.4)
    proba = head.proba(np.array([[2.0, 1.0]], dtype=np.float32))
    np.testing.assert_allclose(proba, [[1 / (1 + np.exp(-2)), 1 / (1 + np.exp(2))]], rtol=1e-6)


def test_a_multi_label_head_without_a_cut_is_refused(tmp_path: Path) -> None:
    path = _save(tmp_path / "h.npz", weight=np.zeros((2, 3)), bias=np.zeros(2), labels=["a", "b"])
    with pytest.raises(ModelError, match="E1307"):
        MultiLabelHead.load(path, "h")


def test_pair_head_reads_both_states_side_by_side(tmp_path: Path) -> None:
    weight = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]], dtype=np.float32)
    path = _save(tmp_path / "s.npz", weight=weight, bias=np.zeros(2), labels=["neg", "pos"])
    head = PairHead.load(path, "stance")
    first = np.array([[3.0, 0.0]], dtype=np.float32)
    second = np.array([[0.0, 3.0]], dtype=np.float32)
    np.testing.assert_allclose(head.proba(first, second), [[0.5, 0.5]], rtol=1e-6)
    assert head.proba(first, -second)[0, 0] > 0.99


@pytest.mark.parametrize(
    "arrays",
    [
        {"weight": np.zeros((3, 4)), "bias": np.zeros(2), "labels": ["a", "b"]},
        {"weight": np.zeros(4), "bias": np.zeros(2), "labels": ["a", "b"]},
        {"bias": np.zeros(2), "labels": ["a", "b"]},
    ],
)
def test_broken_heads_raise_model_errors(tmp_path: Path, arrays: dict[str, object]) -> None:
    path = _save(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelError, match=r"E130[67]"):
        PairHead.load(path, "bad")


def test_a_missing_head_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="E1306"):
        PairHead.load(tmp_path / "absent.npz", "absent")
