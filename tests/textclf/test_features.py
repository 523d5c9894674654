"""The hashing featurizer: tokens, n-grams, buckets and the CSR layout."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.errors import ModelError
from unspin.textclf.features import FeatureSpec, HashingFeaturizer, tokenize

WORDS_ONLY = FeatureSpec(n_features=2**10, word_ngrams=(1, 2), char_ngrams=(0, 0))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("It may rain.", ["It", "may", "rain", "."]),
        ("Taxes rose 4.5%", ["Taxes", "rose", "4", ".", "5", "%"]),
        ("", []),
        ("  ", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    ("spec", "text", "features"),
    [
        (WORDS_ONLY, "It may", ["w:it", "w:may", "w:it may"]),
        (
            FeatureSpec(word_ngrams=(0, 0), char_ngrams=(2, 3)),
            "Ab",
            ["c: a", "c:ab", "c:b ", "c: ab", "c:ab "],
        ),
        (
            FeatureSpec(word_ngrams=(1, 1), char_ngrams=(0, 0), digits_to_zero=True),
            "In 2019",
            ["w:in", "w:0000"],
        ),
        (
            FeatureSpec(word_ngrams=(1, 1), char_ngrams=(0, 0), lowercase=False),
            "Big",
            ["w:Big"],
        ),
    ],
)
def test_analyze(spec: FeatureSpec, text: str, features: list[str]) -> None:
    assert HashingFeaturizer(spec).analyze(text) == features


def test_index_is_crc32_masked() -> None:
    featurizer = HashingFeaturizer(WORDS_ONLY)
    assert featurizer.index("w:may") == zlib.crc32(b"w:may") % 2**10


@pytest.mark.parametrize(
    ("texts", "row_lengths", "total"),
    [
        (["may may"], [2], 3.0),
        (["", "It may"], [0, 3], 3.0),
        ([], [], 0.0),
    ],
)
def test_transform_csr(texts: list[str], row_lengths: list[int], total: float) -> None:
    indptr, indices, counts = HashingFeaturizer(WORDS_ONLY).transform(texts)
    assert list(np.diff(indptr)) == row_lengths
    assert counts.sum() == total
    for row in range(len(texts)):
        bucket = indices[indptr[row] : indptr[row + 1]]
        assert list(bucket) == sorted(set(bucket))


def test_transform_extras() -> None:
    featurizer = HashingFeaturizer(WORDS_ONLY)
    _, indices, _ = featurizer.transform([""], [["x:cue9"]])
    assert list(indices) == [featurizer.index("x:cue9")]


@pytest.mark.parametrize(
    "kwargs",
    [{"n_features": 1000}, {"n_features": 0}, {"word_ngrams": (2, 1)}, {"char_ngrams": (-1, 2)}],
)
def test_bad_spec(kwargs: dict[str, object]) -> None:
    with pytest.raises(ModelError, match=r"\[E901\]"):
        FeatureSpec(**kwargs)  # type: ignore[arg-type]


def test_spec_round_trip() -> None:
    spec = FeatureSpec(digits_to_zero=True, char_ngrams=(3, 4))
    assert FeatureSpec.from_json(spec.to_json()) == spec


def test_spec_broken_json() -> None:
    with pytest.raises(ModelError, match=r"\[E902\]"):
        FeatureSpec.from_json({"n_features": 8})


SPECS = [
    FeatureSpec(n_features=2**10, word_ngrams=(1, 2), char_ngrams=(2, 5)),
    FeatureSpec(n_features=2**18, word_ngrams=(1, 3), char_ngrams=(0, 0), digits_to_zero=True),
    FeatureSpec(n_features=2**12, word_ngrams=(0, 0), char_ngrams=(1, 3), lowercase=False),
]


@given(
    texts=st.lists(st.text(max_size=80), max_size=5),
    extra=st.lists(st.text(max_size=10), max_size=4),
    which=st.integers(0, len(SPECS) - 1),
)
@settings(max_examples=150, deadline=None)
def test_transform_counts_the_buckets_of_analyze(
    texts: list[str], extra: list[str], which: int
) -> None:
    featurizer = HashingFeaturizer(SPECS[which])
    extras = [extra] * len(texts)
    indptr, indices, counts = featurizer.transform(texts, extras)
    for row, text in enumerate(texts):
        expected: dict[int, int] = {}
        for feature in featurizer.analyze(text, extra):
            bucket = featurizer.index(feature)
            expected[bucket] = expected.get(bucket, 0) + 1
        got = indices[indptr[row] : indptr[row + 1]].tolist()
        assert got == sorted(expected)
        assert counts[indptr[row] : indptr[row + 1]].tolist() == [expected[b] for b in got]
