"""Experiment: do wire-credited PolNeAR train articles, added as 'reporting', help genre (ST1)?

Scores out-of-fold macro-F1 on the PTC train rows only (4 grouped folds, balanced LR), with and
without the extra articles; dev is not read. Result (2026-11-29) in eval/persuasion/README.md.

    .venv/bin/python -m training.persuasion.genre_extra_reporting [--data ../shared/data]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from training.persuasion.train import SEED, counts, ids_of, tfidf

from unspin.detectors.persuasion import features as feat
from unspin.detectors.persuasion import formats, scoring


def wire_articles(data: Path) -> list[str]:
    """Texts of the PolNeAR train articles whose metadata credits a wire service."""
    out = []
    for line in (data / "polnear/data/metadata.tsv").read_text().splitlines()[1:]:
        f = line.split("\t")
        if f[0] == "train" and f[11] != "None":
            path = data / "polnear/data/train/text" / f"{f[1]}.txt"
            if path.is_file():
                out.append(path.read_text(encoding="utf-8"))
    return out


def oof_macro_f1(ptc: dict[str, str], gold: dict[str, str], extra: list[str], c: float) -> float:
    """Out-of-fold macro-F1 over the PTC rows, training folds also holding ``extra``."""
    keys = sorted(ptc)
    texts = [ptc[k] for k in keys] + extra
    y = np.array([gold[k] for k in keys] + ["reporting"] * len(extra))
    groups = np.array(keys + [f"extra{i}" for i in range(len(extra))])
    _, x = tfidf(
        feat.TEXT_SPEC, counts(feat.TEXT_SPEC, texts, [feat.genre_features(t) for t in texts])
    )
    pred: dict[int, str] = {}
    for tr, te in GroupKFold(n_splits=4).split(x, groups=groups):
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)
        model.fit(x[tr], y[tr])
        for i, label in zip(te, model.predict(x[te]), strict=True):
            if i < len(keys):
                pred[int(i)] = str(label)
    score = scoring.single_label_score({i: gold[k] for i, k in enumerate(keys)}, pred)
    return score.macro_f1 or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    data = parser.parse_args().data
    base = data / "semeval2023t3-en"
    train_ids = set(ids_of(data / "ptc" / "train-articles"))
    gold = formats.read_genre_labels(base / "train-labels-subtask-1.txt")
    ptc = formats.read_articles(
        base / "train-articles-subtask-1", [i for i in gold if i in train_ids]
    )
    extra = wire_articles(data)
    print(f"PTC train articles {len(ptc)}, wire-credited PolNeAR articles {len(extra)}")
    for name, added in (("PTC only", []), ("with PolNeAR wire", extra)):
        for c in (1.0, 10.0):
            print(f"{name}, C={c}: out-of-fold macro-F1 {oof_macro_f1(ptc, gold, added, c):.4f}")


if __name__ == "__main__":
    main()
