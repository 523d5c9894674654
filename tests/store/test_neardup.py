"""Near-duplicates: syndicated copies stored and linked to their original, across runs."""

from __future__ import annotations

from pathlib import Path

from tests.store.old_store import open_at_version, save_at_version
from tests.store.synth_rich import long_text, plain_article
from unspin.corpus import Failure, ingest_corpus
from unspin.model import Article
from unspin.store import NearDuplicateIndex, connect, store_article
from unspin.store.neardup import BANDS, ROWS, Sketcher, cluster, shingles


def _copy(text: str) -> str:
    return text.replace(".", ",", 1) + " Reporting by the wire service."


def test_shingles_are_word_windows() -> None:
    assert shingles("A b, c d!", size=3) == {b"a b c", b"b c d"}
    assert shingles("Too short", size=5) == {b"too short"}
    assert shingles("", size=5) == set()


def test_syndicated_copy_is_stored_and_linked_to_its_original(db_path: Path) -> None:
    original = plain_article(long_text(1), "orig")
    copy = plain_article(_copy(long_text(1)), "copy", outlet="Other Paper")
    copy_of_copy = plain_article(_copy(_copy(long_text(1))), "copy2")
    unrelated = plain_article(long_text(2), "other")
    conn = connect(db_path)
    index = NearDuplicateIndex.load(conn)
    outcomes = [
        store_article(conn, a, near_duplicates=index)
        for a in (original, copy, unrelated, copy_of_copy)
    ]
    assert outcomes == ["stored", "near_duplicate", "stored", "near_duplicate"]
    assert store_article(conn, copy, near_duplicates=index) == "duplicate"
    links = conn.execute(
        "SELECT c.id, o.id, n.similarity FROM near_duplicates n "
        "JOIN articles c ON c.seq = n.article_seq JOIN articles o ON o.seq = n.original_seq "
        "ORDER BY n.article_seq"
    ).fetchall()
    assert [(c, o) for c, o, _ in links] == [(copy.id, original.id), (copy_of_copy.id, original.id)]
    assert all(0.8 <= s <= 1.0 for _, _, s in links)
    conn.close()


def _analyse(batch: list[str]) -> list[Article | Failure]:
    return [plain_article(text, f"src-{text[:20]}") for text in batch]


def test_a_resumed_ingest_links_copies_to_originals_of_earlier_runs(db_path: Path) -> None:
    texts = [long_text(seed) for seed in range(5)]
    first = ingest_corpus(
        texts, _analyse, db_path, source_id_of=lambda t: t[:40], near_duplicates=True
    )
    assert (first.ingested, first.near_duplicates) == (5, 0)
    copies = [_copy(texts[0]), _copy(texts[3])]
    second = ingest_corpus(
        [*texts, *copies],
        _analyse,
        db_path,
        source_id_of=lambda t: t[:40] + t[-12:],
        near_duplicates=True,
    )
    assert (second.ingested, second.near_duplicates, second.duplicates) == (2, 2, 5)
    conn = connect(db_path)
    assert conn.execute("SELECT count(*) FROM minhashes").fetchone()[0] == 7
    assert conn.execute("SELECT count(*) FROM near_duplicates").fetchone()[0] == 2
    conn.close()


def test_buckets_are_written_per_band_and_found_by_a_fresh_index(db_path: Path) -> None:
    conn = connect(db_path)
    store_article(
        conn, plain_article(long_text(4), "orig"), near_duplicates=NearDuplicateIndex(conn)
    )
    assert conn.execute("SELECT count(*) FROM minhash_bands").fetchone()[0] == BANDS
    widths = {w for (w,) in conn.execute("SELECT DISTINCT length(bucket) FROM minhash_bands")}
    assert widths == {ROWS * 4}
    conn.close()
    conn = connect(db_path)  # a new process: nothing in memory, the store answers
    index = NearDuplicateIndex.load(conn)
    assert len(index) == 1
    match = index.best_match(index.sketch(_copy(long_text(4))))
    assert match is not None and match.original_seq == 1 and match.similarity >= 0.8
    assert index.best_match(index.sketch(long_text(5))) is None
    conn.close()


def test_migration_4_backfills_buckets_from_stored_signatures(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    raw = open_at_version(db, 3)  # a store whose LSH lived in memory
    sketcher = Sketcher()
    for seed in range(3):
        article = plain_article(long_text(seed), f"a{seed}")
        seq = save_at_version(raw, article, 3)
        blob = sketcher.signature(article.text).astype("<u4").tobytes()
        raw.execute("INSERT INTO minhashes (article_seq, signature) VALUES (?, ?)", (seq, blob))
    raw.close()
    conn = connect(db)
    fresh = tmp_path / "fresh.db"
    reference = connect(fresh)
    for seed in range(3):
        store_article(
            reference,
            plain_article(long_text(seed), f"a{seed}"),
            near_duplicates=NearDuplicateIndex(reference),
        )
    query = "SELECT band, bucket, article_seq FROM minhash_bands ORDER BY 1, 2, 3"
    assert conn.execute(query).fetchall() == reference.execute(query).fetchall()
    copy = plain_article(_copy(long_text(2)), "copy")
    assert store_article(conn, copy, near_duplicates=NearDuplicateIndex(conn)) == "near_duplicate"
    conn.close()
    reference.close()


def test_cluster_groups_near_identical_texts_by_first_appearance() -> None:
    texts = [
        (10, "the talks on grain exports would continue"),
        (3, "sanctions will be lifted next spring"),
        (7, "the talks on grain exports would continue next week"),
        (1, "the talks on grain exports would continue"),
    ]
    assert cluster(texts, threshold=0.7) == [[10, 7, 1], [3]]
