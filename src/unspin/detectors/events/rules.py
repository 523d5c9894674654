"""Code adjustments that follow the CAMEO manual and PLOVER's recoding of it.

Each rule is general (it looks at the code family, the modality or the clause shape), never at a
particular sentence:

- control verbs ("agreed to <act>", "demanded that <act>", "refused to <act>", "threatened to
  <act>") give one event of their own family whose sub-code follows the root of the inner act;
  preparing an act of force ("prepared to resume shelling") is a show of force (CAMEO 15),
  promising one ("vowed to fight") a threat (CAMEO 13); deciding to act ("decided to allow")
  is the act itself;
- an appeal code (CAMEO 02) on a demand verb is a demand (CAMEO 10, same sub-code);
- a statement (CAMEO 01) whose complement clause says another actor *must* or *should* act is a
  demand (CAMEO 10), the PLOVER REQUEST;
- negated cooperation ("will not accept", "would not meet") is a rejection (CAMEO 12);
- an announced future act of force or coercion ("will withdraw its force", "will extend the
  curfew") is a threat (CAMEO 13), as a future act of cooperation is an intent (CAMEO 03).
"""

from __future__ import annotations

_INTENT = ("030", {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"})
_DEMAND = ("100", {"04": "106", "05": "102", "06": "101", "07": "103", "08": "105"})
_REJECT = ("120", {"04": "125", "05": "125", "06": "121", "07": "122", "08": "124"})
_THREATEN = ("130", {"15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"})

# Preparing an act of force is a show of force (CAMEO 15); preparing anything else, an intent.
_PREPARE = ("030", {**_INTENT[1], **dict.fromkeys(("17", "18", "19", "20"), "150")})

FAMILY_ROOT = {"intent": "03", "demand": "10", "reject": "12", "threaten": "13", "prepare": "03"}
_FAMILIES = {
    "intent": _INTENT,
    "demand": _DEMAND,
    "reject": _REJECT,
    "threaten": _THREATEN,
    "prepare": _PREPARE,
}
CONTROL_VERBS: dict[str, str] = {
    **dict.fromkeys(("agree", "offer", "pledge", "promise", "vow", "swear"), "intent"),
    "volunteer": "intent",
    **dict.fromkeys(("demand", "urge", "insist", "press", "pressure", "pressurize"), "demand"),
    **dict.fromkeys(("refuse", "decline", "reject"), "reject"),
    **dict.fromkeys(("threaten",), "threaten"),
    **dict.fromkeys(("prepare", "mobilize", "mobilise"), "prepare"),
    **dict.fromkeys(("decide", "resolve", "vote", "opt"), "decide"),
}
DEONTIC_AUX = frozenset({"must", "should", "ought"})
COOPERATION_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})
FORCE_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
VIOLENT_ROOTS = frozenset({"17", "18", "19", "20"})


def family_code(family: str, inner_code: str | None) -> str:
    """The code of a control-verb family given the code of the inner act (if any)."""
    default, by_root = _FAMILIES[family]
    if not inner_code:
        return default
    return by_root.get(inner_code[:2], default)


def control_code(lemma: str, own: str | None, inner: str | None) -> str | None:
    """The code of a control verb: its family, refined by the inner act; None if not one."""
    family = CONTROL_VERBS.get(lemma)
    if family is None:
        return None
    if family == "decide":  # "decided to allow X": the decision is the act itself
        return inner or own
    if family == "intent" and inner and inner[:2] in VIOLENT_ROOTS:
        return family_code("threaten", inner)  # "vowed to fight": a threat
    if inner:
        return family_code(family, inner)
    root = FAMILY_ROOT[family]
    if own and own[:2] == root:
        return own
    if own and family == "demand" and own[:2] == "02":  # appeal wording on a demand verb
        return "10" + own[2:]
    return family_code(family, own)


def demand_from_statement(inner: str | None) -> str:
    """A statement that another actor must act: a demand, refined by the act's root."""
    return family_code("demand", inner)


def adjust_for_modality(code: str, modality: str) -> str:
    """Negated cooperation -> rejection; future cooperation -> intent; future force -> threat."""
    root = code[:2]
    if modality == "negated" and root in COOPERATION_ROOTS:
        return family_code("reject", code)
    if modality in ("future", "hypothetical") and root in COOPERATION_ROOTS and root != "03":
        return family_code("intent", code)
    if modality == "future" and root in FORCE_ROOTS:
        return family_code("threaten", code)
    return code
