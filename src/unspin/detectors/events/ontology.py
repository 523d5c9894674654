"""CAMEO code facts: Goldstein score, GDELT QuadClass, and the PLOVER type and mode.

Example:
    >>> onto = CameoOntology({"19": -10.0}, {"19": ("ASSAULT", "")})
    >>> onto.describe("193").plover_type, onto.describe("193").quad_class
    ('ASSAULT', 4)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from unspin.detectors.events.dictionary import ParseIssue

# PLOVER v2.0 names for the labels of the 2016 gold file (see ONTOLOGY.md, "Version drift").
PLOVER_LEGACY = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

V = TypeVar("V")

_PLOVER_LINE = re.compile(r"^([0-9]{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?")


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What one CAMEO code means in the other schemes."""

    code: str
    root: str
    base: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None


def gdelt_quad_class(root: str) -> int:
    """GDELT QuadClass of a CAMEO root: 01-05 verbal coop ... 15-20 material conflict."""
    value = int(root)
    if value <= 5:
        return 1
    if value <= 9:
        return 2
    if value <= 14:
        return 3
    return 4


def parse_goldstein_table(lines: Iterable[str]) -> tuple[dict[str, float], list[ParseIssue]]:
    """Parse ``cameo_goldstein_phoenix_quad.tsv`` into code -> Goldstein score."""
    table: dict[str, float] = {}
    issues: list[ParseIssue] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("cameo_code"):
            continue
        parts = line.split("\t")
        try:
            if len(parts) < 2 or not parts[0].isdigit():
                raise ValueError("expected 'code<TAB>goldstein'")
            table[parts[0]] = float(parts[1])
        except ValueError as exc:
            issues.append(ParseIssue(number, line, str(exc)))
    return table, issues


def parse_plover_mapping(
    lines: Iterable[str],
) -> tuple[dict[str, tuple[str, str]], list[ParseIssue]]:
    """Parse ``CAMEO2PLOVER-2021.txt`` into code -> (PLOVER type, mode)."""
    table: dict[str, tuple[str, str]] = {}
    issues: list[ParseIssue] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("~"):
            continue
        match = _PLOVER_LINE.match(line.strip())
        if match is None:
            issues.append(ParseIssue(number, line, "expected 'code: EVENT, mode, context'"))
            continue
        code, event, mode = match.group(1), match.group(2), (match.group(3) or "").strip()
        table.setdefault(code, (event, mode))
    return table, issues


def _lookup(table: Mapping[str, V], code: str) -> V | None:
    for size in (len(code), 3, 2):
        if size <= len(code) and code[:size] in table:
            return table[code[:size]]
    return None


class CameoOntology:
    """Look-ups from a CAMEO code, falling back to the parent code when a leaf is missing."""

    def __init__(
        self, goldstein: Mapping[str, float], plover: Mapping[str, tuple[str, str]]
    ) -> None:
        self._goldstein = dict(goldstein)
        self._plover = dict(plover)

    def describe(self, code: str) -> CodeInfo:
        """All facts about ``code`` (a 2-4 digit CAMEO code string)."""
        root, base = code[:2], code[:3]
        goldstein = _lookup(self._goldstein, code)
        plover = _lookup(self._plover, code) if root not in ("01", "02") else None
        return CodeInfo(
            code=code,
            root=root,
            base=base,
            goldstein=0.0 if goldstein is None else goldstein,
            quad_class=gdelt_quad_class(root),
            plover_type=plover[0] if plover else None,
            plover_mode=(plover[1] or None) if plover else None,
        )

    def known(self, code: str) -> bool:
        return code[:2] in self._goldstein or code in self._goldstein

    def goldstein_table(self) -> dict[str, float]:
        return dict(sorted(self._goldstein.items()))

    def plover_table(self) -> dict[str, tuple[str, str]]:
        return dict(sorted(self._plover.items()))
