"""Articles for the web and API tests, built without spaCy.

They use the real finding kinds of the claims, persuasion and events detectors, plus two
local kinds that no renderer knows, to check the generic rendering path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from unspin.detectors.claims.findings import Attribution, CertaintyCue, SourcingProfile
from unspin.detectors.claims.findings import AuthorAssertion as Assertion
from unspin.detectors.events.findings import Event
from unspin.detectors.persuasion.findings import Technique
from unspin.model import (
    Actor,
    Article,
    Finding,
    Mention,
    Meta,
    Sourced,
    Span,
    TimeExpression,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Mystery(Finding):
    """A kind no renderer knows (stands in for stance or any kind added later)."""

    kind: ClassVar[str] = "mystery_kind"
    actor: str | None = None
    weight: float = 0.5
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionStance(Finding):
    kind: ClassVar[str] = "mention_stance"
    actor: str
    polarity: str
    confidence: float


SAMPLE_TEXT = (
    "Russia accused Ukraine of shelling the dam on 3 March 2023, Reuters reported.\n\n"
    "The brutal regime will surely collapse, officials allegedly said. "
    "Moscow met Kyiv for talks in Geneva."
)


def _at(text: str, piece: str, start: int = 0) -> Span:
    i = text.index(piece, start)
    return Span(i, i + len(piece))


def rich_article(
    text: str = SAMPLE_TEXT,
    *,
    outlet: str = "Daily Planet",
    published: str = "2023-03-04",
    title: str = "Dam attack claims",
    url: str | None = "https://news.example/dam",
    language: str = "en",
) -> Article:
    """An article with every finding kind the report knows, overlapping spans and actors."""
    t = text
    p1 = Span(0, t.index("\n\n"))
    p2 = Span(t.index("\n\n") + 2, len(t))
    russia, ukraine = _at(t, "Russia"), _at(t, "Ukraine")
    moscow, kyiv = _at(t, "Moscow"), _at(t, "Kyiv")
    regime = _at(t, "The brutal regime will surely collapse")
    actors = (
        Actor(
            id="A1",
            name="Russia",
            kind="country",
            mentions=(Mention(russia), Mention(moscow, "capital", metonymy=True)),
            country="RUS",
            gazetteer_id="Q159",
            salience=0.9,
        ),
        Actor(
            id="A2",
            name="Ukraine",
            kind="country",
            mentions=(Mention(ukraine), Mention(kyiv, "capital", metonymy=True)),
            country="UKR",
            gazetteer_id="Q212",
            salience=0.8,
        ),
        Actor(id="A3", name="Reuters", kind="organisation", mentions=(Mention(_at(t, "Reuters")),),
              org_type="media", salience=0.3),
    )  # fmt: skip
    findings: list[Finding] = [
        Technique(
            label="Loaded_Language",
            evidence=(_at(t, "brutal regime"),),
            detector="persuasion.techniques.v1",
            score=0.81,
            group="manipulative_wording",
            explanation="Loaded_Language",
            confidence=0.81,
        ),
        Technique(
            label="Appeal_to_Fear-Prejudice",
            evidence=(regime,),
            detector="persuasion.techniques.v1",
            score=0.55,
            group="justification",
            explanation="Appeal_to_Fear-Prejudice",
            confidence=0.55,
        ),
        Attribution(
            label="indirect",
            evidence=(_at(t, "Reuters"), _at(t, "reported"), Span(0, t.index(", Reuters"))),
            detector="claims.attribution.v1",
            score=0.9,
            id="q1",
            source=_at(t, "Reuters"),
            cue=_at(t, "reported"),
            content=Span(0, t.index(", Reuters")),
            quote_type="indirect",
            source_kind="media",
            source_actor="A3",
        ),
        Attribution(
            label="indirect",
            evidence=(_at(t, "officials"), _at(t, "said"), regime),
            detector="claims.attribution.v1",
            id="q2",
            source=_at(t, "officials"),
            cue=_at(t, "said", t.index("officials")),
            content=regime,
            quote_type="indirect",
            source_kind="anonymous",
        ),
        Assertion(
            label="factual",
            evidence=(_at(t, "Moscow met Kyiv for talks in Geneva."),),
            detector="claims.assertions.v1",
            claim_type="factual",
            certainty="high",
        ),
        CertaintyCue(label="booster", evidence=(_at(t, "surely"),), detector="claims.certainty.v1"),
        CertaintyCue(
            label="hedge", evidence=(_at(t, "allegedly"),), detector="claims.certainty.v1"
        ),
        Event(
            label="112",
            evidence=(_at(t, "accused"), russia, ukraine),
            detector="events.cameo.v1",
            trigger=_at(t, "accused"),
            source=russia,
            target=ukraine,
            source_actor="A1",
            target_actor="A2",
            cameo_root="11",
            cameo_base="112",
            plover_type="ACCUSE",
            quad_class=3,
            goldstein=-2.0,
            date="2023-03-03",
        ),
        Event(
            label="040",
            evidence=(_at(t, "met"), moscow, kyiv),
            detector="events.cameo.v1",
            trigger=_at(t, "met"),
            source=moscow,
            target=kyiv,
            source_actor="A1",
            target_actor="A2",
            cameo_root="04",
            cameo_base="040",
            plover_type="CONSULT",
            quad_class=1,
            goldstein=1.0,
            date="2023-03-04",
        ),
        TimeExpression(
            label="DATE",
            evidence=(_at(t, "3 March 2023"),),
            detector="nlp.temporal.v1",
            value="2023-03-03",
            granularity="day",
        ),
        SourcingProfile(
            label="sourcing_profile",
            evidence=(_at(t, "Reuters"), _at(t, "officials")),
            detector="claims.profile.v1",
            n_attributions=2,
            n_author_assertions=1,
            share_attributed=0.6667,
            named_sources=1,
            anonymous_sources=1,
            distinct_sources=2,
            speculative_share=0.0,
            outlets=("Reuters",),
        ),
        Mystery(
            label="odd",
            evidence=(_at(t, "dam"),),
            detector="future.mystery.v1",
            score=0.3,
            actor="A2",
            note="something new",
        ),
        MentionStance(
            label="negative",
            evidence=(russia,),
            detector="stance.mentions.v1",
            actor="A1",
            polarity="negative",
            confidence=0.7,
        ),
    ]
    meta = Meta(
        title=Sourced(title, "caller"),
        outlet=Sourced(outlet, "caller"),
        published=Sourced(published, "caller"),
        url=url,
        language=language,
    )
    return Article(
        id=Article.make_id(text),
        text=text,
        meta=meta,
        paragraphs=(p1, p2),
        sentences=(p1, p2),
        actors=actors,
        findings=tuple(findings),
    )


HOSTILE_TEXT = (
    '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
    '<a href="javascript:alert(2)">click</a> Russia says "hi" & \'bye\'.'
)


def hostile_article() -> Article:
    """Article text, title and URL made of markup that must never be rendered as markup."""
    text = HOSTILE_TEXT
    span = _at(text, "<script>")
    return Article(
        id=Article.make_id(text),
        text=text,
        meta=Meta(
            title=Sourced('<script>alert("title")</script>', "caller"),
            outlet=Sourced("<b onmouseover=alert(3)>Evil</b>", "caller"),
            url="javascript:alert(4)",
        ),
        paragraphs=(Span(0, len(text)),),
        actors=(
            Actor(
                id="A1",
                name="<svg onload=alert(5)>",
                kind="country",
                mentions=(Mention(_at(text, "Russia")),),
            ),
        ),
        findings=(
            Technique(
                label='<img src=x onerror="alert(6)">',
                evidence=(span, _at(text, "onerror")),
                detector="x",
                group='"><script>alert(7)</script>',
                explanation="<b>",
                confidence=0.5,
            ),
            Mystery(
                label="<i>odd</i>",
                evidence=(_at(text, "javascript:alert(2)"),),
                detector="<script>",
                note="<script>alert(8)</script>",
            ),
        ),
    )
