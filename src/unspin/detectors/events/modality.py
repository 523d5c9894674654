"""Modality of an event trigger: asserted, negated, hypothetical, future or reported.

Example: in "Moscow is unlikely to get directly involved", *involved* sits under *unlikely*,
so the event is hypothetical, not asserted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspin.detectors.events.findings import Modality

if TYPE_CHECKING:
    from spacy.tokens import Token

HYPOTHETICAL_AUX = frozenset({"would", "could", "may", "might", "should", "can", "ought"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
HYPOTHETICAL_GOVERNORS = frozenset(
    {
        "unlikely",
        "likely",
        "possible",
        "able",
        "consider",
        "mull",
        "weigh",
        "hope",
        "want",
        "seek",
        "try",
        "attempt",
        "threaten",
        "could",
        "ready",
        "willing",
    }
)
FUTURE_GOVERNORS = frozenset(
    {
        "plan",
        "intend",
        "expect",
        "aim",
        "prepare",
        "schedule",
        "set",
        "forthcoming",
        "due",
        "go",
        "poise",
        "decide",
        "vow",
        "pledge",
        "promise",
        "prepared",
    }
)
NEGATING_GOVERNORS = frozenset({"refuse", "decline", "fail", "deny", "avoid", "reject"})
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "announce",
        "claim",
        "state",
        "add",
        "allege",
        "confirm",
        "insist",
        "note",
        "write",
        "declare",
        "quote",
        "believe",
        "according",
        "suggest",
    }
)
_UP_DEPS = frozenset({"xcomp", "acomp", "conj", "advcl", "ccomp", "relcl", "pcomp", "acl"})


def modality_of(trigger: Token, ignore_negation: bool = False) -> Modality:
    """Classify the trigger; negation beats hypothetical beats future beats reported.

    ``ignore_negation`` gives the modality of the act once a negation has been recoded as a
    rejection ("Syria says it will not accept ..." is a reported rejection).
    """
    if not ignore_negation and _negated(trigger):
        return "negated"
    chain = _governors(trigger)
    if _hypothetical(trigger, chain):
        return "hypothetical"
    if _future(trigger, chain):
        return "future"
    if _reported(trigger):
        return "reported"
    return "asserted"


def _governors(trigger: Token) -> list[Token]:
    """Heads reached through control / complement links (not across reporting verbs)."""
    chain: list[Token] = []
    tok = trigger
    for _ in range(4):
        if tok.dep_ not in ("xcomp", "acomp", "conj") or tok.head is tok:
            break
        tok = tok.head
        chain.append(tok)
    return chain


def _negated(trigger: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in trigger.children):
        return True
    for gov in _governors(trigger):
        if any(c.dep_ == "neg" for c in gov.children):
            return True
        if gov.lemma_.lower() in NEGATING_GOVERNORS:
            return True
    return False


def _aux_lemmas(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _hypothetical(trigger: Token, chain: list[Token]) -> bool:
    for tok in (trigger, *chain):
        if _aux_lemmas(tok) & HYPOTHETICAL_AUX:
            return True
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in tok.children):
            return True
    if any(g.lemma_.lower() in HYPOTHETICAL_GOVERNORS for g in chain):
        return True
    tok = trigger
    for _ in range(4):  # "if" on an enclosing adverbial clause
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in tok.children
        ):
            return True
        if tok.head is tok:
            break
        tok = tok.head
    return False


def _future(trigger: Token, chain: list[Token]) -> bool:
    for tok in (trigger, *chain):
        auxes = _aux_lemmas(tok)
        if auxes & FUTURE_AUX:
            return True
    return any(g.lemma_.lower() in FUTURE_GOVERNORS for g in chain)


def _reported(trigger: Token) -> bool:
    from unspin.detectors.events.reports import governing_report

    if governing_report(trigger) is not None:
        return True
    tok = trigger
    for _ in range(5):
        if any(c.dep_ == "prep" and c.lower_ == "according" for c in tok.children):
            return True
        if tok.head is tok or tok.dep_ not in _UP_DEPS:
            return False
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORTING_VERBS:
            return True
        tok = tok.head
    return False
