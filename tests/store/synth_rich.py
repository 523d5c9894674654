"""Synthetic articles with every corpus finding kind: events, attributions, assertions,
techniques and actor stance (no spaCy). Built on ``synth.make_article``."""

from __future__ import annotations

import dataclasses
import random

from tests.store.synth import make_article
from unspin.detectors.claims.findings import Attribution, AuthorAssertion
from unspin.detectors.events.findings import Event
from unspin.detectors.persuasion.findings import Technique
from unspin.detectors.stance.findings import ActorStance
from unspin.model import Article, Finding, Meta, Sourced, Span

QUADS = ((1, 3.0), (2, 7.0), (3, -2.0), (4, -9.0))


def make_rich_article(i: int) -> Article:
    """``make_article(i)`` plus one event, attribution, assertion, technique and stance."""
    base = make_article(i)
    text = base.text
    s1, s2, s3 = base.sentences
    spoke = text.index("spoke")
    officials = text.index("Officials")
    said = text.index("said", s2.start)
    content_start = text.index("the talks", said)
    content_end = text.index(" (item", content_start)
    quad, goldstein = QUADS[i % 4]
    person = base.actors[0].mentions[0].span
    place = base.actors[1].mentions[0].span
    codes = ("CHNGOV", "RUS") if i % 2 == 0 else ("RUSGOV", "CHN")
    findings: list[Finding] = [
        *base.findings,
        Event(
            label="042",
            evidence=(Span(spoke, spoke + 5),),
            detector="events.cameo.v1",
            trigger=Span(spoke, spoke + 5),
            source=person,
            target=place,
            source_actor="A1",
            target_actor="A2",
            source_code=codes[0],
            target_code=codes[1],
            cameo_root="04",
            cameo_base="042",
            quad_class=quad,
            goldstein=goldstein,
            date=base.meta.published_date(),
        ),
        Attribution(
            label="attribution",
            evidence=(Span(content_start, content_end),),
            detector="claims.attribution.v1",
            id=f"Q{i}",
            source=Span(officials, officials + len("Officials")),
            cue=Span(said, said + 4),
            content=Span(content_start, content_end),
            source_kind="anonymous" if i % 3 == 0 else "person",
        ),
        AuthorAssertion(
            label="factual",
            evidence=(s3,),
            detector="claims.assertion.v1",
            claim_type="prediction",
            certainty="high",
        ),
        Technique(
            label="Loaded_Language",
            evidence=(Span(spoke, spoke + 5),),
            detector="persuasion.techniques.v1",
            score=0.9,
            group="manipulative wording",
            explanation="Loaded_Language",
            confidence=0.9,
        ),
        ActorStance(
            label="negative" if i % 2 else "positive",
            evidence=(s1,),
            detector="stance.actor.v1",
            score=-0.5 if i % 2 else 0.5,
            actor="A1",
            holder="author",
            mentions=1,
            negative=i % 2,
            neutral=0,
            positive=1 - i % 2,
            confidence=0.8,
        ),
    ]
    return base.with_updates(findings=tuple(findings))


_VOCABULARY = (
    "ministers officials talks border trade grain ports ships sanctions weapons drones envoys "
    "summit treaty ceasefire elections court parliament budget harvest pipeline gas exports "
    "tariffs markets bank loans deal region capital river army navy coast island"
)
_WORDS = _VOCABULARY.split()


def long_text(seed: int, words: int = 220) -> str:
    """A deterministic pseudo-article of ``words`` words (sentences of 11 words)."""
    rng = random.Random(seed)
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    sentences = [" ".join(chosen[k : k + 11]).capitalize() + "." for k in range(0, words, 11)]
    return " ".join(sentences)


def plain_article(text: str, source_id: str, outlet: str = "Wire") -> Article:
    """An article with only text and metadata (for near-duplicate tests)."""
    meta = Meta(
        outlet=Sourced(outlet, "url"),
        published=Sourced("2024-01-02", "html:meta"),
        source_id=source_id,
    )
    return Article(id=Article.make_id(text), text=text, meta=meta, paragraphs=(Span(0, len(text)),))


def with_outlet(article: Article, outlet: str, published: str) -> Article:
    meta = dataclasses.replace(
        article.meta, outlet=Sourced(outlet, "url"), published=Sourced(published, "html:meta")
    )
    return article.with_updates(meta=meta)
