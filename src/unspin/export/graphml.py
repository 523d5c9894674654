"""GraphML of the actor network (readable by Gephi, networkx, igraph, yEd)."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from unspin.export.graph import actor_graph

NS = "http://graphml.graphdrawing.org/xmlns"
_KEYS = (
    ("name", "node", "string"),
    ("kind", "node", "string"),
    ("mentions", "node", "int"),
    ("articles", "node", "int"),
    ("events", "edge", "int"),
    ("mean_goldstein", "edge", "double"),
    ("weight", "edge", "double"),
)


def export_graphml(conn: sqlite3.Connection, out: Path) -> int:
    """Write the actor network to ``out``; return the number of edges."""
    graph = actor_graph(conn)
    root = ET.Element("graphml", xmlns=NS)
    for name, domain, kind in _KEYS:
        ET.SubElement(
            root, "key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind}
        )
    body = ET.SubElement(root, "graph", id="actors", edgedefault="directed")
    for node in graph.nodes:
        element = ET.SubElement(body, "node", id=node.key)
        _data(
            element, name=node.name, kind=node.kind, mentions=node.mentions, articles=node.articles
        )
    for number, edge in enumerate(graph.edges):
        element = ET.SubElement(
            body, "edge", id=f"e{number}", source=edge.source, target=edge.target
        )
        _data(element, events=edge.events, mean_goldstein=edge.mean_goldstein, weight=edge.events)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return len(graph.edges)


def _data(element: ET.Element, **values: object) -> None:
    for key, value in values.items():
        if value is not None:
            ET.SubElement(element, "data", key=key).text = str(value)
