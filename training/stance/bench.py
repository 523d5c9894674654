"""Time stance.target.v1 against the foundation pipeline on ~700-word articles.

    .venv/bin/python training/stance/bench.py [--repeat 3]

Foundation = spaCy parse + segmentation + actor linking + ``nlp.temporal.v1`` (one process).
Stance runs on the analysed article (its actors and sentences), one ONNX thread.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from unspin.config import load_settings
from unspin.detectors.stance import MentionStance, StanceDetector, StancePredictor
from unspin.model import Article, Meta
from unspin.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[3] / "shared" / "samples" / "seed-article.txt"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "unspin" / "samples"


def articles(words: int = 700) -> list[str]:
    """Windows of about ``words`` words over whole paragraphs of the bundled/seed texts."""
    paragraphs: list[str] = []
    for path in (SHARED, SAMPLES / "wire-report.txt", SAMPLES / "analysis-brief.txt"):
        if path.is_file():
            paragraphs += [p.strip() for p in path.read_text().splitlines() if p.strip()]
    out = []
    for first in range(0, len(paragraphs), max(1, len(paragraphs) // 5)):
        chunk: list[str] = []
        i = first
        while sum(len(p.split()) for p in chunk) < words:
            chunk.append(paragraphs[i % len(paragraphs)])
            i += 1
        out.append("\n\n".join(chunk))
    return out[:5]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = load_settings(pipeline={"detectors": ["nlp.temporal.v1"]})
    pipeline = Pipeline(settings)
    detector = StanceDetector(StancePredictor.load(threads=1))
    texts = articles()
    rows = []
    for text in texts:
        article = Article(id=Article.make_id(text), text=text, meta=Meta(language="en"))
        analysed = pipeline.run(article)  # warm-up
        detector(analysed, None)  # type: ignore[arg-type]
        found, stance, found_cpu, stance_cpu = [], [], [], []
        for _ in range(args.repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            analysed = pipeline.run(article)
            c1, t1 = time.process_time(), time.perf_counter()
            findings = detector(analysed, None)  # type: ignore[arg-type]
            c2, t2 = time.process_time(), time.perf_counter()
            found.append(t1 - t0)
            stance.append(t2 - t1)
            found_cpu.append(c1 - c0)
            stance_cpu.append(c2 - c1)
        n = sum(1 for f in findings if isinstance(f, MentionStance))
        rows.append(
            {
                "words": len(text.split()),
                "mentions": n,
                "foundation_ms": round(1000 * statistics.median(found), 1),
                "stance_ms": round(1000 * statistics.median(stance), 1),
                "foundation_cpu_ms": round(1000 * statistics.median(found_cpu), 1),
                "stance_cpu_ms": round(1000 * statistics.median(stance_cpu), 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    summary = {}
    for kind in ("", "_cpu"):
        f = statistics.mean(r[f"foundation{kind}_ms"] for r in rows)
        s = statistics.mean(r[f"stance{kind}_ms"] for r in rows)
        summary |= {
            f"foundation{kind}_ms": round(f, 1),
            f"stance{kind}_ms": round(s, 1),
            f"ratio{kind}": round(s / f, 3),
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
