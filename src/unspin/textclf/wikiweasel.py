"""Read the Szeged/CoNLL-2010 Wikipedia uncertainty corpus (``wiki.xml``) and split it.

Each ``<Sentence>`` may hold inline ``<ccue type="speculation_...">`` elements; a sentence is
*uncertain* when it holds at least one cue. Cue offsets are end-exclusive character offsets
into the sentence text. Title parts are skipped (they are article names, not sentences).

The split is by document and deterministic: the first byte of the SHA-1 of the ``DocID``
decides, ``< 205`` train (80 %), ``< 230`` dev (10 %), else test (10 %).

Example:
    >>> split_of("Tim Witherspoon_2358")  # doctest: +SKIP
    'train'
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from unspin.errors import InputError

Split = Literal["train", "dev", "test"]
CUE_TYPES = {
    "speculation_modal_probable_": "probable",
    "speculation_hypo_doxastic _": "doxastic",
    "speculation_hypo_condition _": "condition",
    "speculation_hypo_investigation _": "investigation",
}


@dataclass(frozen=True, slots=True)
class Cue:
    """One annotated uncertainty cue: offsets into the sentence and its short type."""

    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class WikiSentence:
    """A sentence with its document id and cues."""

    doc_id: str
    sentence_id: str
    text: str
    cues: tuple[Cue, ...]

    @property
    def uncertain(self) -> bool:
        return bool(self.cues)


def split_of(doc_id: str) -> Split:
    """Return the deterministic 80/10/10 part of a document id."""
    byte = hashlib.sha1(doc_id.encode("utf-8")).digest()[0]
    if byte < 205:
        return "train"
    return "dev" if byte < 230 else "test"


def _sentence(element: ET.Element, doc_id: str) -> WikiSentence:
    parts: list[str] = [element.text or ""]
    cues: list[Cue] = []
    offset = len(parts[0])
    for child in element:
        inner = "".join(child.itertext())
        if child.tag.lower() == "ccue":
            raw = child.get("type", "")
            cues.append(Cue(offset, offset + len(inner), CUE_TYPES.get(raw, raw.strip(" _"))))
        parts.append(inner)
        parts.append(child.tail or "")
        offset += len(inner) + len(child.tail or "")
    return WikiSentence(doc_id, element.get("id", ""), "".join(parts), tuple(cues))


def read_wiki(path: Path) -> list[WikiSentence]:
    """Parse ``wiki.xml`` into sentences, in file order."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"[E910] Cannot parse the uncertainty corpus {path}: {exc}.") from exc
    sentences: list[WikiSentence] = []
    for document in root.iter("Document"):
        doc_id = (document.findtext("DocID") or "").strip()
        for part in document.iter("DocumentPart"):
            if part.get("type") == "Title":
                continue
            sentences.extend(_sentence(s, doc_id) for s in part.iter("Sentence"))
    return sentences
