"""Cost of the persuasion stages alone, relative to the spaCy parse, and the v2 models' memory.

Usage (from the repository root): .venv/bin/python eval/persuasion/bench_crf.py [--runs 5]

Same inputs and per-stage timing as ``benchmarks/bench_pipeline.py`` (bundled samples and the
seed article, pre-parsed documents), for ``persuasion.baseline.v1`` and ``persuasion.crf.v2``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from unspin.analysis import Analyzer
from unspin.config import load_settings
from unspin.ingest import RawInput, ingest
from unspin.registry import detectors
from unspin.samples import bundled_samples, seed_article_path

STAGES = ("persuasion.baseline.v1", "persuasion.crf.v2")


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=32)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    analyzer = Analyzer(load_settings(pipeline={"detectors": ["nlp.temporal.v1"]}))
    base = bundled_samples()
    seed = seed_article_path()
    if seed is not None:
        base.append(RawInput(content=seed.read_bytes(), kind="text", source_id="seed"))
    inputs = [base[i % len(base)] for i in range(args.articles)]
    articles = [ingest(raw, analyzer.ingest_options) for raw in inputs]
    nlp = analyzer.pipeline.nlp
    texts = [a.text for a in articles]
    list(nlp.pipe(texts[:2]))
    parse = []
    for _ in range(args.runs):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=analyzer.settings.pipeline.batch_size))
        parse.append(time.perf_counter() - start)
    parse_ms = statistics.median(parse) / len(texts) * 1000
    prepared = [analyzer.pipeline.annotate(a, d) for a, d in zip(articles, docs, strict=True)]
    words = sum(len(t.split()) for t in texts)
    print(f"articles {len(texts)}, words {words}; spaCy parse {parse_ms:.1f} ms per article")
    for name in STAGES:
        before = _rss_mb()
        detector = detectors.get(name)(None)
        loaded = _rss_mb() - before
        detector(prepared[0], docs[0])
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            for article, doc in zip(prepared, docs, strict=True):
                detector(article, doc)
            times.append(time.perf_counter() - start)
        ms = statistics.median(times) / len(texts) * 1000
        print(
            f"  {name:<24} {ms:7.1f} ms (+{ms / parse_ms:.0%} of the parse), +{loaded:.0f} MB RSS"
        )


if __name__ == "__main__":
    main()
