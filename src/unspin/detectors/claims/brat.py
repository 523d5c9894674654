"""Read and write attributions as brat standoff, in PolNeAR's conventions.

Each attribution is written as ``Source``, ``Cue`` and ``Content`` T-lines, an ``Attribution``
T-line on the cue, and an E-line ``Attribution:Tn Content:Tn Cue:Tn Source:Tn`` (the relation is
``Attribution-no-source`` when there is no source). Discontinuous spans use ``start end;start end``.

Example:
    >>> triple = Triple(source=(Span(0, 3),), cue=(Span(4, 8),), content=(Span(9, 15),))
    >>> text = "Kim said it won"
    >>> read_ann(write_ann([triple], text)) == [triple]
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unspin.detectors.claims.findings import Attribution
from unspin.errors import InputError, SpanError
from unspin.model import Span

Fragments = tuple[Span, ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(\S+:T\d+(?: \S+:T\d+)*)\s*$")


@dataclass(frozen=True, slots=True)
class Triple:
    """One attribution as brat holds it: fragments of source (may be empty), cue and content."""

    source: Fragments
    cue: Fragments
    content: Fragments


def triples_from_findings(attributions: Iterable[Attribution]) -> list[Triple]:
    """Brat triples for attribution findings; content keeps its parts when it has them."""
    return [
        Triple(
            source=(a.source,) if a.source is not None else (),
            cue=(a.cue,),
            content=a.content_parts or (a.content,),
        )
        for a in attributions
    ]


def write_ann(triples: Sequence[Triple], text: str) -> str:
    """Brat standoff text for ``triples`` over ``text``."""
    lines: list[str] = []
    n_t = 0

    def t_line(label: str, frags: Fragments) -> str:
        nonlocal n_t
        n_t += 1
        offsets = ";".join(f"{s.start} {s.end}" for s in frags)
        shown = " ".join(s.slice(text) for s in frags).replace("\n", " ")
        lines.append(f"T{n_t}\t{label} {offsets}\t{shown}")
        return f"T{n_t}"

    for n_e, triple in enumerate(triples, start=1):
        roles = []
        if triple.source:
            roles.append(("Source", t_line("Source", triple.source)))
        roles.append(("Cue", t_line("Cue", triple.cue)))
        roles.append(("Content", t_line("Content", triple.content)))
        relation = "Attribution" if triple.source else "Attribution-no-source"
        anchor = t_line(relation, triple.cue)
        args = " ".join(f"{role}:{tid}" for role, tid in sorted(roles, key=_role_order))
        lines.append(f"E{n_e}\t{relation}:{anchor} {args}")
    return "".join(line + "\n" for line in lines)


def _role_order(item: tuple[str, str]) -> int:
    return ("Content", "Cue", "Source").index(item[0])


def read_ann(ann: str) -> list[Triple]:
    """The attributions of a brat file: every E-line with a cue; extra content roles are merged.

    Lines that are not T- or E-lines (notes, wrapped span text) are skipped.
    """
    spans: dict[str, Fragments] = {}
    relations: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        t_match = _T_LINE.match(line)
        if t_match:
            spans[t_match.group(1)] = _fragments(t_match.group(3))
            continue
        e_match = _E_LINE.match(line)
        if e_match:
            pairs = [tuple(arg.split(":", 1)) for arg in e_match.group(2).split()]
            relations.append([(role, tid) for role, tid in pairs])
    triples = []
    for args in relations:
        roles: dict[str, list[Span]] = {"Source": [], "Cue": [], "Content": []}
        for role, tid in args[1:]:
            base = role.rstrip("0123456789")
            if base in roles and tid in spans:
                roles[base].extend(spans[tid])
        if roles["Cue"]:
            triples.append(
                Triple(
                    source=tuple(sorted(roles["Source"])),
                    cue=tuple(sorted(roles["Cue"])),
                    content=tuple(sorted(roles["Content"])),
                )
            )
    return triples


def _fragments(offsets: str) -> Fragments:
    try:
        return tuple(Span(int(a), int(b)) for a, b in (f.split() for f in offsets.split(";")))
    except (ValueError, SpanError) as exc:
        raise InputError(f"[E811] Bad brat offsets {offsets!r}: {exc}.") from exc
