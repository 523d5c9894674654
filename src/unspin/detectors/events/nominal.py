"""Events named by a noun: "talks between Xi and Putin", "US sanctions on Li", "Li's visit to Kyiv".

News states many events as nouns. A short table of event nouns gives the CAMEO code; the
participants come from the noun's own dependents:

- *between A and B* -> A, B; *with B* / *on B* / *against B* / *to B* -> target B;
- a possessive or a name-like modifier ("*US* sanctions", "*Putin's* talks") or *by A* -> source;
- *X is under [Y] sanctions* -> the clause subject X is the target;
- talks or a meeting with no named pair -> the conjoined subject of the governing clause
  ("*A and B* made a statement following talks between the two leaders").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspin.detectors.events.arguments import subject_of
from unspin.detectors.events.findings import Modality
from unspin.detectors.events.modality import modality_of

if TYPE_CHECKING:
    from spacy.tokens import Token

EVENT_NOUNS: dict[str, str] = {
    "talk": "040",
    "meeting": "040",
    "summit": "040",
    "negotiation": "046",
    "sanction": "163",
    "embargo": "163",
    "visit": "042",
}
_SOURCE_MODS = frozenset({"poss", "compound", "amod", "nmod"})
_TARGET_PREPS = frozenset({"with", "on", "against", "to"})
_CONSULT_ROOT = "04"
_FUTURE_MODS = frozenset({"forthcoming", "upcoming", "planned", "scheduled", "next"})
_HYPOTHETICAL_MODS = frozenset({"possible", "potential", "proposed", "likely"})


def noun_code(tok: Token) -> str | None:
    """The CAMEO code of an event noun, or None (plural *talks* reads as *talk*)."""
    if tok.pos_ != "NOUN":
        return None
    return EVENT_NOUNS.get(tok.lemma_.lower())


def _pobjs(tok: Token, preps: frozenset[str]) -> list[Token]:
    return [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *(c for c in tok.conjuncts if c.i > tok.i)]


def clause_verb(tok: Token) -> Token | None:
    """The verb (or auxiliary) whose clause holds ``tok``."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") and cur.i != tok.i:
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _clause_subject(noun: Token) -> Token | None:
    """The subject of the nearest enclosing clause that has one."""
    verb = clause_verb(noun)
    for _ in range(4):
        if verb is None:
            return None
        subject = subject_of(verb)
        if subject is not None:
            return subject
        verb = clause_verb(verb)
    return None


def noun_arguments(noun: Token, code: str) -> tuple[Token | None, Token | None]:
    """(source, target) heads of an event noun; either may be None."""
    between = _pobjs(noun, frozenset({"between", "among"}))
    if between:
        pair = _conjuncts(between[0])
        if len(pair) >= 2:
            return pair[0], pair[1]
    source = next((c for c in noun.children if c.dep_ in _SOURCE_MODS and c.pos_ != "ADJ"), None)
    if source is None:
        source = next(
            (c for c in noun.children if c.dep_ in _SOURCE_MODS and c.ent_type_ == "NORP"), None
        )
    by = _pobjs(noun, frozenset({"by"}))
    if by:
        source = by[0]
    targets = _pobjs(noun, _TARGET_PREPS)
    target = targets[0] if targets else None
    verb = clause_verb(noun)
    if target is None and noun.dep_ == "pobj" and noun.head.lower_ == "under" and verb is not None:
        target = subject_of(verb)  # "Li has been under US sanctions"
    if source is None and target is None and code[:2] == _CONSULT_ROOT:
        subject = _clause_subject(noun)
        pair = _conjuncts(subject) if subject is not None else []
        if len(pair) >= 2:
            return pair[0], pair[1]
    return source, target


def noun_modality(noun: Token) -> Modality:
    """Modality of an event noun: its own modifiers, else the clause that holds it."""
    mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "det", "neg")}
    if mods & {"no", "not", "never"}:
        return "negated"
    if mods & _HYPOTHETICAL_MODS:
        return "hypothetical"
    if mods & _FUTURE_MODS:
        return "future"
    own = modality_of(noun)
    verb = clause_verb(noun)
    if own != "asserted" or verb is None or noun.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        return own
    return modality_of(verb)
