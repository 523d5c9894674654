"""``unspin ingest``, ``unspin query`` and ``unspin export`` through the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.store.synth import make_article
from tests.store.synth_rich import make_rich_article
from tests.support import REPO_ROOT
from unspin.cli.corpus import export_command, ingest_command, query_app
from unspin.errors import InputError
from unspin.store import article_ids, connect, inconsistent_articles, load_article, save_article

app = typer.Typer()
app.command("ingest")(ingest_command)
app.add_typer(query_app, name="query")
app.command("export")(export_command)
runner = CliRunner()

TEXTS = (
    "Xi Jinping met Vladimir Putin in Moscow on Tuesday. They signed a grain deal.",
    "The European Commission proposed new tariffs on Chinese steel, officials said.",
)


def test_ingest_folder_reports_skips_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"a{i}.txt").write_text(text)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (folder / "more.jsonl").write_text(
        '{"id": "j1", "text": "NATO ministers met in Brussels.", "outlet": "Wire"}\n{broken\n'
    )
    db = tmp_path / "corpus.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-progress"])
    assert result.exit_code == 2, result.output
    assert "ingested 3" in result.output and "skipped 2" in result.output
    assert "E402" in result.output and "E408" in result.output
    conn = connect(db)
    assert len(article_ids(conn)) == 3 and inconsistent_articles(conn) == []
    conn.close()
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-progress"])
    assert "ingested 0" in again.output and "already stored 3" in again.output


def test_ingest_refuses_a_missing_source_before_writing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "c.db")])
    assert isinstance(result.exception, InputError)
    assert "[E407]" in str(result.exception)
    assert not (tmp_path / "c.db").exists()


def test_ingest_with_dask_engine_small_real_run(tmp_path: Path) -> None:
    from unspin.samples import bundled_samples

    folder = tmp_path / "samples"
    folder.mkdir()
    for item in bundled_samples():
        name = str(item.source_id).removeprefix("sample:")
        (folder / name).write_bytes(item.content if isinstance(item.content, bytes) else b"")
    db = tmp_path / "dask.db"
    from unspin.scale import DaskOptions, WorkerAnalyse, ingest_dask, iter_corpus_inputs

    report = ingest_dask(
        iter_corpus_inputs([str(folder)]),
        WorkerAnalyse(),
        db,
        source_id_of=lambda item: item.source_id,
        options=DaskOptions(n_workers=2, processes=False, shard_size=2, parts_dir=tmp_path / "p"),
        near_duplicates=True,
    )
    assert (report.ingested, len(report.skipped)) == (3, 0)
    conn = connect(db)
    stored = [load_article(conn, i) for i in article_ids(conn)]
    conn.close()
    assert all(a.sentences and a.provenance for a in stored)
    assert len(list((tmp_path / "p").glob("part-*.parquet"))) == 2


@pytest.fixture(scope="module")
def rich_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "rich.db"
    conn = connect(db)
    for i in range(10):
        save_article(conn, make_rich_article(i))
    conn.close()
    return db


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        (["search", "talks", "--claims"], "kind", "attribution"),
        (["actors"], "name", "Xi Jinping"),
        (["actors", "--stance", "--by", "year"], "label", "positive"),
        (["events", "--source", "CHN", "--target", "RUS", "--by", "month"], "source", "CHN"),
        (["techniques", "--by", "outlet"], "label", "Loaded_Language"),
        (["sources", "--outlet", "Le Monde"], "source", "Officials"),
        (["claims", "--recurring"], "first_outlet", "Daily Planet"),
    ],
)
def test_query_json_and_csv(rich_db: Path, args: list[str], key: str, value: str) -> None:
    result = runner.invoke(app, ["query", *args, "--db", str(rich_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert value in {row[key] for row in rows}
    as_csv = runner.invoke(app, ["query", *args, "--db", str(rich_db), "--format", "csv"])
    assert len(list(csv.DictReader(io.StringIO(as_csv.output)))) == len(rows)
    table = runner.invoke(app, ["query", *args, "--db", str(rich_db)])
    assert table.exit_code == 0 and f"({len(rows)})" in table.output


def test_export_command(rich_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.graphml"
    result = runner.invoke(
        app, ["export", "--db", str(rich_db), "--format", "graphml", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "edges as graphml" in result.output and out.is_file()


N_ARTICLES = 600


def _check(db: Path) -> int:
    conn = connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert inconsistent_articles(conn) == []
        ids = article_ids(conn)
        assert conn.execute("SELECT count(*) FROM minhashes").fetchone()[0] == len(ids)
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == len(ids)
        for article_id in ids[-5:]:
            article = load_article(conn, article_id)
            assert article == make_article(int(str(article.meta.source_id)[5:]))
        return len(ids)
    finally:
        conn.close()


def test_pool_ingest_killed_with_sigkill_resumes_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    command = [sys.executable, "-m", "tests.scale.crash_ingest_pool", str(db), str(N_ARTICLES)]
    proc = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # the first batch is stored: the ingest is writing now
    time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its worker processes
    assert proc.wait(timeout=30) == -signal.SIGKILL, "the ingest ended before the kill"
    proc.stdout.close()
    stored = _check(db)
    assert 0 < stored < N_ARTICLES
    final = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    report = json.loads(final.stdout.splitlines()[-1])
    assert report == {"ingested": N_ARTICLES - stored, "already_stored": stored}
    assert _check(db) == N_ARTICLES
