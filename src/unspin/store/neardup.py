"""Near-duplicates (syndicated copies): MinHash over word shingles, looked up with LSH.

A new article whose estimated Jaccard similarity to a stored one is at least ``threshold`` is
stored too, and linked to the earliest stored article of its group (its original).

Example:
    >>> from unspin.store import connect
    >>> index = NearDuplicateIndex.load(connect(":memory:"))
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
# LSH banding of the first 60 rows of the stored signatures (schema 4 backfills with these):
# a pair at Jaccard 0.8 shares a bucket with probability 0.991, at 0.9 with 0.99998, at 0.4
# with 0.12; the full signatures then decide.
BANDS = 12
ROWS = 5
_CHUNK = 500
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
    """Finds stored articles like a new one through LSH buckets kept in the store.

    Buckets and signatures are read from the store at each lookup (a few index probes), so
    the index holds no per-article state in memory and a resumed ingest links as before.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        shingle_words: int = SHINGLE_WORDS,
    ) -> None:
        if num_perm != NUM_PERM:
            raise ValueError(f"num_perm must be {NUM_PERM}, the width of the stored signatures")
        self.conn = conn
        self.threshold = threshold
        self.sketcher = Sketcher(num_perm, shingle_words)

    @classmethod
    def load(cls, conn: sqlite3.Connection, threshold: float = THRESHOLD) -> NearDuplicateIndex:
        """The index over every signature in the store."""
        return cls(conn, threshold)

    def __len__(self) -> int:
        with sqlite_errors(self.conn):
            (count,) = self.conn.execute("SELECT count(*) FROM minhashes").fetchone()
        return int(count)

    def sketch(self, text: str) -> Signature:
        return self.sketcher.signature(text)

    def best_match(self, signature: Signature) -> NearMatch | None:
        """The most similar stored article at or above the threshold (earliest on ties)."""
        with sqlite_errors(self.conn):
            candidates = self._candidates(signature)
            scored = sorted(
                ((similarity(signature, stored), -seq) for seq, stored in candidates),
                reverse=True,
            )
            for score, negative_seq in scored:
                if score < self.threshold:
                    break
                seq = -negative_seq
                row = self.conn.execute(
                    "SELECT original_seq FROM near_duplicates WHERE article_seq = ?", (seq,)
                ).fetchone()
                return NearMatch(int(row[0]) if row else seq, score)
        return None

    def record(
        self, conn: sqlite3.Connection, seq: int, signature: Signature, match: NearMatch | None
    ) -> None:
        """Write the signature, its buckets (and link) of a new article inside its transaction."""
        blob = signature.astype("<u4").tobytes()
        conn.execute("INSERT INTO minhashes (article_seq, signature) VALUES (?, ?)", (seq, blob))
        conn.executemany(
            "INSERT INTO minhash_bands (band, bucket, article_seq) VALUES (?, ?, ?)",
            ((band, bucket, seq) for band, bucket in enumerate(_buckets(blob))),
        )
        if match is not None:
            conn.execute(
                "INSERT INTO near_duplicates (article_seq, original_seq, similarity) "
                "VALUES (?, ?, ?)",
                (seq, match.original_seq, match.similarity),
            )

    def _candidates(self, signature: Signature) -> list[tuple[int, Signature]]:
        seqs: set[int] = set()
        blob = signature.astype("<u4").tobytes()
        for band, bucket in enumerate(_buckets(blob)):
            rows = self.conn.execute(
                "SELECT article_seq FROM minhash_bands WHERE band = ? AND bucket = ?",
                (band, bucket),
            )
            seqs.update(int(seq) for (seq,) in rows)
        ordered = sorted(seqs)
        found: list[tuple[int, Signature]] = []
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            rows = self.conn.execute(
                "SELECT article_seq, signature FROM minhashes WHERE article_seq IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.extend(
                (int(seq), np.frombuffer(stored, dtype="<u4").astype(np.uint32))
                for seq, stored in rows
            )
        return found


def _buckets(blob: bytes) -> list[bytes]:
    width = ROWS * 4
    return [blob[band * width : (band + 1) * width] for band in range(BANDS)]


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
