"""Readers and writers for the official PTC (SemEval-2020 Task 11) and SemEval-2023 Task 3 layouts.

All label files are tab-separated (label names hold commas in 2020 and hyphens in 2023):

- articles: a folder of ``article<ID>.txt``;
- PTC SI: ``id  start  end``; PTC TC and 2023 ST3 spans: ``id  technique  start  end``; the TC
  template has ``?`` as technique;
- ST1: ``id  genre``; ST2: ``id  frame,frame``; ST3: ``id  paragraph  technique,technique``;
  the ST3 template: ``id  paragraph  text`` (paragraph = 1-based line number, empty lines skipped).

Example:
    >>> write_paragraph_labels({("7", 1): ("Doubt",), ("7", 3): ()})
    '7\\t1\\tDoubt\\n7\\t3\\t\\n'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from unspin.detectors.persuasion.taxonomy import LABEL_FIXES
from unspin.errors import InputError

_ARTICLE = re.compile(r"^article(\d+)\.txt$")

ParagraphKey = tuple[str, int]


@dataclass(frozen=True, slots=True, order=True)
class SpanLabel:
    """A labelled (or unlabelled, ``technique=None``) character span of one article."""

    article_id: str
    start: int
    end: int
    technique: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One ST3 paragraph: 1-based line number, text and offsets into the article text."""

    article_id: str
    index: int
    text: str
    start: int = -1
    end: int = -1


def read_articles(folder: Path, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Read ``article<ID>.txt`` files into ``{id: text}`` sorted by id (optionally only ``ids``)."""
    if not folder.is_dir():
        raise InputError(
            f"[E1210] Articles folder not found: {folder}. Pass a folder of article<ID>.txt."
        )
    wanted = set(ids) if ids is not None else None
    out: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        match = _ARTICLE.match(path.name)
        if match and (wanted is None or match.group(1) in wanted):
            out[match.group(1)] = path.read_text(encoding="utf-8")
    if not out:
        raise InputError(f"[E1211] No article<ID>.txt files (of the requested ids) in {folder}.")
    return out


def read_ids(path: Path) -> list[str]:
    """Read one article id per line (blank lines and ``#`` comments ignored)."""
    lines = _read_lines(path)
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"[E1212] Cannot read label file {path}: {exc}.") from exc


def _label_files(path: Path) -> list[Path]:
    if path.is_dir():
        return [p for p in sorted(path.iterdir()) if p.is_file() and "template" not in p.name]
    return [path]


def _fields(line: str, path: Path, counts: tuple[int, ...]) -> list[str]:
    parts = line.rstrip("\n\r").split("\t")
    if len(parts) not in counts:
        raise InputError(
            f"[E1213] {path}: expected {' or '.join(map(str, counts))} tab-separated fields, "
            f"got {len(parts)} in line {line!r}."
        )
    return parts


def _int(value: str, path: Path) -> int:
    try:
        return int(value)
    except ValueError:
        raise InputError(f"[E1214] {path}: offset or index {value!r} is not an integer.") from None


def fix_label(label: str) -> str:
    """Repair known spelling slips in released label files."""
    return LABEL_FIXES.get(label.strip(), label.strip())


def read_span_labels(path: Path) -> list[SpanLabel]:
    """Read SI (3 columns) or TC / ST3-span (4 columns) labels from a file or a folder."""
    out: list[SpanLabel] = []
    for file in _label_files(path):
        for line in _read_lines(file):
            if not line.strip():
                continue
            parts = _fields(line, file, (3, 4))
            if len(parts) == 3:
                out.append(SpanLabel(parts[0], _int(parts[1], file), _int(parts[2], file)))
            else:
                label = None if parts[1] == "?" else fix_label(parts[1])
                out.append(SpanLabel(parts[0], _int(parts[2], file), _int(parts[3], file), label))
    return out


def write_span_labels(spans: Iterable[SpanLabel], with_technique: bool) -> str:
    """Write spans as SI (``with_technique=False``) or TC / ST3-span lines."""
    lines = []
    for s in spans:
        if with_technique:
            lines.append(f"{s.article_id}\t{s.technique or '?'}\t{s.start}\t{s.end}\n")
        else:
            lines.append(f"{s.article_id}\t{s.start}\t{s.end}\n")
    return "".join(lines)


def read_genre_labels(path: Path) -> dict[str, str]:
    """Read ST1 lines ``id  genre``."""
    out: dict[str, str] = {}
    for line in _read_lines(path):
        if line.strip():
            article_id, label = _fields(line, path, (2,))
            out[article_id.strip()] = label.strip()
    return out


def write_genre_labels(labels: Mapping[str, str]) -> str:
    """Write ST1 lines ``id  genre``."""
    return "".join(f"{k}\t{v}\n" for k, v in labels.items())


def _split_labels(value: str) -> tuple[str, ...]:
    return tuple(fix_label(v) for v in value.split(",") if v.strip())


def read_frame_labels(path: Path) -> dict[str, tuple[str, ...]]:
    """Read ST2 lines ``id  frame,frame`` (an empty second field means no frame)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _read_lines(path):
        if line.strip():
            parts = _fields(line, path, (1, 2))
            out[parts[0].strip()] = _split_labels(parts[1]) if len(parts) == 2 else ()
    return out


def write_frame_labels(labels: Mapping[str, Iterable[str]]) -> str:
    """Write ST2 lines ``id  frame,frame``."""
    return "".join(f"{k}\t{','.join(v)}\n" for k, v in labels.items())


def read_paragraph_labels(path: Path) -> dict[ParagraphKey, tuple[str, ...]]:
    """Read ST3 lines ``id  paragraph  technique,technique`` from a file or a folder."""
    out: dict[ParagraphKey, tuple[str, ...]] = {}
    for file in _label_files(path):
        for line in _read_lines(file):
            if line.strip():
                parts = _fields(line, file, (2, 3))
                labels = _split_labels(parts[2]) if len(parts) == 3 else ()
                out[(parts[0].strip(), _int(parts[1], file))] = labels
    return out


def write_paragraph_labels(labels: Mapping[ParagraphKey, Iterable[str]]) -> str:
    """Write ST3 lines ``id  paragraph  technique,technique``."""
    return "".join(f"{a}\t{i}\t{','.join(v)}\n" for (a, i), v in labels.items())


def read_paragraph_template(path: Path) -> list[Paragraph]:
    """Read an ST3 ``.template`` file (or folder of them): ``id  paragraph  text``."""
    files = sorted(path.glob("*.template")) if path.is_dir() else [path]
    out: list[Paragraph] = []
    for file in files:
        for line in _read_lines(file):
            if line.strip():
                parts = line.split("\t", 2)
                if len(parts) != 3:
                    raise InputError(f"[E1213] {file}: template line {line!r} needs 3 fields.")
                out.append(Paragraph(parts[0], _int(parts[1], file), parts[2]))
    return out


def paragraphs_of(article_id: str, text: str) -> list[Paragraph]:
    """Split an article into ST3 paragraphs: non-empty lines, numbered from 1, with offsets."""
    out: list[Paragraph] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            out.append(Paragraph(article_id, number, line, offset, offset + len(line)))
        offset += len(line) + 1
    return out
