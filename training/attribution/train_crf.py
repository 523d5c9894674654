"""Train the CRF attribution cue tagger on PolNeAR train (CRFsuite, L-BFGS, elastic net).

Usage::

    python training/attribution/parse.py ../shared/data/polnear/data/train \
        /tmp/unspin-attr/train.spacy
    python training/attribution/train_crf.py [--c1 0.1] [--c2 0.05] [--out DIR]
    python training/attribution/tune.py --crf DIR

Token BIO labels come from the gold ``Cue`` spans of every annotator's file (``train_cues.bio``);
each annotator's file is one sequence. The CRF is fitted on train minus the held-out slice
(``data.held_out``) and scored on that slice (cue exact F1, with the CRF's own Viterbi and with
the biased posterior decoding used at run time). The decoding bias and cue threshold written to
the header are chosen afterwards by ``tune.py`` on the same slice. Dev is never read.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np
import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import examples, held_out
from train_cues import bio

from unspin.detectors.claims.attribution import extract_attributions
from unspin.detectors.claims.crffeatures import crf_features
from unspin.detectors.claims.crftagger import MODEL_FILE, load_crf_tagger_from, write_header
from unspin.detectors.claims.docindex import DocIndex
from unspin.detectors.claims.tagger import LABELS, MODEL_DIR, chunks

Held = list[tuple[list[list[str]], list[list[int]]]]


def append_all(
    trainer: pycrfsuite.Trainer, limit: int | None = None
) -> tuple[Held, int, int, float]:
    """Append every non-held-out annotator file to ``trainer``; return the held-out rows."""
    started = time.perf_counter()
    held: Held = []
    n_articles = n_files = 0
    for ex in itertools.islice(examples(), limit):
        doc = ex.doc
        if len(doc) == 0:
            continue
        ix = DocIndex.build(doc)
        rules = [r.cue for r in extract_attributions(doc, index=ix)]
        feats = crf_features(doc, rules, ix.quotes.spans, index=ix)
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t.text) for t in doc]
        space = [t.is_space for t in doc]
        labels = [
            [0 if s else lab for s, lab in zip(space, bio(starts, ends, gold), strict=True)]
            for gold in ex.gold
        ]
        if held_out(ex.name):
            held.append((feats, labels))
            continue
        items = pycrfsuite.ItemSequence(feats)
        for seq in labels:
            trainer.append(items, [LABELS[k] for k in seq])
        n_articles += 1
        n_files += len(labels)
    return held, n_articles, n_files, time.perf_counter() - started


def chunk_prf(pairs: list[tuple[set[tuple[int, int]], set[tuple[int, int]]]]) -> str:
    tp = sum(len(p & g) for p, g in pairs)
    n_pred = sum(len(p) for p, _ in pairs)
    n_gold = sum(len(g) for _, g in pairs)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f1:.3f}"


def held_out_report(directory: Path, held: Held) -> dict[str, str]:
    """Cue exact P/R/F1 on the held-out slice: CRF Viterbi, then biased posterior decoding."""
    tagger = load_crf_tagger_from(directory)
    viterbi_pairs = []
    logps = []
    for feats, labels in held:
        tagger.tagger.set(pycrfsuite.ItemSequence(feats))
        path = np.asarray([LABELS.index(y) for y in tagger.tagger.tag()])
        logps.append(tagger.log_proba(feats))
        for seq in labels:
            viterbi_pairs.append((set(chunks(path)), set(chunks(np.asarray(seq)))))
    report = {"crf_viterbi": chunk_prf(viterbi_pairs)}
    print(f"held-out cue exact, CRF Viterbi: {report['crf_viterbi']}")
    for bias in (0.0, 0.5, 1.0, 1.5):
        tagger.cue_bias = bias
        pairs = []
        for logp, (_, labels) in zip(logps, held, strict=True):
            pred = {(c.first, c.last) for c in tagger.decode(logp, threshold=0.0)}
            pairs.extend((pred, set(chunks(np.asarray(seq)))) for seq in labels)
        report[f"posterior_bias_{bias}"] = chunk_prf(pairs)
        print(f"held-out cue exact, posterior bias {bias}: {chunk_prf(pairs)}", flush=True)
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c1", type=float, default=0.1, help="L1 penalty")
    parser.add_argument("--c2", type=float, default=0.05, help="L2 penalty")
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--minfreq", type=float, default=2.0, help="drop rarer attributes")
    parser.add_argument("--cue-bias", type=float, default=1.0, help="tuned by tune.py")
    parser.add_argument("--threshold", type=float, default=0.3, help="tuned by tune.py")
    parser.add_argument("--rule-threshold", type=float, default=0.2, help="tuned by tune.py")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--limit", type=int, default=None, help="first N articles (smoke test)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    held, n_articles, n_files, secs = append_all(trainer, args.limit)
    print(
        f"featurised {n_articles} articles ({n_files} files) in {secs:.0f}s; {len(held)} held out",
        flush=True,
    )
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer.train(str(args.out / MODEL_FILE))
    fit_secs = time.perf_counter() - started
    print(f"fitted in {fit_secs:.0f}s: {trainer.logparser.last_iteration}", flush=True)
    meta = {
        "name": "polnear-cues-crf-v1",
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature_minfreq": args.minfreq,
        "fitted_on": (
            f"PolNeAR v1.0.0 train minus the held-out slice (crc32(name) % 10 == 0): "
            f"{n_articles} articles, {n_files} annotator files"
        ),
        "fit_seconds": round(fit_secs),
        "cue_bias_and_threshold": "tuned on the held-out slice of train (tune.py)",
    }
    write_header(args.out, meta, args.threshold, args.cue_bias, args.rule_threshold)
    meta["held_out_cue_exact_tagger"] = held_out_report(args.out, held)
    write_header(args.out, meta, args.threshold, args.cue_bias, args.rule_threshold)
    print(f"model -> {args.out}; total {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
