"""A hashing featurizer for short texts: word and character n-grams mapped by CRC-32.

Training and run time share this module, so the features a model was trained on are the
features it sees later. Feature strings are hashed with ``zlib.crc32`` (stable across
processes and platforms, unlike ``hash``) into ``n_features`` buckets; the output is a
CSR triple of numpy arrays so callers need neither scipy nor scikit-learn.

Example:
    >>> spec = FeatureSpec(n_features=1024, word_ngrams=(1, 1), char_ngrams=(0, 0))
    >>> HashingFeaturizer(spec).analyze("It may rain.")
    ['w:it', 'w:may', 'w:rain', 'w:.']
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from unspin.errors import ModelError

_TOKEN = re.compile(r"\w+|[^\w\s]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """What the featurizer emits; stored beside the weights of every model."""

    n_features: int = 2**18
    lowercase: bool = True
    digits_to_zero: bool = False
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    sublinear_tf: bool = True

    def __post_init__(self) -> None:
        if self.n_features <= 0 or self.n_features & (self.n_features - 1):
            raise ModelError(
                f"[E901] n_features must be a positive power of two, got {self.n_features}."
            )
        for name, (low, high) in (("word", self.word_ngrams), ("char", self.char_ngrams)):
            if low < 0 or high < low:
                raise ModelError(
                    f"[E901] Invalid {name} n-gram range ({low}, {high}): need 0 <= low <= high "
                    f"(use (0, 0) to switch {name} n-grams off)."
                )

    @classmethod
    def extras_only(cls, n_features: int) -> FeatureSpec:
        """A spec that hashes the extra features alone, as raw counts (token models)."""
        return cls(
            n_features=n_features, word_ngrams=(0, 0), char_ngrams=(0, 0), sublinear_tf=False
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureSpec:
        try:
            return cls(
                n_features=int(data["n_features"]),
                lowercase=bool(data["lowercase"]),
                digits_to_zero=bool(data["digits_to_zero"]),
                word_ngrams=(int(data["word_ngrams"][0]), int(data["word_ngrams"][1])),
                char_ngrams=(int(data["char_ngrams"][0]), int(data["char_ngrams"][1])),
                sublinear_tf=bool(data["sublinear_tf"]),
            )
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ModelError(f"[E902] Broken feature spec {data!r}: {exc}.") from exc


def tokenize(text: str) -> list[str]:
    """Split into word tokens and single punctuation marks."""
    return _TOKEN.findall(text)


def _ngrams(items: list[str], low: int, high: int, sep: str) -> list[str]:
    out: list[str] = []
    for n in range(max(low, 1), high + 1):
        out.extend(sep.join(items[i : i + n]) for i in range(len(items) - n + 1))
    return out


class HashingFeaturizer:
    """Turn texts into hashed n-gram counts (CSR arrays)."""

    def __init__(self, spec: FeatureSpec) -> None:
        self.spec = spec
        self._mask = spec.n_features - 1

    def analyze(self, text: str, extra: Sequence[str] | None = None) -> list[str]:
        """Return the feature strings of one text (words ``w:``, characters ``c:``)."""
        spec = self.spec
        tokens = self._tokens(text)
        feats: list[str] = []
        if spec.word_ngrams[1] > 0:
            feats.extend("w:" + g for g in _ngrams(tokens, *spec.word_ngrams, sep=" "))
        low, high = spec.char_ngrams
        if high > 0:
            for token in tokens:
                padded = f" {token} "
                size = len(padded)
                for n in range(max(low, 1), min(high, size) + 1):
                    feats.extend("c:" + padded[i : i + n] for i in range(size - n + 1))
        if extra:
            feats.extend(extra)
        return feats

    def _tokens(self, text: str) -> list[str]:
        if self.spec.lowercase:
            text = text.lower()
        if self.spec.digits_to_zero:
            text = _DIGIT.sub("0", text)
        return tokenize(text)

    def index(self, feature: str) -> int:
        """Bucket of one feature string."""
        return zlib.crc32(feature.encode("utf-8")) & self._mask

    def transform(
        self, texts: list[str], extras: Sequence[Sequence[str]] | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """Return ``(indptr, indices, counts)``: raw counts per bucket, sorted per row.

        The buckets are those of ``analyze``'s strings; a word's character n-grams are hashed
        once per process (``_char_buckets``), since most words recur across texts.
        """
        indptr = [0]
        rows_indices: list[npt.NDArray[np.int64]] = []
        rows_counts: list[npt.NDArray[np.int64]] = []
        for row, text in enumerate(texts):
            extra = extras[row] if extras is not None else None
            buckets = np.asarray(self._buckets(text, extra), dtype=np.int64)
            unique, count = np.unique(buckets, return_counts=True)
            rows_indices.append(unique)
            rows_counts.append(count)
            indptr.append(indptr[-1] + len(unique))
        if not rows_indices:
            return np.asarray(indptr, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0)
        return (
            np.asarray(indptr, dtype=np.int64),
            np.concatenate(rows_indices).astype(np.int32),
            np.concatenate(rows_counts).astype(np.float64),
        )

    def _buckets(self, text: str, extra: Sequence[str] | None) -> list[int]:
        """The bucket of every string ``analyze`` returns, in any order."""
        spec = self.spec
        tokens = self._tokens(text)
        crc, mask = zlib.crc32, self._mask
        out: list[int] = []
        if spec.word_ngrams[1] > 0:
            out.extend(
                crc(("w:" + g).encode("utf-8")) & mask
                for g in _ngrams(tokens, *spec.word_ngrams, sep=" ")
            )
        low, high = spec.char_ngrams
        if high > 0:
            for token in tokens:
                out.extend(_char_buckets(token, low, high, mask))
        if extra:
            out.extend(crc(f.encode("utf-8")) & mask for f in extra)
        return out


@functools.lru_cache(maxsize=1 << 14)
def _char_buckets(token: str, low: int, high: int, mask: int) -> tuple[int, ...]:
    padded = f" {token} "
    size = len(padded)
    return tuple(
        zlib.crc32(("c:" + padded[i : i + n]).encode("utf-8")) & mask
        for n in range(max(low, 1), min(high, size) + 1)
        for i in range(size - n + 1)
    )
