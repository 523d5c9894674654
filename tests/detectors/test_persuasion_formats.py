"""Readers and writers of the PTC and SemEval-2023 Task 3 layouts, on tiny hand-written files."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.detectors.persuasion import formats
from unspin.detectors.persuasion.formats import Paragraph, SpanLabel
from unspin.errors import InputError

ARTICLE = "A title here\n\nFirst line of the body.\n\nSecond, shorter line.\n"


def test_read_articles_and_ids(tmp_path: Path) -> None:
    (tmp_path / "article11.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "article12.txt").write_text("Other.", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert list(formats.read_articles(tmp_path)) == ["11", "12"]
    assert list(formats.read_articles(tmp_path, ["12"])) == ["12"]
    with pytest.raises(InputError, match="E1211"):
        formats.read_articles(tmp_path, ["99"])
    with pytest.raises(InputError, match="E1210"):
        formats.read_articles(tmp_path / "missing")


@pytest.mark.parametrize(
    ("spans", "with_technique", "text"),
    [
        ([SpanLabel("7", 3, 9)], False, "7\t3\t9\n"),
        ([SpanLabel("7", 3, 9, "Name_Calling,Labeling")], True, "7\tName_Calling,Labeling\t3\t9\n"),
        ([SpanLabel("7", 3, 9, None)], True, "7\t?\t3\t9\n"),
        ([SpanLabel("7", 0, 4, "Doubt"), SpanLabel("8", 5, 6, "Slogans")], True,
         "7\tDoubt\t0\t4\n8\tSlogans\t5\t6\n"),
    ],
)  # fmt: skip
def test_span_labels_round_trip(
    tmp_path: Path, spans: list[SpanLabel], with_technique: bool, text: str
) -> None:
    written = formats.write_span_labels(spans, with_technique)
    assert written == text
    path = tmp_path / "x.labels"
    path.write_text(written, encoding="utf-8")
    read = formats.read_span_labels(path)
    expected = spans if with_technique else [SpanLabel(s.article_id, s.start, s.end) for s in spans]
    assert read == expected


def test_span_label_folder_skips_templates(tmp_path: Path) -> None:
    (tmp_path / "article1.labels").write_text("1\t0\t4\n", encoding="utf-8")
    (tmp_path / "article2.labels").write_text("2\tDoubt\t1\t3\n", encoding="utf-8")
    (tmp_path / "article2.template").write_text("2\t1\tnot a label\n", encoding="utf-8")
    assert formats.read_span_labels(tmp_path) == [
        SpanLabel("1", 0, 4),
        SpanLabel("2", 1, 3, "Doubt"),
    ]


@pytest.mark.parametrize(
    ("line", "code"),
    [("1\t2\n", "E1213"), ("1\tx\t3\n", "E1214"), ("1\ta\tb\tc\td\n", "E1213")],
)
def test_bad_span_lines(tmp_path: Path, line: str, code: str) -> None:
    path = tmp_path / "bad.labels"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(InputError, match=code):
        formats.read_span_labels(path)


def test_genre_and_frames_round_trip(tmp_path: Path) -> None:
    genres = {"1": "opinion", "2": "satire"}
    frames = {"1": ("Political", "Morality"), "2": ()}
    (tmp_path / "g.txt").write_text(formats.write_genre_labels(genres), encoding="utf-8")
    (tmp_path / "f.txt").write_text(formats.write_frame_labels(frames), encoding="utf-8")
    assert formats.read_genre_labels(tmp_path / "g.txt") == genres
    assert formats.read_frame_labels(tmp_path / "f.txt") == frames


def test_paragraph_labels_round_trip_and_fix(tmp_path: Path) -> None:
    labels = {("5", 1): (), ("5", 3): ("Doubt", "Loaded_Language")}
    text = formats.write_paragraph_labels(labels)
    assert text == "5\t1\t\n5\t3\tDoubt,Loaded_Language\n"
    path = tmp_path / "st3.txt"
    path.write_text(text + "5\t4\tAppeal_to_Fear-Prejudi-čce\n", encoding="utf-8")
    read = formats.read_paragraph_labels(path)
    assert read[("5", 3)] == ("Doubt", "Loaded_Language")
    assert read[("5", 4)] == ("Appeal_to_Fear-Prejudice",)


def test_paragraphs_and_template_agree(tmp_path: Path) -> None:
    paragraphs = formats.paragraphs_of("11", ARTICLE)
    assert [(p.index, p.text) for p in paragraphs] == [
        (1, "A title here"),
        (3, "First line of the body."),
        (5, "Second, shorter line."),
    ]
    assert all(ARTICLE[p.start : p.end] == p.text for p in paragraphs)
    template = "".join(f"{p.article_id}\t{p.index}\t{p.text}\n" for p in paragraphs)
    (tmp_path / "a.template").write_text(template, encoding="utf-8")
    assert formats.read_paragraph_template(tmp_path / "a.template") == [
        Paragraph("11", p.index, p.text) for p in paragraphs
    ]
