"""Time expressions: the resolver's grammar, the tagger's spans, and the seed article."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.detectors.base import Detector
from unspin.model import Article, Meta, Sourced, TimeExpression
from unspin.nlp.temporal import TemporalTagger, publication_anchor, resolve_time
from unspin.registry import detectors

if TYPE_CHECKING:
    from spacy.language import Language

WED = date(2023, 3, 22)  # a Wednesday
THU = date(2023, 4, 20)  # the seed article's publication date

RESOLVED = [
    # explicit dates
    ("22 March 2023", WED, "2023-03-22", "day"),
    ("March 22, 2023", None, "2023-03-22", "day"),
    ("April 12 [2023]", None, "2023-04-12", "day"),
    ("2023-03-22", None, "2023-03-22", "day"),
    ("Mar. 22", WED, "2023-03-22", "day"),
    ("12/04/2023", WED, "2023-04-12", "day"),
    ("25/12/2022", WED, "2022-12-25", "day"),
    ("12/25/2022", WED, "2022-12-25", "day"),
    ("12.04.2023", WED, "2023-04-12", "day"),
    ("the 5th of May 2021", WED, "2021-05-05", "day"),
    ("Tuesday, March 21, 2023", WED, "2023-03-21", "day"),
    ("29 February 2024", None, "2024-02-29", "day"),
    # dates without a year take the year nearest the anchor
    ("December 28", date(2023, 1, 5), "2022-12-28", "day"),
    ("January 3", date(2022, 12, 28), "2023-01-03", "day"),
    ("February 29", WED, "2024-02-29", "day"),
    ("in March", THU, "2023-03", "month"),
    ("March 2023", None, "2023-03", "month"),
    ("March of last year", WED, "2022-03", "month"),
    # months relative to the anchor's month
    ("Last December", THU, "2022-12", "month"),
    ("last March", WED, "2022-03", "month"),
    ("next March", WED, "2024-03", "month"),
    ("this December", WED, "2023-12", "month"),
    # weekdays
    ("on Tuesday", WED, "2023-03-21", "day"),
    ("Wednesday", WED, "2023-03-22", "day"),
    ("next Tuesday", WED, "2023-03-28", "day"),
    ("last Wednesday", WED, "2023-03-15", "day"),
    # deictic days and calendar units
    ("yesterday", WED, "2023-03-21", "day"),
    ("today", WED, "2023-03-22", "day"),
    ("tomorrow", WED, "2023-03-23", "day"),
    ("the day before yesterday", WED, "2023-03-20", "day"),
    ("last week", WED, "2023-W11", "week"),
    ("this week", WED, "2023-W12", "week"),
    ("next month", WED, "2023-04", "month"),
    ("last month", date(2023, 1, 15), "2022-12", "month"),
    ("this year", WED, "2023", "year"),
    ("last year", WED, "2022", "year"),
    ("next quarter", WED, "2023-Q2", "quarter"),
    ("last decade", WED, "201", "decade"),
    # offsets from the anchor
    ("a week back", WED, "2023-03-15", "week"),
    ("a week ago", WED, "2023-03-15", "week"),
    ("two weeks ago", WED, "2023-03-08", "week"),
    ("two days ago", WED, "2023-03-20", "day"),
    ("three months ago", WED, "2022-12", "month"),
    ("three years earlier", WED, "2020", "year"),
    ("a decade ago", WED, "201", "decade"),
    ("in three days", WED, "2023-03-25", "day"),
    ("about a week or so ago", WED, "2023-03-15", "week"),
    # years, parts of periods, decades, centuries, quarters, seasons, weeks
    ("in 2018", WED, "2018", "year"),
    ("since 2018", WED, "2018", "year"),
    ("the year 1999", None, "1999", "year"),
    ("early 2023", None, "2023", "year"),
    ("mid-March", WED, "2023-03", "month"),
    ("late last year", WED, "2022", "year"),
    ("the end of the month", WED, "2023-03", "month"),
    ("the 2010s", None, "201", "decade"),
    ("the 1990s", None, "199", "decade"),
    ("the '90s", WED, "199", "decade"),
    ("the nineties", WED, "199", "decade"),
    ("the 21st century", None, "20", "century"),
    ("the twentieth century", None, "19", "century"),
    ("Q1 2023", None, "2023-Q1", "quarter"),
    ("the third quarter of 2022", None, "2022-Q3", "quarter"),
    ("summer 2023", None, "2023-SU", "season"),
    ("last summer", WED, "2022-SU", "season"),
    ("last winter", WED, "2022-WI", "season"),
    ("2023-W15", None, "2023-W15", "week"),
    # durations never become dates
    ("three whole days", WED, "P3D", "day"),
    ("for more than a year", WED, "P1Y", "year"),
    ("a hundred years", WED, "P100Y", "year"),
    ("a year and a half", None, "P1.5Y", "year"),
    ("two hours", None, "PT2H", None),
    ("the past decade", WED, "P10Y", "decade"),
    ("the last three years", WED, "P3Y", "year"),
    ("the past few years", WED, "PXY", "year"),
    # sets and times
    ("every week", None, "P1W", "week"),
    ("every Tuesday", None, "XXXX-WXX-2", "day"),
    ("twice a year", None, "P1Y", "year"),
    ("5 pm", None, "T17:00", None),
    ("10:30", None, "T10:30", None),
    ("this morning", WED, "2023-03-22TMO", "day"),
    ("last night", WED, "2023-03-21TNI", "day"),
    ("22 March 2023 at 5 p.m.", None, "2023-03-22T17:00", "day"),
    # invalid or unresolvable: value None, never an exception
    ("April 31", WED, None, "day"),
    ("February 30 2023", WED, None, "day"),
    ("31/04/2023", WED, None, "day"),
    ("2023-13-01", WED, None, "day"),
    ("several years ago", WED, None, "year"),
    ("last week", None, None, "week"),
    ("yesterday", None, None, "day"),
    ("Last December", None, None, "month"),
    ("March 22", None, None, "day"),
]


@pytest.mark.issue(2)
@pytest.mark.parametrize(("expression", "anchor", "value", "granularity"), RESOLVED)
def test_resolve_time_value_and_granularity(
    expression: str, anchor: date | None, value: str | None, granularity: str | None
) -> None:
    resolution = resolve_time(expression, anchor)
    assert resolution is not None
    assert (resolution.value, resolution.granularity) == (value, granularity)


@pytest.mark.parametrize(
    ("expression", "anchor", "field", "expected"),
    [
        ("since 2018", WED, "mod", "since"),
        ("until March 2024", WED, "mod", "until"),
        ("before 2018", WED, "mod", "before"),
        ("after Tuesday", WED, "mod", "after"),
        ("early 2023", WED, "mod", "start"),
        ("mid-March", WED, "mod", "mid"),
        ("late 2022", WED, "mod", "end"),
        ("a week back", WED, "mod", "approx"),
        ("for more than a year", WED, "mod", "more_than"),
        ("22 March 2023", WED, "anchor", "absolute"),
        ("a week back", WED, "anchor", "publication"),
        ("a week back", None, "anchor", "unresolved"),
        ("three whole days", None, "anchor", "absolute"),
        ("three whole days", None, "label", "DURATION"),
        ("every week", None, "label", "SET"),
        ("5 pm", None, "label", "TIME"),
        ("two days before", WED, "reference", True),
        ("three years later", WED, "reference", True),
        ("two days ago", WED, "reference", False),
        ("early 2023", WED, "end", date(2023, 5, 1)),
        ("the past decade", WED, "start", date(2013, 3, 22)),
        ("the past decade", WED, "end", WED),
        ("last week", WED, "start", date(2023, 3, 13)),
        ("last winter", WED, "end", date(2023, 2, 28)),
        ("12/04/2023", WED, "reason", "ambiguous day/month order; read day first"),
        ("April 31", WED, "reason", "April has at most 30 days, not 31"),
        ("February 30 2023", WED, "reason", "February 2023 has 28 days, not 30"),
    ],
)
def test_resolution_fields(
    expression: str, anchor: date | None, field: str, expected: object
) -> None:
    resolution = resolve_time(expression, anchor)
    assert resolution is not None
    assert getattr(resolution, field) == expected


def test_month_first_numeric_dates_on_request() -> None:
    resolution = resolve_time("12/04/2023", WED, day_first=False)
    assert resolution is not None
    assert resolution.value == "2023-12-04"


@pytest.mark.parametrize(
    "expression",
    ["", "hello", "the report", "May I", "This Day", "five apples", "the day", "x" * 500],
)
def test_non_time_text_is_not_resolved(expression: str) -> None:
    assert resolve_time(expression, WED) is None


@given(st.text(max_size=80))
def test_resolve_time_never_raises_on_any_text(text: str) -> None:
    resolve_time(text, WED)
    resolve_time(text, None)


_WORDS = [
    "last",
    "next",
    "this",
    "the",
    "of",
    "since",
    "early",
    "mid-",
    "late",
    "a",
    "two",
    "99999999999",
    "hundred",
    "days",
    "weeks",
    "year",
    "years",
    "ago",
    "back",
    "before",
    "after",
    "December",
    "May",
    "31",
    "29",
    "February",
    "2023",
    "[2023]",
    "0000",
    "9999",
    "Q4",
    "quarter",
    "summer",
    "every",
    "Tuesday",
    "at",
    "5",
    "pm",
    "13/13/2023",
    "'90s",
    "century",
    "more",
    "than",
    "for",
    "in",
    "on",
    ",",
    ".",
]


@given(st.lists(st.sampled_from(_WORDS), max_size=7), st.dates())
def test_resolve_time_never_raises_on_grammar_words(words: list[str], anchor: date) -> None:
    resolve_time(" ".join(words), anchor)


def _article(text: str, published: str | None) -> Article:
    meta = Meta(published=Sourced(published, "input")) if published else Meta()
    return Article(id=Article.make_id(text), text=text, meta=meta)


def _tag(nlp: Language, text: str, published: str | None = "2023-04-20") -> list[TimeExpression]:
    findings = TemporalTagger()(_article(text, published), nlp(text))
    assert all(isinstance(f, TimeExpression) for f in findings)
    return [f for f in findings if isinstance(f, TimeExpression)]


SENTENCES = [
    ("The talks ended on 22 March 2023 in Moscow.", [("22 March 2023", "DATE", "2023-03-22")]),
    ("On April 12 [2023], the minister spoke.", [("April 12 [2023]", "DATE", "2023-04-12")]),
    ("Sanctions have applied since 2018, officials said.", [("since 2018", "DATE", "2018")]),
    ("Last December, the fleet was inspected.", [("Last December", "DATE", "2022-12")]),
    (
        "He arrived a week back and stayed three whole days.",
        [("a week back", "DATE", "2023-04-13"), ("three whole days", "DURATION", "P3D")],
    ),
    ("The war has lasted for more than a year now.", [("more than a year", "DURATION", "P1Y")]),
    (
        "Prices rose in early 2023 and fell in mid-March.",
        [("early 2023", "DATE", "2023"), ("mid-March", "DATE", "2023-03")],
    ),
    (
        "The committee meets every Tuesday at 5 pm.",
        [("every Tuesday", "SET", "XXXX-WXX-2"), ("5 pm", "TIME", "T17:00")],
    ),
    ("Over the past decade, exports doubled.", [("the past decade", "DURATION", "P10Y")]),
    ("Two days before the summit, troops moved.", [("Two days before", "DATE", None)]),
    (
        "The vote is due next Tuesday or by the end of the month.",
        [("next Tuesday", "DATE", "2023-04-25"), ("by the end of the month", "DATE", "2023-04")],
    ),
    (
        "Growth in the first quarter of 2023 beat forecasts from the 2010s.",
        [("the first quarter of 2023", "DATE", "2023-Q1"), ("the 2010s", "DATE", "201")],
    ),
    ("She said they may march on Monday.", [("Monday", "DATE", "2023-04-17")]),
    ("The minister met twelve delegates in Beijing.", []),
    ("In their 40s, the men recalled the 1980s.", [("the 1980s", "DATE", "198")]),
    ("A quarter of the budget paid for a second term after the fall of the city.", []),
    (
        "From 2018 to 2020 output grew year on year, within 48 hours of each order.",
        [("2018", "DATE", "2018"), ("2020", "DATE", "2020"), ("48 hours", "DURATION", "PT48H")],
    ),
]


@pytest.mark.issue(2)
@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_tagger_spans(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    found = [
        (text[f.evidence[0].start : f.evidence[0].end], f.label, f.value) for f in _tag(nlp, text)
    ]
    assert found == expected


def test_tagger_leaves_relative_dates_unresolved_without_publication_date(nlp: Language) -> None:
    (finding,) = _tag(nlp, "The fleet was inspected last week.", published=None)
    assert (finding.value, finding.granularity, finding.anchor) == (None, "week", "unresolved")


_PHRASES = [
    "22 March 2023",
    "April 12 [2023]",
    "since 2018",
    "Last December",
    "a week back",
    "three whole days",
    "mid-March",
    "every Tuesday",
    "5 pm",
    "the past decade",
    "April 31",
    "Moscow",
    "the minister",
    "said",
    "  ",
    "\n",
    ",",
    "–",
    "[",
    "’s",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(_PHRASES) | st.text(max_size=6), max_size=12))
def test_tagger_spans_slice_inside_the_text(nlp: Language, parts: list[str]) -> None:
    text = " ".join(parts)
    for finding in _tag(nlp, text):
        (span,) = finding.evidence
        assert 0 <= span.start < span.end <= len(text)
        assert span.slice(text).strip() == span.slice(text)


@pytest.fixture(scope="module")
def seed_findings(nlp: Language, seed_text: str) -> dict[str | None, dict[str, TimeExpression]]:
    doc = nlp(seed_text)
    tagger = TemporalTagger()
    result: dict[str | None, dict[str, TimeExpression]] = {}
    for published in ("2023-04-20", None):
        findings = tagger(_article(seed_text, published), doc)
        result[published] = {
            f.evidence[0].slice(seed_text): f for f in findings if isinstance(f, TimeExpression)
        }
    return result


@pytest.mark.issue(2)
@pytest.mark.parametrize(
    ("published", "evidence", "value", "granularity", "anchor"),
    [
        ("2023-04-20", "22 March 2023", "2023-03-22", "day", "absolute"),
        ("2023-04-20", "April 12 [2023]", "2023-04-12", "day", "absolute"),
        ("2023-04-20", "since 2018", "2018", "year", "absolute"),
        ("2023-04-20", "Last December", "2022-12", "month", "publication"),
        ("2023-04-20", "a week back", "2023-04-13", "week", "publication"),
        ("2023-04-20", "three whole days", "P3D", "day", "absolute"),
        ("2023-04-20", "a hundred years", "P100Y", "year", "absolute"),
        ("2023-04-20", "Two days before", None, "day", "unresolved"),
        (None, "22 March 2023", "2023-03-22", "day", "absolute"),
        (None, "April 12 [2023]", "2023-04-12", "day", "absolute"),
        (None, "since 2018", "2018", "year", "absolute"),
        (None, "Last December", None, "month", "unresolved"),
        (None, "a week back", None, "week", "unresolved"),
    ],
)
def test_seed_article_dates(
    seed_findings: dict[str | None, dict[str, TimeExpression]],
    published: str | None,
    evidence: str,
    value: str | None,
    granularity: str,
    anchor: str,
) -> None:
    finding = seed_findings[published][evidence]
    assert (finding.value, finding.granularity, finding.anchor) == (value, granularity, anchor)
    assert finding.detector == "nlp.temporal.v1"


def test_seed_article_since_2018_carries_its_mod(
    seed_findings: dict[str | None, dict[str, TimeExpression]],
) -> None:
    assert "since 2018" in seed_findings["2023-04-20"]
    resolution = resolve_time("since 2018", THU)
    assert resolution is not None
    assert resolution.mod == "since"


def test_seed_article_song_title_is_not_a_date(
    seed_findings: dict[str | None, dict[str, TimeExpression]],
) -> None:
    assert not any("Day" in evidence for evidence in seed_findings["2023-04-20"])


def test_registered_factory_builds_the_detector() -> None:
    tagger = detectors.get("nlp.temporal.v1")(None)
    assert isinstance(tagger, TemporalTagger)
    assert isinstance(tagger, Detector)
    assert tagger.name == "nlp.temporal.v1"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-04-20", date(2023, 4, 20)),
        ("2023-04-20T08:00:00Z", date(2023, 4, 20)),
        ("April 2023", None),
        (None, None),
    ],
)
def test_publication_anchor(published: str | None, expected: date | None) -> None:
    assert publication_anchor(_article("text", published)) == expected


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)), max_size=60))
def test_disjoint_keeps_what_a_pairwise_scan_keeps(pairs: list[tuple[int, int]]) -> None:
    from unspin.nlp.temporal import _Candidate, _Disjoint

    candidates = [_Candidate(s, s + n, True, "DATE", None) for s, n in pairs]
    naive: list[_Candidate] = []
    for c in candidates:
        if not any(c.start < k.end and k.start < c.end for k in naive):
            naive.append(c)
    kept = _Disjoint()
    for c in candidates:
        kept.add_if_free(c)
    assert kept.in_order() == sorted(naive, key=lambda c: c.start)
