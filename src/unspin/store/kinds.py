"""Register the finding kinds the detectors define, so stored articles of any kind load.

The store holds findings as JSON; rebuilding them needs their classes registered with
``unspin.model.register_finding_kind``, which happens when their module is imported. These
modules hold only dataclasses (no spaCy); a module not present yet is skipped.
"""

from __future__ import annotations

import functools
import importlib

FINDING_MODULES = (
    "unspin.detectors.events.findings",
    "unspin.detectors.claims.findings",
    "unspin.detectors.persuasion.findings",
    "unspin.detectors.stance.findings",
)


@functools.cache
def register_known_kinds() -> tuple[str, ...]:
    """Import every finding module that exists; return the names of those imported."""
    loaded = []
    for name in FINDING_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        loaded.append(name)
    return tuple(loaded)
