"""Reproduce the pinned PTC-dev figures of eval/persuasion/dev_scores.json within 0.005.

``crf`` (persuasion.crf.v2) differs from the baseline only on ptc-si, ptc-tc and st3-spans;
``encoder`` (persuasion.encoder.v3) from crf only on st3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import REPO_ROOT, shared_data
from unspin.detectors.persuasion.formats import read_ids
from unspin.detectors.persuasion.tasks import ModelName, evaluate_task, predict_task

EVAL = REPO_ROOT / "eval" / "persuasion"
PINNED = json.loads((EVAL / "dev_scores.json").read_text(encoding="utf-8"))

# name: (task, articles, gold, template, ids file of the predicted and scored articles)
CASES: dict[str, tuple[str, str, str, str | None, str]] = {
    "st1": ("semeval2023-st1", "semeval2023t3-en/train-articles-subtask-1",
            "semeval2023t3-en/train-labels-subtask-1.txt", None, "ptc-dev-ids.txt"),
    "st1-balanced": ("semeval2023-st1", "semeval2023t3-en/train-articles-subtask-1",
                     "semeval2023t3-en/train-labels-subtask-1.txt", None,
                     "genre-balanced-ids.txt"),
    "st2": ("semeval2023-st2", "semeval2023t3-en/train-articles-subtask-2",
            "semeval2023t3-en/train-labels-subtask-2.txt", None, "ptc-dev-ids.txt"),
    "st3": ("semeval2023-st3", "semeval2023t3-en/train-articles-subtask-3",
            "semeval2023t3-en/train-labels-subtask-3.txt",
            "semeval2023t3-en/train-labels-subtask-3.template", "ptc-dev-ids.txt"),
    "st3-spans": ("semeval2023-st3-spans", "semeval2023t3-en/train-articles-subtask-3",
                  "semeval2023t3-en/train-labels-subtask-3-spans", None, "ptc-dev-ids.txt"),
    "ptc-si": ("ptc-si", "ptc/dev-articles", "ptc/dev-labels-task-si", None, "ptc-dev-ids.txt"),
    "ptc-tc": ("ptc-tc", "ptc/dev-articles", "ptc/dev-labels-task-flc-tc",
               "ptc/dev-task-TC-template.out", "ptc-dev-ids.txt"),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("model", ["baseline", "trivial", "crf", "encoder"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_dev_figure(tmp_path: Path, name: str, model: ModelName) -> None:
    data = shared_data("")
    task, articles, gold, template, ids_file = CASES[name]
    ids = read_ids(EVAL / ids_file)
    pred = tmp_path / "pred.txt"
    text = predict_task(task, data / articles, data / template if template else None, ids, model)
    pred.write_text(text, encoding="utf-8")
    score = evaluate_task(task, data / gold, pred, ids)
    official = score.macro_f1 if task == "semeval2023-st1" else score.f1
    assert official == pytest.approx(PINNED[model][name], abs=0.005)
