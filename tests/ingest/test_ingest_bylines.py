"""Bylines, datelines, timestamp lines and dates in URLs become metadata."""

from __future__ import annotations

import pytest

from unspin.ingest import RawInput, ingest
from unspin.ingest.bylines import find_dateline, parse_byline, parse_timestamp
from unspin.ingest.dates import date_from_url, parse_date
from unspin.model import Sourced


@pytest.mark.parametrize(
    ("line", "authors", "published"),
    [
        ("By Jane Doe", "Jane Doe", None),
        ("BY JANE DOE", "JANE DOE", None),
        ("By Jane Doe and John Smith, Reuters", "Jane Doe, John Smith", None),
        ("By Jane Doe | March 22, 2023", "Jane Doe", "2023-03-22"),
        ("By Jane Doe, Staff Writer", "Jane Doe", None),
        ("Written by Anna-Maria de la Cruz", "Anna-Maria de la Cruz", None),
        ("By The Associated Press", "The Associated Press", None),
        ("By Tuesday, the troops had withdrawn.", None, None),
        ("By the end of the year, prices had doubled.", None, None),
        ("By Vladimir Putin's order, troops withdrew from the town.", None, None),
        ("By Christmas Day the shops were empty", None, None),
        ("By March 2024 the plant will be closed", None, None),
    ],
)
def test_bylines(line: str, authors: str | None, published: str | None) -> None:
    byline = parse_byline(line)
    if authors is None:
        assert byline is None
    else:
        assert byline is not None
        assert (byline.authors, byline.published) == (authors, published)


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "published", "rest"),
    [
        ("MOSCOW, March 22 (Reuters) - Russia said.", "MOSCOW", "Reuters", None, "Russia said."),
        ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON", "AP", None, "The Senate voted."),
        ("KYIV, Ukraine (AP) — Drones hit the city.", "KYIV", "AP", None, "Drones hit the city."),
        (
            "BEIJING, March 22, 2023 (Xinhua) -- China said.",
            "BEIJING",
            "Xinhua",
            "2023-03-22",
            "China said.",
        ),
        ("NEW YORK, Oct 3 (Reuters) - Stocks rose.", "NEW YORK", "Reuters", None, "Stocks rose."),
        ("LONDON — Britain said.", "LONDON", None, None, "Britain said."),
        ("(Reuters) - Oil prices rose.", None, "Reuters", None, "Oil prices rose."),
    ],
)
def test_datelines(
    paragraph: str, place: str | None, agency: str | None, published: str | None, rest: str
) -> None:
    dateline = find_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.published()) == (place, agency, published)
    assert paragraph[dateline.length :] == rest


@pytest.mark.parametrize(
    "paragraph",
    [
        "NATO — the alliance — said it would respond.",
        "UPDATE — more details follow.",
        "Russia said - and China agreed - that talks would go on.",
        "WASHINGTON: The Senate voted.",
        "The EU (European Union) - a bloc of 27 states - agreed.",
        "US officials said the talks had failed.",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert find_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published March 22, 2023", "2023-03-22"),
        ("Updated: 2023-03-22T10:00:00Z | 5 min read", "2023-03-22T10:00:00+00:00"),
        ("Posted on 4 July 2021", "2021-07-04"),
        ("Updated 3 hours ago", None),
        ("Published reports suggest the talks failed.", None),
    ],
)
def test_timestamp_lines(line: str, published: str | None) -> None:
    assert parse_timestamp(line) == published


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://news.example.com/2023/03/22/world/summit", "2023-03-22"),
        ("https://news.example.com/world/2023-03-22-summit-ends", "2023-03-22"),
        ("https://www.example.co.uk/world/2023/mar/22/xi-putin-talks", "2023-03-22"),
        ("https://example.com/news/20230322_summit.html", "2023-03-22"),
        ("https://example.com/2023/3/9/short", "2023-03-09"),
        ("https://example.com/2023/13/40/bad-date", None),
        ("https://example.com/2023/02/30/no-such-day", None),
        ("https://example.com/article/12345678", None),
        ("https://example.com/world/summit-ends", None),
        ("https://example.com/1850/01/01/too-old", None),
    ],
)
def test_dates_in_urls(url: str, published: str | None) -> None:
    assert date_from_url(url) == published


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2023-03-22", "2023-03-22"),
        ("2023-03-22T09:30:00Z", "2023-03-22T09:30:00+00:00"),
        ("2023-03-22T09:30:00+0100", "2023-03-22T09:30:00+01:00"),
        ("2023-03-22 09:30", "2023-03-22T09:30:00"),
        ("Wed, 22 Mar 2023 09:30:00 GMT", "2023-03-22T09:30:00+00:00"),
        ("22 March 2023", "2023-03-22"),
        ("March 22nd, 2023", "2023-03-22"),
        ("Mar. 22, 2023", "2023-03-22"),
        ("2023/3/22", "2023-03-22"),
        ("20230322", "2023-03-22"),
        ("2023-02-30", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_byline_and_dateline_move_to_metadata_and_keep_the_sentence() -> None:
    text = (
        "Xi and Putin pledge closer ties\n"
        "By Jane Doe\n"
        "MOSCOW, March 22 (Reuters) - Chinese President Xi Jinping and Russian President "
        "Vladimir Putin pledged on Wednesday to deepen their partnership.\n"
        "The two leaders also discussed the war in Ukraine."
    )
    article = ingest(RawInput(text, kind="text", url="https://www.reuters.example/2023/03/22/x"))
    meta = article.meta
    assert "By Jane Doe" not in article.text
    assert "MOSCOW, March 22 (Reuters) -" not in article.text
    assert "Chinese President Xi Jinping and Russian President" in article.text
    assert meta.author == Sourced("Jane Doe", "byline")
    assert meta.published == Sourced("2023-03-22", "url")
    assert meta.outlet == Sourced("reuters.example", "url")
    assert meta.title == Sourced("Xi and Putin pledge closer ties", "text")


def test_caller_metadata_wins() -> None:
    raw = RawInput(
        "By Jane Doe\nBEIJING, March 22, 2023 (Xinhua) -- China said it would respond.",
        kind="text",
        published="2023-03-21",
        outlet="Example Wire",
        author="Someone Else",
        title="Given title",
    )
    meta = ingest(raw).meta
    assert meta.published == Sourced("2023-03-21", "input")
    assert meta.outlet == Sourced("Example Wire", "input")
    assert meta.author == Sourced("Someone Else", "input")
    assert meta.title == Sourced("Given title", "input")


def test_dateline_date_used_without_caller_date() -> None:
    article = ingest(
        RawInput("BEIJING, March 22, 2023 (Xinhua) -- China said it would respond.", "text")
    )
    assert article.text == "China said it would respond."
    assert article.meta.published == Sourced("2023-03-22", "dateline")
    assert article.meta.outlet == Sourced("Xinhua", "dateline")


def test_unreadable_caller_date_is_reported() -> None:
    article = ingest(RawInput("The minister resigned on Tuesday.", "text", published="soonish"))
    assert article.meta.published is None
    assert any("W405" in w and "soonish" in w for w in article.warnings)
