"""The shared paragraph encoder's cost: persuasion and stance against the foundation, same run.

Usage: python benchmarks/bench_shared_encoder.py [--runs 5]

On ~700-word articles (windows over the seed article and the bundled samples) it times, per
article and as the median over ``--runs``: the foundation (spaCy parse, segmentation, actors,
``nlp.temporal.v1``) and, on its output, each detector alone:

* ``persuasion.crf.v2`` (the default; TF-IDF paragraph model) and ``persuasion.encoder.v3``
  (paragraph techniques from the shared two-layer encoder pass);
* ``stance.target.v1`` (six layers, one marked pass per actor and sentence);
* ``stance.shared.v2`` cold (it runs the paragraph pass itself) and after
  ``persuasion.encoder.v3`` (it reads the cached pass: its marginal cost).

Each cost is printed as a ratio to the foundation's time (issue 4's budget: persuasion <= 1.0;
issue 6's: stance <= 0.5). CPU time of this process, one ONNX thread.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from unspin.config import load_settings
from unspin.encoder import passes
from unspin.model import Article, Meta
from unspin.pipeline import Pipeline
from unspin.registry import detectors

SEED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "seed-article.txt"
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "unspin" / "samples"


def articles(words: int = 700, count: int = 5) -> list[str]:
    """Windows of about ``words`` words over whole paragraphs of the seed and sample texts."""
    paragraphs: list[str] = []
    for path in (SEED, *sorted(SAMPLES.glob("*.txt"))):
        if path.is_file():
            paragraphs += [p.strip() for p in path.read_text().splitlines() if p.strip()]
    out = []
    for first in range(0, len(paragraphs), max(1, len(paragraphs) // count)):
        chunk: list[str] = []
        i = first
        while sum(len(p.split()) for p in chunk) < words:
            chunk.append(paragraphs[i % len(paragraphs)])
            i += 1
        out.append("\n\n".join(chunk))
    return out[:count]


def cpu(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pipeline = Pipeline(load_settings(pipeline={"detectors": ["nlp.temporal.v1"]}))
    names = ("persuasion.crf.v2", "persuasion.encoder.v3", "stance.target.v1", "stance.shared.v2")
    made = {name: detectors.get(name)(None) for name in names}
    texts = articles()
    inputs = [Article(id=Article.make_id(t), text=t, meta=Meta(language="en")) for t in texts]
    analysed = [pipeline.run(a) for a in inputs]  # warm-up: loads spaCy and every model
    for article in analysed:
        for detector in made.values():
            detector(article, None)

    def cold(name: str) -> Callable[[], float]:
        def measure() -> float:
            total = 0.0
            for article in analysed:
                passes._cached.cache_clear()
                total += cpu(lambda a=article: made[name](a, None))
            return total

        return measure

    def after_persuasion() -> float:
        total = 0.0
        for article in analysed:
            passes._cached.cache_clear()
            made["persuasion.encoder.v3"](article, None)
            total += cpu(lambda a=article: made["stance.shared.v2"](a, None))
        return total

    def foundation() -> float:
        return sum(cpu(lambda a=a: pipeline.run(a)) for a in inputs)

    measures: dict[str, Callable[[], float]] = {"foundation": foundation}
    measures |= {name: cold(name) for name in names}
    measures["stance.shared.v2 after persuasion.encoder.v3"] = after_persuasion
    times: dict[str, list[float]] = {k: [] for k in measures}
    for _ in range(args.runs):
        for key, measure in measures.items():
            times[key].append(measure())
    words = sum(len(t.split()) for t in texts)
    base = statistics.median(times["foundation"])
    print(f"articles: {len(texts)}  words: {words}  runs: {args.runs} (median CPU time)")
    for key, values in times.items():
        seconds = statistics.median(values)
        print(
            f"  {key:<46} {1000 * seconds / len(texts):8.1f} ms/article  "
            f"ratio to foundation {seconds / base:.3f}"
        )


if __name__ == "__main__":
    main()
