"""Parquet parts: one file per analysed shard, written once, atomically, named by its inputs.

A part is written to a temporary name and renamed into place, so a part that exists is
complete; its name is a hash of the shard's inputs, so re-running a job skips finished shards.
Parts can be read back into the store or queried directly (DuckDB, Polars)::

    SELECT outlet, count(*) FROM read_parquet('corpus.db.parts/*.parquet') GROUP BY outlet
"""

from __future__ import annotations

import hashlib
import json
import pickle
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from unspin.corpus import Failure
from unspin.model import Article
from unspin.serialize import article_from_dict, article_to_dict

PART_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("article_id", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("published_date", pa.string()),
        ("url", pa.string()),
        ("n_actors", pa.int32()),
        ("n_findings", pa.int32()),
        ("analysis_json", pa.string()),  # the analysis JSON of the article
        ("error_code", pa.string()),
        ("error", pa.string()),
    ]
)


def shard_key(items: Sequence[Any], source_ids: Sequence[str | None], salt: str = "") -> str:
    """A stable name for a shard: a hash of its inputs, their ids and ``salt`` (config hash)."""
    digest = hashlib.sha256(salt.encode("utf-8"))
    digest.update(pickle.dumps((list(source_ids), list(items)), protocol=4))
    return digest.hexdigest()[:24]


def part_path(folder: Path, key: str) -> Path:
    return folder / f"part-{key}.parquet"


def is_complete(path: Path) -> bool:
    """Whether a part exists and its Parquet footer reads (a complete, renamed file)."""
    if not path.is_file():
        return False
    try:
        pq.read_metadata(path)
    except (OSError, pa.ArrowException):
        return False
    return True


def write_part(
    path: Path, source_ids: Sequence[str | None], results: Sequence[Article | Failure]
) -> None:
    """Write one shard's results to ``path`` atomically (temporary file, then rename)."""
    rows = [_row(sid, result) for sid, result in zip(source_ids, results, strict=True)]
    table = pa.Table.from_pylist(rows, schema=PART_SCHEMA)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def read_part(path: Path) -> Iterator[tuple[str | None, Article | Failure]]:
    """The ``(source_id, Article or Failure)`` rows of a part, in shard order."""
    table = pq.read_table(path, columns=["source_id", "analysis_json", "error_code", "error"])
    for row in table.to_pylist():
        source_id = row["source_id"]
        if row["analysis_json"] is not None:
            yield source_id, article_from_dict(json.loads(row["analysis_json"]))
        else:
            yield source_id, Failure(source_id, row["error"] or "", row["error_code"])


def _row(source_id: str | None, result: Article | Failure) -> dict[str, Any]:
    if isinstance(result, Failure):
        return {"source_id": source_id, "error_code": result.code, "error": result.reason}
    meta = result.meta
    return {
        "source_id": source_id,
        "article_id": result.id,
        "outlet": meta.outlet.value if meta.outlet else None,
        "title": meta.title.value if meta.title else None,
        "published_date": meta.published_date(),
        "url": meta.url,
        "n_actors": len(result.actors),
        "n_findings": len(result.findings),
        "analysis_json": json.dumps(article_to_dict(result), ensure_ascii=False),
    }
