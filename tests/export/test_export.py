"""Every export format, parsed back: JSONL, CSV, Parquet, GDELT, W3C JSON-LD, brat, graphs."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.store.synth_rich import make_rich_article
from unspin.errors import UnspinError
from unspin.export import FORMATS, export_store
from unspin.serialize import article_from_dict
from unspin.store import connect, save_article

N = 6


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "corpus.db"
    conn = connect(path)
    for i in range(N):
        save_article(conn, make_rich_article(i))
    conn.close()
    return path


def test_jsonl_round_trips_every_article(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert export_store(db, "jsonl", out).count == N
    articles = [article_from_dict(json.loads(line)) for line in out.read_text().splitlines()]
    assert articles == [make_rich_article(i) for i in range(N)]


def test_csv_tables(db: Path, tmp_path: Path) -> None:
    export_store(db, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "mentions.csv").open(newline="") as handle:
        mentions = list(csv.DictReader(handle))
    with (tmp_path / "csv" / "articles.csv").open(newline="") as handle:
        texts = {row["article_id"]: row["text"] for row in csv.DictReader(handle)}
    assert len(texts) == N
    for row in mentions:
        assert texts[row["article_id"]][int(row["start"]) : int(row["end"])] == row["text"]
    assert {p.name for p in (tmp_path / "csv").iterdir()} == {
        "articles.csv",
        "actors.csv",
        "mentions.csv",
        "findings.csv",
    }


def test_parquet_tables_read_with_pyarrow(db: Path, tmp_path: Path) -> None:
    export_store(db, "parquet", tmp_path / "pq")
    findings = pq.read_table(tmp_path / "pq" / "findings.parquet")
    assert findings.num_rows == sum(len(make_rich_article(i).findings) for i in range(N))
    kinds = set(findings.column("kind").to_pylist())
    assert {"event", "attribution", "technique", "time"} <= kinds
    actors = pq.read_table(tmp_path / "pq" / "actors.parquet")
    assert actors.schema.field("salience").type == "double"


def test_gdelt_events_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export_store(db, "gdelt", out).count == N
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == N
    assert rows[0]["Actor1Code"] == "CHNGOV" and rows[0]["Actor1CountryCode"] == "CHN"
    assert {r["QuadClass"] for r in rows} == {"1", "2", "3", "4"}


def test_w3c_selectors_slice_back_to_their_quote(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotations.jsonld"
    result = export_store(db, "w3c", out)
    data = json.loads(out.read_text())
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = data["first"]["items"]
    assert len(items) == data["total"] == result.count > 0
    texts = {make_rich_article(i).meta.url: make_rich_article(i).text for i in range(N)}
    for item in items:
        position, quote = item["target"]["selector"]
        text = texts[item["target"]["source"]]
        assert position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_brat_standoff_offsets_match_text(db: Path, tmp_path: Path) -> None:
    export_store(db, "brat", tmp_path / "brat")
    anns = sorted((tmp_path / "brat").glob("*.ann"))
    assert len(anns) == N
    for ann in anns:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, kind_offsets, quoted = line.split("\t")
            _, offsets = kind_offsets.split(" ", 1)
            pieces = [text[int(s) : int(e)] for s, e in (o.split() for o in offsets.split(";"))]
            assert " ".join(pieces) == quoted


def test_graphml_parses_and_weights_edges(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.graphml"
    export_store(db, "graphml", out)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(out).getroot()
    nodes = {n.get("id") for n in root.iterfind(".//g:node", ns)}
    edges = root.findall(".//g:edge", ns)
    assert edges
    total = 0
    for edge in edges:
        assert edge.get("source") in nodes and edge.get("target") in nodes
        data = {d.get("key"): d.text for d in edge.iterfind("g:data", ns)}
        total += int(data["events"] or 0)
        assert -10.0 <= float(data["mean_goldstein"] or 0) <= 10.0
    assert total == N


def test_gexf_parses(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.gexf"
    count = export_store(db, "gexf", out).count
    ns = {"x": "http://gexf.net/1.3"}
    root = ET.parse(out).getroot()
    assert len(root.findall(".//x:edge", ns)) == count > 0
    assert sum(float(e.get("weight") or 0) for e in root.iterfind(".//x:edge", ns)) == N


def test_unknown_format_and_unwritable_out(db: Path, tmp_path: Path) -> None:
    with pytest.raises(UnspinError, match=r"\[E1412\].*parquet"):
        export_store(db, "xlsx", tmp_path / "x")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UnspinError, match=r"\[E1413\]"):
        export_store(db, "brat", tmp_path / "file")
    assert set(FORMATS) == {"jsonl", "csv", "parquet", "gdelt", "w3c", "brat", "graphml", "gexf"}
