"""Predict and score the span tasks with the ``persuasion.crf.v2`` models on the PTC dev ids.

Usage (from the repository root; ``../shared/data`` must be present):
    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python eval/persuasion/run_dev_crf.py [OUT_DIR]

Same predictions as ``unspin persuasion predict --model crf`` (``run_dev.sh crf``); ST1, ST2
and ST3 are the baseline's models and are not repeated here.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from unspin.detectors.persuasion.formats import read_ids
from unspin.detectors.persuasion.tasks import evaluate_task, predict_task

DATA = Path("../shared/data")
IDS = read_ids(Path("eval/persuasion/ptc-dev-ids.txt"))
S23 = DATA / "semeval2023t3-en"
PTC = DATA / "ptc"
RUNS = (
    ("ptc-si", PTC / "dev-articles", None, PTC / "dev-labels-task-si"),
    (
        "ptc-tc",
        PTC / "dev-articles",
        PTC / "dev-task-TC-template.out",
        PTC / "dev-labels-task-flc-tc",
    ),
    (
        "semeval2023-st3-spans",
        S23 / "train-articles-subtask-3",
        None,
        S23 / "train-labels-subtask-3-spans",
    ),
)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/persuasion-dev-crf")
    out.mkdir(parents=True, exist_ok=True)
    for task, articles, template, gold in RUNS:
        start = time.perf_counter()
        pred = out / f"{task}.txt"
        pred.write_text(predict_task(task, articles, template, IDS, "crf"), encoding="utf-8")
        score = evaluate_task(task, gold, pred, IDS)
        seconds = time.perf_counter() - start
        p, r = score.precision, score.recall
        print(f"{task:22s} F1 {score.f1:.3f} (P {p:.3f}, R {r:.3f}) {seconds:.0f} s")


if __name__ == "__main__":
    main()
