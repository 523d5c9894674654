"""Parse a PolNeAR split once with the pinned spaCy pipeline and cache it as a DocBin.

Usage: ``python training/attribution/parse.py SPLIT_DIR OUT.spacy``. The cache lives outside the
repository (it is derived from research-only data); each Doc keeps its file stem in
``doc.user_data["name"]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from spacy.tokens import DocBin

from unspin.nlp.load import load_spacy


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    split, out = Path(argv[0]), Path(argv[1])
    files = sorted((split / "text").glob("*.txt"))
    nlp = load_spacy()
    started = time.perf_counter()
    bin_ = DocBin(store_user_data=True)
    texts = (f.read_text(encoding="utf-8") for f in files)
    for n, (path, doc) in enumerate(zip(files, nlp.pipe(texts, batch_size=16), strict=True)):
        doc.user_data["name"] = path.stem
        bin_.add(doc)
        if n % 100 == 0:
            print(f"{n} docs, {time.perf_counter() - started:.0f}s", flush=True)
    out.write_bytes(bin_.to_bytes())
    print(f"parsed {len(files)} docs in {time.perf_counter() - started:.0f}s -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
