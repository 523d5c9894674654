"""Train the CheckThat! 2024 English check-worthiness model and export it.

Usage:
    .venv/bin/python training/train_checkworthy.py [DATA_DIR] [--out DIR] [--spec NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fit

from unspin.textclf.checkthat import read_checkthat, score_checkworthy
from unspin.textclf.features import FeatureSpec

DATA = Path(__file__).resolve().parents[2] / "shared/data/checkthat2024-cw-en"
OUT = Path(__file__).resolve().parents[1] / "src/unspin/data/models/checkworthy"
PREFIX = "CT24_checkworthy_english_"

# name -> (features, class_weight); "baseline" is the plain TF-IDF + LR starting point.
CANDIDATES: dict[str, tuple[FeatureSpec, str | None]] = {
    "baseline": (FeatureSpec(word_ngrams=(1, 2), char_ngrams=(2, 5)), None),
    "balanced_digits": (
        FeatureSpec(word_ngrams=(1, 2), char_ngrams=(2, 5), digits_to_zero=True),
        "balanced",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--spec", choices=sorted(CANDIDATES), default="balanced_digits")
    args = parser.parse_args()
    started = time.time()
    train, dev, devtest = (
        read_checkthat(args.data / f"{PREFIX}{part}.tsv") for part in ("train", "dev", "dev-test")
    )
    xy = lambda rs: ([r.text for r in rs], [bool(r.label) for r in rs])  # noqa: E731
    name = args.spec
    spec, class_weight = CANDIDATES[name]
    fitted = fit(spec, xy(train), xy(dev), cs=[2.0, 4.0, 8.0], class_weight=class_weight)
    clf = fitted.export({}, None)
    proba = clf.predict_proba([r.text for r in devtest])
    pred = {r.sentence_id: bool(p >= clf.threshold) for r, p in zip(devtest, proba, strict=True)}
    prf = score_checkworthy(devtest, pred)
    clf.meta = {
        "name": "checkworthy.ct24_en.v1",
        "features": name,
        "C": fitted.c,
        "class_weight": class_weight,
        "dev_f1": round(fitted.dev_f1, 4),
        "dev_test": prf.to_json(),
        "train_seconds": round(time.time() - started, 1),
    }
    clf.save(args.out)
    print(json.dumps(clf.meta, indent=2))


if __name__ == "__main__":
    main()
