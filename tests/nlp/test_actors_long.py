"""Long inputs for the actor linker: work grows linearly, and the span indexes match brute force."""

from __future__ import annotations

import cProfile
import pstats
import random
from typing import TYPE_CHECKING

import pytest

from unspin.model import Actor, Article, Meta
from unspin.nlp.actors import ActorLinker, _Cand, _Spans, _Taken

if TYPE_CHECKING:
    from spacy.language import Language

PEOPLE = [
    "Xi Jinping",
    "Vladimir Putin",
    "Anna Weber",
    "Boris Johnson",
    "Lyndon Johnson",
    "Olaf Scholz",
    "Maria Lopez",
    "Li Shangfu",
    "Volodymyr Zelensky",
    "Hans Keller",
]
COUNTRIES = [
    "China",
    "Russia",
    "Ukraine",
    "Taiwan",
    "Germany",
    "France",
    "Japan",
    "Britain",
    "the United States",
]
CAPITALS = ["Beijing", "Moscow", "Kyiv", "Washington", "Berlin", "Paris", "Brussels", "London"]
ORGS = [
    "NATO",
    "the European Union",
    "the IMF",
    "the Shanghai Cooperation Organisation",
    "the Pentagon",
    "the White House",
    "Reuters",
    "the Kremlin",
    "the Pacific Fleet",
]
DEMONYMS = ["Chinese", "Russian", "Ukrainian", "German", "French", "American", "British"]
TITLES = ["President", "Defense Minister", "Foreign Minister", "Prime Minister"]
TEMPLATES = [
    "{dem} {title} {person} met {other} in {cap} on Monday, officials said.",
    "{surname} said {country} would not accept the terms offered by {org}.",
    "{cap} imposed new sanctions on {country} after talks with {org} stalled.",
    "{person}, the {dem} foreign minister, arrived in {cap} for talks with {org}.",
    "{dem} officials denied the report, and {surname} later repeated the denial.",
    "{org} warned {country} that {cap}'s commitment to the deal was in doubt.",
    "{country} and {country2} issued a joint statement, citing {org}.",
]  # fmt: skip


def _news(n_chars: int, seed: int = 3) -> str:
    """One paragraph of varied news sentences, about ``n_chars`` long (no paragraph breaks)."""
    rng = random.Random(seed)
    sentences: list[str] = []
    size = 0
    while size < n_chars:
        sentence = rng.choice(TEMPLATES).format(
            dem=rng.choice(DEMONYMS),
            title=rng.choice(TITLES),
            person=rng.choice(PEOPLE),
            other=rng.choice(PEOPLE),
            surname=rng.choice(PEOPLE).split()[-1],
            country=rng.choice(COUNTRIES),
            country2=rng.choice(COUNTRIES),
            cap=rng.choice(CAPITALS),
            org=rng.choice(ORGS),
        )
        sentences.append(sentence[0].upper() + sentence[1:])
        size += len(sentence) + 1
    return " ".join(sentences)


def _link_counting_calls(
    nlp: Language, linker: ActorLinker, text: str
) -> tuple[tuple[Actor, ...], int]:
    """The actors of ``text`` and the function calls linking made: a deterministic work count."""
    article = Article(id=Article.make_id(text), text=text, meta=Meta())
    doc = nlp(text)
    profile = cProfile.Profile()
    actors = profile.runcall(linker, article, doc)
    return actors, pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def linker() -> ActorLinker:
    return ActorLinker()


def test_work_grows_linearly_with_one_long_paragraph(nlp: Language, linker: ActorLinker) -> None:
    _link_counting_calls(nlp, linker, _news(500))  # build the phrase matchers first
    small, small_calls = _link_counting_calls(nlp, linker, _news(5_000))
    large, large_calls = _link_counting_calls(nlp, linker, _news(20_000))
    mentions = sum(len(a.mentions) for a in large)
    assert mentions > 3 * sum(len(a.mentions) for a in small)
    # 4x the text: linear work is about 4x the calls; the pairwise scans this replaced made
    # more than 10x (every span tested against every span chosen before it).
    assert large_calls < 5 * small_calls, (small_calls, large_calls)


def test_long_paragraph_keeps_namesakes_apart(nlp: Language, linker: ActorLinker) -> None:
    text = _news(20_000)
    actors, _ = _link_counting_calls(nlp, linker, text)
    names = {a.name for a in actors}
    assert {"Boris Johnson", "Lyndon Johnson", "Anna Weber", "NATO", "China"} <= names
    assert "Johnson" not in names  # each bare "Johnson" joins the full name before it
    for actor in actors:
        for mention in actor.mentions:
            assert mention.span.slice(text) in {actor.name, *actor.aliases}


def _cand(start: int, end: int) -> _Cand:
    return _Cand(start, end, "x" * (end - start), "GAZ", None)


def _random_spans(rng: random.Random, count: int, size: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(count):
        start = rng.randrange(size)
        spans.append((start, min(size, start + rng.choice([0, 1, 1, 2, 3, 5, 8]))))
    return spans


@pytest.mark.parametrize("seed", range(20))
def test_taken_matches_pairwise_overlaps(seed: int) -> None:
    rng = random.Random(seed)
    size = 60
    taken = _Taken(size)
    chosen: list[_Cand] = []
    for start, end in _random_spans(rng, 40, size):
        cand = _cand(start, end)
        expected = any(cand.overlaps(c) for c in chosen)
        assert taken.overlaps(start, end) == expected, (start, end, chosen)
        if not expected:
            chosen.append(cand)
            taken.add(start, end)


@pytest.mark.parametrize("seed", range(20))
def test_spans_match_pairwise_containment(seed: int) -> None:
    rng = random.Random(seed)
    fixed = [_cand(s, e) for s, e in _random_spans(rng, rng.randrange(8), 40)]
    index = _Spans((c.start, c.end) for c in fixed)
    for start, end in _random_spans(rng, 60, 40):
        cand = _cand(start, end)
        assert index.hold(start, end) == any(cand.inside(c) for c in fixed)
        assert index.hold_longer(start, end) == any(
            cand.inside(c) and len(c.surface) > len(cand.surface) for c in fixed
        )
        assert index.any_inside(start, end) == any(c.inside(cand) for c in fixed)
