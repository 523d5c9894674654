"""Clause rules of the event coder (issue 5): acts named by objects, control verbs, targets.

Sentences are written here; each checks the headline event the PLOVER evaluation would keep.
"""

from __future__ import annotations

import pytest

from unspin.detectors.events import Event, EventCoder
from unspin.detectors.events.plover_eval import depth, is_modifier, main_event

# (sentence, CAMEO code, source text, target text or None)
CASES = [
    # a light verb's object names the act
    ("Farmers staged a rally in Lyon against the new tax.", "141", "Farmers", None),
    ("Chile issued an ultimatum to Bolivia.", "139", "Chile", "Bolivia"),
    (
        "Nurses continued their hunger strike in protest at the health ministry's decision.",
        "142",
        "Nurses",
        "health ministry",
    ),
    # work stoppage, blockade (a protest unless forces block), purpose of protest
    ("Dock workers stopped work on Tuesday.", "143", "Dock workers", None),
    ("Truck drivers blocked the highway near Calais.", "144", "Truck drivers", None),
    ("Soldiers blocked the bridge into the town.", "191", "Soldiers", None),
    ("Students occupied the campus to demand the dean's resignation.", "140", "Students", None),
    ("Youths threw stones during demonstrations against the mayor.", "140", "Youths", None),
    # changes in relations, easing, peacekeeping, force posture
    ("Norway suspended aid to Somalia.", "162", "Norway", "Somalia"),
    ("Egypt ended its mediation between the two factions.", "165", "Egypt", None),
    ("Indian peacekeepers arrived in Juba.", "074", "Indian peacekeepers", "Juba"),
    ("The UN will withdraw its observers from Syria.", "131", "UN", "Syria"),
    ("Russia strengthened its forces in Crimea.", "153", "Russia", "Crimea"),
    ("Greek troops remained on alert.", "152", "Greek troops", None),
    # control verbs
    ("The army prepared to attack the city.", "150", "army", None),
    ("Iraq is prepared to impose martial law.", "137", "Iraq", None),
    ("The rebels vowed to attack the capital.", "138", "rebels", None),
    ("The court decided to release the journalist.", "084", "court", "journalist"),
    ("Brussels pressured Athens to cut spending.", "100", "Brussels", "Athens"),
    ("Paris sent a warning to Rome that it must close the camps.", "105", "Paris", "Rome"),
    # targets
    (
        "Cuba threatened to cut oil exports unless Venezuela paid its debts.",
        "130",
        "Cuba",
        "Venezuela",
    ),
    ("Britain promised to continue military aid to Kenya.", "0332", "Britain", "Kenya"),
    ("Israel is opposed to French mediation.", None, "Israel", None),
    # pattern matching: an infinitive *to* is no preposition; the verb's own object wins
    ("Canada praised Mexico's efforts to reform its courts.", "051", "Canada", None),
    (
        "Japan halted economic aid to Serbia in line with efforts to end the fighting.",
        "162",
        "Japan",
        "Serbia",
    ),
]


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(time_resolver=None)


def _headline(nlp, coder: EventCoder, text: str) -> Event:
    doc = nlp(text)
    events = coder.code_doc(doc)
    best = main_event(
        events, [depth(doc, e) for e in events], [is_modifier(doc, e) for e in events]
    )
    assert best is not None, f"nothing coded in {text!r}: {events}"
    return best


@pytest.mark.issue(5)
@pytest.mark.parametrize(("text", "code", "src", "tgt"), CASES)
def test_headline_event(nlp, coder, text, code, src, tgt) -> None:
    event = _headline(nlp, coder, text)
    if code is not None:
        assert event.label == code
    assert event.source is not None and event.source.slice(text).endswith(src)
    if tgt is not None:
        assert event.target is not None and tgt in event.target.slice(text)


@pytest.mark.issue(5)
def test_agent_word_alone_names_no_target(nlp, coder) -> None:
    """ "military aid" is a thing: the target is the country the aid goes to."""
    text = "Britain promised to continue military aid to Kenya."
    event = _headline(nlp, coder, text)
    assert event.target is not None and event.target.slice(text) == "Kenya"


@pytest.mark.issue(5)
def test_called_off_strike_is_not_a_strike(nlp, coder) -> None:
    event = _headline(nlp, coder, "The union called off the strike.")
    assert event.cameo_root != "14"
