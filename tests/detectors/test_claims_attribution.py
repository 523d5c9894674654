"""Attribution extraction: a table of sentences, the seed article, and bad input."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import parsed_article
from unspin.detectors.claims.detectors import ClaimsDetector, attributions
from unspin.detectors.claims.findings import Attribution, AuthorAssertion, CertaintyCue
from unspin.model import Finding, Span

if TYPE_CHECKING:
    from spacy.language import Language

# (sentence, source, cue, content, quote type); source None = no source; cue None = no attribution
TABLE = [
    (
        "Maria Lopez said that the bridge would reopen in May.",
        "Maria Lopez",
        "said",
        "that the bridge would reopen in May",
        "indirect",
    ),
    (
        "The ministry announced new tariffs on steel imports.",
        "The ministry",
        "announced",
        "new tariffs on steel imports",
        "indirect",
    ),
    (
        "“We will not back down,” the senator said.",
        "the senator",
        "said",
        "“We will not back down,”",
        "direct",
    ),
    (
        "The mayor said: “The budget is balanced.”",
        "The mayor",
        "said",
        "“The budget is balanced.”",
        "direct",
    ),
    (
        '"This is a turning point," said Prime Minister Ana Costa.',
        "Prime Minister Ana Costa",
        "said",
        '"This is a turning point,"',
        "direct",
    ),
    (
        "According to officials, the talks collapsed on Friday.",
        "officials",
        "According to",
        "the talks collapsed on Friday",
        "indirect",
    ),
    (
        "The talks collapsed on Friday, according to two diplomats.",
        "two diplomats",
        "according to",
        "The talks collapsed on Friday",
        "indirect",
    ),
    (
        "The factory will close next year, reported Reuters on Monday.",
        "Reuters",
        "reported",
        "The factory will close next year",
        "indirect",
    ),
    (
        "The vaccine, the researchers claimed, protects against both strains.",
        "the researchers",
        "claimed",
        "The vaccine, the researchers claimed, protects against both strains",
        "indirect",
    ),
    (
        "Officials told reporters that the border would stay closed.",
        "Officials",
        "told",
        "that the border would stay closed",
        "indirect",
    ),
    (
        "Anonymous sources said the minister had resigned.",
        "Anonymous sources",
        "said",
        "the minister had resigned",
        "indirect",
    ),
    (
        "Experts warned that prices could rise further.",
        "Experts",
        "warned",
        "that prices could rise further",
        "indirect",
    ),
    ("The company denied the allegations.", "The company", "denied", "the allegations", "indirect"),
    (
        "The Western press described the appointment as a hostile move.",
        "The Western press",
        "described",
        "the appointment as a hostile move",
        "indirect",
    ),
    (
        "The report found that emissions had doubled since 2010.",
        "The report",
        "found",
        "that emissions had doubled since 2010",
        "indirect",
    ),
    (
        "He insisted that nothing had changed.",
        "He",
        "insisted",
        "that nothing had changed",
        "indirect",
    ),
    (
        "Critics argued that the plan was too expensive.",
        "Critics",
        "argued",
        "that the plan was too expensive",
        "indirect",
    ),
    (
        "The White House stated that the aid was “unacceptable”.",
        "The White House",
        "stated",
        "that the aid was “unacceptable”",
        "mixed",
    ),
    (
        "She added that the vote would take place on Tuesday.",
        "She",
        "added",
        "that the vote would take place on Tuesday",
        "indirect",
    ),
    (
        "The minister's claim that the economy is growing was disputed.",
        "The minister",
        "claim",
        "that the economy is growing",
        "indirect",
    ),
    (
        "Analysts believe the central bank will raise rates.",
        "Analysts",
        "believe",
        "the central bank will raise rates",
        "indirect",
    ),
    (
        "The Kremlin said it had no plans to respond.",
        "The Kremlin",
        "said",
        "it had no plans to respond",
        "indirect",
    ),
    (
        "In a statement, the union called for an immediate strike.",
        "the union",
        "called for",
        "an immediate strike",
        "indirect",
    ),
    (
        "The Guardian reported that the deal had been signed.",
        "The Guardian",
        "reported",
        "that the deal had been signed",
        "indirect",
    ),
    (
        "“It is over. We lost,” the coach said.",
        "the coach",
        "said",
        "“It is over. We lost,”",
        "direct",
    ),
    ("Protesters gathered outside the parliament on Sunday.", None, None, None, None),
    ("The river flooded three villages after the storm.", None, None, None, None),
    ("Prices rose by four percent last year.", None, None, None, None),
]


def _slice(text: str, span: Span | None) -> str | None:
    return span.slice(text) if span is not None else None


@pytest.mark.parametrize(("text", "source", "cue", "content", "quote_type"), TABLE)
def test_attribution_table(
    nlp: Language,
    text: str,
    source: str | None,
    cue: str | None,
    content: str | None,
    quote_type: str | None,
) -> None:
    article, doc = parsed_article(text, nlp)
    found = attributions(article, doc)
    if cue is None:
        assert found == []
        return
    assert len(found) == 1
    attribution = found[0]
    assert _slice(text, attribution.source) == source
    assert attribution.cue.slice(text) == cue
    assert attribution.content.slice(text) == content
    assert attribution.quote_type == quote_type


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Maria Lopez said that the bridge would reopen.", "person"),
        ("Anonymous sources said the minister had resigned.", "anonymous"),
        ("The Western press described the appointment as a hostile move.", "anonymous"),
        ("The Americans claimed the shipments were civilian cargo.", "anonymous"),
        ("The Guardian reported that the deal had been signed.", "media"),
        ("The report found that emissions had doubled since 2010.", "document"),
        ("The Kremlin said it had no plans to respond.", "organisation"),
        ("He insisted that nothing had changed.", "person"),
    ],
)
def test_source_kind(nlp: Language, text: str, kind: str) -> None:
    article, doc = parsed_article(text, nlp)
    (attribution,) = attributions(article, doc)
    assert attribution.source_kind == kind


def test_nested_chain_links_parent(nlp: Language) -> None:
    text = "The Daily Ledger published leaks from the navy citing intercepted radio messages."
    article, doc = parsed_article(text, nlp)
    found = {a.cue.slice(text): a for a in attributions(article, doc)}
    outer, inner = found["published"], found["leaks from"]
    assert _slice(text, outer.source) == "The Daily Ledger"
    assert _slice(text, inner.source) == "the navy"
    assert inner.parent == outer.id
    assert outer.parent is None


@pytest.fixture(scope="module")
def seed(nlp: Language, seed_text: str) -> tuple[str, list[Finding]]:
    article, doc = parsed_article(seed_text, nlp)
    return seed_text, ClaimsDetector()(article, doc)


def _attrs(found: list[Finding]) -> list[Attribution]:
    return [f for f in found if isinstance(f, Attribution)]


def test_seed_cnn_is_source_of_first_statement(seed: tuple[str, list[Finding]]) -> None:
    text, found = seed
    first = min(_attrs(found), key=lambda a: a.cue.start)
    assert _slice(text, first.source) == "CNN"
    assert first.cue.slice(text) == "reported"
    assert first.content.slice(text).startswith("Chinese leader Xi Jinping")
    assert first.source_kind == "media"


def test_seed_white_house_statement(seed: tuple[str, list[Finding]]) -> None:
    text, found = seed
    stated = [a for a in _attrs(found) if a.cue.slice(text) == "stated"]
    assert len(stated) == 1
    assert _slice(text, stated[0].source) == "The White House"
    assert stated[0].content.slice(text).startswith("that Chinese military aid to Russia")
    assert stated[0].source_kind == "organisation"


def test_seed_washington_post_pentagon_chain(seed: tuple[str, list[Finding]]) -> None:
    text, found = seed
    by_cue = {a.cue.slice(text): a for a in _attrs(found)}
    post, pentagon = by_cue["published"], by_cue["leaks from"]
    assert _slice(text, post.source) == "The Washington Post"
    assert _slice(text, pentagon.source) == "the Pentagon"
    assert post.source_kind == "media"
    assert pentagon.parent == post.id


def test_seed_author_assertion_with_booster(seed: tuple[str, list[Finding]]) -> None:
    text, found = seed
    sentence = "China is evidently preparing for a military solution to the Taiwan issue."
    assertions = [f for f in found if isinstance(f, AuthorAssertion)]
    match = [a for a in assertions if a.evidence[0].slice(text) == sentence]
    assert len(match) == 1
    assert [c.slice(text) for c in match[0].cues] == ["evidently"]
    assert match[0].certainty == "high"
    boosters = [f.evidence[0].slice(text) for f in found if isinstance(f, CertaintyCue)]
    assert "evidently" in boosters


_QUOTES = st.sampled_from(['"', "“", "”", "'", "''", "‘", "’", " ", ".", "\n", ","])
_WORDS = st.sampled_from(["he", "said", "that", "the", "army", "according", "to", "CNN", "claims"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(_QUOTES, _WORDS), max_size=60))
def test_bad_input_never_crashes(nlp: Language, pieces: list[str]) -> None:
    text = " ".join(pieces)
    article, doc = parsed_article(text, nlp)
    for finding in ClaimsDetector()(article, doc):
        for span in (*finding.evidence, *_spans(finding)):
            assert 0 <= span.start <= span.end <= len(text)


def _spans(finding: Finding) -> list[Span]:
    if isinstance(finding, Attribution):
        return [s for s in (finding.source, finding.cue, finding.content) if s is not None]
    return []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n  ",
        "“An unbalanced quote that never closes, he said",
        "He said: “one.\n\nTwo” and ” three “",
        " ".join(["The officials said that the army moved"] * 150) + ".",
    ],
)
def test_edge_texts(nlp: Language, text: str) -> None:
    article, doc = parsed_article(text, nlp)
    found = ClaimsDetector()(article, doc)
    for finding in found:
        for span in finding.evidence:
            assert span.slice(text) == text[span.start : span.end]
