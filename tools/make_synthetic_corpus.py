"""Make a synthetic corpus (JSONL) from unspin's bundled CC0 samples — never research data.

Each article draws a random subset of the samples' sentences in a new order, swaps the
actors (people, countries, capitals) for others, and gets its own outlet, date and dateline,
so articles are varied and not near-duplicates of each other (word-shingle Jaccard well
under the 0.8 linking threshold).

Usage:
    python tools/make_synthetic_corpus.py N OUT.jsonl [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from unspin.ingest import ingest
from unspin.samples import bundled_samples

PEOPLE = (
    "Xi Jinping",
    "Vladimir Putin",
    "Kaja Kallas",
    "Dmitry Peskov",
    "Mark Rutte",
    "Volodymyr Zelensky",
    "Petteri Orpo",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Narendra Modi",
    "Recep Tayyip Erdogan",
    "Ursula von der Leyen",
    "Antonio Guterres",
    "Jonas Gahr Store",
)
COUNTRIES = (
    "Russia",
    "China",
    "Hungary",
    "Ukraine",
    "Norway",
    "Finland",
    "India",
    "Turkey",
    "France",
    "Germany",
    "Poland",
    "Japan",
    "Brazil",
    "Canada",
)
CAPITALS = (
    "Moscow",
    "Beijing",
    "Budapest",
    "Kyiv",
    "Oslo",
    "Helsinki",
    "New Delhi",
    "Ankara",
    "Paris",
    "Berlin",
    "Warsaw",
    "Tokyo",
    "Brasilia",
    "Ottawa",
)
OUTLETS = (
    "Northwind Wire",
    "Harbour Gazette",
    "Eastern Courier",
    "Daily Ledger",
    "Meridian Post",
    "Baltic Observer",
    "Continental Times",
    "Pacific Dispatch",
)
_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")


def sample_sentences() -> list[str]:
    """The sentences of the bundled samples' cleaned text (ingest removes page chrome)."""
    sentences: list[str] = []
    for raw in bundled_samples():
        text = ingest(raw).text
        for paragraph in text.split("\n"):
            sentences.extend(s.strip() for s in _SENTENCE.split(paragraph) if len(s.split()) > 4)
    return sentences


def _mapping(rng: random.Random) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pool in (PEOPLE, COUNTRIES, CAPITALS):
        shuffled = list(pool)
        rng.shuffle(shuffled)
        mapping.update(zip(pool, shuffled, strict=True))
    return mapping


_NAMES = re.compile(
    r"\b("
    + "|".join(
        re.escape(n) for n in sorted((*PEOPLE, *COUNTRIES, *CAPITALS), key=len, reverse=True)
    )
    + r")\b"
)


def _swap(sentence: str, mapping: dict[str, str]) -> str:
    return _NAMES.sub(lambda match: mapping[match.group(0)], sentence)


def make_articles(n: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``n`` synthetic article records (``id``, ``text``, ``title``, ``outlet``, ``published``)."""
    rng = random.Random(seed)
    pool = sample_sentences()
    start = date(2022, 1, 1)
    for i in range(n):
        mapping = _mapping(rng)
        chosen = rng.sample(pool, k=max(4, int(len(pool) * rng.uniform(0.45, 0.7))))
        swapped = [_swap(s, mapping) for s in chosen]
        day = start + timedelta(days=rng.randrange(3 * 365))
        outlet = rng.choice(OUTLETS)
        city = rng.choice(CAPITALS).upper()
        paragraphs = []
        while swapped:
            size = rng.randint(2, 4)
            paragraphs.append(" ".join(swapped[:size]))
            swapped = swapped[size:]
        dateline = f"{city}, {day:%B} {day.day} ({outlet}) - "
        text = dateline + "\n\n".join(paragraphs)
        title = " ".join(paragraphs[0].split()[:9]).rstrip(",.;:")
        yield {
            "id": f"synthetic-{seed}-{i}",
            "text": text,
            "title": title,
            "outlet": outlet,
            "published": day.isoformat(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many articles")
    parser.add_argument("out", type=Path, help="the JSONL file to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as handle:
        for record in make_articles(args.n, args.seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} synthetic articles to {args.out}")


if __name__ == "__main__":
    main()
