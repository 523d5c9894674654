"""Event coding on news text: actor-only dyads, reports, dates, places (sentences written here)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from unspin.detectors.claims.findings import Attribution
from unspin.detectors.events import CoderOptions, Event, EventCoder
from unspin.model import (
    Actor,
    ActorKind,
    Article,
    Finding,
    Mention,
    Meta,
    Sourced,
    Span,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.language import Language

# name -> (kind, CAMEO actor code)
ACTORS: dict[str, tuple[ActorKind, str | None]] = {
    "Russia": ("country", "RUS"),
    "Ukraine": ("country", "UKR"),
    "China": ("country", "CHN"),
    "Japan": ("country", "JPN"),
    "US": ("country", "USA"),
    "Xi Jinping": ("person", "CHNGOV"),
    "Vladimir Putin": ("person", "RUSGOV"),
    "Dmitry Peskov": ("person", "RUSGOV"),
    "Li Shangfu": ("person", "CHNGOV"),
    "Moscow": ("location", "RUS"),
    "Beijing": ("location", "CHN"),
}


@pytest.fixture(scope="module")
def news() -> EventCoder:
    return EventCoder(options=CoderOptions.news())


def _article(
    text: str, published: str | None = None, findings: tuple[Finding, ...] = ()
) -> Article:
    """An article whose actors are every occurrence of the names in ``ACTORS``."""
    actors = []
    for name, (kind, code) in ACTORS.items():
        spans = [Span(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
        if spans:
            mentions = tuple(Mention(s) for s in spans)
            codes = (code,) if code else ()
            actors.append(Actor(f"A{len(actors) + 1}", name, kind, mentions, codes=codes))
    meta = Meta(published=Sourced(published, "test") if published else None)
    paragraphs = (Span(0, len(text)),)
    return Article(
        id="t", text=text, meta=meta, paragraphs=paragraphs, actors=tuple(actors), findings=findings
    )


def _code(coder: EventCoder, nlp: Language, article: Article) -> list[Event]:
    return coder(article, nlp(article.text))


def _text(article: Article, span: Span | None) -> str | None:
    return span.slice(article.text) if span is not None else None


def _actor_name(article: Article, actor_id: str | None) -> str | None:
    actor = article.actor(actor_id) if actor_id else None
    return actor.name if actor else None


def test_non_actor_source_is_dropped(nlp, news) -> None:
    article = _article("The composition speaks of war, and Russia attacked Ukraine.")
    events = _code(news, nlp, article)
    assert [(e.cameo_root, _text(article, e.source)) for e in events] == [("19", "Russia")]
    assert _actor_name(article, events[0].target_actor) == "Ukraine"
    lenient = EventCoder()(article, nlp(article.text))
    assert any(_text(article, e.source) == "composition" for e in lenient)


def test_dyadic_event_needs_an_actor_target(nlp, news) -> None:
    article = _article("Russia attacked the convoy.")
    assert _code(news, nlp, article) == []
    monadic = EventCoder(options=CoderOptions(require_actors=True))
    (event,) = _code(monadic, nlp, article)
    assert event.target is None and event.source_code == "RUS"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Vladimir Putin arrived. Later he criticized Japan.", "Vladimir Putin"),
        ("China welcomed the plan. Later it criticized Japan.", "China"),
        ("Xi Jinping and Vladimir Putin arrived. Later they criticized Japan.", None),
    ],
)
def test_pronoun_source_resolves_in_paragraph(nlp, news, text, actor) -> None:
    article = _article(text)
    events = [e for e in _code(news, nlp, article) if e.cameo_root == "11"]
    assert [_actor_name(article, e.source_actor) for e in events] == ([actor] if actor else [])


def test_inverted_report_names_the_speaker(nlp, news) -> None:
    text = "Russia attacked Ukraine, said Dmitry Peskov."
    lenient = EventCoder()(_article(text), nlp(text))
    said = next(e for e in lenient if e.cameo_root == "01")
    assert said.source is not None and said.source.slice(text) == "Dmitry Peskov"
    article = _article(text)
    events = _code(news, nlp, article)
    # The statement carries an event of its own, so only that event is coded, as reported.
    assert [(e.cameo_root, _text(article, e.source), e.modality) for e in events] == [
        ("19", "Russia", "reported")
    ]
    calm = _article("The weather was fine, said Dmitry Peskov.")
    (statement,) = _code(news, nlp, calm)
    assert _actor_name(calm, statement.source_actor) == "Dmitry Peskov"


def test_reported_event_links_its_attribution(nlp, news) -> None:
    text = "Officials said that Russia attacked Ukraine."
    content = Span(text.index("that"), len(text) - 1)
    attribution = Attribution(
        label="indirect",
        evidence=(content,),
        detector="claims.attribution.v1",
        id="AT1",
        source=Span(0, 9),
        cue=Span(10, 14),
        content=content,
    )
    article = _article(text, findings=(attribution,))
    events = _code(news, nlp, article)
    assert [(e.cameo_root, e.modality, e.attribution) for e in events] == [
        ("19", "reported", "AT1")
    ]


def test_hypothetical_involvement_is_not_asserted(nlp, news) -> None:
    article = _article("Moscow is unlikely to attack Ukraine.")
    assert all(e.modality != "asserted" for e in _code(news, nlp, article))


@pytest.mark.parametrize(
    ("text", "times", "date", "granularity"),
    [
        ("On 12 April, China criticized Japan.", (), "2023-04-12", "day"),
        (
            "Last week China criticized Japan.",
            (("Last week", "2023-W15", "week"),),
            "2023-W15",
            "week",
        ),
        ("China criticized Japan.", (), None, None),
    ],
)
def test_event_date_from_its_clause(nlp, news, text, times, date, granularity) -> None:
    findings = tuple(
        TimeExpression(
            label="DATE",
            evidence=(Span(text.index(t), text.index(t) + len(t)),),
            detector="nlp.temporal.v1",
            value=v,
            granularity=g,
            anchor="publication",
        )
        for t, v, g in times
    )
    article = _article(text, published="2023-04-20", findings=findings)
    (event,) = _code(news, nlp, article)
    assert (event.date, event.date_granularity) == (date, granularity)


def test_location_from_locative_phrase(nlp, news) -> None:
    article = _article("Xi Jinping met Vladimir Putin in Moscow.")
    (event,) = _code(news, nlp, article)
    assert event.cameo_root == "04"
    assert _text(article, event.location) == "Moscow"
    assert _actor_name(article, event.target_actor) == "Vladimir Putin"


def test_nominal_sanctions_and_talks(nlp, news) -> None:
    text = (
        "Li Shangfu has been under US sanctions since 2018. "
        "Xi Jinping and Vladimir Putin issued a statement after talks in Beijing."
    )
    article = _article(text, published="2023-04-20")
    events = {e.trigger.slice(text): e for e in _code(news, nlp, article)}
    sanctions = events["sanctions"]
    assert (sanctions.cameo_root, sanctions.date) == ("16", "2018")
    assert _actor_name(article, sanctions.source_actor) == "US"
    assert _actor_name(article, sanctions.target_actor) == "Li Shangfu"
    talks = events["talks"]
    assert talks.cameo_root == "04" and _text(article, talks.location) == "Beijing"
    pair = {_actor_name(article, talks.source_actor), _actor_name(article, talks.target_actor)}
    assert pair == {"Xi Jinping", "Vladimir Putin"}


def test_registered_detector_uses_news_settings() -> None:
    from unspin.registry import detectors

    coder = detectors.get("events.cameo.v1")(None)
    assert coder.options == CoderOptions.news()
