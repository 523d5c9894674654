"""The quality gate's logic on toy floors and toy evaluations (no data sets needed)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support import REPO_ROOT


def _load_gate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unspin_eval_gate", REPO_ROOT / "eval/gate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gate = _load_gate()
Capture = pytest.CaptureFixture[str]


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Any]:
    data = tmp_path / "data"
    (data / "toy").mkdir(parents=True)
    (data / "toy" / "gold.txt").write_text("gold\n", encoding="utf-8")
    scores = {"f1": 0.80, "acc": 0.70}
    toy = gate.Evaluation("toy", True, ("toy/gold.txt",), lambda _data: dict(scores))
    slow = gate.Evaluation("slow", False, ("toy/gold.txt",), lambda _data: {"f1": 0.5})
    floors = tmp_path / "floors.json"
    floors.write_text(
        json.dumps(
            {
                "epsilon": 0.005,
                "evaluations": {
                    "toy": {
                        "data": {"toy/gold.txt": gate.sha256_of(data / "toy" / "gold.txt")},
                        "floors": {"f1": 0.80, "acc": 0.70},
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    return {"data": data, "floors": floors, "scores": scores, "evals": {"toy": toy, "slow": slow}}


def _run(world: dict[str, Any], *args: str) -> int:
    argv = ["--data", str(world["data"]), "--floors", str(world["floors"]), *args]
    return int(gate.main(argv, evaluations=world["evals"]))


def _floors(world: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(world["floors"].read_text(encoding="utf-8")))


def test_scores_at_their_floors_pass(world: dict[str, Any], capsys: Capture) -> None:
    assert _run(world) == 0
    out = capsys.readouterr().out
    assert "toy/f1: 0.8000 (floor 0.8000) ok" in out
    assert "slow" not in out  # slow evaluations run only with --all or --only


def test_a_drop_within_epsilon_passes_and_beyond_it_fails(world: dict[str, Any]) -> None:
    world["scores"]["f1"] = 0.7951
    assert _run(world) == 0
    world["scores"]["f1"] = 0.7949
    assert _run(world) == 1


def test_a_missing_score_fails(world: dict[str, Any]) -> None:
    del world["scores"]["acc"]
    assert _run(world) == 1


def test_changed_data_fails(world: dict[str, Any]) -> None:
    (world["data"] / "toy" / "gold.txt").write_text("other gold\n", encoding="utf-8")
    assert _run(world) == 1


def test_no_data_folder_skips(world: dict[str, Any], tmp_path: Path, capsys: Capture) -> None:
    argv = ["--data", str(tmp_path / "absent"), "--floors", str(world["floors"])]
    assert gate.main(argv, evaluations=world["evals"]) == 0
    assert "SKIPPED" in capsys.readouterr().out


def test_update_raises_floors(world: dict[str, Any]) -> None:
    world["scores"]["f1"] = 0.83456
    assert _run(world, "--update") == 0
    assert _floors(world)["evaluations"]["toy"]["floors"] == {"f1": 0.8346, "acc": 0.70}
    assert _floors(world).get("lowered", []) == []


def test_update_refuses_to_lower_without_the_flag(world: dict[str, Any]) -> None:
    before = world["floors"].read_text(encoding="utf-8")
    world["scores"]["f1"] = 0.70
    assert _run(world, "--update") == 1
    assert world["floors"].read_text(encoding="utf-8") == before


def test_allow_lower_needs_a_reason(world: dict[str, Any]) -> None:
    with pytest.raises(SystemExit) as info:
        _run(world, "--update", "--allow-lower")
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        _run(world, "--update", "--allow-lower", "--reason", "  ")


def test_allow_lower_records_the_reason(world: dict[str, Any]) -> None:
    world["scores"]["f1"] = 0.70
    assert _run(world, "--update", "--allow-lower", "--reason", "relabelled gold set") == 0
    document = _floors(world)
    assert document["evaluations"]["toy"]["floors"]["f1"] == 0.70
    (entry,) = document["lowered"]
    assert entry["evaluation"] == "toy" and entry["metric"] == "f1"
    assert (entry["from"], entry["to"], entry["reason"]) == (0.80, 0.70, "relabelled gold set")


def test_only_and_all_choose_the_slow_ones(world: dict[str, Any], capsys: Capture) -> None:
    assert _run(world, "--only", "slow") == 0
    assert "slow/f1: 0.5000 (floor —) ok no floor yet" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        _run(world, "--only", "nope")


def test_the_pinned_floors_cover_every_evaluation() -> None:
    document = json.loads((REPO_ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
    assert set(document["evaluations"]) == set(gate.EVALUATIONS)
    for name, entry in document["evaluations"].items():
        assert entry["floors"], name
        assert entry["fast"] == gate.EVALUATIONS[name].fast
        assert set(entry["data"]) == set(gate.EVALUATIONS[name].data)
        assert all(len(h) == 64 for h in entry["data"].values())


def test_tree_hash_sees_contents_names_and_files(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("a\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("b\n", encoding="utf-8")
    first = gate.sha256_of_tree(folder)
    assert len(first) == 64 and gate.sha256_of(folder) == first
    assert gate.sha256_of(folder / "a.txt") == gate.sha256_of_file(folder / "a.txt")
    (folder / "empty").mkdir()  # folders alone do not count
    assert gate.sha256_of_tree(folder) == first
    (folder / "a.txt").write_text("A\n", encoding="utf-8")
    edited = gate.sha256_of_tree(folder)
    assert edited != first
    (folder / "a.txt").rename(folder / "c.txt")
    assert gate.sha256_of_tree(folder) not in {first, edited}
    (folder / "c.txt").rename(folder / "a.txt")
    assert gate.sha256_of_tree(folder) == edited
    (folder / "sub" / "new.txt").write_text("", encoding="utf-8")
    assert gate.sha256_of_tree(folder) != edited


def test_tree_hash_is_independent_of_the_folder_location(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name / "x").mkdir(parents=True)
        (tmp_path / name / "x" / "f.txt").write_text("same\n", encoding="utf-8")
    assert gate.sha256_of_tree(tmp_path / "one") == gate.sha256_of_tree(tmp_path / "two")


def test_a_folder_of_data_is_pinned_and_checked(world: dict[str, Any], capsys: Capture) -> None:
    folder = world["data"] / "toy" / "docs"
    folder.mkdir()
    (folder / "1.txt").write_text("one\n", encoding="utf-8")
    world["evals"]["tree"] = gate.Evaluation(
        "tree", False, ("toy/docs", "toy/gold.txt"), lambda _data: {"f1": 0.6}
    )
    assert _run(world, "--only", "tree", "--update") == 0
    pinned = _floors(world)["evaluations"]["tree"]["data"]
    assert pinned == {
        "toy/docs": gate.sha256_of_tree(folder),
        "toy/gold.txt": gate.sha256_of_file(world["data"] / "toy" / "gold.txt"),
    }
    assert _run(world, "--only", "tree") == 0
    (folder / "2.txt").write_text("two\n", encoding="utf-8")
    capsys.readouterr()
    assert _run(world, "--only", "tree") == 1
    assert "differs from the pinned sha256" in capsys.readouterr().out


def test_a_missing_data_folder_skips(world: dict[str, Any], capsys: Capture) -> None:
    world["evals"]["tree"] = gate.Evaluation("tree", False, ("toy/absent",), lambda _d: {})
    assert _run(world, "--only", "tree") == 0
    assert "SKIPPED, data missing" in capsys.readouterr().out
