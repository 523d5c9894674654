"""Score rules vs rules + tagger on the held-out slice of PolNeAR train, for several options.

Usage: ``python training/attribution/tune.py [MODEL_DIR]`` (default: the shipped model, which
``train_cues.py`` fits without the held-out slice), or ``tune.py --crf DIR`` for the CRF
tagger of ``train_crf.py``. Dev is never read.
"""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import Example, examples, held_out

from unspin.detectors.claims.brat import Triple, triples_from_findings
from unspin.detectors.claims.crftagger import load_crf_tagger_from
from unspin.detectors.claims.detectors import attributions, tagged_attributions
from unspin.detectors.claims.evaluate import format_table, score_corpus
from unspin.detectors.claims.predict import univocal
from unspin.detectors.claims.tagged import TaggedOptions
from unspin.detectors.claims.tagger import (
    MODEL_DIR,
    CueScorer,
    load_cue_tagger_from,
)
from unspin.model import Article, Meta, Span

TARGETS = ("source/overlap", "cue/exact", "content/overlap")


def _article(ex: Example) -> Article:
    text = ex.doc.text
    sentences = tuple(Span(s.start_char, s.end_char) for s in ex.doc.sents)
    return Article(id=Article.make_id(text), text=text, meta=Meta(), sentences=sentences)


def run(
    held: list[Example], tagger: CueScorer | None, options: TaggedOptions | None
) -> dict[str, object]:
    pairs: list[tuple[list[Triple], list[Triple]]] = []
    for ex in held:
        article = _article(ex)
        if tagger is None:
            found = attributions(article, ex.doc)
        else:
            found = tagged_attributions(article, ex.doc, tagger, options)
        pred = triples_from_findings(univocal(found, ex.doc.text))
        pairs.extend((gold, pred) for gold in ex.gold)
    return dict(score_corpus(pairs))


def summary(scores: dict[str, object]) -> str:
    keys = ("source/overlap", "cue/exact", "cue/overlap", "content/overlap", "triple/overlap")
    return "  ".join(f"{k} {scores[k].f1:.3f}" for k in keys)  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    crf = bool(argv) and argv[0] == "--crf"
    argv = argv[1:] if crf else argv
    model_dir = Path(argv[0]) if argv else MODEL_DIR
    held = [ex for ex in examples() if held_out(ex.name)]
    print(f"{len(held)} held-out articles, {sum(len(e.gold) for e in held)} gold files")
    started = time.perf_counter()
    rules = run(held, None, None)
    print(f"rules ({time.perf_counter() - started:.0f}s): {summary(rules)}")
    print(format_table(rules))  # type: ignore[arg-type]
    tagger: Any = load_crf_tagger_from(model_dir) if crf else load_cue_tagger_from(model_dir)
    biases = (0.0, 0.5, 1.0, 1.5) if crf else (0.0, 0.5, 1.0)
    grid = itertools.product(biases, (0.3, 0.5), (0.0, 0.2), (crf,))
    best: tuple[float, float, TaggedOptions] | None = None
    for bias, new_t, rule_t, trim in grid:
        options = TaggedOptions(new_t, rule_t, adopt_extent=True, trim_sources=trim)
        started = time.perf_counter()
        scores = run(held, replace(tagger, cue_bias=bias), options)
        took = time.perf_counter() - started
        print(f"bias={bias} {options} ({took:.0f}s): {summary(scores)}", flush=True)
        total = sum(scores[k].f1 for k in TARGETS)  # type: ignore[attr-defined]
        if best is None or total > best[0]:
            best = (total, bias, options)
    assert best is not None
    _, bias, options = best
    print(f"best by the sum of {TARGETS} F1: bias={bias} {options}")
    for trim in (False, True):
        scores = run(held, replace(tagger, cue_bias=bias), replace(options, trim_sources=trim))
        print(f"trim_sources={trim}: {summary(scores)}")
        print(format_table(scores))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
