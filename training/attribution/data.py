"""PolNeAR train data for the attribution models: parsed docs, gold triples, a held-out slice.

Model selection uses a held-out slice of PolNeAR *train* chosen by a deterministic hash of the
article name (``crc32(name) % 10 == 0``, about 10 %); dev is never read here.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin

from unspin.detectors.claims.brat import Triple, read_ann
from unspin.nlp.load import load_spacy

POLNEAR_TRAIN = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear" / "data" / "train"
)
_ANNOTATOR = re.compile(r"_[0-9a-f]{4}")
CACHE = Path("/tmp/unspin-attr/train.spacy")


@dataclass
class Example:
    """One parsed article and the gold attributions of each of its annotators."""

    name: str
    doc: Doc
    gold: list[list[Triple]]


def held_out(name: str) -> bool:
    return zlib.crc32(name.encode("utf-8")) % 10 == 0


def examples(cache: Path = CACHE, split: Path = POLNEAR_TRAIN) -> Iterator[Example]:
    """Every train article with its gold files (one list of triples per annotator)."""
    nlp = load_spacy()
    docs = DocBin(store_user_data=True).from_bytes(cache.read_bytes()).get_docs(nlp.vocab)
    ann_dir = split / "attributions"
    for doc in docs:
        name = str(doc.user_data["name"])
        gold = [read_ann(path.read_text(encoding="utf-8")) for path in gold_files(ann_dir, name)]
        yield Example(name, doc, gold)


def gold_files(ann_dir: Path, name: str) -> list[Path]:
    """The gold ``.ann`` files of article ``name``: one per annotator, or the single one."""
    found = [
        path
        for path in sorted(ann_dir.glob(f"{name}_*.ann"))
        if _ANNOTATOR.fullmatch(path.stem[len(name) :])
    ]
    if not found and (ann_dir / f"{name}.ann").is_file():
        found = [ann_dir / f"{name}.ann"]
    return found
