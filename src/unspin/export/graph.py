"""The actor network of a store: actors pooled across articles, edges from coded events.

Nodes are actors pooled like ``unspin query actors`` (gazetteer id, else kind and name), plus
bare CAMEO codes for event parties that are not linked to an actor. A directed edge from A to
B carries the number of events A did to B and their mean Goldstein score.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from unspin.store.db import sqlite_errors

_ACTOR_KEY = "coalesce({a}.gazetteer_id, {a}.kind || ':' || {a}.name)"


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    name: str
    kind: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    events: int
    mean_goldstein: float | None


@dataclass(frozen=True, slots=True)
class ActorGraph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def actor_graph(conn: sqlite3.Connection) -> ActorGraph:
    """Read the pooled actors and the event edges between them."""
    source_key = f"coalesce({_ACTOR_KEY.format(a='s')}, 'code:' || e.source_code)"
    target_key = f"coalesce({_ACTOR_KEY.format(a='t')}, 'code:' || e.target_code)"
    with sqlite_errors(conn):
        nodes = [
            Node(*row)
            for row in conn.execute(
                f"""
                SELECT {_ACTOR_KEY.format(a="ac")} AS key, min(ac.name), min(ac.kind),
                       sum(ac.n_mentions), count(DISTINCT ac.article_seq)
                FROM actors ac GROUP BY key ORDER BY key
                """
            )
        ]
        rows = conn.execute(
            f"""
            SELECT {source_key} AS sk, {target_key} AS tk, count(*), avg(e.goldstein)
            FROM events e
            LEFT JOIN actors s ON s.article_seq = e.article_seq AND s.actor_id = e.source_actor
            LEFT JOIN actors t ON t.article_seq = e.article_seq AND t.actor_id = e.target_actor
            WHERE sk IS NOT NULL AND tk IS NOT NULL
            GROUP BY sk, tk ORDER BY sk, tk
            """
        ).fetchall()
    edges = [Edge(s, t, n, None if g is None else round(float(g), 3)) for s, t, n, g in rows]
    known = {n.key for n in nodes}
    for key in sorted({e.source for e in edges} | {e.target for e in edges} - known):
        if key not in known:
            nodes.append(Node(key, key.removeprefix("code:"), "code", 0, 0))
            known.add(key)
    return ActorGraph(tuple(nodes), tuple(edges))
