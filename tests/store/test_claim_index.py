"""The recurring-claim index: grouping, first appearance, resuming, and agreement with a scan."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.store.synth_rich import make_rich_article, plain_article
from unspin.detectors.claims.findings import AuthorAssertion
from unspin.model import Article, Sourced, Span
from unspin.store import connect, recurring_claims, save_article
from unspin.store.claim_index import (
    MIN_WORDS,
    THRESHOLD,
    claim_shingles,
    claim_words,
    jaccard,
    pending_claims,
    refresh_claim_index,
)
from unspin.store.queries import recurring_claims_scan

CLAIM = "Moscow will supply the pipeline gas to Beijing at a discount for ten more years"
REWORDED = f"{CLAIM}, officials say"
OTHER = "The navy held drills near the island while ministers argued about the harvest budget"


def _article(claims: list[str], source_id: str, outlet: str, published: str) -> Article:
    text = " ".join(f"{c}." for c in claims)
    base = plain_article(text, source_id, outlet)
    findings, start = [], 0
    for claim in claims:
        findings.append(
            AuthorAssertion(
                label="factual",
                evidence=(Span(start, start + len(claim)),),
                detector="claims.assertion.v1",
                claim_type="factual",
                certainty="neutral",
            )
        )
        start += len(claim) + 2
    meta = replace(base.meta, published=Sourced(published, "html:meta"))
    return base.with_updates(findings=tuple(findings), meta=meta)


@pytest.fixture()
def conn(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "corpus.db")


def test_reworded_claims_group_and_unrelated_ones_do_not(conn: sqlite3.Connection) -> None:
    assert jaccard(claim_shingles(CLAIM), claim_shingles(REWORDED)) >= THRESHOLD
    save_article(conn, _article([CLAIM, OTHER], "a", "Wire", "2024-03-02"))
    save_article(conn, _article([REWORDED], "b", "Post", "2024-03-05"))
    save_article(conn, _article([OTHER.upper() + "!"], "c", "Post", "2024-03-06"))
    rows = recurring_claims(conn)
    assert {(r.text, r.articles, r.outlet_names) for r in rows} == {
        (CLAIM, 2, "Wire; Post"),
        (OTHER, 2, "Wire; Post"),
    }


def test_first_appearance_moves_to_an_earlier_article_stored_later(
    conn: sqlite3.Connection,
) -> None:
    save_article(conn, _article([CLAIM, "Late"], "late", "Wire", "2024-05-01"))
    save_article(conn, _article([CLAIM, "Later"], "later", "Post", "2024-06-01"))
    assert refresh_claim_index(conn) == 4  # the one-word claims are read, not grouped
    save_article(conn, _article([REWORDED], "early", "Herald", "2024-01-15"))
    (row,) = recurring_claims(conn)
    assert (row.first_published, row.first_outlet, row.articles, row.claims) == (
        "2024-01-15",
        "Herald",
        3,
        3,
    )
    assert row.text == REWORDED
    assert row.outlet_names == "Herald; Wire; Post"


def test_short_claims_are_not_grouped(conn: sqlite3.Connection) -> None:
    short = " ".join(["word"] * (MIN_WORDS - 1))
    for i in range(3):
        save_article(conn, _article([short, f"{OTHER} {i}"], f"s{i}", "Wire", "2024-01-01"))
    assert [r.text for r in recurring_claims(conn)] == [f"{OTHER} 0"]
    assert short in {r.text for r in recurring_claims_scan(conn)}


def test_refresh_is_incremental_and_resumes_by_chunk(conn: sqlite3.Connection) -> None:
    for i in range(7):
        save_article(conn, _article([CLAIM, f"{OTHER} {i}"], f"r{i}", "Wire", "2024-01-01"))
    assert pending_claims(conn) == 14
    assert refresh_claim_index(conn, chunk=3) == 14
    assert pending_claims(conn) == 0
    assert refresh_claim_index(conn) == 0
    (groups,) = conn.execute("SELECT count(*) FROM claim_groups").fetchone()
    assert groups == 14
    (row,) = [r for r in recurring_claims(conn) if r.text == CLAIM]
    assert (row.claims, row.articles) == (7, 7)


def test_index_matches_brute_force_grouping(conn: sqlite3.Connection) -> None:
    for i in range(40):
        save_article(conn, make_rich_article(i))
    refresh_claim_index(conn)
    rows = conn.execute("SELECT id, text, article_seq FROM claims ORDER BY id").fetchall()
    roots: list[tuple[int, frozenset[str]]] = []
    expected: dict[int, int] = {}
    for claim_id, text, _ in rows:
        if len(claim_words(text)) < MIN_WORDS:
            continue
        shingled = claim_shingles(text)
        root = next((r for r, s in roots if jaccard(shingled, s) >= THRESHOLD), None)
        if root is None:
            root = claim_id
            roots.append((root, shingled))
        expected[claim_id] = root
    indexed = dict(conn.execute("SELECT claim_id, root_id FROM claim_groups").fetchall())
    assert indexed == expected
    recurring = {
        root
        for root in set(expected.values())
        if len({seq for cid, _, seq in rows if expected.get(cid) == root}) >= 2
    }
    assert len(recurring_claims(conn, limit=1000)) == len(recurring) > 0


def test_read_only_store_reports_pending_claims(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    conn = connect(db)
    save_article(conn, _article([CLAIM, "X"], "x", "Wire", "2024-01-01"))
    save_article(conn, _article([CLAIM, "Y"], "y", "Post", "2024-01-02"))
    conn.close()
    reader = connect(db, readonly=True)
    assert recurring_claims(reader) == []
    assert pending_claims(reader) == 4
    reader.close()


def test_a_second_connection_resumes_from_the_shared_high_water_mark(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    first = connect(db)
    for i in range(4):
        save_article(first, _article([CLAIM, f"{OTHER} {i}"], f"t{i}", "Wire", "2024-01-01"))
    second = connect(db)
    assert refresh_claim_index(first, chunk=3) == 8
    assert refresh_claim_index(second) == 0
    (groups,) = second.execute("SELECT count(*) FROM claim_groups").fetchone()
    assert groups == 8
    first.close()
    second.close()
