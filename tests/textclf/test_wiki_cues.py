"""The uncertainty-corpus reader, its split, the cue lexicon and the hedge scorers."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.errors import InputError, ModelError
from unspin.textclf.cues import CueLexicon, LexiconCue
from unspin.textclf.hedge_eval import cue_prf, sentence_prf
from unspin.textclf.metrics import binary_prf, set_prf
from unspin.textclf.wikiweasel import read_wiki, split_of

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Annotation><DocumentSet>
<Document type="Wikipedia_text_weasel"><DocID type="WIKIPEDIA_ARTICLE_ID">Lake Vostra_1</DocID>
<DocumentPart type="Title"><Sentence id="S1.1">Lake Vostra</Sentence></DocumentPart>
<DocumentPart type="Text"><Sentence id="S1.2">The lake \
<ccue type="speculation_modal_probable_">may</ccue> be older, \
<ccue type="speculation_hypo_condition _">if</ccue> dated.</Sentence>\
<Sentence id="S1.3">It froze in 1911.</Sentence></DocumentPart>
</Document></DocumentSet></Annotation>
"""

LEXICON = CueLexicon(
    [
        LexiconCue("may", "probable", 0.8, 8, 9),
        LexiconCue("it is believed", "doxastic", 0.9, 9, 9),
        LexiconCue("if", "condition", 0.5, 5, 9),
        LexiconCue("will", "probable", 0.1, 1, 9),
    ],
    min_precision=0.5,
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "wiki.xml"
    path.write_text(XML, encoding="utf-8")
    return path


def test_read_wiki(corpus: Path) -> None:
    sentences = read_wiki(corpus)
    assert [s.sentence_id for s in sentences] == ["S1.2", "S1.3"]
    first = sentences[0]
    assert first.text == "The lake may be older, if dated."
    assert [(first.text[c.start : c.end], c.type) for c in first.cues] == [
        ("may", "probable"),
        ("if", "condition"),
    ]
    assert [s.uncertain for s in sentences] == [True, False]


def test_read_wiki_broken(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<Annotation>", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[E910\]"):
        read_wiki(path)


@pytest.mark.parametrize("doc_id", ["Lake Vostra_1", "Tim Witherspoon_2358", ""])
def test_split_is_deterministic(doc_id: str) -> None:
    assert split_of(doc_id) == split_of(doc_id)
    assert split_of(doc_id) in ("train", "dev", "test")


def test_split_proportions() -> None:
    parts = [split_of(f"doc_{i}") for i in range(5000)]
    assert 0.77 < parts.count("train") / 5000 < 0.83
    assert 0.08 < parts.count("test") / 5000 < 0.12


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("It may rain.", [(3, 6, "probable")]),
        ("MAY", [(0, 3, "probable")]),
        (
            "It is  believed that it will rain if cold.",
            [(0, 15, "doxastic"), (34, 36, "condition")],
        ),
        ("Mayor Ifan dismayed them.", []),
        ("", []),
    ],
)
def test_lexicon_find(text: str, spans: list[tuple[int, int, str]]) -> None:
    assert LEXICON.find(text) == spans


def test_lexicon_features() -> None:
    assert LEXICON.features("It will rain.") == ["x:cue1", "x:max1"]
    assert LEXICON.features("Sunny.") == ["x:max-1"]


def test_lexicon_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cues.json"
    LEXICON.save(path)
    again = CueLexicon.load(path)
    assert again.min_precision == 0.5
    assert again.find("It may rain if cold.") == LEXICON.find("It may rain if cold.")


def test_lexicon_broken(tmp_path: Path) -> None:
    path = tmp_path / "cues.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"\[E911\]"):
        CueLexicon.load(path)


def test_hedge_scorers(corpus: Path) -> None:
    sentences = read_wiki(corpus)
    assert sentence_prf(sentences, [True, True]).to_json()["precision"] == 0.5
    cues = cue_prf(sentences, LEXICON.find)
    assert (cues.tp, cues.fp, cues.fn) == (2, 0, 0)


@pytest.mark.parametrize(
    ("gold", "pred", "f1"),
    [
        ([True, False], [True, False], 1.0),
        ([True, True], [False, False], 0.0),
        ([False, False], [False, False], 0.0),
        ([True, True, False], [True, False, True], 0.5),
    ],
)
def test_binary_prf(gold: list[bool], pred: list[bool], f1: float) -> None:
    assert binary_prf(gold, pred).f1 == pytest.approx(f1)


def test_set_prf() -> None:
    prf = set_prf({(0, 1, 2), (0, 5, 7)}, {(0, 1, 2), (1, 0, 3)})
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 1)
