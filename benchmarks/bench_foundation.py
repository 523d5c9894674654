"""Foundation pipeline vs bare spaCy ``nlp.pipe`` on the same texts, in the same run.

Usage: python benchmarks/bench_foundation.py [--articles 48] [--runs 5] [--memory 300]

Prints the median wall time of each side over ``--runs`` alternating runs and the throughput
ratio (bare spaCy time / unspin time; 1.0 means no overhead, the target is >= 0.8). With
``--memory N`` it also streams N articles through the pipeline and samples resident memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from unspin.analysis import Analyzer
from unspin.config import load_settings
from unspin.ingest import RawInput, ingest
from unspin.samples import bundled_samples, seed_article_path


def _inputs(count: int) -> list[RawInput]:
    base = bundled_samples()
    seed = seed_article_path()
    if seed is not None:
        base.append(RawInput(content=seed.read_bytes(), kind="text", source_id="seed"))
    return [base[i % len(base)] for i in range(count)]


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--memory", type=int, default=0, help="articles to stream for the memory check"
    )
    args = parser.parse_args()

    analyzer = Analyzer(load_settings())
    pipeline = analyzer.pipeline
    nlp = pipeline.nlp
    inputs = _inputs(args.articles)
    texts = [ingest(raw, analyzer.ingest_options).text for raw in inputs]
    words = sum(len(t.split()) for t in texts)
    batch = analyzer.settings.pipeline.batch_size
    list(analyzer.analyze_inputs(inputs[:4]))  # warm up caches and lazy loads

    spacy_times, unspin_times = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=batch):
            pass
        spacy_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _article in analyzer.analyze_inputs(inputs):
            pass
        unspin_times.append(time.perf_counter() - start)

    spacy_median = statistics.median(spacy_times)
    unspin_median = statistics.median(unspin_times)
    print(
        f"articles: {len(texts)}  words: {words}  runs: {args.runs}  stages: {pipeline.stage_names}"
    )
    print(
        f"bare spaCy nlp.pipe : {spacy_median:.2f} s  ({len(texts) / spacy_median:.1f} articles/s)"
    )
    print(
        f"unspin (ingest+all) : {unspin_median:.2f} s  "
        f"({len(texts) / unspin_median:.1f} articles/s)"
    )
    print(f"ratio spaCy/unspin  : {spacy_median / unspin_median:.3f}  (target >= 0.8)")

    if args.memory:

        def stream() -> Iterator[RawInput]:
            for i in range(args.memory):
                yield inputs[i % len(inputs)]

        samples = []
        for i, _article in enumerate(analyzer.analyze_inputs(stream()), start=1):
            if i % max(1, args.memory // 6) == 0:
                samples.append((i, _rss_mb()))
        print(
            "resident memory while streaming (articles: MB): "
            + ", ".join(f"{i}: {mb:.0f}" for i, mb in samples)
        )


if __name__ == "__main__":
    main()
