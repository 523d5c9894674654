"""Export an article's events as GDELT-2.0-style rows (GDELT column names where they apply)."""

from __future__ import annotations

import hashlib
from typing import Any

from unspin.detectors.events.findings import Event
from unspin.model import Article, Span

ROLE_CODES = frozenset(
    {
        "GOV",
        "MIL",
        "REB",
        "COP",
        "OPP",
        "CVL",
        "BUS",
        "MED",
        "EDU",
        "JUD",
        "LEG",
        "SPY",
        "IGO",
        "NGO",
        "HLH",
        "REF",
        "LAB",
        "AGR",
        "ELI",
        "CRM",
        "UAF",
        "MOD",
        "RAD",
        "IMG",
        "INS",
    }
)


def events_to_gdelt_rows(article: Article) -> list[dict[str, Any]]:
    """One dict per ``Event`` finding, keyed by GDELT 2.0 event-table column names.

    Example:
        >>> events_to_gdelt_rows(Article(id="a", text="", meta=Meta()))  # doctest: +SKIP
        []
    """
    rows: list[dict[str, Any]] = []
    published = article.meta.published_date()
    events = [f for f in article.findings if isinstance(f, Event)]
    roots = _root_events(events, article.sentences)
    for number, event in enumerate(events):
        day = (event.date if event.date and len(event.date) == 10 else None) or published
        rows.append(
            {
                "GlobalEventID": _event_id(article.id, number),
                "SQLDATE": day.replace("-", "") if day else None,
                "MonthYear": day.replace("-", "")[:6] if day else None,
                "Year": int(day[:4]) if day else None,
                **_actor_columns("Actor1", event.source, event.source_code, article),
                **_actor_columns("Actor2", event.target, event.target_code, article),
                "IsRootEvent": int(number in roots),
                "EventCode": event.label,
                "EventBaseCode": event.cameo_base,
                "EventRootCode": event.cameo_root,
                "QuadClass": event.quad_class,
                "GoldsteinScale": event.goldstein,
                "ActionGeo_FullName": _text(event.location, article),
                "DATEADDED": published.replace("-", "") if published else None,
                "SOURCEURL": article.meta.url,
                # Columns beyond GDELT's, kept for the analyst.
                "PloverType": event.plover_type,
                "PloverMode": event.plover_mode,
                "Modality": event.modality,
                "TriggerText": _text(event.trigger, article),
            }
        )
    return rows


def _event_id(article_id: str, number: int) -> int:
    digest = hashlib.sha256(f"{article_id}:{number}".encode()).hexdigest()
    return int(digest[:15], 16)


def _text(span: Span | None, article: Article) -> str | None:
    return span.slice(article.text) if span is not None else None


def _actor_columns(
    prefix: str, span: Span | None, code: str | None, article: Article
) -> dict[str, Any]:
    country = code[:3] if code and code[:3] not in ROLE_CODES and len(code) >= 3 else None
    roles = [code[i : i + 3] for i in range(0, len(code or ""), 3)] if code else []
    known_roles = [r for r in roles if r in ROLE_CODES]
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": span.slice(article.text).upper() if span is not None else None,
        f"{prefix}CountryCode": country,
        f"{prefix}Type1Code": known_roles[0] if known_roles else None,
        f"{prefix}Type2Code": known_roles[1] if len(known_roles) > 1 else None,
    }


def _root_events(events: list[Event], sentences: tuple[Span, ...]) -> set[int]:
    """GDELT marks events from an article's lead; here: events in its first sentence."""
    if not events:
        return set()
    first = sentences[0] if sentences else None
    if first is None:
        return {0}
    return {i for i, e in enumerate(events) if first.contains(e.trigger)}
