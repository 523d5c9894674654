"""Train the sentence-level hedge (uncertainty) model and its cue lexicon, and export both.

Usage:
    .venv/bin/python training/train_hedge.py [WIKI_XML] [--out DIR] [--spec NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fit

from unspin.textclf.cues import CueLexicon, LexiconCue
from unspin.textclf.features import FeatureSpec
from unspin.textclf.hedge_eval import cue_prf, sentence_prf
from unspin.textclf.wikiweasel import WikiSentence, read_wiki, split_of

DATA = Path(__file__).resolve().parents[2] / "shared/data/uncertainty-wiki/wiki.xml"
OUT = Path(__file__).resolve().parents[1] / "src/unspin/data/models/hedge"
CANDIDATES: dict[str, tuple[FeatureSpec, bool]] = {
    "baseline": (FeatureSpec(word_ngrams=(1, 2), char_ngrams=(2, 5)), False),
    "lexicon": (FeatureSpec(word_ngrams=(1, 2), char_ngrams=(2, 5)), True),
    "lexicon_words": (FeatureSpec(word_ngrams=(1, 2), char_ngrams=(0, 0)), True),
    "lexicon_unigrams": (FeatureSpec(word_ngrams=(1, 1), char_ngrams=(0, 0)), True),
}


def learn_lexicon(train: list[WikiSentence], min_hits: int = 2) -> list[LexiconCue]:
    """Cue phrases seen as gold cues in train, with how often their matches are gold cues."""
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for s in train:
        for c in s.cues:
            types[" ".join(s.text[c.start : c.end].lower().split())][c.type] += 1
    probe = CueLexicon(
        [LexiconCue(p, t.most_common(1)[0][0], 1.0, 0, 0) for p, t in types.items()], 0.0
    )
    hits: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for s in train:
        gold = {(c.start, c.end) for c in s.cues}
        for start, end, cue in probe.matches(s.text, everything=True):
            seen[cue.phrase] += 1
            hits[cue.phrase] += (start, end) in gold
    return sorted(
        (
            LexiconCue(
                p,
                types[p].most_common(1)[0][0],
                round(hits[p] / (seen[p] + 1), 4),
                hits[p],
                seen[p],
            )
            for p in types
            if hits[p] >= min_hits
        ),
        key=lambda c: (-c.precision, c.phrase),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--spec", choices=sorted(CANDIDATES), default="lexicon_words")
    args = parser.parse_args()
    started = time.time()
    parts: dict[str, list[WikiSentence]] = {"train": [], "dev": [], "test": []}
    for s in read_wiki(args.data):
        parts[split_of(s.doc_id)].append(s)
    train, dev, test = parts["train"], parts["dev"], parts["test"]

    cues = learn_lexicon(train)
    best_t, best_f1 = 0.0, -1.0
    for step in range(0, 20):
        t = step / 20
        f1 = cue_prf(dev, CueLexicon(cues, t).find).f1
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    lexicon = CueLexicon(cues, best_t)
    lexicon_only = sentence_prf(test, [bool(lexicon.find(s.text)) for s in test])
    print(f"lexicon: {len(cues)} cues, min_precision={best_t}, dev cue F1={best_f1:.4f}")

    spec, use_lexicon = CANDIDATES[args.spec]
    extra = lexicon.features if use_lexicon else None
    xy = lambda ss: ([s.text for s in ss], [s.uncertain for s in ss])  # noqa: E731
    fitted = fit(spec, xy(train), xy(dev), cs=[2.0, 4.0, 8.0, 16.0], extra=extra)
    clf = fitted.export({}, extra)
    pred = list(clf.predict([s.text for s in test]))
    clf.meta = {
        "name": "hedge.wiki.v1",
        "features": args.spec,
        "C": fitted.c,
        "dev_f1": round(fitted.dev_f1, 4),
        "test_sentence": sentence_prf(test, pred).to_json(),
        "test_sentence_lexicon_only": lexicon_only.to_json(),
        "lexicon_min_precision": best_t,
        "lexicon_size": len(cues),
        "dev_cue_f1": round(best_f1, 4),
        "test_cue": cue_prf(test, lexicon.find).to_json(),
        "split_sizes": {k: len(v) for k, v in parts.items()},
        "train_seconds": round(time.time() - started, 1),
    }
    clf.save(args.out)
    if use_lexicon:
        lexicon.save(args.out / "cues.json")
    print(json.dumps(clf.meta, indent=2))


if __name__ == "__main__":
    main()
