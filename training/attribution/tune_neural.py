"""Choose the encoder cue scorer's blend, bias and thresholds on held-out PolNeAR train.

Usage: ``python training/attribution/tune_neural.py FOLDER`` where FOLDER holds a claims tagger
(``install_neural.py RUNTIME --folder FOLDER`` builds one). Each held-out
article's head and CRF log-probabilities are computed once; the grid only re-blends them.
Prints one line per setting and the best by the sum of the three target F1s. Dev is never read.
``FOLDER --decoding JSON`` keeps the given cue decoding and searches the span options only.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from data import Example, examples, held_out
from tune import TARGETS, _article, run, summary

from unspin.detectors.claims.brat import triples_from_findings
from unspin.detectors.claims.detectors import tagged_attributions
from unspin.detectors.claims.evaluate import format_table, score_corpus
from unspin.detectors.claims.neural import NeuralCueScorer, load_neural_scorer_from
from unspin.detectors.claims.neural_spans import SpanOptions, TaggedSpans
from unspin.detectors.claims.predict import univocal
from unspin.detectors.claims.tagged import TaggedOptions


@dataclass
class Precomputed(NeuralCueScorer):
    """The scorer with each document's tagger and CRF log-probabilities computed once."""

    roles: dict[int, np.ndarray] | None = None
    bases: dict[int, np.ndarray] | None = None

    def role_log_proba(self, doc):  # type: ignore[no-untyped-def]
        assert self.roles is not None
        if id(doc) not in self.roles:
            self.roles[id(doc)] = self._role_log_proba(doc)
        return self.roles[id(doc)]

    def doc_log_proba(self, doc, rule_cues, quotes, index=None):  # type: ignore[no-untyped-def]
        assert self.bases is not None
        if id(doc) not in self.bases:
            self.bases[id(doc)] = self.base.doc_log_proba(doc, rule_cues, quotes, index)
        mixed = (
            self.blend * self.role_log_proba(doc)[:, 0, :] + (1 - self.blend) * self.bases[id(doc)]
        )
        mixed -= mixed.max(axis=1, keepdims=True)
        return mixed - np.log(np.exp(mixed).sum(axis=1, keepdims=True))


def run_spans(
    held: list[Example], scorer: Precomputed, options: TaggedOptions, spans: SpanOptions | None
) -> dict[str, object]:
    """Like ``tune.run``, with the tagged sources and contents used as ``spans`` say."""
    pairs = []
    for ex in held:
        if spans is None:
            found = tagged_attributions(_article(ex), ex.doc, scorer, options)
        else:
            tagged = TaggedSpans.decode(scorer.role_log_proba(ex.doc), spans)
            found = tagged_attributions(_article(ex), ex.doc, scorer, options, spans=tagged)
        pred = triples_from_findings(univocal(found, ex.doc.text))
        pairs.extend((gold, pred) for gold in ex.gold)
    return dict(score_corpus(pairs))


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    held = [ex for ex in examples() if held_out(ex.name)]
    print(f"{len(held)} held-out articles, {sum(len(e.gold) for e in held)} gold files")
    loaded = load_neural_scorer_from(folder)
    fields = [f for f in loaded.__dataclass_fields__ if f != "_memo"]
    scorer = Precomputed(**{f: getattr(loaded, f) for f in fields}, roles={}, bases={})
    if len(argv) > 1:  # --decoding JSON: keep these cue settings, search the span options only
        fixed = json.loads(argv[2])
        grid = iter(
            [(fixed["blend"], fixed["cue_bias"], fixed["threshold"], fixed["rule_threshold"])]
        )
    else:
        grid = itertools.product(
            (0.5, 0.7, 0.85, 1.0), (0.0, 0.5, 1.0, 1.5), (0.3, 0.5), (0.0, 0.2)
        )
    best: tuple[float, Precomputed, TaggedOptions] | None = None
    for blend, bias, new_t, rule_t in grid:
        options = TaggedOptions(new_t, rule_t, adopt_extent=True, trim_sources=True)
        started = time.perf_counter()
        tuned = replace(scorer, blend=blend, cue_bias=bias)
        scores = run(held, tuned, options)
        took = time.perf_counter() - started
        print(f"blend={blend} bias={bias} new={new_t} rule={rule_t} ({took:.0f}s): "
              f"{summary(scores)}", flush=True)  # fmt: skip
        total = sum(scores[k].f1 for k in TARGETS)  # type: ignore[attr-defined]
        if best is None or total > best[0]:
            best = (total, tuned, options)
    assert best is not None
    total, tuned, options = best
    print(f"best cues by the sum of {TARGETS} F1: blend={tuned.blend} bias={tuned.cue_bias} "
          f"{options}")  # fmt: skip
    flags = itertools.product((False, True), repeat=5)
    best_spans: tuple[float, SpanOptions | None] = (total, None)
    for (s_ext, s_fill, s_rep, c_ext, build), min_score in itertools.product(flags, (0.5, 0.7)):
        spans = SpanOptions(s_ext, s_fill, s_rep, c_ext, build, min_score)
        scores = run_spans(held, tuned, options, spans)
        print(f"{spans}: {summary(scores)}", flush=True)
        score = sum(scores[k].f1 for k in TARGETS)  # type: ignore[attr-defined]
        if score > best_spans[0]:
            best_spans = (score, spans)
    print(f"best spans: {best_spans[1]}")
    chosen = {
        "decoding": {
            "blend": tuned.blend,
            "cue_bias": tuned.cue_bias,
            "threshold": options.new_cue_threshold,
            "rule_threshold": options.rule_threshold,
        },
        "spans": asdict(best_spans[1] or SpanOptions()),
    }
    print(f"install with --settings '{json.dumps(chosen)}'")
    print(format_table(run_spans(held, tuned, options, best_spans[1])))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
