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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from unspin.detectors.events.arguments import (
    ActorCoder,
    actor_for,
    complement_subject,
    extended_target_candidates,
    modifier_actors,
    passive_arguments,
    phrase_span,
    phrase_tokens,
    place_candidates,
    subject_of,
)
from unspin.detectors.events.context import (
    ArticleContext,
    TimeResolver,
    clause_date,
    place_of,
)
from unspin.detectors.events.findings import Event, Modality
from unspin.detectors.events.light import (
    LIGHT_VERBS,
    OBSTRUCT_CODE,
    OBSTRUCT_VERBS,
    admission_code,
    deployment_code,
    easing_code,
    force_posture_code,
    in_protest,
    is_force,
    light_verb_code,
    object_heads,
    obstruction_code,
    purpose_verbs,
    relations_code,
    stoppage_code,
    withdrawal_code,
)
from unspin.detectors.events.matcher import PatternMatcher, VerbMatch
from unspin.detectors.events.modality import modality_of
from unspin.detectors.events.nominal import clause_verb, noun_arguments, noun_code, noun_modality
from unspin.detectors.events.parties import (
    Party,
    core_tokens,
    linked_actor,
    own_span,
    pronoun_antecedent,
)
from unspin.detectors.events.reports import (
    SentenceTree,
    content_tokens,
    governing_report,
    inverted_speaker,
    is_reporting,
)
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

_NOT_ACTORS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"})
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# CAMEO roots coded without a target: statements, protests, force postures.
MONADIC_ROOTS = frozenset({"01", "14", "15"})
# Physical acts that become a protest when done "to demand ..." or "in protest at ...".
_PROTEST_ACT_ROOTS = frozenset({"16", "17", "18", "19"})
_PROTEST_AIM_ROOTS = frozenset({"10", "11", "14"})
_PROTEST_CODE = "140"
# Codes whose target may be a place named as a place ("visited Kabul", "protested in Tehran").
PLACE_TARGET_CODES = frozenset({"042", "043", "044"})
_DEFINITE = frozenset({"the", "these", "those", "this", "that", "such"})


@dataclass(frozen=True, slots=True)
class Coded:
    """A verb's code, the pattern match behind it and a target found by a clause rule."""

    match: VerbMatch | None
    code: str
    target: Token | None


CONTROL_VERBS_LEMMAS = frozenset(CONTROL_VERBS)


@dataclass(frozen=True, slots=True)
class CoderOptions:
    """Coder settings. The defaults are the lenient PLOVER-evaluation settings.

    ``news()`` gives the precise settings the pipeline uses (event-data convention: an event
    is kept only when its source is an actor and, for dyadic codes, its target is one too).

    Args:
        require_dyad: drop dyadic events (all CAMEO roots but 01, 14, 15) without an actor
            target; with ``require_actors`` False it drops events lacking a source or target.
        require_actors: sources and targets must name actors (see ``parties``); pronouns
            resolve by the paragraph rule or the event is dropped.
        nominal_events: also code event nouns ("talks between A and B", "US sanctions").
        statements_as_reports: drop a CAMEO 01 statement whose reporting verb is an
            attribution cue or whose reported clause carries a kept event of its own.
    """

    require_dyad: bool = False
    include_uncoded_actors: bool = True
    require_actors: bool = False
    nominal_events: bool = False
    statements_as_reports: bool = False

    @classmethod
    def news(cls) -> CoderOptions:
        """The precise settings for news articles (the pipeline default)."""
        return cls(
            require_dyad=True,
            require_actors=True,
            nominal_events=True,
            statements_as_reports=True,
        )


@dataclass(slots=True)
class CoderStats:
    """Work counters of the last ``code_context`` call: deterministic, for tests of scaling."""

    sentences: int = 0
    tokens: int = 0  # tokens in the sentences coded
    candidates: int = 0  # verbs and event nouns evaluated
    lookups: int = 0  # article items read: mentions, times, attributions, cues, earlier events
    capped: int = 0  # sentences coded under the long-sentence rule


@dataclass(frozen=True, slots=True)
class _Draft:
    """A coded event with the tokens the sentence-level rules need."""

    event: Event
    token: Token


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
        self.agent_words = frozenset(w for w in self.res.actors.agents if " " not in w)
        self.stats = CoderStats()

    def __call__(self, article: Article, doc: Doc) -> list[Event]:
        return self.code_context(doc, ArticleContext.of(article))

    def code_doc(
        self, doc: Doc, actors: tuple[Actor, ...] = (), date: str | None = None
    ) -> list[Event]:
        """Code every sentence of ``doc``; offsets are ``doc`` character offsets."""
        return self.code_context(doc, ArticleContext(actors=actors, published=date))

    def code_context(self, doc: Doc, ctx: ArticleContext) -> list[Event]:
        """Code every sentence of ``doc`` with what ``ctx`` knows about the article.

        Sentences are coded one at a time, and every look-up into the article (actor
        mentions, time findings, attributions, earlier events) goes through an offset index,
        so the cost grows linearly with the length of ``doc``; ``stats`` counts the work.
        """
        events: list[Event] = []
        earlier = _Earlier()
        stats = CoderStats()
        self.stats = stats
        before = ctx.index.examined
        for sent in doc.sents:
            stats.sentences += 1
            stats.tokens += len(sent)
            coded = self._code_sentence(list(sent), ctx, earlier)
            events.extend(coded)
            earlier.add(coded)
        stats.lookups = ctx.index.examined - before + earlier.steps
        return events

    def _code_sentence(
        self, tokens: list[Token], ctx: ArticleContext, earlier: _Earlier
    ) -> list[Event]:
        drafts: list[_Draft] = []
        consumed: set[int] = set()
        for tok in tokens:
            if tok.pos_ != "VERB" or tok.i in consumed or tok.dep_ == "prep":
                continue
            self.stats.candidates += 1
            coded = self._code_verb(tok, consumed)
            if coded is None:
                continue
            event = self._build(tok, coded, ctx, earlier)
            if event is not None:
                drafts.append(_Draft(event, tok))
        if self.options.nominal_events:
            roots = {d.token.i: d.event.cameo_root for d in drafts}
            drafts += self._code_nouns(tokens, ctx, earlier, roots)
            drafts.sort(key=lambda d: d.token.i)
        if self.options.statements_as_reports:
            drafts = _drop_reporting_statements(drafts, ctx, tokens)
        return [d.event for d in drafts]

    def _code_verb(self, tok: Token, consumed: set[int]) -> Coded | None:
        lemma = tok.lemma_.lower()
        named = self._object_act(tok)
        if named is not None:
            return Coded(None, named, None)
        if lemma in LIGHT_VERBS:
            if self._names_act(tok):
                return None
            demand = self._noun_demand(tok, consumed)
            if demand is not None:
                return Coded(None, demand[0], demand[1])
        if lemma in CONTROL_VERBS_LEMMAS:
            if _willing(tok, lemma):
                return None  # "is prepared to impose ...": the act, not the readiness
            controlled = self._control(tok, lemma, consumed)
            if controlled is not None:
                return controlled
        match = self.matcher.match(tok)
        if match is None:
            return None
        code = match.code or match.reverse_code or ""
        if code[:2] in ("01", ""):  # a statement, or a verb without a code ("concluded that")
            demand = self._statement_demand(tok, consumed)
            if demand is not None:
                return Coded(match, demand[0], demand[1])
        if not code:
            return None
        if code[:2] in _PROTEST_ACT_ROOTS and self._protest_aim(tok):
            return Coded(match, OBSTRUCT_CODE if lemma in OBSTRUCT_VERBS else _PROTEST_CODE, None)
        return Coded(match, code, None)

    def _control(self, tok: Token, lemma: str, consumed: set[int]) -> Coded | None:
        """A control verb's family code, refined by the act it governs ("vowed to fight")."""
        inner = _inner_act(tok)
        own = self.matcher.match(tok)
        inner_match = self.matcher.match(inner) if inner is not None else None
        if inner is not None:
            consumed.add(inner.i)
        inner_code = inner_match.code if inner_match else None
        code = control_code(lemma, own.code if own else None, inner_code)
        if code is None:
            return None
        return Coded(own if inner is None else inner_match, code, None)

    def _object_act(self, tok: Token) -> str | None:
        """The act the verb's object names (see ``light``), unless a dictionary pattern names
        that object; a change in relations also yields to any dictionary code of the verb
        ("abandon" has one)."""
        named = (
            light_verb_code(tok)
            or stoppage_code(tok)
            or force_posture_code(tok)
            or obstruction_code(tok)
            or easing_code(tok)
            or admission_code(tok)
            or deployment_code(tok)
            or withdrawal_code(tok)
        )
        relations = relations_code(tok) if named is None else None
        if named is None and relations is None:
            return None
        match = self.matcher.match(tok)
        if self.matcher.mentions(match, object_heads(tok)):
            return None
        if named is None and match is not None and match.code is not None:
            return None
        return named or relations

    def _protest_aim(self, tok: Token) -> bool:
        """A non-force act done "to demand / protest ..." or "in protest at ..."."""
        subject = subject_of(tok)
        if subject is not None and is_force(subject):
            return False
        if in_protest(tok):
            return True
        for aim in purpose_verbs(tok):
            match = self.matcher.match(aim)
            if match is not None and (match.code or "")[:2] in _PROTEST_AIM_ROOTS:
                return True
        return False

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

    def _noun_demand(self, tok: Token, consumed: set[int]) -> tuple[str, Token | None] | None:
        """ "X issued a reminder to Y that it must act": the light verb's object carries a
        deontic clause, so the act is a demand (the clause's subject, unless a pronoun, is
        the target; else the usual candidates: "to *Y*")."""
        for obj in tok.children:
            if obj.dep_ != "dobj":
                continue
            for clause in obj.children:
                if clause.dep_ not in ("acl", "ccomp") or not _deontic(clause):
                    continue
                subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
                act = next((c for c in clause.children if c.dep_ == "xcomp"), clause)
                inner = self.matcher.match(act) if act.pos_ == "VERB" else None
                consumed.update({clause.i, act.i})
                target = subject if subject is not None and subject.pos_ != "PRON" else None
                return demand_from_statement(inner.code if inner else None), target
        return None

    def _statement_demand(self, tok: Token, consumed: set[int]) -> tuple[str, Token] | None:
        """ "X said that Y must act": a demand on Y (CAMEO 10, refined by the act's root)."""
        for clause in tok.children:
            if clause.dep_ != "ccomp":
                continue
            subject = complement_subject(tok)
            if not _deontic(clause) or subject is None or subject.pos_ == "PRON":
                continue
            act = next((c for c in clause.children if c.dep_ == "xcomp"), clause)
            inner = self.matcher.match(act) if act.pos_ == "VERB" else None
            consumed.update({clause.i, act.i})
            return demand_from_statement(inner.code if inner else None), subject
        return None

    def _code_nouns(
        self, tokens: list[Token], ctx: ArticleContext, earlier: _Earlier, roots: dict[int, str]
    ) -> list[_Draft]:
        """Event nouns, unless a coded verb already names the same act ("imposed sanctions")."""
        drafts: list[_Draft] = []
        for tok in tokens:
            code = noun_code(tok)
            if code is None or code[:2] in (roots.get(tok.head.i), roots.get(tok.head.head.i)):
                continue
            self.stats.candidates += 1
            source, target = noun_arguments(tok, code)
            modality = noun_modality(tok)
            event = self._assemble(tok, code, source, target, modality, ctx, earlier)
            if event is not None:
                drafts.append(_Draft(event, tok))
        return drafts

    def _build(
        self, tok: Token, coded: Coded, ctx: ArticleContext, earlier: _Earlier
    ) -> Event | None:
        match, code = coded.match, coded.code
        if not self.res.ontology.known(code):
            return None
        source, target = self._arguments(tok, match, coded.target)
        if match is not None and match.code is None and match.reverse_code:
            source, target = target, source
        lenient_dyad = self.options.require_dyad and not self.options.require_actors
        if lenient_dyad and (source is None or target is None):
            return None
        modality = modality_of(tok)
        adjusted = adjust_for_modality(code, modality)
        if modality == "negated" and adjusted[:2] != code[:2]:
            modality = modality_of(tok, ignore_negation=True)  # the rejection itself is real
        return self._assemble(tok, adjusted, source, target, modality, ctx, earlier)

    def _assemble(
        self,
        tok: Token,
        code: str,
        source: Token | None,
        target: Token | None,
        modality: Modality,
        ctx: ArticleContext,
        earlier: _Earlier,
    ) -> Event | None:
        if not self.res.ontology.known(code):
            return None
        same: Event | None = None
        when: str | None = None
        granularity: str | None = None
        src = self._party(source, ctx, places=False)
        tgt = self._party(target, ctx, places=_place_target(code))
        if src is not None and tgt is not None and src.span.overlaps(tgt.span):
            tgt = None
        if self.options.require_actors:
            if src is None:
                return None
            if tgt is None and code[:2] not in MONADIC_ROOTS:
                same = _same_act(tok, code, ctx, earlier)
                if same is not None:
                    tgt = Party(same.target or same.trigger, same.target_actor, same.target_code)
                    when, granularity = same.date, same.date_granularity
            if self.options.require_dyad and tgt is None and code[:2] not in MONADIC_ROOTS:
                return None
        info = self.res.ontology.describe(code)
        trigger = Span(tok.idx, tok.idx + len(tok.text))
        report = governing_report(tok)
        anchors = [
            tok,
            *(
                v
                for v in (clause_verb(tok) if tok.pos_ == "NOUN" else None, report)
                if v is not None
            ),
        ]
        own_when = clause_date(tok.doc, anchors, ctx, self.resolve_time)
        if own_when[0] is not None or same is None:
            when, granularity = own_when
        place = place_of(tok, ctx)
        attribution = ctx.attribution_of(trigger)
        if attribution is not None and modality == "asserted":
            modality = "reported"
        src_span = src.span if src else None
        tgt_span = tgt.span if tgt else None
        evidence = tuple(s for s in (trigger, src_span, tgt_span) if s is not None)
        return Event(
            label=code,
            evidence=evidence,
            detector=NAME,
            trigger=trigger,
            source=src_span,
            target=tgt_span,
            source_actor=src.actor if src else None,
            target_actor=tgt.actor if tgt else None,
            source_code=src.code if src else None,
            target_code=tgt.code if tgt else None,
            cameo_root=info.root,
            cameo_base=info.base,
            plover_type=info.plover_type,
            plover_mode=info.plover_mode,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            modality=modality,
            date=when,
            date_granularity=granularity,
            location=phrase_span(place) if place is not None else None,
            attribution=attribution,
        )

    def _party(self, head: Token | None, ctx: ArticleContext, places: bool) -> Party | None:
        """The argument as a ``Party``; None when it names no actor under the options."""
        if head is None:
            return None
        span = phrase_span(head)
        if not self.options.require_actors:
            actor_id, code = self._actor(head, span, ctx)
            return Party(span, actor_id, code)
        span = own_span(head, phrase_tokens(head))
        if head.pos_ == "PRON":
            found = pronoun_antecedent(head, ctx.index.mentions, ctx.paragraph_of(head.idx))
            if found is None:
                return None
            actor = found[0]
            return Party(span, actor.id, actor.codes[0] if actor.codes else None)
        core = core_tokens(head, self.agent_words)
        code = self.actor_coder.code(core, ctx.published)
        if not ctx.actors:
            return Party(span, None, code) if code is not None else None
        linked = linked_actor(head, core, ctx.index.mentions, places=places)
        if linked is None:
            return None
        return Party(span, linked.id, linked.codes[0] if linked.codes else code)

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
            source = inverted_speaker(tok) or subject_of(tok)
        candidates += extended_target_candidates(tok)
        if match is not None and match.source is not None and passive is None:
            source = match.source
        if source is not None and source.pos_ == "PRON":
            source = _antecedent(source)
        blocked = {t.i for t in phrase_tokens(source)} if source is not None else set()
        target = self._pick_target([c for c in candidates if c.i not in blocked])
        if target is None:
            target = self._pick_target([c for c in place_candidates(tok) if c.i not in blocked])
        return source, target

    def _pick_target(self, candidates: list[Token]) -> Token | None:
        """The first candidate that names an actor: coded, then a name, then a named modifier."""
        usable = [c for c in candidates if c.ent_type_ not in _NOT_ACTORS and c.pos_ != "PRON"]
        for cand in usable:
            if self.actor_coder.names(phrase_tokens(cand), cand):
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
        self, head: Token | None, span: Span | None, ctx: ArticleContext
    ) -> tuple[str | None, str | None]:
        if head is None or span is None:
            return None, None
        linked = actor_for(span, ctx.index.mentions) if ctx.actors else None
        if linked is not None and linked.codes:
            return linked.id, linked.codes[0]
        code = self.actor_coder.code(phrase_tokens(head), ctx.published)
        return (linked.id if linked else None), code


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


def _willing(tok: Token, lemma: str) -> bool:
    """ "X is prepared to act": readiness (a modality of the act), not a preparation."""
    if CONTROL_VERBS[lemma] != "prepare" or tok.tag_ != "VBN":
        return False
    return tok.dep_ == "acomp" or any(c.dep_ == "auxpass" for c in tok.children)


def _inner_act(tok: Token) -> Token | None:
    """The act a control verb governs: its xcomp, else an infinitive the parser made an advcl."""
    xcomp = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if xcomp is not None:
        return xcomp
    purpose = purpose_verbs(tok)
    return purpose[0] if purpose else None


def _deontic(clause: Token) -> bool:
    """The clause says its subject must or should act."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in DEONTIC_AUX for c in clause.children)


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


def _place_target(code: str) -> bool:
    return code in PLACE_TARGET_CODES or code[:2] == "14"


def _same_act(tok: Token, code: str, ctx: ArticleContext, earlier: _Earlier) -> Event | None:
    """ "The restrictions were imposed by Washington": the last event of the same CAMEO root in
    the paragraph, when the act's own object is a definite, actor-less noun (the same act
    named again); the event takes its target and, lacking a date of its own, its date."""
    patient = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
    if patient is None or patient.pos_ != "NOUN":
        return None
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in patient.children):
        return None
    paragraph = ctx.paragraph_of(tok.idx)
    return earlier.last_with_target(code[:2], paragraph.start if paragraph is not None else 0)


class _Earlier:
    """The events of the sentences already coded, by CAMEO root (only those with a target).

    Events arrive in text order, so "the last event of the root since ``floor``" is the last
    one filed under the root, if it starts at or after ``floor``: one look-up, not a scan.
    """

    def __init__(self) -> None:
        self.by_root: dict[str, list[Event]] = {}
        self.steps = 0

    def add(self, events: list[Event]) -> None:
        for event in events:
            if event.target is not None:
                self.by_root.setdefault(event.cameo_root, []).append(event)

    def last_with_target(self, root: str, floor: int) -> Event | None:
        self.steps += 1
        found = self.by_root.get(root)
        if not found or found[-1].trigger.start < floor:
            return None
        return found[-1]


def _reports_event(
    tok: Token, triggers: set[int], tree: SentenceTree | None, numbers: list[int]
) -> bool:
    """The reporting verb's reported clause holds another trigger of the sentence."""
    if tree is not None and tree.complete:
        return tree.reports_any(tok, triggers, numbers)
    return bool(content_tokens(tok) & (triggers - {tok.i}))


def _drop_reporting_statements(
    drafts: list[_Draft], ctx: ArticleContext, tokens: list[Token]
) -> list[_Draft]:
    """Statements (CAMEO 01) that are attributions or whose reported clause holds an event."""
    triggers = {d.token.i for d in drafts}
    tree = SentenceTree(tokens) if any(d.event.cameo_root == "01" for d in drafts) else None
    numbers = tree.numbers(triggers) if tree is not None and tree.complete else []
    kept: list[_Draft] = []
    for draft in drafts:
        event, tok = draft.event, draft.token
        if event.cameo_root == "01" and (
            ctx.is_cue(event.trigger)
            or (is_reporting(tok) and _reports_event(tok, triggers, tree, numbers))
        ):
            continue
        kept.append(draft)
    return kept


@detectors.register(NAME)
def make_event_coder(settings: Any = None) -> EventCoder:
    """Registry factory for ``events.cameo.v1``: the precise news settings.

    ``settings`` may carry ``require_dyad`` (default True) to keep monadic events as well.
    """
    require = bool(getattr(settings, "require_dyad", True)) if settings is not None else True
    return EventCoder(options=replace(CoderOptions.news(), require_dyad=require))
