"""Classify an attribution source (person, organisation, media, anonymous, document) and link it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from unspin.detectors.claims.cues import Lexicon, lexicon
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
    doc: Doc, source: Span, head_index: int | None, lex: Lexicon | None = None
) -> SourceKind:
    """What kind of source ``source`` is, judged from its head word, entities and the lexicon."""
    lex = lex or lexicon()
    text = source.slice(doc.text)
    if _outlet_pattern().search(text):
        return "media"
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "unknown"
    head = doc[head_index] if head_index is not None and head_index < len(doc) else span.root
    lemma = head.lemma_.lower()
    lower = head.lower_
    has_name = any(t.pos_ == "PROPN" for t in span)
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
    best: tuple[int, str] | None = None
    for actor in actors:
        for mention in actor.mentions:
            if mention.span.overlaps(source):
                shared = min(mention.span.end, source.end) - max(mention.span.start, source.start)
                if best is None or shared > best[0]:
                    best = (shared, actor.id)
    return best[1] if best is not None else None
