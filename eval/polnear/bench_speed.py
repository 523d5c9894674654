"""Time the claims detectors against the spaCy parse: ``python eval/polnear/bench_speed.py [TEXT]``.

Prints the median seconds of the spaCy parse and of ``claims.all.v1`` … ``v4`` on the same
parse (default text: ``../shared/samples/seed-article.txt``), and each detector's added cost as
a share of the parse (the target is at most 50 %). Every run starts cold: the encoder pass that
v4 caches per article is dropped first.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

from unspin.detectors.claims.detectors import ClaimsDetector
from unspin.detectors.claims.neural import NeuralCueScorer
from unspin.encoder.passes import clear_pass_cache
from unspin.model import Article, Meta, Span
from unspin.nlp.load import load_spacy

SEED = Path(__file__).resolve().parents[3] / "shared" / "samples" / "seed-article.txt"


def median_seconds(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold(detector: ClaimsDetector, article: Article, doc: Doc) -> object:
    """Run ``detector`` with no encoder pass of an earlier run to reuse."""
    clear_pass_cache()
    if isinstance(detector.tagger, NeuralCueScorer):
        detector.tagger._memo = None
    return detector(article, doc)


def main(argv: list[str]) -> int:
    text = Path(argv[0] if argv else SEED).read_text(encoding="utf-8")
    nlp = load_spacy()
    doc = nlp(text)
    sentences = tuple(Span(s.start_char, s.end_char) for s in doc.sents)
    article = Article(id=Article.make_id(text), text=text, meta=Meta(), sentences=sentences)
    bundles = {f"claims.all.v{v}": ClaimsDetector(version=v) for v in (1, 2, 3, 4)}
    for detector in bundles.values():
        detector(article, doc)  # warm caches
    runs = 15
    parse = median_seconds(lambda: nlp(text), runs)
    print(f"tokens {len(doc)}; median of {runs} runs")
    print(f"spaCy parse        {parse * 1000:7.1f} ms")
    for name, detector in bundles.items():
        took = median_seconds(lambda d=detector: cold(d, article, doc), runs)  # type: ignore[misc]
        print(f"{name:<18} {took * 1000:7.1f} ms  = {took / parse:6.1%} of the parse")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
