"""The ONNX encoder runtime on short texts: shapes, batching that does not change results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.encoder import AnchorHead, Encoder, load_encoder
from unspin.encoder.runtime import length_groups
from unspin.errors import ModelError


def test_states_have_one_row_per_token(encoder: Encoder) -> None:
    tok = encoder.tokenizer
    inputs = [tok.encode("Xi met Putin.", 96), tok.encode("A much longer sentence here.", 96)]
    states = encoder.run(inputs)
    assert [s.shape for s in states] == [(len(i.ids), encoder.config.hidden) for i in inputs]
    assert all(s.dtype == np.float32 and np.isfinite(s).all() for s in states)


def test_padding_in_a_batch_barely_changes_states(encoder: Encoder) -> None:
    """Padding is masked; int8 dynamic quantisation scales activations per batch, so states
    move slightly with the batch's other rows, but the prediction does not."""
    tok = encoder.tokenizer
    head = AnchorHead.load(encoder.folder / "stance.npz", "stance")
    short = tok.encode_marked("Critics said Smith lied.", 13, 18, 96)
    long = tok.encode("The committee published a long and detailed report on Tuesday.", 96)
    alone = encoder.run([short])[0]
    batched = encoder.run([long, short, long], batch_size=8)[1]
    assert alone.shape == batched.shape
    assert np.corrcoef(alone.ravel(), batched.ravel())[0, 1] > 0.99
    p_alone = head.predict([alone], [short])
    p_batched = head.predict([batched], [short])
    assert np.abs(p_alone - p_batched).max() < 0.1
    assert p_alone.argmax() == p_batched.argmax()


def test_encoder_is_shared_per_folder(encoder: Encoder) -> None:
    assert load_encoder(encoder.folder) is encoder


def test_head_gives_probabilities(encoder: Encoder) -> None:
    head = AnchorHead.load(encoder.folder / "stance.npz", "stance")
    tok = encoder.tokenizer
    inputs = [tok.encode_marked("Critics slammed Smith.", 16, 21, 96)]
    probs = head.predict(encoder.run(inputs), inputs)
    assert probs.shape == (1, 3)
    assert probs.sum() == pytest.approx(1.0, abs=1e-5)
    assert head.labels == ("negative", "neutral", "positive")


def test_empty_folder_is_a_coded_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"\[E1303\]"):
        Encoder(tmp_path)


@pytest.mark.parametrize(
    "lengths",
    [[], [5], [3, 200, 4, 190, 50, 51, 52], [10] * 100, list(range(1, 300, 7))],
)
def test_length_groups_cover_every_input_once_with_little_padding(lengths: list[int]) -> None:
    groups = length_groups(lengths, batch_size=16)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
    for group in groups:
        assert len(group) <= 16
        if len(group) > 1:
            real = sum(lengths[i] for i in group)
            assert len(group) * max(lengths[i] for i in group) <= 1.2 * real


def test_a_long_paragraph_is_not_padded_into_short_ones() -> None:
    groups = length_groups([10, 12, 200, 11], batch_size=64)
    assert [2] in groups
