"""The embedded store: SQLite (WAL, FTS5) with versioned migrations; never imports spaCy."""

from __future__ import annotations

from unspin.store.db import StoreError, connect, transaction
from unspin.store.migrations import LATEST_VERSION, current_version
from unspin.store.queries import (
    ActorCount,
    ArticleRow,
    FindingCount,
    SearchHit,
    articles_by,
    finding_counts,
    search,
    top_actors,
)
from unspin.store.repository import (
    article_ids,
    has_source,
    inconsistent_articles,
    load_article,
    save_article,
)

__all__ = [
    "LATEST_VERSION",
    "ActorCount",
    "ArticleRow",
    "FindingCount",
    "SearchHit",
    "StoreError",
    "article_ids",
    "articles_by",
    "connect",
    "current_version",
    "finding_counts",
    "has_source",
    "inconsistent_articles",
    "load_article",
    "save_article",
    "search",
    "top_actors",
    "transaction",
]
