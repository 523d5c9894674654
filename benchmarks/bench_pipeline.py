"""unspin's pipeline vs bare spaCy ``nlp.pipe`` on the same texts, in the same run.

Usage: python benchmarks/bench_pipeline.py [--articles 32] [--runs 5] [--memory 300]
                                            [--detectors a.v1,b.v2]

For the foundation (ingest, segmentation, actors, dates) and for the full default pipeline it
prints the median wall time over ``--runs`` alternating runs and the throughput ratio (bare spaCy
time / unspin time: 1.0 means no overhead). It also times each detector alone on pre-parsed
documents (median ms per article and its cost relative to the parse). With ``--memory N`` it
streams N articles through the full pipeline and samples resident memory. ``--detectors``
replaces the default detector list of the "full" pipeline (e.g. to time the opt-in ones).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from unspin.analysis import Analyzer
from unspin.config import load_settings
from unspin.ingest import RawInput, ingest
from unspin.samples import bundled_samples, seed_article_path

FOUNDATION = ("nlp.temporal.v1",)


def _inputs(count: int) -> list[RawInput]:
    base = bundled_samples()
    seed = seed_article_path()
    if seed is not None:
        base.append(RawInput(content=seed.read_bytes(), kind="text", source_id="seed"))
    return [base[i % len(base)] for i in range(count)]


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1e6


def _median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=32)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory", type=int, default=0, help="articles to stream")
    parser.add_argument("--detectors", default="", help="comma-separated detector names")
    args = parser.parse_args()

    chosen = [d for d in args.detectors.split(",") if d]
    full = Analyzer(load_settings(pipeline={"detectors": chosen}) if chosen else load_settings())
    foundation = Analyzer(
        load_settings(pipeline={"detectors": list(FOUNDATION)}),
        ingest_options=full.ingest_options,
    )
    nlp = full.pipeline.nlp
    foundation.pipeline.nlp = nlp
    inputs = _inputs(args.articles)
    texts = [ingest(raw, full.ingest_options).text for raw in inputs]
    words = sum(len(t.split()) for t in texts)
    batch = full.settings.pipeline.batch_size
    for analyzer in (full, foundation):
        list(analyzer.analyze_inputs(inputs[:4]))  # warm up lazy loads

    def bare() -> None:
        for _doc in nlp.pipe(texts, batch_size=batch):
            pass

    def run(analyzer: Analyzer) -> Callable[[], None]:
        def action() -> None:
            for _article in analyzer.analyze_inputs(inputs):
                pass

        return action

    spacy_times, foundation_times, full_times = [], [], []
    for _ in range(args.runs):
        spacy_times.append(_median_time(bare, 1))
        foundation_times.append(_median_time(run(foundation), 1))
        full_times.append(_median_time(run(full), 1))
    spacy_s = statistics.median(spacy_times)
    print(f"articles: {len(texts)}  words: {words}  runs: {args.runs} (median)")
    print(f"bare spaCy nlp.pipe     : {spacy_s:6.2f} s  {len(texts) / spacy_s:5.1f} articles/s")
    for name, times in (("foundation", foundation_times), ("full pipeline", full_times)):
        seconds = statistics.median(times)
        print(
            f"unspin {name:<17}: {seconds:6.2f} s  {len(texts) / seconds:5.1f} articles/s  "
            f"ratio spaCy/unspin {spacy_s / seconds:.3f}"
        )

    docs = list(nlp.pipe(texts, batch_size=batch))
    articles = [ingest(raw, full.ingest_options) for raw in inputs]
    pipeline = full.pipeline
    prepared = [
        pipeline.annotate(a, d).with_updates(findings=())
        for a, d in zip(articles, docs, strict=True)
    ]
    parse_ms = spacy_s / len(texts) * 1000
    print(f"\nper article (median of {args.runs}): spaCy parse {parse_ms:.1f} ms")
    stages: list[tuple[str, Callable[[], object]]] = [
        (
            "nlp.actors.v1",
            lambda: [pipeline.linker(a, d) for a, d in zip(prepared, docs, strict=True)],
        )
    ]
    earlier: dict[int, list] = {i: [] for i in range(len(prepared))}
    for detector in pipeline.detectors:
        staged = [a.with_updates(findings=tuple(earlier[i])) for i, a in enumerate(prepared)]
        stages.append(
            (
                detector.name,
                lambda det=detector, arts=staged: [
                    det(a, d) for a, d in zip(arts, docs, strict=True)
                ],
            )
        )
        for i, (article, doc) in enumerate(zip(staged, docs, strict=True)):
            earlier[i].extend(detector(article, doc))
    for name, action in stages:
        ms = _median_time(action, args.runs) / len(texts) * 1000
        print(f"  {name:<22} {ms:7.1f} ms  (+{ms / parse_ms:.0%} of the parse)")

    if args.memory:

        def stream() -> Iterator[RawInput]:
            for i in range(args.memory):
                yield inputs[i % len(inputs)]

        samples = []
        for i, _article in enumerate(full.analyze_inputs(stream()), start=1):
            if i % max(1, args.memory // 6) == 0:
                samples.append((i, _rss_mb()))
        print(
            "\nresident memory while streaming (articles: MB): "
            + ", ".join(f"{i}: {mb:.0f}" for i, mb in samples)
        )


if __name__ == "__main__":
    main()
