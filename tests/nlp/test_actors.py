"""Canonical actors: merging, demonyms, metonymy, roles, acronyms and the seed article."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from unspin.model import Actor, Article, Meta
from unspin.nlp.actors import ActorLinker

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.fixture(scope="module")
def linker() -> ActorLinker:
    return ActorLinker()


def _actors(nlp: Language, linker: ActorLinker, text: str) -> tuple[Actor, ...]:
    article = Article(id=Article.make_id(text), text=text, meta=Meta())
    actors = linker(article, nlp(text))
    for actor in actors:
        for mention in actor.mentions:
            assert mention.span.slice(text) in {actor.name, *actor.aliases}
    return actors


def _by_name(actors: tuple[Actor, ...], name: str) -> Actor:
    found = [a for a in actors if a.name == name]
    assert len(found) == 1, f"{name!r} not once in {[a.name for a in actors]}"
    return found[0]


# (text, actor name, expected fields: "surfaces" lists mention texts in order)
CASES = [
    ("Chinese leader Xi Jinping met officials. Comrade Xi said little. Xi Jinping left.",
     "Xi Jinping", {"surfaces": ["Xi Jinping", "Xi", "Xi Jinping"], "country": "CHN"}),
    ("Russian President Vladimir Putin spoke. Putin then left.",
     "Vladimir Putin", {"surfaces": ["Vladimir Putin", "Putin"], "role": "head of state"}),
    ("Chinese Defense Minister Li Shangfu arrived on Tuesday.",
     "Li Shangfu", {"role": "defence minister", "country": "CHN"}),
    ("Chinese Defense Minister Li Shangfu arrived on Tuesday.",
     "China", {"forms": ["demonym"]}),
    ("Maria Lopez, the Spanish foreign minister, arrived on Friday.",
     "Maria Lopez", {"role": "foreign minister", "country": "ESP", "codes": ("ESPGOV",)}),
    ("General Mark Hollis inspected the troops.", "Mark Hollis", {"role": "general"}),
    ("German Chancellor Olaf Scholz spoke.", "Olaf Scholz", {"role": "head of government"}),
    ("Anna Weber spoke first. Weber then took questions.",
     "Anna Weber", {"surfaces": ["Anna Weber", "Weber"], "forms": ["name", "partial"]}),
    ("Washington imposed new sanctions on the company.",
     "United States", {"forms": ["capital"], "metonymy": [True]}),
    ("Beijing's commitment to the deal was clear.", "China", {"metonymy": [True]}),
    ("Talks were held in Moscow last week.", "Moscow", {"kind": "location", "country": "RUS"}),
    ("The Kremlin said Moscow would respond.", "Russia", {"metonymy": [True]}),
    ("The Kremlin said Moscow would respond.", "Kremlin", {"org_type": "state_body"}),
    ("Kyiv rejected the offer, and Kiev later repeated it.",
     "Ukraine", {"surfaces": ["Kyiv", "Kiev"]}),
    ("Brussels warned London over the deal.", "European Union", {"surfaces": ["Brussels"]}),
    ("Chinese officials denied the report.", "China", {"forms": ["demonym"]}),
    ("Americans voted in large numbers.", "United States", {"forms": ["demonym"]}),
    ("The Russian-Chinese partnership grew.", "Russia", {"surfaces": ["Russian"]}),
    ("The Russian-Chinese partnership grew.", "China", {"surfaces": ["Chinese"]}),
    ("Taiwanese officials protested. Taiwan said it would respond.",
     "Taiwan", {"forms": ["demonym", "name"], "codes": ("TWN",)}),
    ("The U.S. and the UK issued a joint statement with Britain's allies.",
     "United Kingdom", {"surfaces": ["UK", "Britain"]}),
    ("The EU said the European Union would respond.",
     "European Union", {"surfaces": ["EU", "European Union"], "codes": ("IGOEUREEC",)}),
    ("The Shanghai Cooperation Organisation met. The SCO summit ended.",
     "Shanghai Cooperation Organisation",
     {"surfaces": ["Shanghai Cooperation Organisation", "SCO"]}),
    ("NATO leaders gathered. The North Atlantic Alliance pledged support.",
     "NATO", {"surfaces": ["NATO", "North Atlantic Alliance"], "codes": ("IGOWSTNAT",)}),
    ("The International Monetary Fund and the IMF board approved the loan.",
     "International Monetary Fund", {"surfaces": ["International Monetary Fund", "IMF"]}),
    ("The Pentagon and the White House disagreed.",
     "Pentagon", {"country": "USA", "org_type": "military", "codes": ("USAMIL",)}),
    ("The Pentagon and the White House disagreed.",
     "White House", {"country": "USA", "org_type": "state_body"}),
    ("Reuters and the BBC reported the strike, citing Al Jazeera.",
     "Al Jazeera", {"org_type": "media", "country": "QAT"}),
    ("The Central Military Commission ordered drills by the People's Liberation Army.",
     "People's Liberation Army", {"org_type": "military", "codes": ("CHNMIL",)}),
    ("Ukrainian President Volodymyr Zelensky addressed the Verkhovna Rada.",
     "Volodymyr Zelensky", {"role": "head of state", "country": "UKR"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name", "expected"), CASES)
def test_actor_cases(
    nlp: Language, linker: ActorLinker, text: str, name: str, expected: dict[str, object]
) -> None:
    actor = _by_name(_actors(nlp, linker, text), name)
    got = {
        "surfaces": [m.span.slice(text) for m in actor.mentions],
        "forms": [m.form for m in actor.mentions],
        "metonymy": [m.metonymy for m in actor.mentions],
        "country": actor.country,
        "role": actor.role,
        "kind": actor.kind,
        "org_type": actor.org_type,
        "codes": actor.codes,
    }
    assert {k: got[k] for k in expected} == expected


def test_no_false_merge_of_namesakes(nlp: Language, linker: ActorLinker) -> None:
    text = "Boris Johnson praised the plan. Lyndon Johnson was long gone. Johnson said more."
    actors = _actors(nlp, linker, text)
    boris, lyndon = _by_name(actors, "Boris Johnson"), _by_name(actors, "Lyndon Johnson")
    assert [m.span.slice(text) for m in boris.mentions] == ["Boris Johnson"]
    assert [m.span.slice(text) for m in lyndon.mentions] == ["Lyndon Johnson", "Johnson"]


def test_ids_and_salience(nlp: Language, linker: ActorLinker) -> None:
    actors = _actors(nlp, linker, "Russia warned China. Russia and Russia's allies met in Paris.")
    assert [a.id for a in actors] == [f"A{i}" for i in range(1, len(actors) + 1)]
    assert max(a.salience for a in actors) == 1.0
    assert _by_name(actors, "Russia").salience == 1.0
    assert all(0.0 < a.salience <= 1.0 for a in actors)


SEED_EXPECTED = [
    ("Xi Jinping", "person", "CHN", "head of state", None),
    ("Vladimir Putin", "person", "RUS", "head of state", None),
    ("Li Shangfu", "person", "CHN", "defence minister", None),
    ("Sergei Shoigu", "person", "RUS", "defence minister", None),
    ("China", "country", "CHN", None, None),
    ("Russia", "country", "RUS", None, None),
    ("United States", "country", "USA", None, None),
    ("Taiwan", "country", "TWN", None, None),
    ("Ukraine", "country", "UKR", None, None),
    ("NATO", "organisation", None, None, "igo"),
    ("European Union", "organisation", None, None, "igo"),
    ("Shanghai Cooperation Organisation", "organisation", None, None, "igo"),
    ("BRICS", "organisation", None, None, "igo"),
    ("CNN", "organisation", "USA", None, "media"),
    ("The Washington Post", "organisation", "USA", None, "media"),
    ("Pentagon", "organisation", "USA", None, "military"),
    ("White House", "organisation", "USA", None, "state_body"),
]


@pytest.fixture(scope="module")
def seed_actors(nlp: Language, linker: ActorLinker, seed_text: str) -> tuple[Actor, ...]:
    return _actors(nlp, linker, seed_text)


@pytest.mark.parametrize(("name", "kind", "country", "role", "org_type"), SEED_EXPECTED)
def test_seed_actors(
    seed_actors: tuple[Actor, ...],
    name: str,
    kind: str,
    country: str | None,
    role: str | None,
    org_type: str | None,
) -> None:
    actor = _by_name(seed_actors, name)
    assert (actor.kind, actor.country, actor.org_type) == (kind, country, org_type)
    if role is not None:
        assert actor.role == role


def test_seed_merges_and_codes(seed_actors: tuple[Actor, ...], seed_text: str) -> None:
    xi = _by_name(seed_actors, "Xi Jinping")
    assert {m.span.slice(seed_text) for m in xi.mentions} == {"Xi Jinping", "Xi"}
    assert "CHNGOV" in xi.codes
    nato = _by_name(seed_actors, "NATO")
    assert "North Atlantic Alliance" in nato.aliases and nato.codes == ("IGOWSTNAT",)
    usa = _by_name(seed_actors, "United States")
    assert any(m.metonymy and m.span.slice(seed_text) == "Washington" for m in usa.mentions)
    china = _by_name(seed_actors, "China")
    assert china.salience == 1.0
    assert _by_name(seed_actors, "Shanghai Cooperation Organisation").codes == ("IGOCAS",)
