"""Export a store: JSONL, CSV/Parquet tables, GDELT events, W3C annotations, brat, graphs.

Example:
    >>> export_store("corpus.db", "parquet", Path("tables/"))  # doctest: +SKIP
    ExportResult(format='parquet', out=PosixPath('tables'), count=5120)
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from unspin.errors import UnspinError
from unspin.export.brat import export_brat
from unspin.export.gdelt import export_gdelt
from unspin.export.gexf import export_gexf
from unspin.export.graphml import export_graphml
from unspin.export.jsonl import export_jsonl
from unspin.export.tables import export_csv, export_parquet
from unspin.export.w3c import export_w3c
from unspin.store.db import connect

Exporter = Callable[[sqlite3.Connection, Path], int]

# format -> (writer, whether ``out`` is a folder, what ``count`` counts)
FORMATS: dict[str, tuple[Exporter, bool, str]] = {
    "jsonl": (export_jsonl, False, "articles"),
    "csv": (export_csv, True, "rows"),
    "parquet": (export_parquet, True, "rows"),
    "gdelt": (export_gdelt, False, "events"),
    "w3c": (export_w3c, False, "annotations"),
    "brat": (export_brat, True, "entities"),
    "graphml": (export_graphml, False, "edges"),
    "gexf": (export_gexf, False, "edges"),
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the format, where, and how many items (see ``unit``)."""

    format: str
    out: Path
    count: int
    unit: str


def export_store(db_path: str | os.PathLike[str], fmt: str, out: Path) -> ExportResult:
    """Export the store at ``db_path`` in format ``fmt`` to ``out`` (a file or a folder).

    Raises:
        UnspinError: [E1412] unknown format, [E1413] ``out`` cannot be written.
        StoreError: the store cannot be read.
    """
    if fmt not in FORMATS:
        raise UnspinError(
            f"[E1412] Unknown export format {fmt!r}. Choose one of: {', '.join(FORMATS)}."
        )
    write, is_folder, unit = FORMATS[fmt]
    conn = connect(db_path, readonly=True)
    try:
        try:
            if not is_folder:
                out.parent.mkdir(parents=True, exist_ok=True)
            count = write(conn, out)
        except OSError as exc:
            raise UnspinError(
                f"[E1413] Cannot write the {fmt} export to {out}: {exc.strerror or exc}. "
                "Pick a writable --out path."
            ) from exc
    finally:
        conn.close()
    return ExportResult(fmt, out, count, unit)


__all__ = ["FORMATS", "ExportResult", "export_store"]
