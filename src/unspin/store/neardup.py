"""Near-duplicates (syndicated copies): MinHash over word shingles, looked up with LSH.

A new article whose estimated Jaccard similarity to a stored one is at least ``threshold`` is
stored too, and linked to the earliest stored article of its group (its original).

Example:
    >>> index = NearDuplicateIndex()
    >>> sketch = index.sketch("Xi Jinping met Vladimir Putin in Moscow on Tuesday to talk.")
    >>> index.best_match(sketch) is None
    True
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from unspin.store.db import sqlite_errors

SHINGLE_WORDS = 5
NUM_PERM = 64
THRESHOLD = 0.8
# Stored signatures depend on the permutation scheme: never change it for an existing store.
SCHEME = "affine32"

_WORD = re.compile(r"\w+", re.UNICODE)

Signature = npt.NDArray[np.uint32]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``size``-word shingles of ``text`` (lower-cased words), as UTF-8 bytes."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class Sketcher:
    """Makes MinHash signatures that share one set of permutations (cheap to build)."""

    def __init__(self, num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS) -> None:
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self._template = MinHash(num_perm=num_perm, scheme=SCHEME)

    def signature(self, text: str) -> Signature:
        """The MinHash signature of ``text``'s word shingles."""
        sketch = MinHash(
            num_perm=self.num_perm, permutations=self._template.permutations, scheme=SCHEME
        )
        sketch.update_batch(sorted(shingles(text, self.shingle_words)))
        return np.asarray(sketch.hashvalues, dtype=np.uint32)

    def minhash(self, signature: Signature) -> MinHash:
        """A datasketch ``MinHash`` around a stored signature (for LSH lookups)."""
        return MinHash(
            num_perm=self.num_perm,
            hashvalues=signature.astype(np.uint64),
            permutations=self._template.permutations,
            scheme=SCHEME,
        )


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(frozen=True, slots=True)
class NearMatch:
    """The stored original a new article is a near-duplicate of."""

    original_seq: int
    similarity: float


class NearDuplicateIndex:
    """Signatures of stored articles, with LSH buckets to find near-duplicates fast."""

    def __init__(
        self,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        shingle_words: int = SHINGLE_WORDS,
    ) -> None:
        self.threshold = threshold
        self.sketcher = Sketcher(num_perm, shingle_words)
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[int, Signature] = {}
        self._roots: dict[int, int] = {}

    @classmethod
    def load(cls, conn: sqlite3.Connection, threshold: float = THRESHOLD) -> NearDuplicateIndex:
        """The index over every signature in the store (so a resumed ingest links as before)."""
        index = cls(threshold)
        with sqlite_errors(conn):
            rows = conn.execute("SELECT article_seq, signature FROM minhashes ORDER BY article_seq")
            for seq, blob in rows:
                index._add(int(seq), np.frombuffer(blob, dtype="<u4").astype(np.uint32))
            links = conn.execute("SELECT article_seq, original_seq FROM near_duplicates")
            index._roots.update((int(s), int(o)) for s, o in links)
        return index

    def __len__(self) -> int:
        return len(self._signatures)

    def sketch(self, text: str) -> Signature:
        return self.sketcher.signature(text)

    def best_match(self, signature: Signature) -> NearMatch | None:
        """The most similar stored article at or above the threshold (earliest on ties)."""
        if not self._signatures:
            return None
        candidates = (int(key) for key in self._lsh.query(self.sketcher.minhash(signature)))
        scored = sorted(
            ((similarity(signature, self._signatures[seq]), -seq) for seq in candidates),
            reverse=True,
        )
        for score, negative_seq in scored:
            if score >= self.threshold:
                seq = -negative_seq
                return NearMatch(self._roots.get(seq, seq), score)
        return None

    def record(
        self, conn: sqlite3.Connection, seq: int, signature: Signature, match: NearMatch | None
    ) -> None:
        """Write the signature (and link) of a new article; call inside its transaction."""
        conn.execute(
            "INSERT INTO minhashes (article_seq, signature) VALUES (?, ?)",
            (seq, signature.astype("<u4").tobytes()),
        )
        if match is not None:
            conn.execute(
                "INSERT INTO near_duplicates (article_seq, original_seq, similarity) "
                "VALUES (?, ?, ?)",
                (seq, match.original_seq, match.similarity),
            )

    def committed(self, seq: int, signature: Signature, match: NearMatch | None) -> None:
        """Add a new article to the in-memory index once its transaction has committed."""
        self._add(seq, signature)
        if match is not None:
            self._roots[seq] = match.original_seq

    def _add(self, seq: int, signature: Signature) -> None:
        self._signatures[seq] = signature
        self._lsh.insert(str(seq), self.sketcher.minhash(signature), check_duplication=False)


def cluster(
    texts: Iterable[tuple[int, str]],
    *,
    threshold: float = THRESHOLD,
    shingle_words: int = 3,
    num_perm: int = NUM_PERM,
) -> list[list[int]]:
    """Group near-identical texts; each group lists keys in input order, groups by first key.

    Every text joins the earliest group whose first text it matches: Jaccard similarity of
    their ``shingle_words``-word shingles at or above ``threshold``, checked exactly on the
    candidates that MinHash LSH proposes. Exact repeats (same words, any case or
    punctuation) join without hashing.
    """
    sketcher = Sketcher(num_perm, shingle_words)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    shingle_sets: dict[int, set[bytes]] = {}
    group_of: dict[int, int] = {}
    groups: dict[int, list[int]] = {}  # insertion order: groups by their first text
    position: dict[int, int] = {}
    same_text: dict[str, int] = {}  # normalised text -> group: exact repeats skip MinHash
    for number, (key, text) in enumerate(texts):
        position[key] = number
        normal = " ".join(_WORD.findall(text.lower()))
        if normal in same_text:
            root = same_text[normal]
            group_of[key] = root
            groups[root].append(key)
            continue
        shingled = shingles(text, shingle_words)
        minhash = sketcher.minhash(sketcher.signature(text))
        matches = [
            int(k)
            for k in lsh.query(minhash)
            if _jaccard(shingled, shingle_sets[int(k)]) >= threshold
        ]
        roots = {group_of[m] for m in matches}
        root = min(roots, key=position.__getitem__) if roots else key
        group_of[key] = root
        groups.setdefault(root, []).append(key)
        same_text[normal] = root
        if root == key:  # only each group's first text is indexed: lookups stay short
            shingle_sets[key] = shingled
            lsh.insert(str(key), minhash, check_duplication=False)
    return list(groups.values())


def _jaccard(a: set[bytes], b: set[bytes]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0
