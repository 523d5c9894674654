"""Who and where: source and target noun phrases of a verb, their actor codes, a location."""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspin.detectors.events.parties import MentionIndex
from unspin.model import Actor, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from unspin.detectors.events.dictionary import ActorCode, ActorDictionary

_PHRASE_DROP = frozenset({"relcl", "acl", "appos", "prep", "advcl", "punct", "det", "case"})
_TARGET_PREPS = (
    *("with", "to", "against", "on", "at", "into", "toward", "towards", "from", "for"),
    "between",
)
_PLACE_PREPS = ("in", "at", "into", "inside")
_THING_PREPS = ("of", "to", "for", "from")
_STANCE_NOUNS = frozenset({"protest", "defiance", "opposition", "retaliation", "response"})
_LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_MODIFIER_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
MAX_CONJUNCTS = 40
# Participles that, agentless, describe the subject's own stance or activity.
STATIVE_PARTICIPLES = frozenset(
    {"oppose", "commit", "engage", "involve", "determine", "dedicate", "resolve", "bind"}
)


def phrase_span(head: Token) -> Span:
    """Character span of a noun phrase: the head with its modifiers and conjuncts."""
    keep = phrase_tokens(head)
    start = min(t.idx for t in keep)
    last = keep[-1]
    return Span(start, last.idx + len(last.text))


def phrase_tokens(head: Token) -> list[Token]:
    """The head with its modifiers and conjuncts (no clauses, no prepositions but *of*)."""
    keep = [head]
    stack = [head]
    while stack and len(keep) < 4 * MAX_CONJUNCTS:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _PHRASE_DROP and not (child.dep_ == "prep" and child.lower_ == "of"):
                continue
            keep.append(child)
            stack.append(child)
    keep.sort(key=lambda t: t.i)
    return keep


def is_stative(verb: Token) -> bool:
    """An adjectival passive without an agent: "Israel *is opposed* to ...", "were engaged in"."""
    return verb.lemma_.lower() in STATIVE_PARTICIPLES and not any(
        c.dep_ == "agent" for c in verb.children
    )


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject, inherited from the governing verb for xcomp / conj verbs."""
    current: Token | None = verb
    for _ in range(6):
        if current is None:
            return None
        subject_deps = (
            ("nsubj", "csubj", "nsubjpass") if is_stative(current) else ("nsubj", "csubj")
        )
        for child in current.children:
            if child.dep_ in subject_deps:
                return child
        if current.dep_ in ("xcomp", "acomp", "conj", "advcl") and current.head is not current:
            current = current.head
            continue
        if current.dep_ == "acl" and current.head.dep_ in ("dobj", "pobj"):
            current = current.head.head  # "X issued a declaration demanding ..."
            continue
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head.head  # "X resorted to throwing ..."
            continue
        return None
    return None


def passive_arguments(verb: Token) -> tuple[Token | None, Token | None] | None:
    """(agent, patient) of a passive verb, or None for an active one."""
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if patient is None or is_stative(verb):
        return None
    agent = next(
        (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
        None,
    )
    return agent, patient


def _object_heads(verb: Token) -> list[Token]:
    """Direct and indirect objects; a dative *to* phrase gives its object ("issued ... to Iraq")."""
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ not in ("dobj", "dative"):
            continue
        if child.pos_ == "ADP":
            out.extend(g for g in child.children if g.dep_ == "pobj")
        else:
            out.append(child)
    return out


def target_candidates(verb: Token) -> list[Token]:
    """Objects first, then objects of the prepositions that name a target."""
    objects = _object_heads(verb)
    preps: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in _TARGET_PREPS:
            preps.extend(g for g in child.children if g.dep_ == "pobj")
    nested: list[Token] = []
    for obj in objects:  # "accused Russia of ...", "aid to Mozambique"
        for child in obj.children:
            if child.dep_ == "prep" and child.lower_ in (*_TARGET_PREPS, "by", "of"):
                nested.extend(g for g in child.children if g.dep_ == "pobj")
    return objects + preps + nested


def _nested_objects(heads: list[Token], preps: tuple[str, ...], depth: int) -> list[Token]:
    """Objects of prepositions hanging off ``heads``, down to ``depth`` levels."""
    found: list[Token] = []
    frontier = heads
    for _ in range(depth):
        level = [
            g
            for h in frontier
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children
            if g.dep_ == "pobj"
        ]
        found.extend(level)
        frontier = level
    return found


def complement_subject(verb: Token) -> Token | None:
    """The subject of a finite complement clause ("demanded that *the US* cancel ...")."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
    return None


def extended_target_candidates(verb: Token) -> list[Token]:
    """Target candidates in order of preference, looking past things to the actors behind them.

    Objects and the objects of target prepositions come first, then the objects nested under
    them ("continue military aid *to Mozambique*"), the subject of a complement clause, the
    arguments of an ``xcomp`` verb ("threatened to cut off electricity *to Nakhichevan*"), and
    whom the act defies ("in defiance *of X*"). Places come apart (``place_candidates``).
    """
    out = target_candidates(verb)
    out += _nested_objects(out, (*_TARGET_PREPS, "by", "of"), 2)
    subj = complement_subject(verb)
    if subj is not None:
        out.append(subj)
    for child in verb.children:
        if child.dep_ == "xcomp" or _shares_subject(child):
            inner = target_candidates(child)
            out += inner + _nested_objects(inner, (*_TARGET_PREPS, "by", "of"), 2)
    return out + _protested(verb) + _noun_complement_subjects(verb) + _condition_subjects(verb)


def _shares_subject(clause: Token) -> bool:
    """An adverbial verb clause without a subject of its own ("..., *killing* 12"), or with
    a pronoun one ("fight until *they* gain ...")."""
    return (
        clause.dep_ == "advcl"
        and clause.pos_ == "VERB"
        and not any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in clause.children)
    )


def _noun_complement_subjects(verb: Token) -> list[Token]:
    """ "insisted on its demands *that Burundi's government* grant ...": the subject of a
    clause completing the verb's object noun."""
    nouns = _object_heads(verb) + _nested_objects([verb], _TARGET_PREPS, 1)
    return [
        subj
        for noun in nouns
        for clause in noun.children
        if clause.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in clause.children)
        for subj in clause.children
        if subj.dep_ in ("nsubj", "nsubjpass")
    ]


def _condition_subjects(verb: Token) -> list[Token]:
    """ "threatened to strike *unless Israel* rescinded ...": who must comply."""
    anchors = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
    return [
        subj
        for anchor in anchors
        for clause in anchor.children
        if clause.dep_ == "advcl" and any(m.lower_ == "unless" for m in clause.children)
        for subj in clause.children
        if subj.dep_ in ("nsubj", "nsubjpass")
    ]


def place_candidates(verb: Token) -> list[Token]:
    """Places, the targets of last resort: in/at/into phrases of the verb, of an ``xcomp`` verb
    ("fired at targets *in Jericho*"), or of their objects ("its forces *in Lebanon*")."""
    anchors = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
    places = _nested_objects(anchors, _PLACE_PREPS, 2)
    places += _nested_objects([o for a in anchors for o in _object_heads(a)], _PLACE_PREPS, 1)
    things = [o for a in anchors for o in _object_heads(a)] + _nested_objects(
        anchors, _THING_PREPS, 1
    )
    places += _nested_objects(things, (*_PLACE_PREPS, *_THING_PREPS), 3)
    return [p for p in places if p.ent_type_ in _PLACE_ENTS]


def _protested(verb: Token) -> list[Token]:
    """Whom an act opposes: "in defiance *of Chinese authorities*", "in protest *at X*"."""
    stances = [
        g
        for h in (verb, *_object_heads(verb))
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for g in c.children
        if g.lemma_.lower() in _STANCE_NOUNS
    ]
    opposed = _nested_objects(stances, ("of", "at", "against", "over"), 1)
    return opposed + [c for o in opposed for c in o.children if c.dep_ == "poss"]


def modifier_actors(head: Token) -> list[Token]:
    """Named modifiers of a thing ("an *Australian* ultimatum", "*Haiti's* efforts")."""
    return [
        c
        for c in head.children
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.ent_type_ in _MODIFIER_ENTS
    ]


def location_of(verb: Token) -> Token | None:
    """A place named in an ``in``/``at`` phrase attached to the verb."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _LOCATION_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in _PLACE_ENTS:
                    return obj
    return None


class ActorCoder:
    """CAMEO-style actor codes for a noun phrase: dictionary phrase plus agent role."""

    def __init__(self, actors: ActorDictionary, max_words: int = 6) -> None:
        self.actors = actors
        self.max_words = min(max_words, 6)

    def code(self, tokens: list[Token], date: str | None = None) -> str | None:
        """The code of the longest dictionary phrase in ``tokens``, with an agent role."""
        words = [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        country: str | None = None
        agent: str | None = None
        i = 0
        while i < len(words):
            hit = self._longest(words, lemmas, i, date)
            if hit is None:
                i += 1
                continue
            width, kind, value = hit
            if kind == "actor" and country is None:
                country = value
            elif kind == "agent" and agent is None:
                agent = value
            i += width
        return combine_codes(country, agent)

    def names(self, tokens: list[Token], head: Token) -> bool:
        """The phrase names an actor: it has a country or group code, or an agent word (a
        role: military, police) that is the head or its *of* object, or the head is a name.
        "Military *aid*" names none; "*Ukrainian* positions", "withdrawal of *Serbian
        forces*" do."""
        heads = {head.i} | {
            t.i
            for c in head.children
            if c.lower_ == "of"
            for g in c.children
            for t in (g, *g.children)
            if t is g or t.dep_ in ("amod", "compound")
        }
        words = [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        named = head.pos_ == "PROPN" or head.ent_type_ in _MODIFIER_ENTS
        i = 0
        while i < len(words):
            hit = self._longest(words, lemmas, i, None)
            width = hit[0] if hit is not None else 1
            if hit is not None and (
                named or hit[1] == "actor" or any(t.i in heads for t in tokens[i : i + width])
            ):
                return True
            i += width
        return False

    def _longest(
        self, words: list[str], lemmas: list[str], i: int, date: str | None
    ) -> tuple[int, str, str] | None:
        for width in range(min(self.max_words, len(words) - i), 0, -1):
            for seq in (words[i : i + width], lemmas[i : i + width]):
                phrase = " ".join(seq)
                codes = self.actors.actors.get(phrase)
                if codes:
                    return width, "actor", _valid_code(codes, date)
                agent = self.actors.agents.get(phrase)
                if agent:
                    return width, "agent", agent
        return None


def _valid_code(codes: tuple[ActorCode, ...], date: str | None) -> str:
    """The code valid on ``date`` (``YYYY-MM-DD``); undated codes are the fallback."""
    day = date.replace("-", "")[:8] if date else None
    if day:
        for c in codes:
            if (c.start or "0") <= day <= (c.end or "99999999") and (c.start or c.end):
                return c.code
    undated = [c for c in codes if c.start is None and c.end is None]
    open_ended = [c for c in codes if c.end is None]
    return (undated or open_ended or list(codes))[0].code


def combine_codes(country: str | None, agent: str | None) -> str | None:
    """``RUS`` + ``~MIL`` -> ``RUSMIL``; ``GOV~`` prepends; an agent alone keeps its role."""
    if agent is None:
        return country
    role = agent.replace("~", "")
    if country is None:
        return role
    if len(country) > 3 and country.endswith(role):
        return country
    return role + country if agent.endswith("~") else country + role


def actor_for(span: Span, actors: tuple[Actor, ...] | MentionIndex) -> Actor | None:
    """The article actor with a mention overlapping ``span`` (the first mention wins)."""
    index = actors if isinstance(actors, MentionIndex) else MentionIndex(actors)
    best: tuple[int, Actor] | None = None
    for actor, mention in index.overlapping((span,)):
        if best is None or mention.span.start < best[0]:
            best = (mention.span.start, actor)
    return best[1] if best else None
