"""Quality gate: run the evaluations, compare each score with its pinned floor in floors.json.

    .venv/bin/python eval/gate.py                  # fast evaluations (CI); skips without data
    .venv/bin/python eval/gate.py --all            # every evaluation (minutes)
    .venv/bin/python eval/gate.py --only hedge --update            # raise floors to new scores
    .venv/bin/python eval/gate.py --only plover --update --allow-lower --reason "why"

Exit codes: 0 every score holds its floor (or the data is absent: skipped, with a message);
1 a score dropped more than epsilon below its floor, or the evaluated data changed (its
sha256 differs from the pinned one); 2 bad usage. ``--update`` writes floors.json: floors only
go up unless ``--allow-lower --reason`` is given, and every lowering is recorded with its reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unspin.detectors.persuasion.tasks import ModelName
    from unspin.detectors.stance.predict import Predictor

ROOT = Path(__file__).resolve().parents[1]
FLOORS = Path(__file__).with_name("floors.json")
DATA = ROOT.parent / "shared" / "data"
EPSILON = 0.005

Scores = dict[str, float]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One evaluation: its data (files or folders, relative to the data folder), how to score it.

    A folder is pinned by :func:`sha256_of_tree` (every file under it, by relative path).
    """

    name: str
    fast: bool
    data: tuple[str, ...]
    run: Callable[[Path], Scores]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One metric compared with its floor."""

    evaluation: str
    metric: str
    score: float | None
    floor: float | None
    ok: bool
    note: str = ""


# --- the evaluations -----------------------------------------------------------------------


def _checkworthy(data: Path) -> Scores:
    return _checkworthy_model(data, "linear")


def _checkworthy_encoder(data: Path) -> Scores:
    return _checkworthy_model(data, "encoder")


def _checkworthy_model(data: Path, model: str) -> Scores:
    from unspin.textclf.tasks import evaluate_checkworthy, predict_checkworthy

    gold = data / "checkthat2024-cw-en/CT24_checkworthy_english_dev-test.tsv"
    with tempfile.TemporaryDirectory() as folder:
        pred = Path(folder) / "pred.tsv"
        pred.write_text(predict_checkworthy(gold, model=model), encoding="utf-8")
        report = evaluate_checkworthy(gold, pred)
    return {"dev_test_f1": report.f1}


def _hedge(data: Path) -> Scores:
    from unspin.textclf.tasks import evaluate_hedge

    report = evaluate_hedge(data / "uncertainty-wiki/wiki.xml", "test")
    return {"test_sentence_f1": report["sentence"]["f1"], "test_cue_f1": report["cue_exact"]["f1"]}


def _plover(data: Path) -> Scores:
    from unspin.detectors.events import EventCoder
    from unspin.detectors.events.plover_eval import evaluate
    from unspin.nlp.load import load_spacy

    scores = evaluate(data / "events/plover/PLOVER_GSR_CAMEO.txt", load_spacy(), EventCoder())
    out: Scores = {}
    for split in ("dev", "test"):
        s = scores[split]
        out[f"{split}_type_macro_f1"] = s.type_macro_f1
        out[f"{split}_dyad_accuracy"] = s.dyad_accuracy
        out[f"{split}_source_f1"] = s.source_f1
        out[f"{split}_target_f1"] = s.target_f1
    return out


def _polnear(data: Path) -> Scores:
    return _polnear_version(data, 2)  # claims.attribution.v2, the default


def _polnear_neural(data: Path) -> Scores:
    return _polnear_version(data, 4)  # claims.attribution.v4, the MiniLM tagger (opt-in)


def _polnear_version(data: Path, version: int) -> Scores:
    from unspin.detectors.claims.evaluate import evaluate_dirs
    from unspin.detectors.claims.predict import predict_dir
    from unspin.nlp.load import load_spacy

    dev = data / "polnear/data/dev"
    with tempfile.TemporaryDirectory() as folder:
        predict_dir(dev, Path(folder), load_spacy(), version=version)
        scores = evaluate_dirs(dev, Path(folder))
    return {f"{key.replace('/', '_')}_f1": prf.f1 for key, prf in sorted(scores.items())}


# metric: (task, articles, gold, template, ids file in eval/persuasion/); as in run_dev.sh
_PERSUASION: dict[str, tuple[str, str, str, str | None, str]] = {
    "st1_macro_f1": ("semeval2023-st1", "semeval2023t3-en/train-articles-subtask-1",
                     "semeval2023t3-en/train-labels-subtask-1.txt", None, "ptc-dev-ids.txt"),
    "st1_balanced_macro_f1": ("semeval2023-st1", "semeval2023t3-en/train-articles-subtask-1",
                              "semeval2023t3-en/train-labels-subtask-1.txt", None,
                              "genre-balanced-ids.txt"),
    "st2_micro_f1": ("semeval2023-st2", "semeval2023t3-en/train-articles-subtask-2",
                     "semeval2023t3-en/train-labels-subtask-2.txt", None, "ptc-dev-ids.txt"),
    "st3_micro_f1": ("semeval2023-st3", "semeval2023t3-en/train-articles-subtask-3",
                     "semeval2023t3-en/train-labels-subtask-3.txt",
                     "semeval2023t3-en/train-labels-subtask-3.template", "ptc-dev-ids.txt"),
    "st3_spans_f1": ("semeval2023-st3-spans", "semeval2023t3-en/train-articles-subtask-3",
                     "semeval2023t3-en/train-labels-subtask-3-spans", None, "ptc-dev-ids.txt"),
    "ptc_si_f1": ("ptc-si", "ptc/dev-articles", "ptc/dev-labels-task-si", None,
                  "ptc-dev-ids.txt"),
    "ptc_tc_micro_f1": ("ptc-tc", "ptc/dev-articles", "ptc/dev-labels-task-flc-tc",
                        "ptc/dev-task-TC-template.out", "ptc-dev-ids.txt"),
}  # fmt: skip


def _persuasion(data: Path) -> Scores:
    return _persuasion_with(data, "crf", tuple(_PERSUASION))


def _persuasion_encoder(data: Path) -> Scores:
    """``persuasion.encoder.v3``: only ST3 differs from crf (the shared encoder's head)."""
    return _persuasion_with(data, "encoder", ("st3_micro_f1",))


def _persuasion_with(data: Path, model: ModelName, metrics: tuple[str, ...]) -> Scores:
    from unspin.detectors.persuasion.formats import read_ids
    from unspin.detectors.persuasion.tasks import evaluate_task, predict_task

    out: Scores = {}
    with tempfile.TemporaryDirectory() as folder:
        for metric in metrics:
            task, articles, gold, template, ids_file = _PERSUASION[metric]
            ids = read_ids(ROOT / "eval/persuasion" / ids_file)
            pred = Path(folder) / f"{metric}.txt"
            text = predict_task(
                task, data / articles, data / template if template else None, ids, model
            )
            pred.write_text(text, encoding="utf-8")
            score = evaluate_task(task, data / gold, pred, ids)
            official = score.macro_f1 if task == "semeval2023-st1" else score.f1
            out[metric] = float(official if official is not None else 0.0)
    return out


_STANCE = ("newsmtsc/newsmtsc-mt-dev.jsonl", "newsmtsc/newsmtsc-rw-dev.jsonl")


def _stance(data: Path) -> Scores:
    from unspin.detectors.stance import StancePredictor

    return _stance_with(data, StancePredictor.load())


def _stance_shared(data: Path) -> Scores:
    from unspin.detectors.stance import SharedStancePredictor

    return _stance_with(data, SharedStancePredictor.load())


def _stance_with(data: Path, predictor: Predictor) -> Scores:
    from unspin.detectors.stance import evaluate_file

    out: Scores = {}
    for rel in _STANCE:
        report = evaluate_file(data / rel, None, predictor)
        out[f"{Path(rel).stem.removeprefix('newsmtsc-').replace('-', '_')}_macro_f1"] = (
            report.macro_f1
        )
    return out


def _persuasion_data(metrics: Sequence[str] = tuple(_PERSUASION)) -> tuple[str, ...]:
    paths = {p for m in metrics for p in _PERSUASION[m][1:4] if p}
    return tuple(sorted(paths))


EVALUATIONS: dict[str, Evaluation] = {
    e.name: e
    for e in (
        Evaluation(
            "checkworthy",
            True,
            ("checkthat2024-cw-en/CT24_checkworthy_english_dev-test.tsv",),
            _checkworthy,
        ),
        Evaluation(
            "checkworthy_encoder",
            True,
            ("checkthat2024-cw-en/CT24_checkworthy_english_dev-test.tsv",),
            _checkworthy_encoder,
        ),
        Evaluation("hedge", True, ("uncertainty-wiki/wiki.xml",), _hedge),
        Evaluation("plover", False, ("events/plover/PLOVER_GSR_CAMEO.txt",), _plover),
        Evaluation("polnear", False, ("polnear/data/dev",), _polnear),
        Evaluation("polnear_neural", False, ("polnear/data/dev",), _polnear_neural),
        Evaluation("persuasion", False, _persuasion_data(), _persuasion),
        Evaluation(
            "persuasion_encoder", False, _persuasion_data(["st3_micro_f1"]), _persuasion_encoder
        ),
        Evaluation("stance", False, _STANCE, _stance),
        Evaluation("stance_shared", False, _STANCE, _stance_shared),
    )
}


# --- the gate logic (pure, tested on toy floors) --------------------------------------------


def sha256_of_file(path: Path) -> str:
    """The sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_of_tree(folder: Path) -> str:
    """The sha256 of a folder: every file under it, sorted by its POSIX path relative to it.

    Each file adds ``<relative path>\\0<sha256 of its bytes>\\n`` to the digest, so a renamed,
    added, removed or edited file changes the hash; folders themselves (empty ones included)
    and timestamps do not count.
    """
    digest = hashlib.sha256()
    files = sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*") if p.is_file())
    for rel, path in files:
        digest.update(f"{rel}\0{sha256_of_file(path)}\n".encode())
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    """The pinned hash of a data path: :func:`sha256_of_tree` for a folder, else of the file."""
    return sha256_of_tree(path) if path.is_dir() else sha256_of_file(path)


def compare(name: str, pinned: Mapping[str, Any], scores: Scores, epsilon: float) -> list[Verdict]:
    """Each pinned floor against its score: a drop beyond ``epsilon`` (or a missing score) fails."""
    verdicts = []
    floors: Mapping[str, float] = pinned.get("floors", {})
    for metric, floor in sorted(floors.items()):
        score = scores.get(metric)
        if score is None:
            verdicts.append(Verdict(name, metric, None, floor, False, "no score produced"))
            continue
        ok = score >= floor - epsilon
        note = "" if ok else f"dropped {floor - score:.4f} below the floor (epsilon {epsilon})"
        verdicts.append(Verdict(name, metric, score, floor, ok, note))
    for metric in sorted(set(scores) - set(floors)):
        verdicts.append(Verdict(name, metric, scores[metric], None, True, "no floor yet"))
    return verdicts


def update(
    document: dict[str, Any],
    name: str,
    scores: Scores,
    hashes: Mapping[str, str],
    *,
    allow_lower: bool,
    reason: str | None,
    epsilon: float,
    today: str | None = None,
) -> list[str]:
    """Raise (or, with ``allow_lower`` and a reason, lower) the floors of ``name`` in place.

    Returns the metrics that would drop beyond epsilon and were left alone (empty when done).
    Changing the data hashes counts as lowering: it needs ``allow_lower`` too.
    """
    entry = document.setdefault("evaluations", {}).setdefault(name, {"floors": {}, "data": {}})
    floors: dict[str, float] = entry.setdefault("floors", {})
    refused = []
    lowered: list[tuple[str, float | None, float | None]] = []
    data_changed = bool(entry.get("data")) and dict(entry["data"]) != dict(hashes)
    for metric, score in sorted(scores.items()):
        value = round(score, 4)
        floor = floors.get(metric)
        if floor is None or value >= floor:
            floors[metric] = max(value, floor) if floor is not None else value
        elif allow_lower:
            lowered.append((metric, floor, value))
            floors[metric] = value
        elif floor - value > epsilon:
            refused.append(metric)
    if data_changed and not allow_lower:
        refused.append("data")
    if refused:
        return refused
    if data_changed:
        lowered.append(("data", None, None))
    entry["data"] = dict(hashes)
    if lowered:
        if not reason or not reason.strip():
            raise ValueError("lowering a floor needs --reason")
        history = document.setdefault("lowered", [])
        for metric, old, new in lowered:
            history.append(
                {
                    "date": today or dt.date.today().isoformat(),
                    "evaluation": name,
                    "metric": metric,
                    "from": old,
                    "to": new,
                    "reason": reason.strip(),
                }
            )
    return []


# --- the command ----------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None, evaluations: Mapping[str, Evaluation] | None = None
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--floors", type=Path, default=FLOORS)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="also run the slow evaluations")
    which.add_argument("--only", nargs="+", metavar="NAME", help="run these evaluations")
    parser.add_argument("--update", action="store_true", help="raise floors to the new scores")
    parser.add_argument("--allow-lower", action="store_true", help="with --update: may lower")
    parser.add_argument("--reason", help="why a floor is lowered (recorded in floors.json)")
    args = parser.parse_args(argv)
    evaluations = EVALUATIONS if evaluations is None else evaluations
    if args.allow_lower and not (args.update and args.reason and args.reason.strip()):
        parser.error("--allow-lower needs --update and a non-empty --reason")
    unknown = set(args.only or ()) - set(evaluations)
    if unknown:
        parser.error(f"unknown evaluation(s) {sorted(unknown)}; known: {sorted(evaluations)}")
    chosen = [
        e
        for e in evaluations.values()
        if (e.name in args.only if args.only else args.all or e.fast)
    ]
    document: dict[str, Any] = (
        json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.is_file() else {}
    )
    epsilon = float(document.get("epsilon", EPSILON))
    if not args.data.is_dir():
        print(f"gate: SKIPPED, no evaluation data at {args.data} (it lives in ../shared/data)")
        return 0
    failed = False
    for evaluation in chosen:
        paths = [args.data / rel for rel in evaluation.data]
        missing = [str(p) for p in paths if not (p.is_file() or p.is_dir())]
        if missing:
            print(f"gate: {evaluation.name}: SKIPPED, data missing: {', '.join(missing)}")
            continue
        hashes = {rel: sha256_of(p) for rel, p in zip(evaluation.data, paths, strict=True)}
        pinned = document.get("evaluations", {}).get(evaluation.name, {})
        scores = evaluation.run(args.data)
        if args.update:
            refused = update(
                document,
                evaluation.name,
                scores,
                hashes,
                allow_lower=args.allow_lower,
                reason=args.reason,
                epsilon=epsilon,
            )
            for metric in refused:
                failed = True
                print(
                    f"gate: {evaluation.name}/{metric}: would lower the floor (or the data "
                    f"changed); pass --allow-lower --reason '...' to do it on purpose"
                )
            if not refused:
                floors = document["evaluations"][evaluation.name]["floors"]
                print(f"gate: {evaluation.name}: floors now {floors}")
            continue
        if pinned.get("data") and dict(pinned["data"]) != hashes:
            failed = True
            print(
                f"gate: {evaluation.name}: FAIL, the data differs from the pinned sha256 "
                f"({hashes} vs {pinned['data']}); re-pin with --update after checking it"
            )
            continue
        for v in compare(evaluation.name, pinned, scores, epsilon):
            failed |= not v.ok
            shown = "—" if v.score is None else f"{v.score:.4f}"
            floor = "—" if v.floor is None else f"{v.floor:.4f}"
            status = "ok" if v.ok else "FAIL"
            print(f"gate: {v.evaluation}/{v.metric}: {shown} (floor {floor}) {status} {v.note}")
    if args.update and not failed:
        args.floors.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", "utf-8")
        print(f"gate: wrote {args.floors}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
