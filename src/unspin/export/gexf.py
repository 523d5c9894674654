"""GEXF 1.3 of the actor network (Gephi's own format)."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from unspin.export.graph import actor_graph

NS = "http://gexf.net/1.3"
_NODE_ATTRIBUTES = (
    ("0", "kind", "string"),
    ("1", "mentions", "integer"),
    ("2", "articles", "integer"),
)
_EDGE_ATTRIBUTES = (("0", "events", "integer"), ("1", "mean_goldstein", "double"))


def export_gexf(conn: sqlite3.Connection, out: Path) -> int:
    """Write the actor network to ``out``; return the number of edges."""
    graph = actor_graph(conn)
    root = ET.Element("gexf", xmlns=NS, version="1.3")
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "unspin"
    body = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    for cls, attributes in (("node", _NODE_ATTRIBUTES), ("edge", _EDGE_ATTRIBUTES)):
        declared = ET.SubElement(body, "attributes", {"class": cls})
        for ident, title, kind in attributes:
            ET.SubElement(declared, "attribute", id=ident, title=title, type=kind)
    nodes = ET.SubElement(body, "nodes")
    for node in graph.nodes:
        element = ET.SubElement(nodes, "node", id=node.key, label=node.name)
        _values(element, [node.kind, node.mentions, node.articles])
    edges = ET.SubElement(body, "edges")
    for number, edge in enumerate(graph.edges):
        element = ET.SubElement(
            edges,
            "edge",
            id=str(number),
            source=edge.source,
            target=edge.target,
            weight=str(float(edge.events)),
        )
        _values(element, [edge.events, edge.mean_goldstein])
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return len(graph.edges)


def _values(element: ET.Element, values: list[object]) -> None:
    holder = ET.SubElement(element, "attvalues")
    for ident, value in enumerate(values):
        if value is not None:
            ET.SubElement(holder, "attvalue", {"for": str(ident), "value": str(value)})
