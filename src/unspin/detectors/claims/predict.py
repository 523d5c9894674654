"""Predict attributions for a folder of ``.txt`` files and write brat ``.ann`` files beside."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from unspin.detectors.claims.brat import triples_from_findings, write_ann
from unspin.detectors.claims.detectors import AttributionDetector
from unspin.detectors.claims.findings import Attribution
from unspin.detectors.claims.quotes import find_quotes
from unspin.errors import InputError
from unspin.model import Article, Meta, Span

if TYPE_CHECKING:
    from spacy.language import Language


def univocal(found: Sequence[Attribution], text: str) -> list[Attribution]:
    """Only outermost attributions, as PolNeAR annotates: no cue inside a quote or a content."""
    quotes = find_quotes(text)
    return [a for a in found if a.parent is None and not any(q.contains(a.cue) for q in quotes)]


def text_files(text_dir: Path) -> list[Path]:
    """The ``.txt`` files of ``text_dir`` (or of its ``text/`` folder, as in PolNeAR)."""
    root = text_dir / "text" if (text_dir / "text").is_dir() else text_dir
    if not root.is_dir():
        raise InputError(f"[E814] Text directory {text_dir} does not exist.")
    files = sorted(root.glob("*.txt"))
    if not files:
        raise InputError(f"[E815] No .txt files in {root}; point at a folder of article texts.")
    return files


def predict_dir(
    text_dir: Path,
    out_dir: Path,
    nlp: Language,
    batch_size: int = 16,
    limit: int | None = None,
    tagged: bool = True,
    version: int | None = None,
) -> int:
    """Write ``OUT_DIR/<name>.ann`` for every ``<name>.txt``; returns the number written.

    Attributions come from ``claims.attribution.v2`` (rules and the PolNeAR linear cue tagger)
    by default; ``version=3`` uses ``claims.attribution.v3`` (rules and the PolNeAR CRF cue
    tagger), and ``version=1`` or ``tagged=False`` the rules alone (``claims.attribution.v1``).

    Example:
        >>> predict_dir(Path("dev"), Path("pred"), load_spacy())  # doctest: +SKIP
        84
    """
    detector = AttributionDetector(version=version or (2 if tagged else 1))
    files = text_files(text_dir)[:limit]
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = (path.read_text(encoding="utf-8") for path in files)
    written = 0
    for path, doc in zip(files, nlp.pipe(texts, batch_size=batch_size), strict=True):
        text = doc.text
        article = Article(
            id=Article.make_id(text),
            text=text,
            meta=Meta(source_id=str(path)),
            sentences=tuple(Span(s.start_char, s.end_char) for s in doc.sents),
        )
        found = [f for f in detector(article, doc) if isinstance(f, Attribution)]
        triples = triples_from_findings(univocal(found, text))
        (out_dir / f"{path.stem}.ann").write_text(write_ann(triples, text), encoding="utf-8")
        written += 1
    return written
