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
from typing import Any, Literal

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
    return [
        ActorCount(s.name, s.kind, s.gazetteer_id, s.mentions, s.articles)
        for s in actor_stats(conn, outlet=outlet, limit=limit)
    ]


def finding_counts(
    conn: sqlite3.Connection, *, kind: str | None = None, by_outlet: bool = False
) -> list[FindingCount]:
    """Findings counted by kind and label (and outlet with ``by_outlet``), most frequent first.

    Reads the running totals (``finding_totals``): the cost grows with the number of distinct
    labels and outlets, not with the number of stored findings.
    """
    outlet = "nullif(outlet, '')" if by_outlet else "NULL"
    where, params = ("WHERE kind = ?", [kind]) if kind is not None else ("", [])
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT kind, label, {outlet}, sum(findings), sum(articles)
            FROM finding_totals
            {where}
            GROUP BY kind, label, {outlet}
            ORDER BY sum(findings) DESC, kind, label, {outlet}
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


# --- corpus queries (schema version 2) -------------------------------------------------------

Period = Literal["day", "month", "year", "all"]
_PERIOD_LENGTH: dict[str, int] = {"day": 10, "month": 7, "year": 4}


@dataclass(frozen=True, slots=True)
class ClaimHit:
    """A claim (attributed content or author assertion) matching a full-text query."""

    article_id: str
    outlet: str | None
    published: str | None
    kind: str
    text: str
    rank: float


@dataclass(frozen=True, slots=True)
class ActorStat:
    """An actor pooled across articles: mentions, articles, mean salience, first and last date."""

    name: str
    kind: str
    gazetteer_id: str | None
    mentions: int
    articles: int
    mean_salience: float
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class StanceCount:
    """How many articles treated an actor with one stance label in a period, and the mean
    stance score (p(positive) - p(negative)) of those articles."""

    actor: str
    period: str
    label: str
    articles: int
    mean_score: float | None


@dataclass(frozen=True, slots=True)
class EventAggregate:
    """Events between actor codes in one period: counts per QuadClass and mean Goldstein."""

    period: str
    source: str | None
    target: str | None
    events: int
    verbal_cooperation: int  # QuadClass 1
    material_cooperation: int  # QuadClass 2
    verbal_conflict: int  # QuadClass 3
    material_conflict: int  # QuadClass 4
    mean_goldstein: float | None


@dataclass(frozen=True, slots=True)
class SourceCount:
    """A source an outlet cites (from attributions), with how often and in how many articles."""

    outlet: str | None
    source: str
    source_kind: str | None
    attributions: int
    articles: int


@dataclass(frozen=True, slots=True)
class RecurringClaim:
    """Near-identical claims across articles, traced to their first appearance."""

    text: str
    first_published: str | None
    first_outlet: str | None
    first_article_id: str
    claims: int
    articles: int
    outlets: int
    outlet_names: str  # "; "-joined, in order of first appearance


def search_claims(conn: sqlite3.Connection, query: str, *, limit: int = 20) -> list[ClaimHit]:
    """Claims whose text contains every word of ``query``, best first."""
    match = _literal_query(query)
    if not match:
        return []
    with sqlite_errors(conn):
        rows = conn.execute(
            """
            SELECT a.id, a.outlet, a.published, c.kind, c.text, bm25(claims_fts) AS rank
            FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
            JOIN articles a ON a.seq = c.article_seq
            WHERE claims_fts MATCH ?
            ORDER BY rank, c.id
            LIMIT ?
            """,
            (match, limit),
        ).fetchall()
    return [ClaimHit(*row) for row in rows]


def actor_stats(
    conn: sqlite3.Connection, *, outlet: str | None = None, limit: int = 20
) -> list[ActorStat]:
    """Actors ranked by mentions (in one outlet's articles when given), with mean salience.

    Reads the running totals (``actor_totals``), one row per actor and outlet, so the cost
    grows with the number of distinct actors, not with the size of the store.
    """
    where, params = ("WHERE outlet = ?", [outlet]) if outlet is not None else ("", [])
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT min(name), min(kind), max(gazetteer_id), sum(mentions), sum(articles),
                   sum(salience_sum) / sum(actor_rows), min(first_seen), max(last_seen)
            FROM actor_totals
            {where}
            GROUP BY actor_key
            ORDER BY sum(mentions) DESC, min(name)
            LIMIT ?
            """,
            [*params, limit],
        ).fetchall()
    return [
        ActorStat(
            name=row[0],
            kind=row[1],
            gazetteer_id=row[2],
            mentions=int(row[3]),
            articles=int(row[4]),
            mean_salience=round(float(row[5]), 4),
            first_seen=row[6],
            last_seen=row[7],
        )
        for row in rows
    ]


def actor_stances(
    conn: sqlite3.Connection, *, outlet: str | None = None, by: Period = "month"
) -> list[StanceCount]:
    """Article-level stance toward actors (findings of kind ``"actor_stance"``), per period.

    The finding names its actor by the article-local id in ``actor``; nothing is returned
    while no stance detector has run.
    """
    where, params = ("AND a.outlet = ?", [outlet]) if outlet is not None else ("", [])
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT ac.name, {_period("a.published_date", by)} AS period, f.label, count(*),
                   avg(f.score)
            FROM findings f JOIN articles a ON a.seq = f.article_seq
            JOIN actors ac ON ac.article_seq = f.article_seq
                AND ac.actor_id = json_extract(f.payload_json, '$.actor')
            WHERE f.kind = 'actor_stance' {where}
            GROUP BY ac.name, period, f.label
            ORDER BY ac.name, period, f.label
            """,
            params,
        ).fetchall()
    return [
        StanceCount(name, period, label, int(n), None if m is None else round(float(m), 3))
        for name, period, label, n, m in rows
    ]


def event_summary(
    conn: sqlite3.Connection,
    *,
    source: str | None = None,
    target: str | None = None,
    by: Period = "all",
) -> list[EventAggregate]:
    """Events from ``source`` to ``target`` (CAMEO actor codes, matched as prefixes: ``CHN``
    matches ``CHNGOV``), per period, with counts per QuadClass and the mean Goldstein score.
    """
    clauses, params = [], []
    for column, code in (("source_code", source), ("target_code", target)):
        if code is not None:
            clauses.append(f"{column} GLOB ?")
            params.append(_glob_prefix(code))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT {_period("event_date", by)} AS period, count(*),
                   sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),
                   sum(quad_class = 4), avg(goldstein)
            FROM events {where}
            GROUP BY period ORDER BY period
            """,
            params,
        ).fetchall()
    return [
        EventAggregate(
            period=row[0],
            source=source,
            target=target,
            events=int(row[1]),
            verbal_cooperation=int(row[2] or 0),
            material_cooperation=int(row[3] or 0),
            verbal_conflict=int(row[4] or 0),
            material_conflict=int(row[5] or 0),
            mean_goldstein=None if row[6] is None else round(float(row[6]), 3),
        )
        for row in rows
    ]


def cited_sources(
    conn: sqlite3.Connection, *, outlet: str | None = None, limit: int = 50
) -> list[SourceCount]:
    """The sources articles cite (one outlet's when given), most cited first.

    Sources are pooled per outlet by their lower-cased text; attributions without a source
    span (an unnamed source) are pooled by their source kind, e.g. ``(anonymous)``. Reads the
    running totals (``source_totals``).
    """
    where, params = ("WHERE outlet = ?", [outlet]) if outlet is not None else ("", [])
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT nullif(outlet, ''),
                   coalesce(source_text, '(' || coalesce(source_kind, 'unknown') || ')') AS name,
                   source_kind, attributions, articles
            FROM source_totals
            {where}
            ORDER BY attributions DESC, outlet, name
            LIMIT ?
            """,
            [*params, limit],
        ).fetchall()
    return [SourceCount(*row) for row in rows]


def recurring_claims(
    conn: sqlite3.Connection,
    *,
    threshold: float = 0.7,
    min_articles: int = 2,
    limit: int = 50,
) -> list[RecurringClaim]:
    """Near-identical claims in at least ``min_articles`` articles, by first appearance.

    At the index's own threshold (0.7) and ``min_articles >= 2`` this reads the recurring-claim
    index (``unspin.store.claim_index``), bringing it up to date first when the connection
    can write; on a read-only connection, claims stored since the last refresh are left out
    (:func:`unspin.store.claim_index.pending_claims` says how many). Claims under five words
    are not grouped. Any other setting clusters every claim now, in publication order (slow
    on a large store): see :func:`recurring_claims_scan`.
    """
    from unspin.store import claim_index

    if threshold != claim_index.THRESHOLD or min_articles < 2:
        return recurring_claims_scan(
            conn, threshold=threshold, min_articles=min_articles, limit=limit
        )
    if claim_index.pending_claims(conn):
        try:
            claim_index.refresh_claim_index(conn)
        except StoreError as exc:
            if not exc.message.startswith("[E1102]"):  # read-only: query what is indexed
                raise
    with sqlite_errors(conn):
        groups = conn.execute(
            """
            SELECT r.root_id, c.text, r.first_published, a.outlet, a.id, r.claims, r.articles
            FROM claim_recurring r
            JOIN claims c ON c.id = r.first_claim_id
            JOIN articles a ON a.seq = r.first_seq
            WHERE r.articles >= ?
            ORDER BY r.first_published IS NULL, r.first_published, r.first_seq, r.first_claim_id
            LIMIT ?
            """,
            (min_articles, limit),
        ).fetchall()
        found: list[RecurringClaim] = []
        for root, text, published, outlet, article_id, n_claims, n_articles in groups:
            outlets = [
                row[0]
                for row in conn.execute(
                    """
                    SELECT outlet FROM claim_recurring_outlets WHERE root_id = ?
                    ORDER BY first_published IS NULL, first_published, first_seq
                    """,
                    (root,),
                )
            ]
            found.append(
                RecurringClaim(
                    text=text,
                    first_published=published,
                    first_outlet=outlet,
                    first_article_id=article_id,
                    claims=int(n_claims),
                    articles=int(n_articles),
                    outlets=len(outlets),
                    outlet_names="; ".join(outlets),
                )
            )
    return found


def recurring_claims_scan(
    conn: sqlite3.Connection,
    *,
    threshold: float = 0.7,
    min_articles: int = 2,
    limit: int = 50,
) -> list[RecurringClaim]:
    """Like :func:`recurring_claims`, clustering every stored claim now (any threshold).

    Claims are read in publication order and clustered with MinHash (3-word shingles); the
    first claim of a cluster is where the narrative first appeared in the store.
    """
    from unspin.store.neardup import cluster

    with sqlite_errors(conn):
        rows = conn.execute(
            """
            SELECT c.id, c.text, c.article_seq, a.id, a.outlet, a.published_date
            FROM claims c JOIN articles a ON a.seq = c.article_seq
            ORDER BY a.published_date IS NULL, a.published_date, a.seq, c.idx
            """
        ).fetchall()
    by_id = {row[0]: row for row in rows}
    found: list[RecurringClaim] = []
    for members in cluster(((row[0], row[1]) for row in rows), threshold=threshold):
        claims = [by_id[m] for m in members]
        if len({c[2] for c in claims}) < min_articles:
            continue
        first = claims[0]
        outlets = list(dict.fromkeys(c[4] for c in claims if c[4] is not None))
        found.append(
            RecurringClaim(
                text=first[1],
                first_published=first[5],
                first_outlet=first[4],
                first_article_id=first[3],
                claims=len(claims),
                articles=len({c[2] for c in claims}),
                outlets=len(outlets),
                outlet_names="; ".join(outlets),
            )
        )
    return found[:limit]


def _period(column: str, by: Period) -> str:
    if by == "all":
        return "'all'"
    length = _PERIOD_LENGTH.get(by)
    if length is None:
        raise StoreError(f"[E1401] Unknown period {by!r}: use day, month, year or all.")
    return f"coalesce(substr({column}, 1, {length}), 'unknown')"


def _glob_prefix(code: str) -> str:
    escaped = "".join(f"[{c}]" if c in "*?[]" else c for c in code.upper())
    return f"{escaped}*"
