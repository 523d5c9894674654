"""Acts named by a verb's object: "staged rallies", "issued an ultimatum", "halted aid".

A light verb (stage, hold, launch, issue, declare, continue ...) says little by itself; the act
is its object noun. When that noun is in ``ACT_NOUNS``, the verb gets the noun's CAMEO code.
Other verbs name a CAMEO act together with the kind of object they take:

- stopping work ("stopped work", "shunned work") is a strike (143);
- blocking a route ("blocked streets") is a protest blockade (144), or a blockade by forces
  (191) when the subject is a military or police force;
- stopping a relation or cooperative act ("ended mediation", "halted aid", "cut ties") reduces
  relations (161-165); restoring ties is diplomatic cooperation (054);
- easing measures, a curfew, an emergency or sanctions is a concession (081, 0813, 0814, 085);
- letting in aid, inspectors or peacekeepers allows international involvement (0861-0863);
- peacekeepers deployed or arriving are peacekeeping (074); withdrawing inspectors, monitors
  or envoys (not troops) is a withdrawal of involvement (166);
- strengthening forces (153) or staying on alert (152) is a show of force.

The coder applies these before the verb's own dictionary code, but never over a dictionary
pattern that names the same object.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from unspin.detectors.events.arguments import subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

LIGHT_VERBS = frozenset(
    {"issue", "make", "stage", "hold", "launch", "express", "voice", "give", "begin", "start"}
    | {"continue", "organize", "organise", "deliver", "send", "publish", "release", "mount"}
    | {"declare", "conduct", "resume", "call", "announce"}
    | {"extend", "impose", "reimpose", "enforce", "introduce", "order"}
)
# Event nouns (lemma) -> CAMEO code; two-word entries are "modifier head".
ACT_NOUNS: dict[str, str] = {
    **dict.fromkeys(("rally", "demonstration", "protest", "march", "sit-in", "vigil"), "141"),
    **dict.fromkeys(("strike", "walkout", "boycott", "stoppage", "general strike"), "143"),
    **dict.fromkeys(("hunger strike", "fast"), "142"),
    "riot": "145",
    "ultimatum": "139",
    **dict.fromkeys(("investigation", "inquiry", "probe"), "090"),
    **dict.fromkeys(("offensive", "attack", "assault", "raid", "incursion"), "190"),
    **dict.fromkeys(("air strike", "airstrike", "air raid"), "195"),
    "curfew": "1723",
    **dict.fromkeys(("martial law", "emergency", "siege"), "1724"),
    **dict.fromkeys(("ceasefire", "cease-fire", "truce"), "0871"),
}
# Nouns naming a state, coded through their "of" object ("a state of *emergency*").
_STATE_NOUNS = frozenset({"state"})
_UNDOING = frozenset({"off", "down"})
_DEMO_CODES = frozenset({"141", "145"})
_PROTEST_NOUNS = frozenset({"protest", "defiance"})
_STOP_VERBS = frozenset({"stop", "halt", "shun", "down", "quit", "abandon", "boycott"})
_WORK_NOUNS = frozenset({"work", "tool", "job", "class"})
OBSTRUCT_VERBS = frozenset({"block", "blockade", "barricade", "obstruct", "jam"})
_ROUTE_NOUNS = frozenset(
    {"road", "street", "highway", "bridge", "railway", "rail", "line", "traffic", "transport"}
    | {"access", "entrance", "crossing", "port", "junction", "route", "motorway", "roadway"}
)
_FORCE_WORDS = frozenset(
    {"army", "troops", "soldier", "police", "force", "military", "policeman", "security"}
)
# Stopping a cooperative relation or act reduces relations (CAMEO 16): "ended mediation",
# "suspended aid deliveries", "cut ties".
_CESSATION_VERBS = frozenset(
    {"end", "halt", "suspend", "stop", "cut", "freeze", "sever", "abandon", "terminate"}
)
_SEVERED = {
    **dict.fromkeys(("relation", "tie", "contact"), "161"),
    **dict.fromkeys(("aid", "assistance", "help", "funding"), "162"),
    **dict.fromkeys(("talk", "negotiation", "dialogue"), "164"),
    "mediation": "165",
}
_RESTORING_VERBS = frozenset({"upgrade", "restore", "establish", "normalize", "normalise"})
_RESTORED = dict.fromkeys(("relation", "tie"), "054")
_EASING_VERBS = frozenset({"ease", "relax", "loosen"})
_EASED = {
    **dict.fromkeys(("measure", "restriction", "control", "rule", "ban"), "081"),
    "curfew": "0813",
    **dict.fromkeys(("emergency", "siege"), "0814"),
    **dict.fromkeys(("sanction", "embargo", "boycott", "blockade"), "085"),
}
_DEPLOY_VERBS = frozenset({"arrive", "deploy", "send", "dispatch", "land", "enter", "reach"})
_PEACEKEEPERS = frozenset({"peacekeeper", "peacekeeping", "peace-keeping", "peace-keeper"})
_WITHDRAW_VERBS = frozenset({"withdraw", "recall", "evacuate"})
_PERSONNEL = frozenset(
    {"inspector", "observer", "monitor", "diplomat", "ambassador", "envoy", "staff", "worker"}
)
_ADMIT_VERBS = frozenset({"allow", "permit", "admit", "grant", "accept", "let"})
_ADMITTED = {
    **dict.fromkeys(("access", "aid", "delivery", "relief", "convoy", "assistance"), "0863"),
    **dict.fromkeys(("inspector", "observer", "monitor", "investigator"), "0862"),
    **dict.fromkeys(("peacekeeper", "peacekeeping"), "0861"),
}
PEACEKEEPING_CODE = "074"
PERSONNEL_WITHDRAWAL_CODE = "166"
# Raising a force's strength or readiness is a show of force (CAMEO 15).
_INCREASE_VERBS = frozenset(
    {"strengthen", "reinforce", "boost", "increase", "bolster", "expand", "double", "mass"}
)
_FORCE_NOUNS = frozenset({"force", "troops", "troop", "army", "presence", "garrison", "deployment"})
_ALERT_VERBS = frozenset({"be", "remain", "stay", "put", "place", "keep", "go"})
MOBILIZE_CODE = "153"
ALERT_CODE = "152"
STRIKE_CODE = "143"
OBSTRUCT_CODE = "144"
FORCE_BLOCKADE_CODE = "191"


def verb_in(verb: Token, lemmas: frozenset[str]) -> bool:
    """The verb's lemma is in ``lemmas``, or its form inflects one ("staged": spaCy says *stag*)."""
    return verb.lemma_.lower() in lemmas or verb.lower_ in _inflections(lemmas)


@lru_cache(maxsize=64)
def _inflections(lemmas: frozenset[str]) -> frozenset[str]:
    forms: set[str] = set()
    for w in lemmas:
        stem = w[:-1] if w.endswith("e") else w
        forms |= {w + "s", w + "es", stem + "ed", stem + "ing", w + w[-1] + "ed", w + w[-1] + "ing"}
    return frozenset(forms)


def object_heads(verb: Token) -> list[Token]:
    """The verb's direct objects (or passive subjects)."""
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]


def noun_act(noun: Token) -> str | None:
    """The code of an event noun, looking at a modifier pair first ("hunger strike")."""
    lemma = noun.lemma_.lower()
    for mod in noun.children:
        if mod.dep_ in ("compound", "amod") and mod.i == noun.i - 1:
            pair = ACT_NOUNS.get(f"{mod.lemma_.lower()} {lemma}")
            if pair is not None:
                return pair
    if lemma in _STATE_NOUNS:
        of = [g for c in noun.children if c.lower_ == "of" for g in c.children]
        return next(
            (ACT_NOUNS[g.lemma_.lower()] for g in of if g.lemma_.lower() in ACT_NOUNS), None
        )
    return ACT_NOUNS.get(lemma)


def light_verb_code(verb: Token) -> str | None:
    """The act a light verb's object names, or None ("called *off* a strike" is no strike)."""
    if not verb_in(verb, LIGHT_VERBS):
        return None
    if any(c.dep_ == "prt" and c.lower_ in _UNDOING for c in verb.children):
        return None
    for obj in object_heads(verb):
        code = noun_act(obj)
        if code is not None:
            return code
    return None


def stoppage_code(verb: Token) -> str | None:
    """ "Stopped work": a strike (CAMEO 143)."""
    if not verb_in(verb, _STOP_VERBS):
        return None
    work = any(o.lemma_.lower() in _WORK_NOUNS for o in object_heads(verb))
    return STRIKE_CODE if work else None


def obstruction_code(verb: Token) -> str | None:
    """ "Blocked the road": a protest blockade, or a forces' blockade when forces block it."""
    if not verb_in(verb, OBSTRUCT_VERBS):
        return None
    if not any(o.lemma_.lower() in _ROUTE_NOUNS for o in object_heads(verb)):
        return None
    subject = subject_of(verb)
    if subject is not None and is_force(subject):
        return FORCE_BLOCKADE_CODE
    return OBSTRUCT_CODE


def is_force(subject: Token) -> bool:
    words = {subject.lemma_.lower(), subject.lower_}
    words |= {c.lower_ for c in subject.children if c.dep_ in ("compound", "amod")}
    return bool(words & _FORCE_WORDS)


def purpose_verbs(verb: Token) -> list[Token]:
    """Infinitive purpose clauses of a verb ("blocked streets *to demand* reforms")."""
    return [
        c
        for c in verb.children
        if c.dep_ in ("advcl", "xcomp")
        and c.pos_ == "VERB"
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def in_protest(verb: Token) -> bool:
    """ "... *in protest* at ...", "... *in defiance* of ...", "... *during demonstrations*"."""
    return any(
        c.dep_ == "prep"
        and (
            (c.lower_ == "in" and any(g.lemma_.lower() in _PROTEST_NOUNS for g in c.children))
            or (c.lower_ == "during" and any(noun_act(g) in _DEMO_CODES for g in c.children))
        )
        for c in verb.children
    )


def _heads_and_modifiers(nouns: list[Token]) -> list[Token]:
    return [t for n in nouns for t in (n, *n.children) if t is n or t.dep_ in ("compound", "amod")]


def _object_code(verb: Token, table: dict[str, str]) -> str | None:
    for tok in _heads_and_modifiers(object_heads(verb)):
        code = table.get(tok.lemma_.lower())
        if code is not None:
            return code
    return None


def relations_code(verb: Token) -> str | None:
    """ "Ended mediation efforts", "halted aid" (16x); "upgraded diplomatic ties" (054)."""
    if verb_in(verb, _CESSATION_VERBS):
        return _object_code(verb, _SEVERED)
    if verb_in(verb, _RESTORING_VERBS):
        return _object_code(verb, _RESTORED)
    return None


def easing_code(verb: Token) -> str | None:
    """ "Eased emergency measures" (081), "relaxed the curfew" (0813), sanctions (085)."""
    return _object_code(verb, _EASED) if verb_in(verb, _EASING_VERBS) else None


def admission_code(verb: Token) -> str | None:
    """Letting in aid, inspectors or peacekeepers: CAMEO 086x ("allowed aid workers in")."""
    return _object_code(verb, _ADMITTED) if verb_in(verb, _ADMIT_VERBS) else None


def deployment_code(verb: Token) -> str | None:
    """Peacekeepers deployed, sent or arriving: peacekeeping (CAMEO 074)."""
    if not verb_in(verb, _DEPLOY_VERBS):
        return None
    subject = subject_of(verb)
    people = object_heads(verb) + ([subject] if subject is not None else [])
    people += [g for p in people for c in p.children if c.lower_ == "of" for g in c.children]
    words = {t.lemma_.lower() for t in _heads_and_modifiers(people)}
    return PEACEKEEPING_CODE if words & _PEACEKEEPERS else None


def withdrawal_code(verb: Token) -> str | None:
    """Withdrawing inspectors, monitors or envoys (not troops): CAMEO 166."""
    if not verb_in(verb, _WITHDRAW_VERBS):
        return None
    heads = {o.lemma_.lower() for o in object_heads(verb)}
    return PERSONNEL_WITHDRAWAL_CODE if heads & _PERSONNEL else None


def force_posture_code(verb: Token) -> str | None:
    """ "Strengthened its forces" (CAMEO 153); "remained on alert" (CAMEO 152)."""
    if verb_in(verb, _INCREASE_VERBS) and any(
        o.lemma_.lower() in _FORCE_NOUNS or o.lower_ in _FORCE_NOUNS for o in object_heads(verb)
    ):
        return MOBILIZE_CODE
    if verb_in(verb, _ALERT_VERBS) and any(
        c.dep_ == "prep"
        and c.lower_ == "on"
        and any(g.lemma_.lower() == "alert" for g in c.children)
        for c in verb.children
    ):
        return ALERT_CODE
    return None
