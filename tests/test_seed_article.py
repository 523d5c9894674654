"""Issue 2's acceptance case: the reference article from ../shared/samples, end to end."""

from __future__ import annotations

import pytest

from unspin.analysis import Analyzer
from unspin.model import Actor, Article, TimeExpression
from unspin.schema import validate_article_json
from unspin.serialize import article_to_dict

pytestmark = pytest.mark.issue(2)


@pytest.fixture(scope="module")
def analysed(seed_text: str) -> Article:
    return Analyzer().analyze_text(seed_text, published="2023-04-20")


def _actor(article: Article, name: str) -> Actor:
    matches = [a for a in article.actors if a.name == name]
    assert matches, f"{name} missing; actors: {sorted(a.name for a in article.actors)}"
    assert len(matches) == 1, f"{name} appears as {len(matches)} actors"
    return matches[0]


def test_page_chrome_is_gone(analysed: Article) -> None:
    assert "Follow Us on Google News" not in analysed.text
    assert analysed.text.startswith("Chinese leader Xi Jinping")


@pytest.mark.parametrize(
    ("name", "country", "role"),
    [
        ("Xi Jinping", "CHN", "head of state"),
        ("Vladimir Putin", "RUS", "head of state"),
        ("Li Shangfu", "CHN", "defence minister"),
        ("Sergei Shoigu", "RUS", "defence minister"),
    ],
)
def test_people_with_country_and_role(
    analysed: Article, name: str, country: str, role: str
) -> None:
    actor = _actor(analysed, name)
    assert actor.kind == "person"
    assert actor.country == country
    if name != "Sergei Shoigu":
        assert actor.role == role


def test_xi_variants_merge(analysed: Article) -> None:
    xi = _actor(analysed, "Xi Jinping")
    forms = {analysed.evidence(m.span) for m in xi.mentions}
    assert {"Xi Jinping", "Xi"} <= forms


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("China", "country", "CHN"),
        ("Russia", "country", "RUS"),
        ("United States", "country", "USA"),
        ("Taiwan", "country", "TWN"),
        ("Ukraine", "country", "UKR"),
    ],
)
def test_states(analysed: Article, name: str, kind: str, country: str) -> None:
    actor = next((a for a in analysed.actors if a.kind == kind and a.country == country), None)
    assert actor is not None, f"state {name} missing"


@pytest.mark.parametrize(
    ("alias", "country"),
    [
        ("NATO", None),
        ("EU", None),
        ("SCO", None),
        ("BRICS", None),
        ("CNN", "USA"),
        ("The Washington Post", "USA"),
        ("Pentagon", "USA"),
        ("White House", "USA"),
    ],
)
def test_organisations(analysed: Article, alias: str, country: str | None) -> None:
    def named(actor: Actor) -> bool:
        texts = {analysed.evidence(m.span).lower() for m in actor.mentions}
        return any(alias.lower() in t for t in texts) or alias.lower() in actor.name.lower()

    matches = [a for a in analysed.actors if a.kind == "organisation" and named(a)]
    assert matches, f"{alias} missing"
    if country:
        assert matches[0].country == country


def test_dates_are_normalised(analysed: Article) -> None:
    values = {
        analysed.evidence(f.evidence[0]): f.value
        for f in analysed.findings
        if isinstance(f, TimeExpression)
    }
    assert values.get("22 March 2023") == "2023-03-22"
    assert any(v == "2023-04-12" for k, v in values.items() if "April 12" in k)


def test_output_validates_and_every_span_slices(analysed: Article) -> None:
    validate_article_json(article_to_dict(analysed))
    for span in analysed.all_spans():
        assert 0 <= span.start <= span.end <= len(analysed.text)
