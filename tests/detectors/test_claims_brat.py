"""Brat standoff round trip and the PolNeAR-style scorer on toy gold and predictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.detectors.claims.brat import Triple, read_ann, write_ann
from unspin.detectors.claims.evaluate import PRF, evaluate_dirs, score_document, score_spans
from unspin.errors import InputError
from unspin.model import Span

TEXT = "Kim said the dam held. “It is safe,” the engineer said, “for now.” Rain fell."
KIM = Triple(source=(Span(0, 3),), cue=(Span(4, 8),), content=(Span(9, 21),))
ENGINEER = Triple(source=(Span(37, 49),), cue=(Span(50, 54),), content=(Span(23, 36), Span(56, 66)))
NO_SOURCE = Triple(source=(), cue=(Span(4, 8),), content=(Span(9, 21),))


@pytest.mark.parametrize("triples", [[KIM], [KIM, ENGINEER], [NO_SOURCE], []])
def test_round_trip(triples: list[Triple]) -> None:
    assert read_ann(write_ann(triples, TEXT)) == triples


def test_writer_uses_polnear_labels() -> None:
    lines = write_ann([KIM, NO_SOURCE], TEXT).splitlines()
    assert lines[:5] == [
        "T1\tSource 0 3\tKim",
        "T2\tCue 4 8\tsaid",
        "T3\tContent 9 21\tthe dam held",
        "T4\tAttribution 4 8\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    ]
    assert lines[-1] == "E2\tAttribution-no-source:T7 Content:T6 Cue:T5"
    assert "T3\tContent 23 36;56 66" in write_ann([ENGINEER], TEXT)


def test_reader_skips_notes_and_wrapped_text_and_merges_content2() -> None:
    ann = (
        "T1\tSource 0 3\tKim\nT2\tCue 4 8\tsaid\nT3\tContent 9 15\tthe da\nwrapped line\n"
        "T5\tContent 16 21\theld\n#1\tAnnotatorNotes T1\tcheck\nT4\tAttribution 4 8\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1 Content2:T5\n"
    )
    assert read_ann(ann) == [
        Triple(source=(Span(0, 3),), cue=(Span(4, 8),), content=(Span(9, 15), Span(16, 21)))
    ]


def test_bad_offsets_raise_coded_error() -> None:
    with pytest.raises(InputError, match=r"\[E811\]"):
        read_ann("T1\tSource 9 3\tKim\n")


@pytest.mark.parametrize(
    ("gold", "pred", "mode", "expected"),
    [
        ([(Span(0, 5),)], [(Span(0, 5),)], "exact", PRF(1, 1, 1)),
        ([(Span(0, 5),)], [(Span(0, 4),)], "exact", PRF(0, 1, 1)),
        ([(Span(0, 5),)], [(Span(4, 9),)], "overlap", PRF(1, 1, 1)),
        ([(Span(0, 5),)], [(Span(5, 9),)], "overlap", PRF(0, 1, 1)),
        ([(Span(0, 5),)], [(Span(0, 2),), (Span(3, 5),)], "overlap", PRF(1, 2, 1)),
        ([(Span(0, 2), Span(8, 9))], [(Span(0, 9),)], "exact", PRF(1, 1, 1)),
        ([], [(Span(0, 2),)], "overlap", PRF(0, 1, 0)),
    ],
)
def test_score_spans(
    gold: list[tuple[Span, ...]], pred: list[tuple[Span, ...]], mode: str, expected: PRF
) -> None:
    assert score_spans(gold, pred, mode) == expected  # type: ignore[arg-type]


def test_prf_values() -> None:
    prf = PRF(matched=3, n_pred=4, n_gold=6)
    assert (prf.precision, prf.recall) == (0.75, 0.5)
    assert prf.f1 == pytest.approx(0.6)
    assert PRF(0, 0, 0).f1 == 0.0


def test_score_document_triples() -> None:
    shifted = Triple(source=(Span(0, 3),), cue=(Span(4, 8),), content=(Span(9, 15),))
    scores = score_document([KIM, ENGINEER], [shifted, NO_SOURCE])
    assert scores["cue/exact"] == PRF(1, 2, 2)
    assert scores["content/exact"] == PRF(1, 2, 2)
    assert scores["triple/exact"] == PRF(0, 2, 2)
    assert scores["triple/overlap"] == PRF(1, 2, 2)
    assert scores["source/exact"] == PRF(1, 1, 2)


def test_evaluate_dirs_pairs_annotator_files(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "story_ab12.ann").write_text(write_ann([KIM, ENGINEER], TEXT), encoding="utf-8")
    (gold / "other_cd34.ann").write_text(write_ann([KIM], TEXT), encoding="utf-8")
    (pred / "story.ann").write_text(write_ann([KIM], TEXT), encoding="utf-8")
    scores = evaluate_dirs(gold, pred)
    assert scores["triple/exact"] == PRF(1, 1, 3)


def test_evaluate_dirs_missing_gold(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\[E812\]"):
        evaluate_dirs(tmp_path / "absent", tmp_path)
