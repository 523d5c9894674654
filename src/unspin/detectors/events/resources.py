"""The compiled event resource: verb patterns, synsets, actor codes and the CAMEO ontology.

The resource is built by ``tools/build_event_dictionaries.py`` from the PETRARCH2 and PLOVER
files and shipped as ``unspin/data/events/cameo_events.json.gz``. ``EventResources.from_files``
builds the same object straight from raw dictionaries (used for the PETRARCH toy suite).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from unspin.detectors.events.dictionary import (
    ActorCode,
    ActorDictionary,
    EventDictionaryError,
    ParseIssue,
    Pattern,
    Term,
    VerbBlock,
    VerbDictionary,
    VerbEntry,
    parse_actor_dictionary,
    parse_agent_dictionary,
    parse_verb_dictionary,
    read_lines,
)
from unspin.detectors.events.ontology import CameoOntology

RESOURCE_NAME = "cameo_events.json.gz"
RESOURCE_FORMAT = 1


@dataclass(slots=True)
class EventResources:
    """Everything the coder looks up, indexed for speed."""

    verbs: VerbDictionary
    actors: ActorDictionary
    ontology: CameoOntology
    sources: tuple[dict[str, str], ...] = ()
    verb_index: dict[str, list[tuple[VerbEntry, VerbBlock]]] = field(default_factory=dict)
    max_actor_words: int = 1

    def __post_init__(self) -> None:
        for block in self.verbs.blocks:
            for verb in block.verbs:
                for key in (verb.lemma, *verb.forms):
                    self.verb_index.setdefault(key, []).append((verb, block))
        self.max_actor_words = max(
            (p.count(" ") + 1 for p in (*self.actors.actors, *self.actors.agents)), default=1
        )

    @classmethod
    def from_files(
        cls,
        verbs: str,
        actors: list[str],
        agents: str | None,
        ontology: CameoOntology,
    ) -> EventResources:
        """Build resources from raw PETRARCH dictionary files."""
        verb_dict = parse_verb_dictionary(read_lines(verbs))
        actor_dict = ActorDictionary()
        for path in actors:
            parse_actor_dictionary(read_lines(path), into=actor_dict)
        if agents:
            parse_agent_dictionary(read_lines(agents), into=actor_dict)
        return cls(verb_dict, actor_dict, ontology)

    @property
    def issues(self) -> list[ParseIssue]:
        return [*self.verbs.issues, *self.actors.issues]


def _term_to_json(term: Term) -> list[Any]:
    return [list(term.words), term.synset, int(term.prep), int(term.exact), term.role]


def _term_from_json(data: list[Any]) -> Term:
    return Term(tuple(data[0]), data[1], bool(data[2]), bool(data[3]), data[4])


def resources_to_json(res: EventResources) -> dict[str, Any]:
    """The JSON form written by the build tool."""
    return {
        "format": RESOURCE_FORMAT,
        "sources": list(res.sources),
        "synsets": {k: list(v) for k, v in res.verbs.synsets.items()},
        "blocks": [
            {
                "name": b.name,
                "code": b.code,
                "verbs": [[v.lemma, list(v.particles), list(v.forms), v.code] for v in b.verbs],
                "patterns": [
                    [
                        [_term_to_json(t) for t in p.pre],
                        [_term_to_json(t) for t in p.post],
                        p.code,
                        p.reverse_code,
                        p.line,
                    ]
                    for p in b.patterns
                ],
            }
            for b in res.verbs.blocks
        ],
        "actors": {
            k: [[c.code, c.start, c.end] for c in v] for k, v in sorted(res.actors.actors.items())
        },
        "agents": dict(sorted(res.actors.agents.items())),
        "goldstein": res.ontology.goldstein_table(),
        "plover": {k: list(v) for k, v in res.ontology.plover_table().items()},
    }


def resources_from_json(data: dict[str, Any]) -> EventResources:
    """Rebuild resources from the compiled JSON."""
    if data.get("format") != RESOURCE_FORMAT:
        raise EventDictionaryError(
            f"[E1003] Event resource format {data.get('format')!r} is not {RESOURCE_FORMAT}; "
            "rebuild it with 'python tools/build_event_dictionaries.py'."
        )
    verbs = VerbDictionary(synsets={k: tuple(v) for k, v in data["synsets"].items()})
    for b in data["blocks"]:
        entries = tuple(VerbEntry(v[0], tuple(v[1]), tuple(v[2]), v[3]) for v in b["verbs"])
        patterns = tuple(
            Pattern(
                tuple(_term_from_json(t) for t in p[0]),
                tuple(_term_from_json(t) for t in p[1]),
                p[2],
                p[3],
                p[4],
            )
            for p in b["patterns"]
        )
        verbs.blocks.append(VerbBlock(b["name"], b["code"], entries, patterns))
    actors = ActorDictionary(
        actors={k: tuple(ActorCode(*c) for c in v) for k, v in data["actors"].items()},
        agents=dict(data["agents"]),
    )
    ontology = CameoOntology(
        data["goldstein"], {k: (v[0], v[1]) for k, v in data["plover"].items()}
    )
    return EventResources(verbs, actors, ontology, tuple(data.get("sources", ())))


@lru_cache(maxsize=1)
def load_event_resources() -> EventResources:
    """Load (and cache) the shipped compiled event resource."""
    path = resources.files("unspin").joinpath("data", "events", RESOURCE_NAME)
    try:
        with path.open("rb") as handle:
            data = json.loads(gzip.decompress(handle.read()))
    except (OSError, ValueError) as exc:
        raise EventDictionaryError(
            f"[E1001] The event resource {RESOURCE_NAME} is missing or unreadable ({exc}); "
            "rebuild it with 'python tools/build_event_dictionaries.py'."
        ) from exc
    return resources_from_json(data)
