"""Synthetic articles for the store tests: actors, mentions and time findings, no spaCy."""

from __future__ import annotations

from unspin.model import (
    Actor,
    Article,
    Mention,
    Meta,
    Provenance,
    Sourced,
    Span,
    TimeExpression,
)

OUTLETS = ("Daily Planet", "Global Times", "Le Monde")
_PEOPLE = ("Xi Jinping", "Vladimir Putin", "Ursula von der Leyen", "Antonio Guterres")
_PLACES = ("Taiwan", "Beijing", "Moscow", "Brussels", "Kyiv")
_TOPICS = ("drills", "sanctions", "grain exports", "a ceasefire", "tariffs")


def make_article(i: int, *, n_actors: int | None = None) -> Article:
    """The ``i``-th synthetic article: deterministic, unique text, 1-4 actors, dated findings."""
    person = _PEOPLE[i % len(_PEOPLE)]
    place = _PLACES[i % len(_PLACES)]
    topic = _TOPICS[i % len(_TOPICS)]
    year, month, day = 2020 + i % 5, 1 + i % 12, 1 + i % 28
    date = f"{year}-{month:02d}-{day:02d}"
    parts = [
        f"{person} spoke about {topic} in {place} on {date}.",
        f" Officials in {place} said the talks on {topic} would continue (item {i}).",
        f" {person} will return in {year + 1}.",
    ]
    text = "".join(parts)
    s1 = Span(0, len(parts[0]))
    s2 = Span(s1.end, s1.end + len(parts[1]))
    s3 = Span(s2.end, len(text))
    mentions_person = tuple(
        Mention(Span(k, k + len(person)), "name") for k in _find_all(text, person)
    )
    mentions_place = tuple(
        Mention(Span(k, k + len(place)), "capital", metonymy=True) for k in _find_all(text, place)
    )
    actors = [
        Actor(
            id="A1",
            name=person,
            kind="person",
            mentions=mentions_person,
            aliases=(person.split()[-1],),
            role="head of state",
            codes=("GOV",),
            gazetteer_id=f"Q{1000 + i % len(_PEOPLE)}",
            salience=0.75,
        ),
        Actor(
            id="A2",
            name=place,
            kind="location",
            mentions=mentions_place,
            country="CHN" if place in ("Taiwan", "Beijing") else None,
            salience=0.5,
        ),
    ]
    if n_actors is not None:
        actors = actors[:n_actors]
    date_at = text.index(date)
    year_at = text.index(str(year + 1), s3.start)
    findings = (
        TimeExpression(
            label="DATE",
            evidence=(Span(date_at, date_at + len(date)),),
            detector="nlp.temporal.v1",
            score=1.0,
            value=date,
            granularity="day",
        ),
        TimeExpression(
            label="DATE",
            evidence=(Span(year_at, year_at + 4),),
            detector="nlp.temporal.v1",
            value=str(year + 1),
            granularity="year",
            anchor="publication",
        ),
    )
    meta = Meta(
        title=Sourced(f"{person} on {topic} ({i})", "html:meta"),
        outlet=Sourced(OUTLETS[i % len(OUTLETS)], "url"),
        published=Sourced(date, "html:meta"),
        url=f"https://example.org/{i}",
        language="en",
        language_score=0.99,
        source_id=f"item-{i}",
    )
    return Article(
        id=Article.make_id(text),
        text=text,
        meta=meta,
        paragraphs=(Span(0, len(text)),),
        sentences=(s1, s2, s3),
        actors=tuple(actors),
        findings=findings,
        provenance=Provenance("0.1.0", "cafe", ("nlp.temporal.v1",), {"spacy": "3.8.0"}),
        warnings=("synthetic",),
    )


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found
