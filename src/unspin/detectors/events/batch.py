"""Code a stream of ``{"id", "text", "date"?}`` records; one spaCy pass over all of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from unspin.detectors.events.coder import CoderOptions, EventCoder
from unspin.detectors.events.gdelt import events_to_gdelt_rows
from unspin.model import Article, Meta, Sourced
from unspin.serialize import to_dict


def code_records(
    records: Iterable[dict[str, Any]], gdelt: bool = False, batch_size: int = 32
) -> Iterator[dict[str, Any]]:
    """Yield ``{"id", "events": [...]}`` (and ``"gdelt"`` rows) for each record, in order.

    Records are news text, so the precise news settings apply (``CoderOptions.news()``).
    """
    from unspin.nlp.load import load_spacy

    nlp = load_spacy()
    coder = EventCoder(options=CoderOptions.news())
    items = list(records)
    texts = (str(r["text"]) for r in items)
    for record, doc in zip(items, nlp.pipe(texts, batch_size=batch_size), strict=True):
        text = str(record["text"])
        date = record.get("date")
        meta = Meta(
            published=Sourced(str(date), "input") if date else None, source_id=str(record.get("id"))
        )
        article = Article(id=Article.make_id(text), text=text, meta=meta)
        events = coder(article, doc)
        out: dict[str, Any] = {"id": record.get("id"), "events": [to_dict(e) for e in events]}
        for item, event in zip(out["events"], events, strict=True):
            item["trigger_text"] = event.trigger.slice(text)
        if gdelt:
            out["gdelt"] = events_to_gdelt_rows(article.with_updates(findings=tuple(events)))
        yield out
