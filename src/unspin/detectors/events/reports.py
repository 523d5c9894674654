"""Reporting clauses: who reports an event, including inverted reports ("…, reported CNN").

A reporting verb (``say``, ``report``, ``claim`` …) carries the clause it reports. Three shapes:

- complement: "Officials *said* [Chinese troops attacked …]" — the report's ``ccomp``;
- inverted: "[Russia attacked Ukraine], *said* the minister" / "[X met Y], *reported* CNN" — the
  verb follows its content after a comma and its speaker comes after it (spaCy parses the
  speaker as ``nsubj`` or, after a ``conj`` verb, as ``dobj``);
- parenthetical: "The deliveries, the Americans *claimed*, would be …" (``parataxis``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspin.detectors.events.modality import REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

_QUOTE_PUNCT = frozenset({",", '"', "”", "’", "'", "“", "—", "–"})
_SPEAKER_DEPS = frozenset({"nsubj", "dobj"})
_UP_DEPS = frozenset({"xcomp", "acomp", "conj", "advcl", "ccomp", "relcl", "pcomp", "acl"})


def is_reporting(tok: Token) -> bool:
    """The token is a verb of saying or reporting."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS


def inverted_speaker(verb: Token) -> Token | None:
    """The speaker of an inverted report ("…, reported CNN"; "…, said the minister")."""
    if not is_reporting(verb) or verb.i == 0:
        return None
    if verb.doc[verb.i - 1].text not in _QUOTE_PUNCT:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i for c in verb.children):
        return None
    if reported_head(verb) is None:
        return None
    return next((c for c in verb.children if c.dep_ in _SPEAKER_DEPS and c.i > verb.i), None)


def reported_head(verb: Token) -> Token | None:
    """The head of the clause a reporting verb carries, or None when it carries none."""
    if not is_reporting(verb):
        return None
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    if verb.dep_ in ("conj", "parataxis") and verb.head.i < verb.i:
        return verb.head  # "[X met Y], reported CNN" / "[X], the Americans claimed, …"
    return None


def governing_report(trigger: Token) -> Token | None:
    """The reporting verb whose content holds ``trigger`` (None when the author asserts it)."""
    tok = trigger
    path = {trigger.i}
    for _ in range(8):
        for child in tok.children:
            if _reports_on(child, tok, path):
                return child
        if tok.head.i == tok.i:
            return None
        if tok.dep_ == "ccomp" and is_reporting(tok.head):
            return tok.head
        if tok.dep_ not in _UP_DEPS and tok.pos_ in ("VERB", "AUX"):
            return None
        tok = tok.head
        path.add(tok.i)
    return None


def _reports_on(child: Token, tok: Token, path: set[int]) -> bool:
    """``child`` is an inverted or parenthetical report hanging after ``tok``."""
    if child.dep_ not in ("conj", "parataxis") or child.i <= tok.i or child.i in path:
        return False
    if child.dep_ == "parataxis" and is_reporting(child):
        return True
    return inverted_speaker(child) is not None


def content_tokens(verb: Token) -> set[int]:
    """Indices of the tokens a reporting verb reports (empty when it reports no clause)."""
    head = reported_head(verb)
    if head is None:
        return set()
    own = {t.i for t in verb.subtree}
    inside = {t.i for t in head.subtree}
    return inside - own if head.i == verb.head.i else inside
