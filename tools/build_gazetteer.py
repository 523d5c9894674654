"""Compile the hand-written tables and the Phoenix actor dictionaries into the runtime gazetteer.

Usage:
    .venv/bin/python tools/build_gazetteer.py --events /work/shared/data/events \
        --out src/unspin/data/gazetteer/gazetteer.json.gz

The output is deterministic: the same inputs give the same bytes. The build date in the header
is SOURCE_DATE_EPOCH when set, else the newest modification date among the inputs, else
``--date``. Malformed dictionary lines are reported on stderr with their line numbers and skipped.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError
from unspin.model import ActorKind, OrgType
from unspin.nlp.gazetteer import (
    ENTRY_FIELDS,
    FORMAT,
    CodeSpan,
    Entry,
    normalise,
)

TABLES = Path(__file__).resolve().parents[1] / "src" / "unspin" / "data" / "gazetteer"
PHOENIX_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENTS_FILE = "Phoenix.agents.txt"
DICTIONARY_DIR = Path("petrarch2") / "dictionaries"
# CAMEO codes of states that no longer exist, used by the Phoenix dictionaries.
HISTORICAL_STATES = frozenset({"CSK", "DDR", "SCG", "SUN", "YUG"})

_PHRASE = re.compile(r"^[\w'&.,()/!\-]+$")
_NULL_CODE = "---"  # PETRARCH's "no code": the phrase is known but codes nothing
_CODE = re.compile(r"^[A-Z0-9]{3,15}$")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_AGENT_LINE = re.compile(r"^(?P<phrase>[^\[]+?)\s*\[(?P<code>[^\]]+)\]\s*$")
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "du", "des", "al", "el", "la", "to"}
_ORG_WORDS = {
    "ministry", "ministries", "department", "council", "committee", "commission", "court",
    "party", "army", "navy", "force", "forces", "front", "movement", "agency", "bank", "union",
    "organization", "organisation", "office", "house", "parliament", "assembly", "government",
    "police", "guard", "guards", "brigade", "brigades", "group", "association", "federation",
    "institute", "university", "company", "corporation", "corp", "inc", "ltd", "co", "news",
    "press", "radio", "television", "tv", "times", "post", "service", "services", "authority",
    "congress", "senate", "cabinet", "administration", "military", "command", "fund",
    "foundation", "league", "alliance", "coalition", "network", "board", "bureau", "center",
    "centre", "secretariat", "embassy", "mission", "regime", "junta", "rebels", "militia",
}  # fmt: skip
_AGENT_ORG_TYPES: dict[str, OrgType] = {
    "GOV": "state_body",
    "LEG": "state_body",
    "JUD": "state_body",
    "MIL": "military",
    "MED": "media",
    "PTY": "party",
    "BUS": "company",
    "REB": "armed_group",
    "INS": "armed_group",
    "IMG": "armed_group",
    "SEP": "armed_group",
}


class BuildError(ConfigError):
    """A hand-written table or an input path is wrong; the message names file and line."""


@dataclass
class Problem:
    """One skipped dictionary line."""

    file: str
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}: {self.text.strip()[:80]!r}"


@dataclass
class RawEntry:
    """An actor block of a Phoenix dictionary as written: phrases, codes and comments."""

    phrase: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[CodeSpan] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


# -- Phoenix dictionaries ---------------------------------------------------------------------


def parse_date(text: str) -> str:
    """``yymmdd`` or ``yyyymmdd`` to ISO; two-digit years below 30 are 20yy, the rest 19yy."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"date {text!r} is neither yymmdd nor yyyymmdd")
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy < 30 else 1900 + yy}{text[2:]}"
    day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    return day.isoformat()


def parse_code(body: str) -> CodeSpan:
    """One bracket body: ``CODE``, ``CODE >d``, ``CODE <d`` or ``CODE d1-d2``."""
    parts = re.sub(r"([<>])\s+", r"\1", body).split()
    if not parts or len(parts) > 2 or not _CODE.match(parts[0]):
        raise ValueError(f"bad code [{body}]")
    if len(parts) == 1:
        return CodeSpan(parts[0])
    code, when = parts
    if when.startswith(">"):
        return CodeSpan(code, start=parse_date(when[1:]))
    if when.startswith("<"):
        return CodeSpan(code, end=parse_date(when[1:]))
    start, sep, end = when.partition("-")
    if not sep:
        raise ValueError(f"bad date range {when!r}")
    return CodeSpan(code, start=parse_date(start), end=parse_date(end))


def split_codes(text: str) -> tuple[str, list[CodeSpan]]:
    """Split the non-comment part of a line into its phrase text and its bracketed codes."""
    if text.count("[") != text.count("]"):
        raise ValueError("unbalanced brackets")
    codes = [
        parse_code(m.group(1)) for m in _BRACKET.finditer(text) if m.group(1).strip() != _NULL_CODE
    ]
    return _BRACKET.sub(" ", text).strip(), codes


def parse_actor_file(lines: Iterable[str], name: str) -> tuple[list[RawEntry], list[Problem]]:
    """Read a PETRARCH actor dictionary into blocks; bad lines become problems and are skipped."""
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    current: RawEntry | None = None
    skipping = False  # inside the block of a malformed entry: its lines go with it
    for number, raw in enumerate(lines, start=1):
        body, _, comment = raw.rstrip("\n").partition("#")
        if not body.strip():
            continue
        try:
            phrases, codes = split_codes(body)
        except ValueError as exc:
            problems.append(Problem(name, number, raw, str(exc)))
            continue
        indented = body[:1].isspace()
        if skipping and (phrases.startswith("+") or (indented and not phrases)):
            continue
        skipping = False
        if indented and not phrases:
            if current is None:
                problems.append(Problem(name, number, raw, "codes before any entry"))
                continue
            current.codes.extend(codes)
            continue
        words = phrases.split()
        if phrases.startswith("+"):
            if current is None:
                problems.append(Problem(name, number, raw, "synonym before any entry"))
                continue
            synonyms = [w.lstrip("+") for w in words]
            bad = [w for w in synonyms if not _PHRASE.match(w)]
            if bad or not all(w.startswith("+") for w in words):
                problems.append(Problem(name, number, raw, "malformed synonym"))
                continue
            current.synonyms.extend(synonyms)
            current.codes.extend(codes)
            continue
        if len(words) != 1 or not _PHRASE.match(words[0]):
            problems.append(Problem(name, number, raw, "malformed phrase; block skipped"))
            current, skipping = None, True
            continue
        current = RawEntry(words[0], number, codes=list(codes), comments=[comment.strip()])
        entries.append(current)
    return entries, problems


def phrase_text(phrase: str) -> str:
    """``XI_JINPING_`` -> ``Xi Jinping``; one short word stays upper case (``NATO``)."""
    words = [w for w in phrase.replace("_", " ").split() if w]
    if len(words) == 1 and len(words[0]) <= 5:
        return words[0].upper()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i and lower in _SMALL_WORDS:
            out.append(lower)
        elif "." in word and len(word) <= 5:
            out.append(word.upper())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")


def classify(raw: RawEntry, source: str, countries: set[str]) -> tuple[ActorKind, OrgType | None]:
    """Guess kind and organisation type of a Phoenix entry from its file, codes and words."""
    words = set(normalise(raw.phrase).split())
    first = raw.codes[0].code if raw.codes else ""
    if source == "Phoenix.MilNonState.actors.txt":
        return "group", "armed_group"
    comment = " ".join(raw.comments).lower()
    dated = any(c.start or c.end for c in raw.codes)
    is_org = bool(words & _ORG_WORDS)
    listed_person = "countryinfo" in comment or "rulers" in comment or dated
    if not is_org and listed_person and 2 <= len(words) <= 5:
        return "person", None
    if first.startswith("IGO"):
        return "organisation", "igo"
    if first.startswith("NGO"):
        return "organisation", "ngo"
    if first.startswith("MNC"):
        return "organisation", "company"
    if not is_org and 2 <= len(words) <= 4 and first[:3] in countries and len(first) > 3:
        return "person", None
    agent = first[3:6] if first[:3] in countries else first[:3]
    return "organisation", _AGENT_ORG_TYPES.get(agent, "other")


def phoenix_entries(
    raws: list[RawEntry], source: str, countries: set[str], taken: set[str]
) -> Iterator[Entry]:
    """Turn parsed blocks into entries; country-level name lists become one place per name."""
    short = source.split(".")[1].lower()
    for raw in raws:
        surfaces = [raw.phrase, *raw.synonyms]
        if not raw.codes:
            continue
        states = [c.code for c in raw.codes if c.code in countries]
        if source == PHOENIX_FILES[0] and states:
            code = states[-1]
            for surface in surfaces:
                text = phrase_text(surface)
                key = normalise(text)
                if key and key not in taken:
                    taken.add(key)
                    yield Entry(
                        id=f"phx:{short}:place:{slug(text)}",
                        name=text,
                        kind="location",
                        country=code,
                        codes=tuple(raw.codes),
                        source="phoenix",
                    )
            continue
        kind, org_type = classify(raw, source, countries)
        name = phrase_text(raw.phrase)
        first = raw.codes[0].code
        country = first[:3] if first[:3] in countries else None
        if country is None and first[:3] in {"MNC", "NGO"} and first[3:6] in countries:
            country = first[3:6]
        aliases = tuple(
            dict.fromkeys(
                t for t in (phrase_text(s) for s in raw.synonyms) if normalise(t) != normalise(name)
            )
        )
        yield Entry(
            id=f"phx:{short}:{slug(name)}",
            name=name,
            kind=kind,
            org_type=org_type,
            country=country,
            codes=tuple(dict.fromkeys(raw.codes)),
            aliases=aliases,
            source="phoenix",
        )


def merge_duplicates(entries: Iterable[Entry]) -> list[Entry]:
    """Entries with one id (the same name listed twice) merge their codes and aliases."""
    merged: dict[str, Entry] = {}
    for entry in entries:
        old = merged.get(entry.id)
        if old is None:
            merged[entry.id] = entry
            continue
        merged[entry.id] = Entry(
            id=old.id,
            name=old.name,
            kind=old.kind,
            org_type=old.org_type,
            country=old.country,
            codes=tuple(dict.fromkeys(old.codes + entry.codes)),
            aliases=tuple(dict.fromkeys(old.aliases + entry.aliases)),
            source=old.source,
        )
    return list(merged.values())


def parse_agents(lines: Iterable[str], name: str) -> tuple[dict[str, str], list[Problem]]:
    """Agent nouns to role codes, with ``!SET!`` substitutions expanded."""
    sets: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(lines, start=1):
        body = raw.partition("#")[0].strip()
        if not body:
            continue
        if "=" in body and body.startswith("!"):
            label, _, values = body.partition("=")
            sets[label.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        match = _AGENT_LINE.match(body)
        code = match.group("code").replace("~", "") if match else ""
        if match is None or not _CODE.match(code) or "~" not in match.group("code"):
            problems.append(Problem(name, number, raw, "malformed agent line"))
            continue
        phrase = "_".join(match.group("phrase").split())
        for expanded in expand_sets(phrase, sets):
            key = normalise(expanded)
            if key:
                agents.setdefault(key, code)
    return agents, problems


def expand_sets(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    for label, values in sets.items():
        if label in phrase:
            return [p for v in values for p in expand_sets(phrase.replace(label, v, 1), sets)]
    return [phrase]


# -- hand-written tables ----------------------------------------------------------------------


def read_table(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated table with a header line; ``#`` lines are comments."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, start=1) if not line.startswith("#")]
    if not lines:
        raise BuildError(f"[E611] Table {path} has no header line. Add the column names.")
    header = lines[0][1].rstrip("\n").split("\t")
    reader = csv.reader(io.StringIO("".join(line for _, line in lines[1:])), delimiter="\t")
    for (number, _), row in zip(lines[1:], reader, strict=True):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise BuildError(
                f"[E612] {path.name}:{number} has {len(row)} columns, the header has "
                f"{len(header)} ({', '.join(header)}). Fix the tabs on that line."
            )
        yield number, dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=True))


def split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def curated_entries(tables: Path) -> tuple[list[Entry], list[tuple[str, str, str, int]]]:
    """Entries and roles from the hand-written tables."""
    entries: list[Entry] = []
    for _, row in read_table(tables / "countries.tsv"):
        code = row["cameo"] or row["alpha3"]
        entries.append(
            Entry(
                id=f"country:{row['alpha3']}",
                name=row["name"],
                kind="country",
                country=row["alpha3"],
                codes=(CodeSpan(code),),
                aliases=split(row["aliases"]),
                demonyms=split(row["demonyms"]),
                capitals=split(row["capitals"]),
            )
        )
    for _, row in read_table(tables / "igos.tsv"):
        entries.append(
            Entry(
                id=f"igo:{row['id']}",
                name=row["name"],
                kind="organisation",
                org_type="igo",
                codes=(CodeSpan(row["code"]),),
                aliases=split(row["aliases"]),
            )
        )
    for _, row in read_table(tables / "media.tsv"):
        entries.append(
            Entry(
                id=f"media:{row['id']}",
                name=row["name"],
                kind="organisation",
                org_type="media",
                country=row["country"],
                codes=(
                    CodeSpan(f"{row['country']}{'GOVMED' if row['state'] == 'yes' else 'MED'}"),
                ),
                aliases=split(row["aliases"]),
                domains=split(row["domains"]),
            )
        )
    for number, row in read_table(tables / "bodies.tsv"):
        org_type = row["org_type"]
        if org_type not in {"state_body", "military", "party", "armed_group"}:
            raise BuildError(
                f"[E613] bodies.tsv:{number} has org_type {org_type!r}; use state_body, "
                f"military, party or armed_group."
            )
        entries.append(
            Entry(
                id=f"body:{row['id']}",
                name=row["name"],
                kind="organisation",
                org_type=org_type,  # type: ignore[arg-type]
                country=row["country"],
                codes=(CodeSpan(row["code"]),),
                aliases=split(row["aliases"]),
            )
        )
    for number, row in read_table(tables / "persons.tsv"):
        entries.append(
            Entry(
                id=f"person:{row['id']}",
                name=row["name"],
                kind="person",
                country=row["country"],
                role=row["role"] or None,
                codes=tuple(person_code(c, number) for c in row["codes"].split(";") if c),
                aliases=split(row["aliases"]),
            )
        )
    roles = [
        (row["title"], row["role"], row["agent"], int(row["rank"]))
        for _, row in read_table(tables / "roles.tsv")
    ]
    return entries, roles


def person_code(text: str, number: int) -> CodeSpan:
    code, _, when = text.partition("@")
    start, _, end = when.partition("..")
    for day in (start, end):
        if day and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise BuildError(
                f"[E614] persons.tsv:{number} has date {day!r}; write YYYY-MM-DD, e.g. "
                f"CHNGOV@2012-11-15..2023-03-12."
            )
    return CodeSpan(code, start or None, end or None)


# -- output -----------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_date(paths: list[Path], explicit: str | None) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    if explicit:
        return explicit
    newest = max(p.stat().st_mtime for p in paths)
    return dt.datetime.fromtimestamp(newest, dt.UTC).date().isoformat()


def build(events: Path, tables: Path, date: str | None = None) -> tuple[bytes, list[Problem]]:
    """Compile the gazetteer; returns the gzip bytes and the skipped dictionary lines."""
    dictionaries = events / DICTIONARY_DIR
    inputs = [dictionaries / name for name in (*PHOENIX_FILES, AGENTS_FILE)]
    table_files = sorted(tables.glob("*.tsv"))
    for path in inputs:
        if not path.is_file():
            raise BuildError(
                f"[E615] Dictionary {path} is missing. Pass --events pointing at the folder "
                f"that holds petrarch2/dictionaries/."
            )
    curated, roles = curated_entries(tables)
    taken = {normalise(s) for e in curated for s, _ in e.surfaces()}
    countries = set(HISTORICAL_STATES) | {
        code
        for e in curated
        if e.kind == "country"
        for code in (e.country or "", e.codes[0].code[:3])
    }
    problems: list[Problem] = []
    raws: dict[str, list[RawEntry]] = {}
    for path in inputs[:3]:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        raws[path.name], found = parse_actor_file(text, path.name)
        problems.extend(found)
    phoenix: list[Entry] = []
    for name in PHOENIX_FILES:
        phoenix.extend(phoenix_entries(raws[name], name, countries, taken))
    agents, agent_problems = parse_agents(
        inputs[3].read_text(encoding="utf-8", errors="replace").splitlines(), AGENTS_FILE
    )
    problems.extend(agent_problems)
    entries = curated + sorted(merge_duplicates(phoenix), key=lambda e: e.id)
    header = {
        "built": build_date([*inputs, *table_files], date),
        "sources": [
            {"file": p.name, "sha256": sha256(p), "licence": "Apache-2.0 (unspin)"}
            for p in table_files
        ]
        + [
            {"file": f"{DICTIONARY_DIR}/{p.name}", "sha256": sha256(p), "licence": "MIT"}
            for p in inputs
        ],
        "counts": {
            "entries": len(entries),
            "curated": len(curated),
            "phoenix": len(entries) - len(curated),
            "roles": len(roles),
            "agents": len(agents),
            "skipped_lines": len(problems),
        },
        "notice": "Phoenix/PETRARCH2 dictionaries (c) 2014 Open Event Data Alliance, MIT licence",
    }
    data: dict[str, Any] = {
        "format": FORMAT,
        "header": header,
        "fields": list(ENTRY_FIELDS),
        "entries": [e.to_row() for e in entries],
        "roles": [list(r) for r in roles],
        "agents": sorted(agents.items()),
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    return out.getvalue(), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=Path, required=True, help="shared data/events folder")
    parser.add_argument("--out", type=Path, required=True, help="output .json.gz path")
    parser.add_argument("--tables", type=Path, default=TABLES, help="hand-written tables folder")
    parser.add_argument("--date", help="build date (YYYY-MM-DD) when SOURCE_DATE_EPOCH is unset")
    args = parser.parse_args(argv)
    try:
        blob, problems = build(args.events, args.tables, args.date)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    print(f"wrote {args.out} ({len(blob):,} bytes, {len(problems)} lines skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
