"""The persuasion taxonomy: 23 techniques in 6 groups, and the mapping of the 14 PTC labels."""

from __future__ import annotations

import pytest

from unspin.detectors.persuasion import taxonomy
from unspin.errors import ConfigError


def test_counts() -> None:
    assert len(taxonomy.TECHNIQUES) == 23
    assert len(taxonomy.GROUPS) == 6
    assert len(taxonomy.FRAMES) == 14
    assert len(taxonomy.PTC_TECHNIQUES) == 14
    assert taxonomy.GENRES == ("opinion", "reporting", "satire")


@pytest.mark.parametrize(
    ("group", "size"),
    [
        ("attack_on_reputation", 5),
        ("justification", 5),
        ("simplification", 3),
        ("distraction", 3),
        ("call", 3),
        ("manipulative_wording", 4),
    ],
)
def test_group_sizes(group: str, size: int) -> None:
    members = [t for t in taxonomy.TECHNIQUES.values() if t.group == group]
    assert len(members) == size


def test_every_technique_is_explained() -> None:
    for code, item in taxonomy.TECHNIQUES.items():
        assert item.code == code
        assert item.group in taxonomy.GROUPS
        assert item.explanation.endswith(".") and len(item.explanation) > 20


@pytest.mark.parametrize("label", taxonomy.PTC_TECHNIQUES)
def test_every_ptc_label_maps_into_2023(label: str) -> None:
    targets = taxonomy.PTC_TO_SEMEVAL2023[label]
    assert targets and all(t in taxonomy.TECHNIQUES for t in targets)
    assert taxonomy.from_ptc(label) == targets[0]


@pytest.mark.parametrize(
    ("ptc", "expected"),
    [
        ("Black-and-White_Fallacy", "False_Dilemma-No_Choice"),
        ("Thought-terminating_Cliches", "Conversation_Killer"),
        ("Flag-Waving", "Flag_Waving"),
        ("Name_Calling,Labeling", "Name_Calling-Labeling"),
    ],
)
def test_known_mappings(ptc: str, expected: str) -> None:
    assert taxonomy.from_ptc(ptc) == expected


def test_label_fix_and_errors() -> None:
    assert taxonomy.technique("Appeal_to_Fear-Prejudi-čce").code == "Appeal_to_Fear-Prejudice"
    with pytest.raises(ConfigError, match="E1201"):
        taxonomy.technique("Propaganda")
    with pytest.raises(ConfigError, match="E1202"):
        taxonomy.from_ptc("Loaded language")
