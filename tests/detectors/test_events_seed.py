"""Events an analyst expects from the reference article (read in place; skipped when absent)."""

from __future__ import annotations

import pytest

from unspin.detectors.events import Event
from unspin.model import Article


@pytest.fixture(scope="module")
def seed_events(nlp, seed_text) -> tuple[Article, list[Event]]:
    """The seed article through the default stages, the coder seeing the earlier findings."""
    from unspin.analysis import Analyzer
    from unspin.ingest import RawInput, ingest
    from unspin.pipeline import Pipeline
    from unspin.registry import detectors

    analyzer = Analyzer()
    names = analyzer.settings.pipeline.detectors
    earlier = [detectors.get(n)(analyzer.settings) for n in names if n != "events.cameo.v1"]
    pipeline = Pipeline(analyzer.settings, nlp=nlp, detectors=earlier)
    raw = RawInput(content=seed_text, kind="text", published="2023-04-20")
    article = ingest(raw, analyzer.ingest_options)
    doc = nlp(article.text)
    article = pipeline.annotate(article, doc)
    return article, detectors.get("events.cameo.v1")(analyzer.settings)(article, doc)


def _name(article: Article, actor_id: str | None) -> str | None:
    actor = article.actor(actor_id) if actor_id else None
    return actor.name if actor else None


def test_xi_putin_talks_in_moscow(seed_events) -> None:
    article, events = seed_events
    talks = [
        e
        for e in events
        if e.cameo_root == "04" and e.date == "2023-03-22" and e.location is not None
    ]
    assert talks, "no dated CONSULT between Xi and Putin"
    event = talks[0]
    pair = {_name(article, event.source_actor), _name(article, event.target_actor)}
    assert pair == {"Xi Jinping", "Vladimir Putin"}
    assert event.location.slice(article.text) == "Moscow"
    assert event.modality == "reported" and event.attribution is not None
    cnn = next(f for f in article.findings if getattr(f, "id", None) == event.attribution)
    assert "CNN" in cnn.source.slice(article.text)


def test_washington_sanctions_li_shangfu(seed_events) -> None:
    article, events = seed_events
    sanctions = [e for e in events if e.cameo_root == "16"]
    assert sanctions
    for event in sanctions:
        assert _name(article, event.source_actor) == "United States"
        assert _name(article, event.target_actor) == "Li Shangfu"
    assert any(e.date == "2018" for e in sanctions)


def test_moscow_involvement_is_not_asserted(seed_events) -> None:
    article, events = seed_events
    start = article.text.index("Moscow is unlikely")
    end = article.text.index(".", start)
    assert not [e for e in events if start <= e.trigger.start < end and e.modality == "asserted"]


def test_every_source_is_an_actor(seed_events) -> None:
    article, events = seed_events
    assert events
    for event in events:
        assert event.source is not None and event.source_actor is not None
        assert article.actor(event.source_actor) is not None
        if event.cameo_root not in ("01", "14", "15"):
            assert event.target_actor is not None
        for span in event.evidence:
            assert span.slice(article.text)


def test_statements_do_not_duplicate_attributions(seed_events) -> None:
    article, events = seed_events
    cues = [f.cue for f in article.findings if f.kind == "attribution"]
    assert cues
    assert not [
        e for e in events if e.cameo_root == "01" and any(c.overlaps(e.trigger) for c in cues)
    ]
