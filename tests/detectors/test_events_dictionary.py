"""PETRARCH dictionary parsers, the CAMEO ontology and the compiled resource."""

from __future__ import annotations

import pytest

from unspin.detectors.events.dictionary import (
    parse_actor_dictionary,
    parse_agent_dictionary,
    parse_code,
    parse_verb_dictionary,
)
from unspin.detectors.events.ontology import CameoOntology, gdelt_quad_class, parse_plover_mapping
from unspin.detectors.events.resources import load_event_resources

VERBS = """\
&WEAPONRY
+GUN
+ROCKET_LAUNCHER
---  GREET   [040]  ---
+SHAKE_HANDS {+SHOOK_HANDS} [041]
GREET {GREETS GREETED}
HAIL [051]
- * (WITH +) (AT SUMMIT)   [036:036]  # GREET
- * &WEAPONRY              [190]
- * ENEMY                  [---]
- * NOTHING  [08!]
stray line outside
---  BROKEN HEADER
""".splitlines()


def test_verb_dictionary_parses_blocks_patterns_and_synsets() -> None:
    verbs = parse_verb_dictionary(VERBS)
    assert verbs.synsets["WEAPONRY"] == ("gun", "rocket launcher")
    (block,) = verbs.blocks
    assert (block.name, block.code) == ("GREET", "040")
    assert [(v.lemma, v.particles, v.code) for v in block.verbs] == [
        ("shake", ("hands",), "041"),
        ("greet", (), None),
        ("hail", (), "051"),
    ]
    first = block.patterns[0]
    assert (first.code, first.reverse_code) == ("036", "036")
    assert [t.words for t in first.post] == [("with",), (), ("at",), ("summit",)]
    assert first.post[0].prep and first.post[1].role == "target"
    assert block.patterns[1].post[0].synset == "WEAPONRY"
    assert block.patterns[2].code is None


@pytest.mark.parametrize(
    ("line", "reason"), [(11, "bad event code"), (13, "bad verb block header")]
)
def test_malformed_verb_lines_are_reported_with_their_line(line, reason) -> None:
    issues = {i.line: i for i in parse_verb_dictionary(VERBS).issues}
    assert reason in issues[line].reason
    assert str(issues[line]).startswith(f"[E1002] line {line}:")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("042:043", ("042", "043")),
        ("---", (None, None)),
        (":173", (None, "173")),
        ("190", ("190", None)),
    ],
)
def test_parse_code(raw, expected) -> None:
    assert parse_code(raw) == expected


def test_actor_dictionary_dates_synonyms_and_errors() -> None:
    actors = parse_actor_dictionary(
        [
            "ERIADOR_  [ERI]",
            "+ERIADORIAN_",
            "ELROND_HALFELVEN_  # note",
            "\t[ERIGOV 050201-060531]",
            "\t[ERIELI >100201]",
            "GOLLUM [SMG 1999]",
            "+ORPHAN_SYNONYM",
        ]
    )
    assert actors.actors["eriadorian"][0].code == "ERI"
    codes = actors.actors["elrond halfelven"]
    assert [(c.code, c.start, c.end) for c in codes] == [
        ("ERIGOV", "20050201", "20060531"),
        ("ERIELI", "20100201", None),
    ]
    assert [i.line for i in actors.issues] == [6]


def test_agent_dictionary_expands_substitution_sets() -> None:
    agents = parse_agent_dictionary(
        ["!PERSON! = MAN, WOMAN", "POLICE!PERSON! [~COP]", "CLERIC [REL~]", "BROKEN_AGENT"]
    )
    assert agents.agents == {"policeman": "~COP", "policewoman": "~COP", "cleric": "REL~"}
    assert [i.line for i in agents.issues] == [4]


@pytest.mark.parametrize(
    ("code", "root", "quad", "plover", "goldstein"),
    [
        ("0233", "02", 1, None, 3.4),
        ("163", "16", 4, "COERCE", -8.0),
        ("1932", "19", 4, "ASSAULT", -10.0),
    ],
)
def test_ontology(code, root, quad, plover, goldstein) -> None:
    onto = CameoOntology(
        {"02": 3.0, "0233": 3.4, "163": -8.0, "19": -10.0},
        {"16": ("SANCTION", ""), "163": ("COERCE", "restrict"), "19": ("ASSAULT", "")},
    )
    info = onto.describe(code)
    assert (info.root, info.quad_class, info.plover_type, info.goldstein) == (
        root,
        quad,
        plover,
        goldstein,
    )


@pytest.mark.parametrize(
    ("root", "quad"),
    [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3), ("15", 4), ("20", 4)],
)
def test_gdelt_quad_class(root, quad) -> None:
    assert gdelt_quad_class(root) == quad


def test_plover_mapping_reports_bad_lines() -> None:
    table, issues = parse_plover_mapping(
        ["# c", "031: AGREE,  , diplomatic # x", "oops", "0872: RETREAT, withdraw, military"]
    )
    assert table == {"031": ("AGREE", ""), "0872": ("RETREAT", "withdraw")}
    assert [i.line for i in issues] == [3]


def test_compiled_resource_loads_with_sources() -> None:
    res = load_event_resources()
    assert len(res.verbs.blocks) > 350 and len(res.verbs.synsets) >= 40
    assert res.actors.actors["russia"][0].code == "RUS"
    assert {s["file"].split("/")[-1] for s in res.sources} >= {
        "CAMEO.2.0.txt",
        "CAMEO2PLOVER-2021.txt",
    }
    assert all(len(s["sha256"]) == 64 for s in res.sources)
    assert res.ontology.describe("190").plover_type == "ASSAULT"
