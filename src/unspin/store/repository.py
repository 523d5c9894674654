"""Save and load whole articles: one transaction per article, exact duplicates stored once.

Example:
    >>> conn = connect("corpus.db")                              # doctest: +SKIP
    >>> save_article(conn, article)                              # doctest: +SKIP
    True
    >>> load_article(conn, article.id) == article                # doctest: +SKIP
    True
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from unspin.model import Actor, Article, Span
from unspin.serialize import article_from_dict, to_dict
from unspin.store.db import StoreError, sqlite_errors, transaction
from unspin.store.migrations import LATEST_VERSION
from unspin.store.neardup import NearDuplicateIndex

FINDING_TOTALS_VERSION = 5

_ARTICLE_COLUMNS = (
    "id, source_id, url, title, outlet, author, published, published_date, language, text, "
    "meta_json, paragraphs, sentences, unspin_version, models_json, provenance_json, "
    "warnings_json, n_actors, n_mentions, n_findings, ingested_at"
)
_ACTOR_FIELDS = (
    "article_seq",
    "actor_id",
    "ord",
    "name",
    "kind",
    "org_type",
    "country",
    "role",
    "codes",
    "gazetteer_id",
    "salience",
    "aliases",
    "n_mentions",
)
_ACTOR_COLUMNS = ", ".join(_ACTOR_FIELDS)
_MENTION_COLUMNS = 'article_seq, actor_id, ord, "start", "end", form, metonymy'
_FINDING_COLUMNS = "article_seq, idx, kind, label, detector, score, evidence_json, payload_json"


SaveOutcome = Literal["stored", "duplicate", "near_duplicate"]


def save_article(
    conn: sqlite3.Connection, article: Article, *, source_id: str | None = None
) -> bool:
    """Store ``article`` with its actors, mentions and findings in one transaction.

    ``source_id`` (default: ``article.meta.source_id``) is recorded even for a duplicate, so
    a re-run can skip it before analysis. Returns False when the article id was already
    stored (an exact duplicate), True when it was written now.
    """
    return store_article(conn, article, source_id=source_id) != "duplicate"


def store_article(
    conn: sqlite3.Connection,
    article: Article,
    *,
    source_id: str | None = None,
    near_duplicates: NearDuplicateIndex | None = None,
) -> SaveOutcome:
    """Like :func:`save_article`, also linking a near-duplicate to its original.

    With ``near_duplicates``, the article's MinHash signature is stored in the same
    transaction, and a syndicated copy of a stored article is stored *and* linked to it
    (outcome ``"near_duplicate"``). An exact duplicate (same text) is not stored again.
    """
    source = source_id if source_id is not None else article.meta.source_id
    signature = near_duplicates.sketch(article.text) if near_duplicates is not None else None
    match = None
    seq: int | None = None
    with transaction(conn):
        present = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
        if present is None:
            seq = _insert(conn, article, source)
            if near_duplicates is not None and signature is not None:
                match = near_duplicates.best_match(signature)
                near_duplicates.record(conn, seq, signature, match)
        if source is not None:
            conn.execute(
                "INSERT OR IGNORE INTO sources (source_id, article_id) VALUES (?, ?)",
                (source, article.id),
            )
    if seq is None:
        return "duplicate"
    return "stored" if match is None else "near_duplicate"


def load_article(conn: sqlite3.Connection, article_id: str) -> Article:
    """The stored article, equal to the one saved."""
    with sqlite_errors(conn):
        row = conn.execute(
            "SELECT seq, text, meta_json, paragraphs, sentences, provenance_json, warnings_json "
            "FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise StoreError(
                f"[E1107] No article {article_id!r} in the store. List ids with article_ids()."
            )
        seq = row[0]
        actors = conn.execute(
            f"SELECT {_ACTOR_COLUMNS} FROM actors WHERE article_seq = ? ORDER BY ord", (seq,)
        ).fetchall()
        mentions = conn.execute(
            f"SELECT {_MENTION_COLUMNS} FROM mentions WHERE article_seq = ? ORDER BY actor_id, ord",
            (seq,),
        ).fetchall()
        findings = conn.execute(
            "SELECT payload_json FROM findings WHERE article_seq = ? ORDER BY idx", (seq,)
        ).fetchall()
    by_actor: dict[str, list[dict[str, Any]]] = {}
    for _, actor_id, _, start, end, form, metonymy in mentions:
        by_actor.setdefault(actor_id, []).append(
            {"span": {"start": start, "end": end}, "form": form, "metonymy": bool(metonymy)}
        )
    data = {
        "id": article_id,
        "text": row[1],
        "meta": json.loads(row[2]),
        "paragraphs": _spans_from_json(row[3]),
        "sentences": _spans_from_json(row[4]),
        "actors": [_actor_dict(a, by_actor.get(a[1], [])) for a in actors],
        "findings": [json.loads(f[0]) for f in findings],
        "provenance": json.loads(row[5]) if row[5] is not None else None,
        "warnings": json.loads(row[6]),
    }
    return article_from_dict(data)


def has_source(conn: sqlite3.Connection, source_id: str) -> bool:
    """Whether an item with this caller-given id was stored (as an article or a duplicate)."""
    with sqlite_errors(conn):
        row = conn.execute("SELECT 1 FROM sources WHERE source_id = ?", (source_id,)).fetchone()
    return row is not None


def article_ids(conn: sqlite3.Connection) -> list[str]:
    """The ids of all stored articles, in the order they were stored."""
    with sqlite_errors(conn):
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY seq")]


def inconsistent_articles(conn: sqlite3.Connection) -> list[str]:
    """Ids of articles whose stored actors, mentions or findings disagree with their counts."""
    with sqlite_errors(conn):
        rows = conn.execute(
            """
            SELECT a.id FROM articles a
            WHERE a.n_actors != (SELECT count(*) FROM actors WHERE article_seq = a.seq)
               OR a.n_mentions != (SELECT count(*) FROM mentions WHERE article_seq = a.seq)
               OR a.n_findings != (SELECT count(*) FROM findings WHERE article_seq = a.seq)
            ORDER BY a.seq
            """
        ).fetchall()
    return [r[0] for r in rows]


def _insert(
    conn: sqlite3.Connection,
    article: Article,
    source_id: str | None,
    *,
    schema: int = LATEST_VERSION,
) -> int:
    """Write the article's rows; ``schema`` below the latest writes as that release did."""
    meta = article.meta
    provenance = article.provenance
    n_mentions = sum(len(a.mentions) for a in article.actors)
    cursor = conn.execute(
        f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({_marks(21)})",
        (
            article.id,
            source_id,
            meta.url,
            meta.title.value if meta.title else None,
            meta.outlet.value if meta.outlet else None,
            meta.author.value if meta.author else None,
            meta.published.value if meta.published else None,
            meta.published_date(),
            meta.language,
            article.text,
            _json(to_dict(meta)),
            _spans_to_json(article.paragraphs),
            _spans_to_json(article.sentences),
            provenance.package_version if provenance else None,
            _json(dict(provenance.models)) if provenance else None,
            _json(to_dict(provenance)) if provenance else None,
            _json(list(article.warnings)),
            len(article.actors),
            n_mentions,
            len(article.findings),
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )
    seq = cursor.lastrowid
    if seq is None:  # pragma: no cover - an INSERT always sets lastrowid
        raise StoreError("[E1109] SQLite gave no row id for a new article.")
    conn.executemany(
        f"INSERT INTO actors ({_ACTOR_COLUMNS}) VALUES ({_marks(13)})",
        [_actor_row(seq, i, a) for i, a in enumerate(article.actors)],
    )
    conn.executemany(
        f"INSERT INTO mentions ({_MENTION_COLUMNS}) VALUES ({_marks(7)})",
        [
            (seq, a.id, i, m.span.start, m.span.end, m.form, int(m.metonymy))
            for a in article.actors
            for i, m in enumerate(a.mentions)
        ],
    )
    conn.executemany(
        f"INSERT INTO findings ({_FINDING_COLUMNS}) VALUES ({_marks(8)})",
        [
            (
                seq,
                i,
                f.kind,
                f.label,
                f.detector,
                f.score,
                _spans_to_json(f.evidence),
                _json(to_dict(f)),
            )
            for i, f in enumerate(article.findings)
        ],
    )
    if schema >= FINDING_TOTALS_VERSION:
        _add_finding_totals(conn, article)
    return seq


def _add_finding_totals(conn: sqlite3.Connection, article: Article) -> None:
    outlet = article.meta.outlet.value if article.meta.outlet else ""
    counts = Counter((f.kind, f.label) for f in article.findings)
    conn.executemany(
        "INSERT INTO finding_totals (kind, label, outlet, findings, articles) "
        "VALUES (?, ?, ?, ?, 1) ON CONFLICT (kind, label, outlet) DO UPDATE SET "
        "findings = findings + excluded.findings, articles = articles + 1",
        [(kind, label, outlet, n) for (kind, label), n in counts.items()],
    )


def _actor_row(seq: int | None, ord_: int, actor: Actor) -> tuple[Any, ...]:
    return (
        seq,
        actor.id,
        ord_,
        actor.name,
        actor.kind,
        actor.org_type,
        actor.country,
        actor.role,
        _json(list(actor.codes)),
        actor.gazetteer_id,
        actor.salience,
        _json(list(actor.aliases)),
        len(actor.mentions),
    )


def _actor_dict(row: Sequence[Any], mentions: list[dict[str, Any]]) -> dict[str, Any]:
    values = dict(zip(_ACTOR_FIELDS, row, strict=True))
    plain = ("name", "kind", "org_type", "country", "role", "gazetteer_id", "salience")
    return {
        "id": values["actor_id"],
        "mentions": mentions,
        "aliases": json.loads(values["aliases"]),
        "codes": json.loads(values["codes"]),
        **{key: values[key] for key in plain},
    }


def _spans_to_json(spans: Sequence[Span]) -> str:
    return _json([[s.start, s.end] for s in spans])


def _spans_from_json(raw: str) -> list[dict[str, int]]:
    return [{"start": s, "end": e} for s, e in json.loads(raw)]


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError as exc:
        raise StoreError(
            f"[E1111] Cannot store a value JSON cannot carry ({exc}); replace NaN or "
            "infinite scores with None before saving."
        ) from exc


def _marks(n: int) -> str:
    return ", ".join("?" * n)
