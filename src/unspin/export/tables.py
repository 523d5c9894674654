"""CSV and Parquet tables: articles, actors, mentions and findings, one file each in a folder.

Rows stream from SQLite in chunks, so memory stays flat on large stores. Offsets are
end-exclusive character offsets into ``articles.text``; ``mentions.text`` is the slice.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from unspin.export.read import iter_rows

TABLES: dict[str, str] = {
    "articles": """
        SELECT id AS article_id, source_id, url, title, outlet, author, published,
               published_date, language, unspin_version, n_actors, n_mentions, n_findings,
               ingested_at, text
        FROM articles ORDER BY seq""",
    "actors": """
        SELECT a.id AS article_id, ac.actor_id, ac.name, ac.kind, ac.org_type, ac.country,
               ac.role, ac.codes, ac.gazetteer_id, ac.salience, ac.n_mentions
        FROM actors ac JOIN articles a ON a.seq = ac.article_seq
        ORDER BY ac.article_seq, ac.ord""",
    "mentions": """
        SELECT a.id AS article_id, m.actor_id, m.ord, m."start", m."end", m.form,
               m.metonymy, substr(a.text, m."start" + 1, m."end" - m."start") AS text
        FROM mentions m JOIN articles a ON a.seq = m.article_seq
        ORDER BY m.article_seq, m.actor_id, m.ord""",
    "findings": """
        SELECT a.id AS article_id, f.idx, f.kind, f.label, f.detector, f.score,
               f.evidence_json, f.payload_json
        FROM findings f JOIN articles a ON a.seq = f.article_seq
        ORDER BY f.article_seq, f.idx""",
}


def export_csv(conn: sqlite3.Connection, out: Path) -> int:
    """Write ``<table>.csv`` files into the folder ``out``; return the number of rows."""
    return _export(conn, out, _write_csv)


def export_parquet(conn: sqlite3.Connection, out: Path) -> int:
    """Write ``<table>.parquet`` files into the folder ``out``; return the number of rows."""
    return _export(conn, out, _write_parquet)


Writer = Callable[[sqlite3.Connection, str, Path], int]


def _export(conn: sqlite3.Connection, out: Path, write: Writer) -> int:
    out.mkdir(parents=True, exist_ok=True)
    return sum(write(conn, sql, out / name) for name, sql in TABLES.items())


def _columns(conn: sqlite3.Connection, sql: str) -> list[str]:
    cursor = conn.execute(f"SELECT * FROM ({sql}) LIMIT 0")
    return [d[0] for d in cursor.description]


def _write_csv(conn: sqlite3.Connection, sql: str, stem: Path) -> int:
    count = 0
    with stem.with_suffix(".csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_columns(conn, sql))
        for rows in iter_rows(conn, sql):
            writer.writerows(rows)
            count += len(rows)
    return count


def _write_parquet(conn: sqlite3.Connection, sql: str, stem: Path) -> int:
    names = _columns(conn, sql)
    schema = _schema(names)
    count = 0
    with pq.ParquetWriter(stem.with_suffix(".parquet"), schema) as writer:
        for rows in iter_rows(conn, sql):
            columns = list(zip(*rows, strict=True))
            writer.write_table(
                pa.Table.from_arrays(
                    [
                        pa.array(col, type=field.type)
                        for col, field in zip(columns, schema, strict=True)
                    ],
                    schema=schema,
                )
            )
            count += len(rows)
    return count


_NUMERIC: dict[str, Any] = {
    "n_actors": pa.int64(),
    "n_mentions": pa.int64(),
    "n_findings": pa.int64(),
    "ord": pa.int64(),
    "start": pa.int64(),
    "end": pa.int64(),
    "idx": pa.int64(),
    "metonymy": pa.int64(),
    "salience": pa.float64(),
    "score": pa.float64(),
}


def _schema(names: list[str]) -> pa.Schema:
    return pa.schema([(name, _NUMERIC.get(name, pa.string())) for name in names])
