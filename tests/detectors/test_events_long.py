"""Event coder on long inputs (issue 9): one long paragraph and a run-on 'sentence'.

The coder's work must grow linearly with the text. Tests assert on the coder's deterministic
work counters (``EventCoder.stats``), never on wall-clock time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from unspin.detectors.events import CoderOptions, EventCoder
from unspin.model import Actor, Article, Mention, Meta, Sourced, Span, TimeExpression

if TYPE_CHECKING:
    from spacy.language import Language

SENTENCES = (
    "Xi Jinping met Vladimir Putin in Moscow on Monday, officials said.",
    "Russian troops attacked Ukrainian positions near Kharkiv on Tuesday.",
    "The United States imposed sanctions on Russia last week, the Treasury said.",
    "China condemned the Japanese government for the visit.",
    "He said the talks between the two leaders would resume in March.",
    "The restrictions were imposed by Washington after the vote.",
    "Turkey accused Greece of violating its airspace, the ministry said.",
    "Japan agreed to provide aid to the Philippines.",
)
ACTORS = {
    "Xi Jinping": ("person", "CHNGOV"),
    "Vladimir Putin": ("person", "RUSGOV"),
    "Russia": ("country", "RUS"),
    "Ukrainian": ("country", "UKR"),
    "Russian troops": ("group", "RUSMIL"),
    "United States": ("country", "USA"),
    "Washington": ("country", "USA"),
    "China": ("country", "CHN"),
    "Japanese government": ("organisation", "JPNGOV"),
    "Turkey": ("country", "TUR"),
    "Greece": ("country", "GRC"),
    "Japan": ("country", "JPN"),
    "Philippines": ("country", "PHL"),
}


def _article(text: str) -> Article:
    """An article with actor mentions and time findings on every repetition of the text."""
    actors = []
    for n, (name, (kind, code)) in enumerate(ACTORS.items(), start=1):
        spans = [Span(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
        mentions = tuple(Mention(s, metonymy=(name == "Washington")) for s in spans)
        actors.append(Actor(f"A{n}", name, kind, mentions, codes=(code,)))  # type: ignore[arg-type]
    times = tuple(
        TimeExpression(
            label="DATE",
            evidence=(Span(m.start(), m.end()),),
            detector="test",
            value="2023-05-08",
            granularity="day",
        )
        for m in re.finditer(r"\bMonday\b", text)
    )
    return Article(
        id="long",
        text=text,
        meta=Meta(published=Sourced("2023-05-10", "input")),
        paragraphs=(Span(0, len(text)),),
        actors=tuple(actors),
        findings=times,
    )


def _paragraph(repeats: int) -> str:
    return " ".join(SENTENCES * repeats)


def _run_on(repeats: int) -> str:
    """One 'sentence' with no full stops: the clauses joined by ', and'."""
    return ", and ".join(s.rstrip(".") for s in SENTENCES * repeats) + "."


@pytest.fixture(scope="module")
def news() -> EventCoder:
    return EventCoder(options=CoderOptions.news())


def _work(coder: EventCoder, nlp: Language, text: str) -> tuple[int, int, int]:
    article = _article(text)
    events = coder(article, nlp(text))
    for event in events:
        for span in event.evidence:
            assert span.slice(text)
    assert events
    return len(events), coder.stats.candidates, coder.stats.lookups


def test_long_paragraph_work_grows_linearly(nlp: Language, news: EventCoder) -> None:
    small = _work(news, nlp, _paragraph(4))
    big = _work(news, nlp, _paragraph(16))  # about 17 KB in one paragraph
    assert 3.5 * small[0] <= big[0] <= 4.5 * small[0]
    assert big[1] <= 4.5 * small[1]
    # Look-ups into the article (mentions, times, attributions, earlier events) per event stay
    # flat: a scan over the whole article per event would make this ratio about 16.
    assert big[2] <= 4.5 * small[2]


def test_run_on_sentence_of_3000_tokens_completes(nlp: Language, news: EventCoder) -> None:
    text = _run_on(34)
    doc = nlp(text)
    assert len(doc) > 3000
    small = _work(news, nlp, _run_on(8))
    events, candidates, lookups = _work(news, nlp, text)
    assert events > 0 and news.stats.tokens == len(doc)
    assert candidates <= 4.5 * small[1]
    assert lookups <= 5 * small[2]


def test_long_paragraph_keeps_paragraph_rules(nlp: Language, news: EventCoder) -> None:
    """The pronoun rule still reaches back within the (one) paragraph."""
    text = _paragraph(8)
    article = _article(text)
    events = news(article, nlp(text))
    he = [e for e in events if e.source is not None and e.source.slice(text) == "He"]
    assert he and all(e.source_actor == "A2" for e in he)  # Vladimir Putin, the last person
