"""PETRARCH2 unit-test records run through the coder with their own toy dictionaries.

The records (``petrarch2/text/PETR.UnitTest.records.xml``) and the ``PETR.Validate.*``
dictionaries are read in place from the shared data; the test is skipped when they are absent.
Each record text is parsed by spaCy (not by the CoreNLP tree in the record). A record passes
when every expected (source, target, code) triple is among the coded triples, compound actors
expanded to one triple per conjunct, or, for a ``noevents`` record, when no dyadic event is
coded. Pass-count floors sit just under the measured counts (eval/plover/README.md).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import shared_data
from unspin.detectors.events import EventCoder, EventResources, load_event_resources
from unspin.detectors.events.ontology import CameoOntology

# Categories whose mechanics the spaCy-based coder shares with PETRARCH, and the floor of
# passing records per category (measured count minus a small margin).
RUN = {  # measured: 7/15, 15/23, 14/41, 16/21, 12/35, 9/29, 31/52, 12/23 (116/239)
    "ACTOR": 6,
    "AGENT": 13,
    "COMPOUND": 12,
    "DATE": 14,
    "DEMO": 11,
    "PATTERN": 8,
    "SYNSET": 28,
    "VERB": 10,
}
# Categories deliberately not run, with the reason.
SKIP = {
    "PARSING": "tests quirks of CoreNLP constituency trees, which the spaCy parse does not share",
    "MODIFY": "tests PETRARCH's comma-clause deletion options (comma_* config overrides)",
    "ERROR": "tests PETRARCH's own reader on malformed records, not event coding",
    "AGENTS": "two records on PETRARCH's agent-plural generation (covered by AGENT records)",
}
# Test-only roots that exist just in the toy dictionaries (see SOURCES.md).
FAKE_ROOTS = ("21", "22", "34", "80", "90", "91")


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    category: str
    date: str
    text: str
    expected: frozenset[tuple[str, str, str]]
    noevents: bool


def _records(path: Path) -> list[Record]:
    root = ET.parse(path).getroot()
    out = []
    for sent in root.iter("Sentence"):
        if sent.get("sentence") != "true" or sent.find("Config") is not None:
            continue
        text = " ".join((sent.findtext("Text") or "").split())
        codings = sent.findall("EventCoding")
        expected = frozenset(
            (_code(c.get("sourcecode")), _code(c.get("targetcode")), c.get("eventcode", ""))
            for c in codings
            if c.get("noevents") is None
        )
        noevents = any(c.get("noevents") for c in codings)
        date = sent.get("date", "")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        out.append(
            Record(
                sent.get("id", ""), sent.get("category", ""), iso or "", text, expected, noevents
            )
        )
    return out


def _code(raw: str | None) -> str:
    """PETRARCH writes ``---`` for a missing country ("---GOV") or a missing actor."""
    return (raw or "").replace("---", "")


def _conjunct_codes(coder: EventCoder, doc, start: int, end: int, date: str) -> set[str]:
    """Codes of each conjunct of a (possibly compound) actor phrase."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    parts: list[list] = [[]]
    for tok in span:
        if tok.lower_ in ("and", ",", "or") or tok.dep_ == "cc":
            parts.append([])
        else:
            parts[-1].append(tok)
    codes = {coder.actor_coder.code(p, date or None) for p in parts if p}
    whole = coder.actor_coder.code(list(span), date or None)
    return {c for c in codes | {whole} if c}


def _triples(coder: EventCoder, doc, date: str) -> set[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    for event in coder.code_doc(doc, (), date or None):
        if event.source is None:
            continue
        sources = _conjunct_codes(coder, doc, event.source.start, event.source.end, date)
        targets = (
            _conjunct_codes(coder, doc, event.target.start, event.target.end, date)
            if event.target is not None
            else {""}
        )
        out.update((s, t, event.label) for s in sources for t in targets)
    return out


@pytest.fixture(scope="module")
def outcome(nlp) -> dict[str, Counter[str]]:
    return run_records(nlp, shared_data("events/petrarch2"))


def run_records(nlp, base: Path) -> dict[str, Counter[str]]:
    """Pass/fail counts per category of the records in ``RUN``."""
    records = _records(base / "text" / "PETR.UnitTest.records.xml")
    shipped = load_event_resources().ontology
    ontology = CameoOntology(
        {**shipped.goldstein_table(), **dict.fromkeys(FAKE_ROOTS, 0.0)}, shipped.plover_table()
    )
    dicts = base / "dictionaries"
    res = EventResources.from_files(
        str(dicts / "PETR.Validate.verbs.txt"),
        [str(dicts / "PETR.Validate.actors.txt")],
        str(dicts / "PETR.Validate.agents.txt"),
        ontology,
    )
    coder = EventCoder(res, time_resolver=None)
    counts: dict[str, Counter[str]] = {}
    chosen = [r for r in records if r.category in RUN]
    for record, doc in zip(chosen, nlp.pipe(r.text for r in chosen), strict=True):
        got = _triples(coder, doc, record.date)
        dyadic = {g for g in got if g[1]}
        passed = (not dyadic) if record.noevents and not record.expected else record.expected <= got
        counts.setdefault(record.category, Counter())["pass" if passed else "fail"] += 1
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("category", sorted(RUN))
def test_petrarch_unit_records_pass_floor(outcome, category) -> None:
    counts = outcome.get(category, Counter())
    assert counts["pass"] + counts["fail"] > 0, f"no {category} records were read"
    assert counts["pass"] >= RUN[category], f"{category}: {dict(counts)}"


@pytest.mark.parametrize(("category", "reason"), sorted(SKIP.items()))
def test_skipped_categories_are_documented(category, reason) -> None:
    assert category not in RUN and len(reason) > 20
    assert re.fullmatch(r"[A-Z]+", category)
