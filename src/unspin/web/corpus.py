"""Read-only corpus queries for the web app and the API, over the store's tables.

Articles are read back as their analysis JSON (not rebuilt as objects), so an article holding
a finding kind this process has not registered still loads and renders. Queries over kinds that
no detector has written yet (events, attributions, techniques, stance) return empty results.

Actors are article-local in the store; across articles they are pooled like
``unspin.store.top_actors`` does: by gazetteer id, else by kind and name. ``actor_key`` names
such a pool in URLs.

Example:
    >>> actor_key("Q159", "country", "Russia")
    'g:Q159'
    >>> actor_key(None, "person", "Jane Doe")
    'n:person:Jane Doe'
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from unspin.store.db import sqlite_errors

_WORD = re.compile(r"\w+", re.UNICODE)
MARKS_HTML = ("\x02", "\x03")  # snippet marks the web page turns into <mark> after escaping
MAX_PROFILE_ARTICLES = 500
_CHUNK = 400


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Filters of the article list; ``q`` is a full-text query (every word must occur)."""

    q: str | None = None
    outlet: str | None = None
    language: str | None = None
    since: str | None = None  # YYYY-MM-DD
    until: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleItem:
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None
    n_findings: int
    snippet: str | None = None


@dataclass(frozen=True, slots=True)
class Facets:
    outlets: list[str]
    languages: list[str]


@dataclass(frozen=True, slots=True)
class ActorItem:
    key: str
    name: str
    kind: str
    gazetteer_id: str | None
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class Partner:
    """Another actor sharing events with the profiled one."""

    key: str
    name: str
    as_source: int  # events where the profiled actor is the source
    as_target: int
    goldstein: float | None  # mean over both directions


@dataclass(slots=True)
class ActorProfile:
    key: str
    name: str
    kind: str
    mentions: int
    articles: int
    by_month: list[tuple[str, int]] = field(default_factory=list)
    stance: list[tuple[str, int]] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    recent: list[ArticleItem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EventItem:
    article_id: str
    published: str | None
    code: str
    plover_type: str | None
    quad_class: int | None
    goldstein: float | None
    modality: str | None
    date: str | None
    source: str | None
    target: str | None
    trigger: str | None


@dataclass(frozen=True, slots=True)
class ClaimItem:
    article_id: str
    published: str | None
    outlet: str | None
    kind: str
    label: str
    source: str | None
    cue: str | None
    content: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class RecurringClaim:
    text: str
    articles: int
    outlets: int
    first_seen: str | None
    first_article: str


def actor_key(gazetteer_id: str | None, kind: str, name: str) -> str:
    """The URL key of a pooled actor."""
    return f"g:{gazetteer_id}" if gazetteer_id else f"n:{kind}:{name}"


def _actor_match(key: str, alias: str) -> tuple[str, list[str]] | None:
    if key.startswith("g:") and len(key) > 2:
        return f"{alias}.gazetteer_id = ?", [key[2:]]
    if key.startswith("n:"):
        kind, sep, name = key[2:].partition(":")
        if sep and name:
            return f"{alias}.gazetteer_id IS NULL AND {alias}.kind = ? AND {alias}.name = ?", [
                kind,
                name,
            ]
    return None


def literal_query(query: str) -> str:
    """An FTS5 query in which every word of ``query`` must occur, operators taken literally."""
    return " ".join(f'"{word}"' for word in _WORD.findall(query))


def load_article_json(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """The stored article as its analysis JSON, or None when it is not in the store."""
    with sqlite_errors(conn):
        row = conn.execute(
            "SELECT seq, text, meta_json, paragraphs, sentences, provenance_json, warnings_json "
            "FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        seq = row[0]
        actors = conn.execute(
            "SELECT actor_id, name, kind, org_type, country, role, codes, gazetteer_id, "
            "salience, aliases FROM actors WHERE article_seq = ? ORDER BY ord",
            (seq,),
        ).fetchall()
        mentions = conn.execute(
            'SELECT actor_id, "start", "end", form, metonymy FROM mentions '
            "WHERE article_seq = ? ORDER BY actor_id, ord",
            (seq,),
        ).fetchall()
        findings = conn.execute(
            "SELECT payload_json FROM findings WHERE article_seq = ? ORDER BY idx", (seq,)
        ).fetchall()
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for actor_id, start, end, form, metonymy in mentions:
        by_actor[actor_id].append(
            {"span": {"start": start, "end": end}, "form": form, "metonymy": bool(metonymy)}
        )
    return {
        "id": article_id,
        "text": row[1],
        "meta": json.loads(row[2]),
        "paragraphs": [{"start": s, "end": e} for s, e in json.loads(row[3])],
        "sentences": [{"start": s, "end": e} for s, e in json.loads(row[4])],
        "actors": [
            {
                "id": a[0],
                "name": a[1],
                "kind": a[2],
                "org_type": a[3],
                "country": a[4],
                "role": a[5],
                "codes": json.loads(a[6]),
                "gazetteer_id": a[7],
                "salience": a[8],
                "aliases": json.loads(a[9]),
                "mentions": by_actor.get(a[0], []),
            }
            for a in actors
        ],
        "findings": [json.loads(f[0]) for f in findings],
        "provenance": json.loads(row[5]) if row[5] is not None else None,
        "warnings": json.loads(row[6]),
    }


def list_articles(
    conn: sqlite3.Connection,
    flt: ArticleFilter,
    *,
    limit: int = 20,
    offset: int = 0,
    marks: tuple[str, str] = MARKS_HTML,
    newest: bool = False,
) -> tuple[list[ArticleItem], int]:
    """One page of articles and the total: newest first, or with ``q`` best match first
    (newest first with ``newest``)."""
    clauses: list[str] = []
    params: list[Any] = []
    for clause, value in (
        ("a.outlet = ?", flt.outlet),
        ("a.language = ?", flt.language),
        ("a.published_date >= ?", flt.since),
        ("a.published_date <= ?", flt.until),
    ):
        if value:
            clauses.append(clause)
            params.append(value)
    columns = "a.id, a.title, a.outlet, a.published, a.language, a.url, a.n_findings"
    match = literal_query(flt.q) if flt.q else ""
    if flt.q and not match:
        return [], 0
    with sqlite_errors(conn):
        if match:
            # Without filters the FTS index alone answers the count and the ranking.
            # (CROSS JOIN keeps SQLite from scanning an outlet's articles one MATCH at a time.)
            joined = "articles_fts CROSS JOIN articles a ON a.seq = articles_fts.rowid"
            inner = joined if clauses else "articles_fts"
            where = " AND ".join(["articles_fts MATCH ?", *clauses])
            total = conn.execute(
                f"SELECT count(*) FROM {inner} WHERE {where}", [match, *params]
            ).fetchone()[0]
            rank = "bm25(articles_fts, 2.0, 1.0)"
            order = "articles_fts.rowid DESC" if newest else f"{rank}, articles_fts.rowid"
            # Rank first, then make snippets for the page's rows only, one rowid look-up each:
            # a second MATCH over every hit (or a snippet per hit) costs more than the ranking.
            page = [
                row[0]
                for row in conn.execute(
                    f"SELECT articles_fts.rowid FROM {inner} WHERE {where} "
                    f"ORDER BY {order} LIMIT ? OFFSET ?",
                    [match, *params, limit, offset],
                )
            ]
            rows = [
                conn.execute(
                    f"SELECT {columns}, snippet(articles_fts, 1, ?, ?, '…', 16) "
                    "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
                    "WHERE articles_fts MATCH ? AND articles_fts.rowid = ?",
                    [marks[0], marks[1], match, rowid],
                ).fetchone()
                for rowid in page
            ]
        else:
            where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
            total = conn.execute(f"SELECT count(*) FROM articles a {where}", params).fetchone()[0]
            rows = conn.execute(
                f"SELECT {columns}, NULL FROM articles a {where} "
                "ORDER BY a.published_date DESC, a.seq DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
    return [ArticleItem(*row) for row in rows], int(total)


def facets(conn: sqlite3.Connection, limit: int = 200) -> Facets:
    """The outlets and languages of the store, for filter menus."""
    with sqlite_errors(conn):
        outlets = conn.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet LIMIT ?",
            (limit,),
        ).fetchall()
        languages = conn.execute(
            "SELECT DISTINCT language FROM articles WHERE language IS NOT NULL "
            "ORDER BY language LIMIT ?",
            (limit,),
        ).fetchall()
    return Facets([r[0] for r in outlets], [r[0] for r in languages])


def list_actors(
    conn: sqlite3.Connection, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> list[ActorItem]:
    """Pooled actors by mention count, optionally those whose name contains ``q``.

    Reads the running totals (``actor_totals``), not every actor row.
    """
    where, params = ("WHERE name LIKE ? ESCAPE '\\'", [f"%{_like(q)}%"]) if q else ("", [])
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT min(name), min(kind), max(gazetteer_id), sum(mentions), sum(articles)
            FROM actor_totals {where}
            GROUP BY actor_key
            ORDER BY sum(mentions) DESC, min(name)
            LIMIT ? OFFSET ?
            """,
            [*params, limit, offset],
        ).fetchall()
    return [ActorItem(actor_key(r[2], r[1], r[0]), r[0], r[1], r[2], r[3], r[4]) for r in rows]


def actor_profile(
    conn: sqlite3.Connection, key: str, *, max_articles: int = MAX_PROFILE_ARTICLES
) -> ActorProfile | None:
    """Mentions over time, stance, event partners and recent articles of one pooled actor.

    Stance and partners are read from the ``max_articles`` most recent articles.
    """
    match = _actor_match(key, "ac")
    if match is None:
        return None
    cond, params = match
    with sqlite_errors(conn):
        head = conn.execute(
            f"SELECT min(ac.name), min(ac.kind), sum(ac.n_mentions), count(*) "
            f"FROM actors ac WHERE {cond}",
            params,
        ).fetchone()
        if head is None or not head[3]:
            return None
        by_month = conn.execute(
            f"SELECT substr(a.published_date, 1, 7) AS m, sum(ac.n_mentions) FROM actors ac "
            f"JOIN articles a ON a.seq = ac.article_seq WHERE {cond} AND m IS NOT NULL "
            "GROUP BY m ORDER BY m",
            params,
        ).fetchall()
        recent = conn.execute(
            f"SELECT ac.article_seq, ac.actor_id, a.id, a.title, a.outlet, a.published, "
            f"a.language, a.url, a.n_findings FROM actors ac "
            f"JOIN articles a ON a.seq = ac.article_seq WHERE {cond} "
            "ORDER BY a.published_date DESC, a.seq DESC LIMIT ?",
            [*params, max_articles],
        ).fetchall()
    profile = ActorProfile(key, head[0], head[1], int(head[2] or 0), int(head[3]))
    profile.by_month = [(m, int(n)) for m, n in by_month]
    profile.recent = [ArticleItem(*r[2:]) for r in recent[:20]]
    local = {int(r[0]): str(r[1]) for r in recent}
    _read_partners(conn, profile, local)
    return profile


def _read_partners(conn: sqlite3.Connection, profile: ActorProfile, local: dict[int, str]) -> None:
    names: dict[tuple[int, str], tuple[str, str]] = {}
    stance: Counter[str] = Counter()
    partners: dict[str, list[Any]] = {}
    seqs = list(local)
    for chunk in _chunks(seqs):
        marks = ",".join("?" * len(chunk))
        with sqlite_errors(conn):
            for seq, actor_id, name, kind, gid in conn.execute(
                f"SELECT article_seq, actor_id, name, kind, gazetteer_id FROM actors "
                f"WHERE article_seq IN ({marks})",
                chunk,
            ):
                names[(seq, actor_id)] = (name, actor_key(gid, kind, name))
            findings = conn.execute(
                f"SELECT article_seq, kind, payload_json FROM findings WHERE article_seq IN "
                f"({marks}) AND (kind = 'event' OR kind LIKE '%stance%')",
                chunk,
            ).fetchall()
        for seq, kind, payload in findings:
            data = json.loads(payload)
            me = local[seq]
            if kind != "event":
                actor = next(
                    (data.get(k) for k in ("actor", "actor_id", "target_actor") if data.get(k)),
                    None,
                )
                if actor == me:
                    stance[str(data.get("polarity") or data.get("label") or "")] += 1
                continue
            src, tgt = data.get("source_actor"), data.get("target_actor")
            if me not in (src, tgt) or src == tgt:
                continue
            other = tgt if src == me else src
            if not isinstance(other, str) or (seq, other) not in names:
                continue
            name, okey = names[(seq, other)]
            entry = partners.setdefault(okey, [name, 0, 0, []])
            entry[1 if src == me else 2] += 1
            if isinstance(data.get("goldstein"), int | float):
                entry[3].append(float(data["goldstein"]))
    profile.stance = stance.most_common()
    profile.partners = sorted(
        (
            Partner(k, v[0], v[1], v[2], sum(v[3]) / len(v[3]) if v[3] else None)
            for k, v in partners.items()
        ),
        key=lambda p: (-(p.as_source + p.as_target), p.name),
    )


def _slice(path: str) -> str:
    start = f"json_extract(f.payload_json, '{path}.start')"
    end = f"json_extract(f.payload_json, '{path}.end')"
    return f"substr(a.text, {start} + 1, {end} - {start})"


def list_events(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EventItem] | None:
    """Coded events, newest first; with ``actor`` only those it takes part in (None if the key
    is malformed)."""
    join, params = "", []
    if actor is not None:
        match = _actor_match(actor, "ac")
        if match is None:
            return None
        join = (
            "JOIN actors ac ON ac.article_seq = f.article_seq AND ac.actor_id IN ("
            "json_extract(f.payload_json, '$.source_actor'), "
            f"json_extract(f.payload_json, '$.target_actor')) AND {match[0]}"
        )
        params = match[1]
    names = (
        "(SELECT name FROM actors x WHERE x.article_seq = f.article_seq AND "
        "x.actor_id = json_extract(f.payload_json, '$.{}_actor'))"
    )
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT DISTINCT a.id, a.published_date, f.label,
                   json_extract(f.payload_json, '$.plover_type'),
                   json_extract(f.payload_json, '$.quad_class'),
                   json_extract(f.payload_json, '$.goldstein'),
                   json_extract(f.payload_json, '$.modality'),
                   json_extract(f.payload_json, '$.date'),
                   coalesce({names.format("source")}, {_slice("$.source")}),
                   coalesce({names.format("target")}, {_slice("$.target")}),
                   {_slice("$.trigger")}, a.seq, f.idx
            FROM articles a CROSS JOIN findings f ON f.article_seq = a.seq {join}
            WHERE f.kind = 'event'
            ORDER BY a.published_date DESC, a.seq DESC, f.idx
            LIMIT ? OFFSET ?
            """,
            [*params, limit, offset],
        ).fetchall()
    return [EventItem(*row[:11]) for row in rows]


def list_claims(
    conn: sqlite3.Connection, *, kind: str | None = None, limit: int = 50, offset: int = 0
) -> list[ClaimItem]:
    """Attributions and author assertions, newest first (``kind`` picks one of the two)."""
    kinds = [kind] if kind else ["attribution", "assertion"]
    content = (
        f"CASE f.kind WHEN 'attribution' THEN {_slice('$.content')} ELSE substr(a.text, "
        "json_extract(f.evidence_json, '$[0][0]') + 1, json_extract(f.evidence_json, '$[0][1]')"
        " - json_extract(f.evidence_json, '$[0][0]')) END"
    )
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT a.id, a.published_date, a.outlet, f.kind, f.label,
                   {_slice("$.source")}, {_slice("$.cue")}, {content}, f.score
            FROM articles a CROSS JOIN findings f ON f.article_seq = a.seq
            WHERE f.kind IN ({",".join("?" * len(kinds))})
            ORDER BY a.published_date DESC, a.seq DESC, f.idx
            LIMIT ? OFFSET ?
            """,
            [*kinds, limit, offset],
        ).fetchall()
    return [ClaimItem(*row) for row in rows]


def technique_by_outlet(conn: sqlite3.Connection, limit: int = 15) -> dict[str, dict[str, int]]:
    """Technique findings per outlet and technique group, for the busiest outlets.

    Read from the running totals (``finding_totals``); labels map to their SemEval-2023
    group, unknown labels to ``other``.
    """
    from unspin.detectors.persuasion.taxonomy import TECHNIQUES

    with sqlite_errors(conn):
        rows = conn.execute(
            """
            SELECT CASE outlet WHEN '' THEN '(no outlet)' ELSE outlet END, label, findings
            FROM finding_totals WHERE kind = 'technique'
            """
        ).fetchall()
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for outlet, label, n in rows:
        known = TECHNIQUES.get(str(label))
        group = known.group if known is not None else "other"
        table[outlet][group] = table[outlet].get(group, 0) + int(n)
    busiest = sorted(table, key=lambda o: (-sum(table[o].values()), o))[:limit]
    return {o: table[o] for o in busiest}


def dyad_trend(
    conn: sqlite3.Connection, a_key: str, b_key: str, *, max_rows: int = 50_000
) -> list[tuple[str, int, float | None]] | None:
    """Events between two pooled actors (either direction) by month: count, mean Goldstein."""
    ma, mb = _actor_match(a_key, "aa"), _actor_match(b_key, "ab")
    if ma is None or mb is None:
        return None
    with sqlite_errors(conn):
        rows = conn.execute(
            f"""
            SELECT substr(a.published_date, 1, 7), aa.actor_id, ab.actor_id,
                   json_extract(f.payload_json, '$.source_actor'),
                   json_extract(f.payload_json, '$.target_actor'),
                   json_extract(f.payload_json, '$.goldstein')
            FROM actors aa
            JOIN actors ab ON ab.article_seq = aa.article_seq
            JOIN findings f ON f.article_seq = aa.article_seq AND f.kind = 'event'
            JOIN articles a ON a.seq = aa.article_seq
            WHERE {ma[0]} AND {mb[0]} LIMIT ?
            """,
            [*ma[1], *mb[1], max_rows],
        ).fetchall()
    months: dict[str, list[float]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for month, ida, idb, src, tgt, goldstein in rows:
        if not month or {src, tgt} != {ida, idb} or ida == idb:
            continue
        counts[month] += 1
        if isinstance(goldstein, int | float):
            months[month].append(float(goldstein))
    return [
        (m, counts[m], sum(months[m]) / len(months[m]) if months[m] else None)
        for m in sorted(counts)
    ]


def top_sources(conn: sqlite3.Connection, limit: int = 15) -> list[tuple[str, int, int]]:
    """The most-cited attribution sources across outlets: (name, citations, articles).

    Sources are pooled by their lower-cased text (``source_totals``); unnamed sources are
    left out.
    """
    with sqlite_errors(conn):
        rows = conn.execute(
            """
            SELECT min(source_text), sum(attributions), sum(articles) FROM source_totals
            WHERE source_text IS NOT NULL AND trim(source_text) != ''
            GROUP BY source_key ORDER BY sum(attributions) DESC, min(source_text) LIMIT ?
            """,
            (limit,),
        ).fetchall()
    return [(str(r[0]).strip(), int(r[1]), int(r[2])) for r in rows]


def recurring_claims(conn: sqlite3.Connection, limit: int = 10) -> list[RecurringClaim]:
    """Near-identical claims found in the most articles (from the recurring-claim index)."""
    with sqlite_errors(conn):
        rows = conn.execute(
            """
            SELECT c.text, r.articles,
                   (SELECT count(*) FROM claim_recurring_outlets o WHERE o.root_id = r.root_id),
                   r.first_published, a.id
            FROM claim_recurring r
            JOIN claims c ON c.id = r.first_claim_id
            JOIN articles a ON a.seq = r.first_seq
            ORDER BY r.articles DESC, r.first_published IS NULL, r.first_published, r.first_seq
            LIMIT ?
            """,
            (limit,),
        ).fetchall()
    return [RecurringClaim(str(r[0]), int(r[1]), int(r[2]), r[3], str(r[4])) for r in rows]


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunks(values: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(values), _CHUNK):
        yield list(values[i : i + _CHUNK])
