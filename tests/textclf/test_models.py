"""The shipped models load, score batches fast, and mark hedge cues with valid offsets."""

from __future__ import annotations

import time

import pytest

from unspin.textclf import hedge_cues, load_checkworthy, load_hedge

SENTENCES = [
    "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
    "Thank you very much, it's great to be here tonight.",
    "The minister may resign next week, officials said.",
    "It is widely believed that the treaty will probably collapse.",
]


@pytest.mark.parametrize("loader", [load_checkworthy, load_hedge])
def test_load_and_score(loader: object) -> None:
    clf = loader()  # type: ignore[operator]
    scores = clf.predict_proba(SENTENCES)
    assert scores.shape == (len(SENTENCES),)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert 0.0 < clf.threshold < 1.0
    assert clf.meta["name"].endswith(".v1")


def test_checkworthy_orders_factual_over_phatic() -> None:
    scores = load_checkworthy().predict_proba(SENTENCES[:2])
    assert scores[0] > load_checkworthy().threshold > scores[1]


def test_hedge_orders_hedged_over_plain() -> None:
    clf = load_hedge()
    scores = clf.predict_proba([SENTENCES[3], SENTENCES[0]])
    assert scores[0] > clf.threshold > scores[1]


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("The minister may resign.", ["may"]),
        ("It is widely believed that the treaty will probably collapse.", ["believed", "probably"]),
        ("Prices rose in May.", []),
        ("", []),
    ],
)
def test_hedge_cues(text: str, cues: list[str]) -> None:
    found = hedge_cues(text)
    assert [text[s:e].lower() for s, e, _ in found] == [c.lower() for c in cues]
    assert all(t in {"probable", "doxastic", "condition", "investigation"} for _, _, t in found)


@pytest.mark.parametrize("loader", [load_checkworthy, load_hedge])
def test_batch_of_40_is_fast(loader: object) -> None:
    clf = loader()  # type: ignore[operator]
    batch = SENTENCES * 10
    clf.predict_proba(batch)
    start = time.perf_counter()
    for _ in range(5):
        clf.predict_proba(batch)
    assert (time.perf_counter() - start) / 5 < 0.05  # a few ms; generous for shared CI
