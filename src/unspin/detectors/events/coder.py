"""The event coder: CAMEO/PLOVER events from spaCy dependency parses.

Example:
    >>> from unspin.nlp.load import load_spacy  # doctest: +SKIP
    >>> coder = EventCoder()  # doctest: +SKIP
    >>> events = coder.code_doc(load_spacy()("Russia attacked Ukraine."))  # doctest: +SKIP
    >>> events[0].label  # doctest: +SKIP
    '190'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from unspin.detectors.events.arguments import (
    ActorCoder,
    actor_for,
    complement_subject,
    extended_target_candidates,
    location_of,
    modifier_actors,
    passive_arguments,
    phrase_span,
    phrase_tokens,
    subject_of,
)
from unspin.detectors.events.findings import Event
from unspin.detectors.events.matcher import PatternMatcher, VerbMatch
from unspin.detectors.events.modality import modality_of
from unspin.detectors.events.resources import EventResources, load_event_resources
from unspin.detectors.events.rules import (
    CONTROL_VERBS,
    DEONTIC_AUX,
    adjust_for_modality,
    control_code,
    demand_from_statement,
)
from unspin.model import Actor, Article, Span
from unspin.registry import detectors

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "events.cameo.v1"

# Verbs whose object noun names the act ("issued a declaration demanding ..."): when the noun
# carries a coded participle, that participle is the event and the light verb is not coded.
LIGHT_VERBS = frozenset(
    {"issue", "make", "stage", "hold", "launch", "express", "voice", "give", "begin", "start"}
    | {"continue", "organize", "organise", "deliver", "send", "publish", "release"}
)
_NOT_ACTORS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"})
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
TimeResolver = Callable[[str, str | None], Any]


@dataclass(frozen=True, slots=True)
class Coded:
    """A verb's code, the pattern match behind it and a target found by a clause rule."""

    match: VerbMatch | None
    code: str
    target: Token | None


CONTROL_VERBS_LEMMAS = frozenset(CONTROL_VERBS)


@dataclass(frozen=True, slots=True)
class CoderOptions:
    """Coder settings; ``require_dyad`` drops events lacking a source and a target."""

    require_dyad: bool = False
    include_uncoded_actors: bool = True


class EventCoder:
    """Detector ``events.cameo.v1``: one ``Event`` per coded verb (or control-verb chain)."""

    name = NAME

    def __init__(
        self,
        resources: EventResources | None = None,
        options: CoderOptions | None = None,
        time_resolver: TimeResolver | None = None,
    ) -> None:
        self.res = resources if resources is not None else load_event_resources()
        self.options = options or CoderOptions()
        self.matcher = PatternMatcher(self.res)
        self.actor_coder = ActorCoder(self.res.actors, self.res.max_actor_words)
        self.resolve_time = time_resolver if time_resolver is not None else _default_resolver()

    def __call__(self, article: Article, doc: Doc) -> list[Event]:
        return self.code_doc(doc, article.actors, article.meta.published_date())

    def code_doc(
        self, doc: Doc, actors: tuple[Actor, ...] = (), date: str | None = None
    ) -> list[Event]:
        """Code every sentence of ``doc``; offsets are ``doc`` character offsets."""
        events: list[Event] = []
        for sent in doc.sents:
            events.extend(self._code_sentence(list(sent), actors, date))
        return events

    def _code_sentence(
        self, tokens: list[Token], actors: tuple[Actor, ...], date: str | None
    ) -> list[Event]:
        events: list[Event] = []
        consumed: set[int] = set()
        for tok in tokens:
            if tok.pos_ != "VERB" or tok.i in consumed or tok.dep_ == "prep":
                continue
            coded = self._code_verb(tok, consumed)
            if coded is None:
                continue
            event = self._build(tok, coded, actors, date)
            if event is not None:
                events.append(event)
        return events

    def _code_verb(self, tok: Token, consumed: set[int]) -> Coded | None:
        lemma = tok.lemma_.lower()
        if lemma in LIGHT_VERBS and self._names_act(tok):
            return None
        inner = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if lemma in CONTROL_VERBS_LEMMAS:
            own = self.matcher.match(tok)
            inner_match = self.matcher.match(inner) if inner is not None else None
            if inner is not None:
                consumed.add(inner.i)
            inner_code = inner_match.code if inner_match else None
            own_code = own.code if own else None
            code = control_code(lemma, own_code, inner_code)
            if code is not None:
                return Coded(own if inner is None else inner_match, code, None)
        match = self.matcher.match(tok)
        if match is None or (match.code is None and match.reverse_code is None):
            return None
        code = match.code or match.reverse_code or ""
        if code[:2] == "01":
            demand = self._statement_demand(tok, consumed)
            if demand is not None:
                return Coded(match, demand[0], demand[1])
        return Coded(match, code, None)

    def _names_act(self, tok: Token) -> bool:
        """The light verb's object carries a coded participle ("a declaration *demanding*")."""
        for obj in tok.children:
            if obj.dep_ != "dobj":
                continue
            for child in obj.children:
                if child.dep_ == "acl" and child.pos_ == "VERB" and child.tag_ == "VBG":
                    match = self.matcher.match(child)
                    if match is not None and match.code is not None:
                        return True
        return False

    def _statement_demand(self, tok: Token, consumed: set[int]) -> tuple[str, Token] | None:
        """ "X said that Y must act": a demand on Y (CAMEO 10, refined by the act's root)."""
        for clause in tok.children:
            if clause.dep_ != "ccomp":
                continue
            auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
            subject = complement_subject(tok)
            if not auxes & DEONTIC_AUX or subject is None or subject.pos_ == "PRON":
                continue
            act = next((c for c in clause.children if c.dep_ == "xcomp"), clause)
            inner = self.matcher.match(act) if act.pos_ == "VERB" else None
            consumed.update({clause.i, act.i})
            return demand_from_statement(inner.code if inner else None), subject
        return None

    def _build(
        self,
        tok: Token,
        coded: Coded,
        actors: tuple[Actor, ...],
        date: str | None,
    ) -> Event | None:
        match, code = coded.match, coded.code
        if not self.res.ontology.known(code):
            return None
        source, target = self._arguments(tok, match, coded.target)
        if match is not None and match.code is None and match.reverse_code:
            source, target = target, source
        if self.options.require_dyad and (source is None or target is None):
            return None
        modality = modality_of(tok)
        adjusted = adjust_for_modality(code, modality)
        if modality == "negated" and adjusted[:2] != code[:2]:
            modality = modality_of(tok, ignore_negation=True)  # the rejection itself is real
        code = adjusted
        info = self.res.ontology.describe(code)
        src_span = phrase_span(source) if source is not None else None
        tgt_span = phrase_span(target) if target is not None else None
        if src_span and tgt_span and src_span.overlaps(tgt_span):
            tgt_span = None
        trigger = Span(tok.idx, tok.idx + len(tok.text))
        place = location_of(tok)
        loc_span = phrase_span(place) if place is not None else None
        when, granularity = self._date(tok, date)
        src_actor, src_code = self._actor(source, src_span, actors, date)
        tgt_actor, tgt_code = self._actor(target if tgt_span else None, tgt_span, actors, date)
        evidence = tuple(s for s in (trigger, src_span, tgt_span) if s is not None)
        return Event(
            label=code,
            evidence=evidence,
            detector=NAME,
            trigger=trigger,
            source=src_span,
            target=tgt_span,
            source_actor=src_actor,
            target_actor=tgt_actor,
            source_code=src_code,
            target_code=tgt_code,
            cameo_root=info.root,
            cameo_base=info.base,
            plover_type=info.plover_type,
            plover_mode=info.plover_mode,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            modality=modality,
            date=when,
            date_granularity=granularity,
            location=loc_span,
        )

    def _arguments(
        self, tok: Token, match: VerbMatch | None, hint: Token | None
    ) -> tuple[Token | None, Token | None]:
        passive = passive_arguments(tok)
        candidates: list[Token] = []
        if hint is not None:
            candidates.append(hint)
        if match is not None and match.target is not None:
            candidates.append(match.target)
        if passive is not None:
            source, patient = passive
            if patient is not None:
                candidates.insert(0, patient)
        else:
            source = subject_of(tok)
        candidates += extended_target_candidates(tok)
        if match is not None and match.source is not None and passive is None:
            source = match.source
        if source is not None and source.pos_ == "PRON":
            source = _antecedent(source)
        blocked = {t.i for t in phrase_tokens(source)} if source is not None else set()
        target = self._pick_target([c for c in candidates if c.i not in blocked])
        return source, target

    def _pick_target(self, candidates: list[Token]) -> Token | None:
        """The first candidate that names an actor: coded, then a name, then a named modifier."""
        usable = [c for c in candidates if c.ent_type_ not in _NOT_ACTORS and c.pos_ != "PRON"]
        for cand in usable:
            if self.actor_coder.code(phrase_tokens(cand)) is not None:
                return cand
        for cand in usable:
            if cand.ent_type_ in _ACTOR_ENTS or cand.pos_ == "PROPN":
                return cand
        for cand in usable:
            named = modifier_actors(cand)
            if named:
                return named[0]
        return None

    def _actor(
        self,
        head: Token | None,
        span: Span | None,
        actors: tuple[Actor, ...],
        date: str | None,
    ) -> tuple[str | None, str | None]:
        if head is None or span is None:
            return None, None
        linked = actor_for(span, actors) if actors else None
        if linked is not None and linked.codes:
            return linked.id, linked.codes[0]
        code = self.actor_coder.code(phrase_tokens(head), date)
        return (linked.id if linked else None), code

    def _date(self, tok: Token, anchor: str | None) -> tuple[str | None, str | None]:
        if self.resolve_time is None:
            return None, None
        for child in tok.subtree:
            if child.ent_type_ == "DATE" and child.ent_iob_ == "B" and _attached(child, tok):
                ent = next((e for e in tok.doc.ents if e.start == child.i), None)
                if ent is None:
                    continue
                resolved = self.resolve_time(ent.text, anchor)
                if resolved is not None and getattr(resolved, "value", None):
                    return str(resolved.value), getattr(resolved, "granularity", None)
        return None, None


def _antecedent(pronoun: Token) -> Token | None:
    """ "Hungary said it will ..." -> Hungary; "the group, which ..." -> group."""
    if pronoun.lower_ in ("who", "which", "that"):
        return pronoun.head.head if pronoun.head.dep_ == "relcl" else None
    clause = pronoun.head
    if clause.dep_ in ("ccomp", "xcomp", "conj") and clause.head is not clause:
        outer = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if outer is not None and outer.pos_ != "PRON":
            return outer
    return pronoun


def _attached(token: Token, verb: Token) -> bool:
    """The date token hangs off ``verb`` without crossing into another verb's clause."""
    tok = token
    for _ in range(5):
        if tok.head is verb:
            return True
        if tok.head.pos_ == "VERB" or tok.head is tok:
            return False
        tok = tok.head
    return False


def _default_resolver() -> TimeResolver | None:
    try:
        module = importlib.import_module("unspin.nlp.temporal")
    except Exception:  # an absent or broken optional stage must not stop event coding
        return None
    resolver = getattr(module, "resolve_time", None)
    return resolver if callable(resolver) else None


def code_text(text: str, doc: Doc, date: str | None = None) -> list[Event]:
    """Code a plain text already parsed into ``doc`` (convenience for scripts and tests)."""
    del text
    return _shared_coder().code_doc(doc, (), date)


_CODER: list[EventCoder] = []


def _shared_coder() -> EventCoder:
    if not _CODER:
        _CODER.append(EventCoder())
    return _CODER[0]


@detectors.register(NAME)
def make_event_coder(settings: Any = None) -> EventCoder:
    """Registry factory for ``events.cameo.v1`` (``settings`` may carry ``require_dyad``)."""
    require = bool(getattr(settings, "require_dyad", False)) if settings is not None else False
    return EventCoder(options=CoderOptions(require_dyad=require))
