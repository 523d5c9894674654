"""ingest_corpus: reports, duplicates, failures with reasons, resuming, the analyse contract."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.store.synth import make_article
from tests.store.synth_rich import make_rich_article
from unspin.corpus import Failure, IngestReport, ingest_corpus
from unspin.errors import NoArticleBodyError, PipelineError
from unspin.model import Article
from unspin.store import article_ids, connect, has_source
from unspin.store.claim_index import pending_claims


def _analyse(batch: list[int]) -> list[Article | Failure]:
    """Negative items fail; items >= 100 are syndicated copies of item - 100."""
    out: list[Article | Failure] = []
    for i in batch:
        if i < 0:
            out.append(Failure.from_error(None, NoArticleBodyError(f"[E008] no body in {i}")))
        else:
            out.append(make_article(i % 100))
    return out


def _source(i: int) -> str:
    return f"src-{i}"


@pytest.mark.parametrize(
    ("items", "ingested", "duplicates", "repeated", "failed"),
    [
        ([0, 1, 2, 3], 4, 0, 0, 0),
        ([0, 1, 100, 101, 1], 2, 2, 1, 0),  # two syndicated copies, one repeated source id
        ([0, -1, 2, -3], 2, 0, 0, 2),
        ([], 0, 0, 0, 0),
    ],
)
@pytest.mark.parametrize("batch_size", [1, 3, 16])
def test_report_counts(
    db_path: Path,
    items: list[int],
    ingested: int,
    duplicates: int,
    repeated: int,
    failed: int,
    batch_size: int,
) -> None:
    report = ingest_corpus(items, _analyse, db_path, batch_size=batch_size, source_id_of=_source)
    counts = (report.ingested, report.duplicates, report.already_stored)
    assert counts == (ingested, duplicates, repeated)
    assert len(report.skipped) == failed
    assert report.seen == len(items)
    conn = connect(db_path)
    assert len(article_ids(conn)) == ingested
    conn.close()


def test_failures_carry_source_ids_and_reasons(db_path: Path) -> None:
    report = ingest_corpus([-1, 0, -2], _analyse, db_path, source_id_of=_source)
    assert [(f.source_id, f.code) for f in report.skipped] == [
        ("src--1", "E008"),
        ("src--2", "E008"),
    ]
    assert report.reasons() == {"E008": 2}
    assert "no body in -1" in report.skipped[0].reason


def test_rerun_skips_stored_items_before_analysing_them(db_path: Path) -> None:
    analysed: list[int] = []

    def counting(batch: list[int]) -> list[Article | Failure]:
        analysed.extend(batch)
        return _analyse(batch)

    first = ingest_corpus(range(10), counting, db_path, batch_size=4, source_id_of=_source)
    analysed.clear()
    second = ingest_corpus([*range(12), 105], counting, db_path, batch_size=4, source_id_of=_source)
    assert first.ingested == 10
    assert (second.ingested, second.duplicates, second.already_stored) == (2, 1, 10)
    assert analysed == [10, 11, 105]
    conn = connect(db_path)
    assert has_source(conn, "src-105") and len(article_ids(conn)) == 12
    conn.close()


def test_items_without_source_id_are_deduplicated_by_article_id(db_path: Path) -> None:
    for _ in range(2):
        report = ingest_corpus([1, 2], _analyse, db_path, source_id_of=lambda _: None)
    assert (report.ingested, report.duplicates) == (0, 2)


def test_progress_gets_the_running_report(db_path: Path) -> None:
    seen: list[IngestReport] = []
    ingest_corpus(
        range(7), _analyse, db_path, batch_size=3, source_id_of=_source, progress=seen.append
    )
    assert [r.seen for r in seen] == [3, 6, 7]


@pytest.mark.parametrize(
    ("analyse", "message"),
    [
        (
            lambda batch: [make_article(i) for i in batch[:-1]],
            r"\[E1113\] .* 2 results for a batch of 3",
        ),
        (lambda batch: [dataclasses.asdict(make_article(i)) for i in batch], r"\[E1114\] .* dict"),
    ],
)
def test_analyse_contract_is_checked(db_path: Path, analyse: object, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        ingest_corpus([1, 2, 3], analyse, db_path, batch_size=3, source_id_of=_source)  # type: ignore[arg-type]


def test_bad_batch_size(db_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"\[E1112\]"):
        ingest_corpus([1], _analyse, db_path, batch_size=0, source_id_of=_source)


def test_ingest_leaves_the_recurring_claim_index_up_to_date(db_path: Path) -> None:
    ingest_corpus(
        range(12), lambda b: [make_rich_article(i) for i in b], db_path, source_id_of=_source
    )
    conn = connect(db_path, readonly=True)
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
    assert pending_claims(conn) == 0
    assert conn.execute("SELECT count(*) FROM claim_recurring").fetchone()[0] > 0
    conn.close()
