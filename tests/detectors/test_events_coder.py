"""Event coder: CAMEO codes, dyads, actor codes and modality on sentences written here."""

from __future__ import annotations

import pytest

from unspin.detectors.events import Event, EventCoder, events_to_gdelt_rows
from unspin.model import Article, Meta, Sourced
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict

# (sentence, CAMEO code, source text, source code, target text, target code, modality)
CASES = [
    ("Iran threatened to attack Israel.", "138", "Iran", "IRN", "Israel", "ISR", "asserted"),
    (
        "Russian troops attacked Ukrainian positions near Kharkiv.",
        "193",
        "Russian troops",
        "RUSMIL",
        "Ukrainian positions",
        "UKR",
        "asserted",
    ),
    (
        "China condemned the Japanese government.",
        "111",
        "China",
        "CHN",
        "Japanese government",
        "JPNGOV",
        "asserted",
    ),
    (
        "The police arrested three opposition leaders.",
        "173",
        "police",
        "COP",
        "three opposition leaders",
        "OPP",
        "asserted",
    ),
    (
        "Protesters demonstrated against the government in Paris.",
        "141",
        "Protesters",
        "OPP",
        "government",
        "GOV",
        "asserted",
    ),
    (
        "Xi Jinping met Vladimir Putin in Moscow.",
        "040",
        "Xi Jinping",
        "CHNGOV",
        "Vladimir Putin",
        None,
        "asserted",
    ),
    (
        "The United States imposed sanctions on Russia.",
        "163",
        "United States",
        "USA",
        "Russia",
        "RUS",
        "asserted",
    ),
    ("Germany did not criticize France.", "111", "Germany", "DEU", "France", "FRA", "negated"),
    (
        "If Turkey attacks Syria, the alliance would respond.",
        "190",
        "Turkey",
        "TUR",
        "Syria",
        "SYR",
        "hypothetical",
    ),
    ("Russia will visit China next week.", "036", "Russia", "RUS", "China", "CHN", "future"),
    ("Japan accused China of spying.", "112", "Japan", "JPN", "China", "CHN", "asserted"),
    (
        "Egypt rejected the proposal from Israel.",
        "120",
        "Egypt",
        "EGY",
        "Israel",
        "ISR",
        "asserted",
    ),
    ("France agreed to provide aid to Mali.", "033", "France", "FRA", "Mali", "MLI", "asserted"),
    ("The army killed ten rebels.", "190", "army", "MIL", "ten rebels", "REB", "asserted"),
    (
        "India expelled the Pakistani ambassador.",
        "174",
        "India",
        "IND",
        "Pakistani ambassador",
        "PAKGOV",
        "asserted",
    ),
    ("Canada praised Mexico.", "051", "Canada", "CAN", "Mexico", "MEX", "asserted"),
    (
        "Kenya hosted the Ugandan president.",
        "043",
        "Kenya",
        "KEN",
        "Ugandan president",
        "UGAGOV",
        "asserted",
    ),
    ("Israeli jets bombed Gaza.", "190", "Israeli jets", "ISR", "Gaza", "PSEGZA", "asserted"),
    ("Poland refused to meet Belarus.", "125", "Poland", "POL", "Belarus", "BLR", "asserted"),
    ("The minister visited Kabul.", "042", "minister", "GOV", "Kabul", "AFG", "asserted"),
    # PLOVER codes the place of a protest as its target ("rioted ... in northern Israel").
    ("Students protested in Tehran.", "140", "Students", "EDU", "Tehran", "IRN", "asserted"),
    ("Sweden apologized to Norway.", "055", "Sweden", "SWE", "Norway", "NOR", "asserted"),
    ("Spain investigated the bank.", "090", "Spain", "ESP", None, None, "asserted"),
    (
        "Hamas kidnapped two soldiers.",
        "181",
        "Hamas",
        "PSEREBHMS",
        "two soldiers",
        "MIL",
        "asserted",
    ),
    (
        "Washington urged Beijing to release the activists.",
        "105",
        "Washington",
        "USA",
        "Beijing",
        "CHN",
        "asserted",
    ),
    ("The rebels seized the town.", "192", "rebels", "REB", None, None, "asserted"),
    ("North Korea fired missiles.", "190", "North Korea", "PRK", None, None, "asserted"),
]


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(time_resolver=None)


def _main(events: list[Event]) -> Event:
    typed = [e for e in events if e.plover_type]
    assert typed, f"no PLOVER-typed event in {events}"
    return typed[0]


@pytest.mark.parametrize(("text", "code", "src", "src_code", "tgt", "tgt_code", "modality"), CASES)
def test_codes_sentence(nlp, coder, text, code, src, src_code, tgt, tgt_code, modality) -> None:
    event = _main(coder.code_doc(nlp(text)))
    assert event.label == code
    assert (event.source.slice(text) if event.source else None) == src
    assert (event.target.slice(text) if event.target else None) == tgt
    assert event.source_code == src_code
    if tgt_code is not None:
        assert event.target_code == tgt_code
    assert event.modality == modality
    assert event.cameo_root == code[:2] and event.cameo_base == code[:3]
    for span in event.evidence:
        assert 0 <= span.start < span.end <= len(text)


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Moscow is unlikely to get directly involved.", "hypothetical"),
        ("Officials said Chinese troops attacked Indian soldiers.", "reported"),
        ("Germany did not criticize France.", "negated"),
        ("Germany will criticize France.", "future"),
    ],
)
def test_modality_is_never_asserted_for_unreal_events(nlp, coder, text, modality) -> None:
    events = [e for e in coder.code_doc(nlp(text)) if e.trigger.slice(text) != "said"]
    assert events and all(e.modality == modality for e in events)


@pytest.mark.parametrize(
    "text",
    [
        ", ".join(f"Country{i}" for i in range(30)) + " and Iran attacked Iraq.",
        "Attacked.",
        "It was April 31 when they met.",
        "",
    ],
)
def test_bad_input_does_not_crash(nlp, coder, text) -> None:
    for event in coder.code_doc(nlp(text)):
        assert event.trigger.slice(text)


def test_actor_ids_come_from_article_actors(nlp, coder) -> None:
    from unspin.model import Actor, Mention, Span

    text = "Iran threatened to attack Israel."
    iran = Actor("A1", "Iran", "country", (Mention(Span(0, 4)),), codes=("IRNGOV",))
    article = Article(id="x", text=text, meta=Meta(), actors=(iran,))
    event = _main(coder(article, nlp(text)))
    assert (event.source_actor, event.source_code) == ("A1", "IRNGOV")
    assert event.target_actor is None and event.target_code == "ISR"


def test_event_round_trips_through_json(nlp, coder) -> None:
    text = "Russian troops attacked Ukrainian positions near Kharkiv."
    events = tuple(coder.code_doc(nlp(text)))
    article = Article(id="x", text=text, meta=Meta(), findings=events)
    rebuilt = article_from_dict(article_to_dict(article))
    assert rebuilt.findings == events
    assert all(isinstance(f, Event) for f in rebuilt.findings)


def test_gdelt_rows(nlp, coder) -> None:
    text = "Iran threatened to attack Israel."
    meta = Meta(published=Sourced("2023-03-22", "test"), url="https://example.org/a")
    article = Article(id="x", text=text, meta=meta, findings=tuple(coder.code_doc(nlp(text))))
    (row,) = events_to_gdelt_rows(article)
    assert row["SQLDATE"] == "20230322" and row["SOURCEURL"] == "https://example.org/a"
    assert (row["Actor1Code"], row["Actor2Code"], row["Actor1CountryCode"]) == ("IRN", "ISR", "IRN")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("138", "138", "13")
    assert row["QuadClass"] == 3 and row["GoldsteinScale"] == -7.0 and row["IsRootEvent"] == 1


def test_registered_factory_accepts_none_settings() -> None:
    from unspin.detectors.events import coder as coder_module

    factory = coder_module.make_event_coder
    assert factory(None).name == "events.cameo.v1"
    assert detectors._factories.get("events.cameo.v1") is factory
