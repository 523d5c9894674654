"""Helpers for the web and API tests: a spaCy-free pipeline, a mock network, a test store."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from tests.web.samples import SAMPLE_TEXT, Technique, hostile_article, rich_article
from unspin.analysis import Analyzer
from unspin.config import load_settings
from unspin.ingest import IngestOptions
from unspin.model import Actor, Article, Mention, Span, TimeExpression
from unspin.store import connect, save_article
from unspin.store.claim_index import refresh_claim_index

LOADED = ("brutal", "illegal", "pressure", "regime")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
COUNTRIES = {"Russia": "Q159", "Ukraine": "Q212", "Hungary": "Q28"}
PUBLIC_IP = "93.184.216.34"
ARTICLE_PAGE = (
    "<html><head><title>Grain deal talks</title></head><body><article><h1>Grain deal talks"
    "</h1><p>Russia and Ukraine held brutal talks on Monday about grain exports, officials "
    "said. The negotiators met again on Tuesday in Istanbul and agreed to continue.</p>"
    "<p>Diplomats called the pressure on both sides enormous.</p></article></body></html>"
)


class FakePipeline:
    """Stands in for the spaCy pipeline: marks loaded words, weekdays and a few countries."""

    def __init__(self, delay: float = 0.0, gate: threading.Event | None = None) -> None:
        self.delay = delay
        self.gate = gate
        self.calls = 0

    def run(self, article: Article) -> Article:
        return next(self.run_many([article]))

    def run_many(
        self, articles: Iterable[Article], batch_size: int | None = None
    ) -> Iterator[Article]:
        for article in articles:
            self.calls += 1
            if self.gate is not None:
                self.gate.wait(5)
            if self.delay:
                time.sleep(self.delay)
            yield _annotate(article)


def _annotate(article: Article) -> Article:
    text = article.text
    findings = []
    for word in LOADED:
        for m in re.finditer(rf"\b{word}\b", text):
            findings.append(
                Technique(
                    label="Loaded_Language",
                    evidence=(Span(m.start(), m.end()),),
                    detector="test.loaded.v1",
                    score=0.8,
                    group="manipulative_wording",
                    explanation="Loaded_Language",
                    confidence=0.8,
                )
            )
    for m in re.finditer(r"\b(" + "|".join(WEEKDAYS) + r")\b", text):
        findings.append(
            TimeExpression(
                label="DATE",
                evidence=(Span(m.start(), m.end()),),
                detector="test.time.v1",
                value=None,
                granularity="day",
                anchor="unresolved",
            )
        )
    actors = []
    for name, gid in COUNTRIES.items():
        spans = [Span(m.start(), m.end()) for m in re.finditer(rf"\b{name}\b", text)]
        if spans:
            actors.append(
                Actor(
                    id=f"A{len(actors) + 1}",
                    name=name,
                    kind="country",
                    mentions=tuple(Mention(s) for s in spans),
                    gazetteer_id=gid,
                    salience=0.5,
                )
            )
    return article.with_updates(findings=tuple(findings), actors=tuple(actors))


def resolver(host: str) -> list[str]:
    """Fake DNS: ``news.example`` is public, ``intranet.example`` private."""
    return {
        "news.example": [PUBLIC_IP],
        "intranet.example": ["10.1.2.3"],
        "localhost": ["127.0.0.1"],
    }.get(host, [])


def transport() -> httpx.MockTransport:
    """The mock network: one article page at news.example; anything else is 404."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.headers.get("host") == "news.example" and request.url.path == "/grain":
            return httpx.Response(200, text=ARTICLE_PAGE, headers={"content-type": "text/html"})
        return httpx.Response(404, text="no")

    return httpx.MockTransport(handle)


def fake_analyzer(pipeline: FakePipeline | None = None, *, max_bytes: int = 1_000_000) -> Analyzer:
    """An Analyzer on the fake pipeline and the mock network."""
    options = IngestOptions(max_bytes=max_bytes, transport=transport(), resolver=resolver)
    return Analyzer(load_settings(), pipeline=pipeline or FakePipeline(), ingest_options=options)  # type: ignore[arg-type]


OUTLETS = ("Daily Planet", "Global Times", "Le Monde")


def corpus_articles() -> list[Article]:
    """Six rich articles over three outlets and months, plus the hostile one."""
    articles = [
        rich_article(
            SAMPLE_TEXT + f" Item {i}.",
            outlet=OUTLETS[i % 3],
            published=f"2023-0{1 + i % 3}-1{i}",
            title=f"Dam attack claims {i}",
            language="en" if i < 5 else "fr",
        )
        for i in range(6)
    ]
    return [*articles, hostile_article()]


def make_store(path: Path, articles: Iterable[Article] | None = None) -> Path:
    """A store at ``path`` holding ``articles`` (default: the corpus articles), with its
    recurring-claim index up to date as an ingest leaves it."""
    conn = connect(path)
    try:
        for article in corpus_articles() if articles is None else articles:
            save_article(conn, article)
        refresh_claim_index(conn)
    finally:
        conn.close()
    return path
