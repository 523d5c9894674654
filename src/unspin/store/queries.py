"""Read-only queries over a store: full-text search, top actors, finding counts, listings.

Example:
    >>> conn = connect("corpus.db", readonly=True)               # doctest: +SKIP
    >>> [hit.title for hit in search(conn, "Taiwan strait")]     # doctest: +SKIP
    ['China holds drills near Taiwan']
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from unspin.store.db import StoreError, database_path, sqlite_errors, translate_error

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article matching a full-text query; lower ``rank`` is better (bm25)."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    rank: float
    snippet: str


@dataclass(frozen=True, slots=True)
class ActorCount:
    """A canonical actor with how often, and in how many articles, it is mentioned."""

    name: str
    kind: str
    gazetteer_id: str | None
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class FindingCount:
    """How many findings of one kind and label (per outlet when asked) the store holds."""

    kind: str
    label: str
    outlet: str | None
    findings: int
    articles: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """A stored article's headline data."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 20,
    raw: bool = False,
    marks: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Articles whose title or text match ``query``, best first, each with a snippet.

    By default every word of ``query`` must occur (FTS5 operators are taken literally); with
    ``raw=True`` the query is FTS5 syntax (``"exact phrase"``, ``OR``, ``NEAR``, ``prefix*``).
    """
    match = query if raw else _literal_query(query)
    if not match:
        return []
    try:
        rows = conn.execute(
            """
            SELECT a.id, a.title, a.outlet, a.published,
                   bm25(articles_fts, 2.0, 1.0) AS rank,
                   snippet(articles_fts, 1, ?, ?, '…', 16)
            FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
            WHERE articles_fts MATCH ?
            ORDER BY rank, a.seq
            LIMIT ?
            """,
            (marks[0], marks[1], match, limit),
        ).fetchall()
    except sqlite3.Error as exc:
        error = translate_error(exc, database_path(conn))
        if raw and error.message.startswith("[E1109]"):
            raise StoreError(
                f"[E1108] The search {query!r} is not valid FTS5 syntax ({exc}). "
                "Quote phrases, or search without raw=True."
            ) from exc
        raise error from exc
    return [SearchHit(*row) for row in rows]


def top_actors(
    conn: sqlite3.Connection, *, limit: int = 20, outlet: str | None = None
) -> list[ActorCount]:
    """Actors ranked by mention count across the store (or one outlet's articles).

    Actors are article-local; they are pooled by gazetteer id, or by name and kind if unlinked.
    """
    join, where, params = "", "", []
    if outlet is not None:
        join, where = "JOIN articles a ON a.seq = ac.article_seq", "WHERE a.outlet = ?"
        params = [outlet]
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT min(ac.name), min(ac.kind), ac.gazetteer_id,
                   sum(ac.n_mentions), count(DISTINCT ac.article_seq)
            FROM actors ac {join}
            {where}
            GROUP BY coalesce(ac.gazetteer_id, ac.kind || char(31) || ac.name)
            ORDER BY sum(ac.n_mentions) DESC, min(ac.name)
            LIMIT ?
            """,
            [*params, limit],
        ).fetchall()
    return [ActorCount(*row) for row in rows]


def finding_counts(
    conn: sqlite3.Connection, *, kind: str | None = None, by_outlet: bool = False
) -> list[FindingCount]:
    """Findings counted by kind and label (and outlet with ``by_outlet``), most frequent first."""
    outlet = "a.outlet" if by_outlet else "NULL"
    where, params = ("WHERE f.kind = ?", [kind]) if kind is not None else ("", [])
    join = "JOIN articles a ON a.seq = f.article_seq" if by_outlet else ""
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT f.kind, f.label, {outlet}, count(*), count(DISTINCT f.article_seq)
            FROM findings f {join}
            {where}
            GROUP BY f.kind, f.label, {outlet}
            ORDER BY count(*) DESC, f.kind, f.label, {outlet}
            """,
            params,
        ).fetchall()
    return [FindingCount(*row) for row in rows]


def articles_by(
    conn: sqlite3.Connection,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[ArticleRow]:
    """Articles of one outlet and/or published in ``[since, until]`` (``YYYY-MM-DD``), oldest first.

    Articles without a known date are left out when a date bound is given.
    """
    clauses: list[str] = []
    params: list[Any] = []
    for clause, value in (
        ("outlet = ?", outlet),
        ("published_date >= ?", since),
        ("published_date <= ?", until),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT id, title, outlet, published, url FROM articles {where}
            ORDER BY published_date, seq LIMIT ?
            """,
            [*params, -1 if limit is None else limit],
        ).fetchall()
    return [ArticleRow(*row) for row in rows]


def _literal_query(query: str) -> str:
    return " ".join(f'"{word}"' for word in _WORD.findall(query))
