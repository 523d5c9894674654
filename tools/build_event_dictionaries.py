"""Compile the event coder's package resource from the shared PETRARCH2 / PLOVER files.

Usage:
    python tools/build_event_dictionaries.py [--shared ../shared/data/events]

Writes ``src/unspin/data/events/cameo_events.json.gz`` (deterministic: sorted keys, fixed gzip
mtime) and prints the malformed dictionary lines that were skipped, with their line numbers.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

from unspin.detectors.events.dictionary import (
    ActorDictionary,
    parse_actor_dictionary,
    parse_agent_dictionary,
    parse_verb_dictionary,
    read_lines,
)
from unspin.detectors.events.ontology import (
    CameoOntology,
    parse_goldstein_table,
    parse_plover_mapping,
)
from unspin.detectors.events.resources import RESOURCE_NAME, EventResources, resources_to_json

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "src" / "unspin" / "data" / "events"
MIT = "MIT (petrarch2/LICENSE, Open Event Data Alliance)"
SOURCES = (
    ("petrarch2/dictionaries/CAMEO.2.0.txt", "openeventdata/petrarch2@676801cd", MIT),
    (
        "petrarch2/dictionaries/Phoenix.Countries.actors.txt",
        "openeventdata/petrarch2@676801cd",
        MIT,
    ),
    (
        "petrarch2/dictionaries/Phoenix.International.actors.txt",
        "openeventdata/petrarch2@676801cd",
        MIT,
    ),
    (
        "petrarch2/dictionaries/Phoenix.MilNonState.actors.txt",
        "openeventdata/petrarch2@676801cd",
        MIT,
    ),
    ("petrarch2/dictionaries/Phoenix.agents.txt", "openeventdata/petrarch2@676801cd", MIT),
    (
        "phoenix_pipeline/cameo_goldstein_phoenix_quad.tsv",
        "openeventdata/phoenix_pipeline@d1639c59",
        "MIT",
    ),
    ("plover/CAMEO2PLOVER-2021.txt", "openeventdata/PLOVER@5e0c24fb", "CC BY-SA 4.0"),
)


def build(shared: Path) -> tuple[EventResources, list[str]]:
    """Parse every source file and return the resources and the skipped-line messages."""
    report: list[str] = []

    def lines(rel: str) -> list[str]:
        return read_lines(str(shared / rel))

    verbs = parse_verb_dictionary(lines(SOURCES[0][0]))
    actors = ActorDictionary()
    for rel, _, _ in SOURCES[1:4]:
        before = len(actors.issues)
        parse_actor_dictionary(lines(rel), into=actors)
        report += [f"{rel}: {issue}" for issue in actors.issues[before:]]
    before = len(actors.issues)
    parse_agent_dictionary(lines(SOURCES[4][0]), into=actors)
    report += [f"{SOURCES[4][0]}: {issue}" for issue in actors.issues[before:]]
    goldstein, g_issues = parse_goldstein_table(lines(SOURCES[5][0]))
    plover, p_issues = parse_plover_mapping(lines(SOURCES[6][0]))
    report += [f"{SOURCES[0][0]}: {issue}" for issue in verbs.issues]
    report += [f"{SOURCES[5][0]}: {issue}" for issue in g_issues]
    report += [f"{SOURCES[6][0]}: {issue}" for issue in p_issues]
    # Keep the codes valid now or open-ended, and only phrases of up to six words.
    actors.actors = {
        phrase: tuple(c for c in codes if c.end is None or c.end >= "20100101")
        for phrase, codes in actors.actors.items()
        if phrase.count(" ") < 6 and codes
    }
    actors.actors = {k: v for k, v in actors.actors.items() if v}
    sources = tuple(
        {
            "file": rel,
            "origin": origin,
            "licence": licence,
            "sha256": hashlib.sha256((shared / rel).read_bytes()).hexdigest(),
        }
        for rel, origin, licence in SOURCES
    )
    res = EventResources(verbs, actors, CameoOntology(goldstein, plover), sources)
    return res, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data" / "events")
    args = parser.parse_args(argv)
    res, report = build(args.shared)
    payload = json.dumps(resources_to_json(res), sort_keys=True, separators=(",", ":"))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / RESOURCE_NAME).write_bytes(gzip.compress(payload.encode("utf-8"), mtime=0))
    for line in report:
        print(line, file=sys.stderr)
    print(
        f"wrote {OUT_DIR / RESOURCE_NAME}: {len(res.verbs.blocks)} verb blocks, "
        f"{sum(len(b.patterns) for b in res.verbs.blocks)} patterns, "
        f"{len(res.actors.actors)} actor phrases, {len(res.actors.agents)} agents; "
        f"{len(report)} malformed lines skipped"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
