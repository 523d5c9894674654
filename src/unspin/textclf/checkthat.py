"""Read and write CheckThat! 2024 Task 1 check-worthiness TSV files and score predictions.

Gold files have the header ``Sentence_id<TAB>Text<TAB>class_label``; prediction files hold
``Sentence_id<TAB>Yes|No<TAB>score`` lines. The reader splits lines on tabs rather than trusting
line breaks, because the English train file has one line holding two records
(``...<TAB>No29286<TAB>...``).

Example:
    >>> read_checkthat_text("Sentence_id\\tText\\tclass_label\\n7\\tTaxes rose.\\tYes\\n")
    [CheckThatRecord(sentence_id='7', text='Taxes rose.', label=True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unspin.errors import InputError
from unspin.textclf.metrics import PRF, binary_prf

_LABELS = {"Yes": True, "No": False}
_GLUED = re.compile(r"^(Yes|No)(\d+)$")


@dataclass(frozen=True, slots=True)
class CheckThatRecord:
    """One sentence of a CheckThat! file; ``label`` is None in unlabelled files."""

    sentence_id: str
    text: str
    label: bool | None


def _cells(line: str) -> list[str]:
    """Split one line on tabs, cutting a glued ``No29286`` cell into label and next id."""
    cells: list[str] = []
    for cell in line.split("\t"):
        glued = _GLUED.match(cell)
        if glued and len(cells) % 3 == 2:
            cells.extend(glued.groups())
        else:
            cells.append(cell)
    return cells


def read_checkthat_text(content: str) -> list[CheckThatRecord]:
    """Parse the text of a CheckThat! TSV (gold with labels, or test without)."""
    lines = [line.rstrip("\r") for line in content.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("Sentence_id"):
        raise InputError(
            "[E906] Not a CheckThat! TSV: the first line must be the header "
            "'Sentence_id<TAB>Text[<TAB>class_label]'."
        )
    width = len(lines[0].split("\t"))
    if width not in (2, 3):
        raise InputError(f"[E906] CheckThat! header has {width} columns; expected 2 or 3.")
    records: list[CheckThatRecord] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = _cells(line) if width == 3 else line.split("\t")
        if len(cells) % width:
            raise InputError(
                f"[E907] Line {number} has {len(cells)} tab-separated cells; expected a "
                f"multiple of {width}: {line[:80]!r}."
            )
        for i in range(0, len(cells), width):
            label: bool | None = None
            if width == 3:
                if cells[i + 2] not in _LABELS:
                    raise InputError(
                        f"[E907] Line {number}: class_label {cells[i + 2]!r} is not Yes or No."
                    )
                label = _LABELS[cells[i + 2]]
            records.append(CheckThatRecord(cells[i], cells[i + 1], label))
    return records


def read_checkthat(path: Path) -> list[CheckThatRecord]:
    """Read a CheckThat! TSV file."""
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"[E908] Cannot read CheckThat! file {path}: {exc}.") from exc
    return read_checkthat_text(content)


def format_predictions(ids: list[str], labels: list[bool], scores: list[float]) -> str:
    """Render ``Sentence_id<TAB>Yes|No<TAB>score`` lines."""
    return "".join(
        f"{sid}\t{'Yes' if label else 'No'}\t{score:.4f}\n"
        for sid, label, score in zip(ids, labels, scores, strict=True)
    )


def read_predictions(path: Path) -> dict[str, bool]:
    """Read a prediction file (an optional header line is skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"[E908] Cannot read prediction file {path}: {exc}.") from exc
    out: dict[str, bool] = {}
    for number, line in enumerate(lines, start=1):
        cells = line.rstrip("\r").split("\t")
        if not line.strip() or cells[0] == "Sentence_id":
            continue
        if len(cells) < 2 or cells[1] not in _LABELS:
            raise InputError(
                f"[E907] {path}:{number}: expected 'Sentence_id<TAB>Yes|No[<TAB>score]', "
                f"got {line[:80]!r}."
            )
        out[cells[0]] = _LABELS[cells[1]]
    return out


def score_checkworthy(gold: list[CheckThatRecord], pred: dict[str, bool]) -> PRF:
    """F1 of class Yes; a gold sentence without a prediction counts as No."""
    missing = [r.sentence_id for r in gold if r.label is None]
    if missing:
        raise InputError(f"[E909] Gold file has unlabelled sentences, e.g. {missing[0]!r}.")
    labels = [bool(r.label) for r in gold]
    return binary_prf(labels, [pred.get(r.sentence_id, False) for r in gold])
