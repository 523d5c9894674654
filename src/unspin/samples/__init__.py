"""Sample articles bundled with unspin (CC0), and the optional reference article from shared/."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from unspin.ingest import RawInput
from unspin.ingest.options import InputKind

SAMPLE_FILES = ("wire-report.txt", "opinion-column.html", "analysis-brief.txt")
SEED_ENV = "UNSPIN_SEED_ARTICLE"


def bundled_samples() -> list[RawInput]:
    """The bundled sample articles as inputs, in a fixed order."""
    folder = resources.files("unspin.samples")
    inputs = []
    for name in SAMPLE_FILES:
        content = folder.joinpath(name).read_bytes()
        kind: InputKind = "html" if name.endswith(".html") else "text"
        inputs.append(RawInput(content=content, kind=kind, source_id=f"sample:{name}"))
    return inputs


def seed_article_path() -> Path | None:
    """The reference article from ``../shared/samples`` when present (never copied in)."""
    candidates = [os.environ.get(SEED_ENV)]
    for base in (Path.cwd(), *Path.cwd().parents[:2]):
        candidates.append(str(base / "shared" / "samples" / "seed-article.txt"))
        candidates.append(str(base.parent / "shared" / "samples" / "seed-article.txt"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None
