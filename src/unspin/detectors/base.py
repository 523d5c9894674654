"""The detector contract: a versioned component that reads an article and its parse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from unspin.model import Article, Finding

if TYPE_CHECKING:
    from spacy.tokens import Doc


@runtime_checkable
class Detector(Protocol):
    """A pipeline stage that returns findings and does no I/O.

    ``name`` is the versioned registry name (``"nlp.temporal.v1"``); the pipeline checks that
    ``__call__`` returns a list of ``Finding`` whose spans lie inside ``article.text``.
    """

    name: str

    def __call__(self, article: Article, doc: Doc) -> list[Finding]: ...
