"""The recurring-claim index: near-identical claims grouped once, as they are stored.

Claims are indexed in id order, after they commit. Each claim joins the group of the first
indexed claim (its root) whose 3-word shingles it shares with Jaccard similarity of at least
``THRESHOLD``; candidates come from the roots' MinHash LSH band keys and exact repeats
(same words, any case or punctuation) from a normalised-text key, so indexing a claim reads a
handful of rows whatever the size of the store. Groups seen in two or more articles keep
their size, outlets and first appearance in ``claim_recurring``.

Example:
    >>> conn = connect("corpus.db")                              # doctest: +SKIP
    >>> refresh_claim_index(conn)                                # doctest: +SKIP
    1840
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.store.db import sqlite_errors, transaction
from unspin.store.neardup import Sketcher

THRESHOLD = 0.7
SHINGLE_WORDS = 3
MIN_WORDS = 5  # shorter claims ("he said so") are not narratives: they are not grouped
BANDS = 10
ROWS_PER_BAND = 4
# Keys depend on these settings and on neardup's permutation scheme: never change them for an
# existing store.
_NUM_PERM = BANDS * ROWS_PER_BAND
_CACHE_LIMIT = 200_000

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class _Claim:
    claim_id: int
    text: str
    article_seq: int
    outlet: str | None
    published: str | None


def refresh_claim_index(conn: sqlite3.Connection, *, chunk: int = 2000) -> int:
    """Index every claim stored since the last refresh; return how many claims were read.

    Each chunk of ``chunk`` claims commits in one transaction with the new high-water mark,
    so an interrupted refresh resumes where it stopped and never indexes a claim twice.
    """
    return ClaimIndexer(conn).refresh(chunk=chunk)


def pending_claims(conn: sqlite3.Connection) -> int:
    """How many stored claims the index has not read yet."""
    with sqlite_errors(conn):
        (count,) = conn.execute(
            "SELECT count(*) FROM claims WHERE id > (SELECT last_claim_id FROM claim_index_state)"
        ).fetchone()
    return int(count)


def claim_words(text: str) -> list[str]:
    """The lower-cased words of a claim, as grouping sees them."""
    return _WORD.findall(text.lower())


def claim_shingles(text: str) -> frozenset[str]:
    """The 3-word shingles that grouping compares."""
    return _shingles(claim_words(text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two shingle sets (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


class ClaimIndexer:
    """Groups new claims against the roots already in the store."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._sketcher = Sketcher(_NUM_PERM, SHINGLE_WORDS)
        self._root_shingles: dict[int, frozenset[str]] = {}

    def refresh(self, *, chunk: int = 2000) -> int:
        read = 0
        while True:
            # The high-water mark is read under the write lock, so two refreshers (an ingest
            # and a query) never index the same claims.
            with transaction(self.conn):
                (last,) = self.conn.execute(
                    "SELECT last_claim_id FROM claim_index_state"
                ).fetchone()
                claims = [
                    _Claim(*row)
                    for row in self.conn.execute(
                        """
                        SELECT c.id, c.text, c.article_seq, a.outlet, a.published_date
                        FROM claims c JOIN articles a ON a.seq = c.article_seq
                        WHERE c.id > ? ORDER BY c.id LIMIT ?
                        """,
                        (last, chunk),
                    )
                ]
                for claim in claims:
                    self._index(claim)
                if claims:
                    self.conn.execute(
                        "UPDATE claim_index_state SET last_claim_id = ?", (claims[-1].claim_id,)
                    )
            if not claims:
                return read
            read += len(claims)

    def _index(self, claim: _Claim) -> None:
        words = claim_words(claim.text)
        if len(words) < MIN_WORDS:
            return
        normal_key = _key(b"\xff" + " ".join(words).encode("utf-8"))
        root = self._root_by_key([normal_key])
        if root is None:
            shingled = _shingles(words)
            band_keys = self._band_keys(claim.text)
            root = self._matching_root(shingled, band_keys)
            if root is None:
                root = claim.claim_id
                self._root_shingles[root] = shingled
                self._add_keys(root, [normal_key, *band_keys])
            else:
                self._add_keys(root, [normal_key])
        self._join(claim, root)

    def _root_by_key(self, keys: Sequence[int]) -> int | None:
        row = self.conn.execute(
            f"SELECT min(root_id) FROM claim_keys WHERE key IN ({_marks(len(keys))})", keys
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def _matching_root(self, shingled: frozenset[str], band_keys: Sequence[int]) -> int | None:
        candidates = self.conn.execute(
            f"SELECT DISTINCT root_id FROM claim_keys WHERE key IN ({_marks(len(band_keys))}) "
            "ORDER BY root_id",
            band_keys,
        ).fetchall()
        for (candidate,) in candidates:
            if jaccard(shingled, self._shingles_of(int(candidate))) >= THRESHOLD:
                return int(candidate)
        return None

    def _shingles_of(self, root: int) -> frozenset[str]:
        cached = self._root_shingles.get(root)
        if cached is None:
            row = self.conn.execute("SELECT text FROM claims WHERE id = ?", (root,)).fetchone()
            cached = _shingles(claim_words(row[0])) if row else frozenset()
            if len(self._root_shingles) >= _CACHE_LIMIT:
                self._root_shingles.clear()
            self._root_shingles[root] = cached
        return cached

    def _band_keys(self, text: str) -> list[int]:
        signature = self._sketcher.signature(text)
        return [
            _key(
                bytes([band])
                + signature[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
            )
            for band in range(BANDS)
        ]

    def _add_keys(self, root: int, keys: Sequence[int]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO claim_keys (key, root_id) VALUES (?, ?)",
            [(key, root) for key in keys],
        )

    def _join(self, claim: _Claim, root: int) -> None:
        conn = self.conn
        seen_article = conn.execute(
            "SELECT 1 FROM claim_groups WHERE root_id = ? AND article_seq = ? LIMIT 1",
            (root, claim.article_seq),
        ).fetchone()
        conn.execute(
            "INSERT INTO claim_groups (claim_id, root_id, article_seq) VALUES (?, ?, ?)",
            (claim.claim_id, root, claim.article_seq),
        )
        recurring = conn.execute(
            "SELECT first_seq, first_published FROM claim_recurring WHERE root_id = ?", (root,)
        ).fetchone()
        if recurring is not None:
            self._grow(claim, root, new_article=seen_article is None, first=recurring)
        elif (
            seen_article is None
            and conn.execute(
                "SELECT 1 FROM claim_groups WHERE root_id = ? AND article_seq <> ? LIMIT 1",
                (root, claim.article_seq),
            ).fetchone()
        ):
            self._start_recurring(root)

    def _grow(
        self, claim: _Claim, root: int, *, new_article: bool, first: tuple[int, str | None]
    ) -> None:
        earlier = _order(claim.published, claim.article_seq) < _order(first[1], first[0])
        self.conn.execute(
            """
            UPDATE claim_recurring SET claims = claims + 1, articles = articles + ?,
                first_claim_id = CASE WHEN ? THEN ? ELSE first_claim_id END,
                first_seq = CASE WHEN ? THEN ? ELSE first_seq END,
                first_published = CASE WHEN ? THEN ? ELSE first_published END
            WHERE root_id = ?
            """,
            (
                int(new_article),
                earlier,
                claim.claim_id,
                earlier,
                claim.article_seq,
                earlier,
                claim.published,
                root,
            ),
        )
        if claim.outlet is not None:
            self._outlet_seen(root, claim.outlet, claim.article_seq, claim.published)

    def _start_recurring(self, root: int) -> None:
        members = [
            _Claim(int(r[0]), "", int(r[1]), r[2], r[3])
            for r in self.conn.execute(
                """
                SELECT g.claim_id, g.article_seq, a.outlet, a.published_date
                FROM claim_groups g JOIN articles a ON a.seq = g.article_seq
                WHERE g.root_id = ?
                """,
                (root,),
            )
        ]
        members.sort(key=lambda m: (*_order(m.published, m.article_seq), m.claim_id))
        first = members[0]
        self.conn.execute(
            "INSERT INTO claim_recurring (root_id, claims, articles, first_claim_id, first_seq, "
            "first_published) VALUES (?, ?, ?, ?, ?, ?)",
            (
                root,
                len(members),
                len({m.article_seq for m in members}),
                first.claim_id,
                first.article_seq,
                first.published,
            ),
        )
        for member in members:
            if member.outlet is not None:
                self._outlet_seen(root, member.outlet, member.article_seq, member.published)

    def _outlet_seen(self, root: int, outlet: str, seq: int, published: str | None) -> None:
        row = self.conn.execute(
            "SELECT first_seq, first_published FROM claim_recurring_outlets "
            "WHERE root_id = ? AND outlet = ?",
            (root, outlet),
        ).fetchone()
        if row is None:
            self.conn.execute(
                "INSERT INTO claim_recurring_outlets (root_id, outlet, first_seq, "
                "first_published) VALUES (?, ?, ?, ?)",
                (root, outlet, seq, published),
            )
        elif _order(published, seq) < _order(row[1], row[0]):
            self.conn.execute(
                "UPDATE claim_recurring_outlets SET first_seq = ?, first_published = ? "
                "WHERE root_id = ? AND outlet = ?",
                (seq, published, root, outlet),
            )


def _order(published: str | None, seq: int) -> tuple[bool, str, int]:
    """Sort key of first appearance: by date, undated last, then by storage order."""
    return (published is None, published or "", seq)


def _shingles(words: Sequence[str]) -> frozenset[str]:
    if len(words) < SHINGLE_WORDS:
        return frozenset({" ".join(words)})
    return frozenset(
        " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def _marks(n: int) -> str:
    return ", ".join("?" * n)
