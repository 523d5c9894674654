"""Classify an attribution source (person, organisation, media, anonymous, document) and link it."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from unspin.detectors.claims.cues import Lexicon, lexicon
from unspin.detectors.claims.docindex import DocIndex
from unspin.detectors.claims.findings import SourceKind
from unspin.model import Actor, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_PERSON_PRONOUNS = frozenset({"he", "she", "i", "him", "her", "me"})
_PERSON_TITLES = frozenset(
    {
        "president",
        "minister",
        "leader",
        "senator",
        "secretary",
        "chairman",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "governor",
        "mayor",
        "candidate",
        "chief",
        "director",
        "general",
        "correspondent",
        "premier",
        "chancellor",
        "king",
        "queen",
        "pope",
        "professor",
        "dr",
    }
)


@lru_cache(maxsize=1)
def _outlet_pattern() -> re.Pattern[str]:
    names = sorted(lexicon().outlets, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def source_kind(
    doc: Doc,
    source: Span,
    head_index: int | None,
    lex: Lexicon | None = None,
    index: DocIndex | None = None,
) -> SourceKind:
    """What kind of source ``source`` is, judged from its head word, entities and the lexicon.

    ``index`` (``DocIndex.build(doc)``) saves joining the document text and listing its
    entities for every source.
    """
    lex = lex or lexicon()
    text = source.slice(index.text if index is not None else doc.text)
    if _outlet_pattern().search(text):
        return "media"
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "unknown"
    head = doc[head_index] if head_index is not None and head_index < len(doc) else span.root
    lemma = head.lemma_.lower()
    lower = head.lower_
    has_name = any(t.pos_ == "PROPN" for t in span)
    if index is not None:
        labels = index.ent_labels_within(span.start, span.end)
    else:
        labels = {ent.label_ for ent in span.ents}
    if lower in _PERSON_PRONOUNS:
        return "person"
    if lemma in lex.media_heads and has_name and head.pos_ == "PROPN":
        return "media"
    if lemma in lex.document_heads and head.pos_ == "NOUN":
        return "document"
    if head.ent_type_ == "PERSON" or (lemma in _PERSON_TITLES and has_name):
        return "person"
    if head.ent_type_ == "NORP" and head.tag_ in {"NNPS", "NNS"}:
        return "anonymous"
    if lemma in lex.anonymous_heads and not has_name:
        return "anonymous"
    if lemma in lex.media_heads and not has_name and lemma in {"press", "media"}:
        return "anonymous"
    if head.ent_type_ in {"ORG", "GPE", "NORP"} or lemma in lex.organisation_heads:
        return "organisation"
    if "PERSON" in labels:
        return "person"
    if labels & {"ORG", "GPE"}:
        return "organisation"
    return "unknown"


def link_actor(actors: tuple[Actor, ...], source: Span) -> str | None:
    """The id of the actor with the mention that overlaps ``source`` most, if any."""
    return MentionIndex(actors).link(source)


class MentionIndex:
    """Every actor mention, sorted by offset, to link many sources without rescanning them.

    ``link`` gives ``link_actor``'s answer: the most overlap wins, ties going to the earlier
    actor, then the earlier mention.
    """

    __slots__ = ("_entries", "_longest", "_starts")

    def __init__(self, actors: Sequence[Actor]) -> None:
        # (span, rank in actor-then-mention order, actor id), sorted by start
        entries = [(m.span, 0, actor.id) for actor in actors for m in actor.mentions]
        entries = [(span, rank, ident) for rank, (span, _, ident) in enumerate(entries)]
        entries.sort(key=lambda e: e[0].start)
        self._entries = entries
        self._starts = [e[0].start for e in entries]
        self._longest = max((len(e[0]) for e in entries), default=0)

    def link(self, source: Span) -> str | None:
        lo = bisect_left(self._starts, source.start - self._longest)
        hi = bisect_left(self._starts, source.end, lo)
        candidates = sorted(
            (e for e in self._entries[lo:hi] if e[0].overlaps(source)), key=lambda e: e[1]
        )
        best: tuple[int, str] | None = None
        for span, _, actor_id in candidates:
            shared = min(span.end, source.end) - max(span.start, source.start)
            if best is None or shared > best[0]:
                best = (shared, actor_id)
        return best[1] if best is not None else None
