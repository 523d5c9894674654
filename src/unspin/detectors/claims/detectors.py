"""The claims detectors: attributions, certainty cues, author assertions and sourcing profile.

Each is registered under a versioned name. ``claims.all.v1`` runs the four in one pass; the
single detectors reuse findings already on the article when an earlier stage produced them.
The ``*.v2`` attribution and all-in-one detectors add the cue tagger trained on PolNeAR; the
``*.v3`` ones use the CRF cue tagger trained on PolNeAR instead; the ``*.v4`` ones blend the
CRF with a MiniLM tagger fine-tuned on PolNeAR (cues, sources and contents; ``neural``).

Example:
    >>> from unspin.registry import detectors
    >>> detect = detectors.get("claims.all.v1")(None)  # doctest: +SKIP
    >>> findings = detect(article, nlp(article.text))  # doctest: +SKIP
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from unspin.detectors.claims.assertions import Coverage, certainty, claim_type, trim
from unspin.detectors.claims.attribution import RawAttribution, extract_attributions
from unspin.detectors.claims.certainty import find_certainty_cues
from unspin.detectors.claims.crftagger import CrfCueTagger, load_crf_tagger
from unspin.detectors.claims.docindex import DocIndex
from unspin.detectors.claims.findings import Attribution, AuthorAssertion, CertaintyCue
from unspin.detectors.claims.neural import NeuralCueScorer, load_neural_scorer
from unspin.detectors.claims.neural_spans import TaggedSpans
from unspin.detectors.claims.profile import sourcing_profile
from unspin.detectors.claims.sources import MentionIndex, source_kind
from unspin.detectors.claims.tagged import TaggedOptions, extract_tagged
from unspin.detectors.claims.tagger import CueScorer, CueTagger, load_cue_tagger
from unspin.errors import ConfigError
from unspin.model import Article, Finding, Span
from unspin.registry import detectors
from unspin.textclf import load_checkworthy, load_hedge
from unspin.textclf.checkworthy_encoder import load_checkworthy_encoder

if TYPE_CHECKING:
    from spacy.tokens import Doc

ATTRIBUTION = "claims.attribution.v1"
CERTAINTY = "claims.certainty.v1"
ASSERTIONS = "claims.assertions.v1"
PROFILE = "claims.profile.v1"
ALL = "claims.all.v1"
ATTRIBUTION_V2 = "claims.attribution.v2"
ALL_V2 = "claims.all.v2"
ATTRIBUTION_V3 = "claims.attribution.v3"
ALL_V3 = "claims.all.v3"
ATTRIBUTION_V4 = "claims.attribution.v4"
ALL_V4 = "claims.all.v4"
# Check-worthiness reads at most this much of a content (PolNeAR dev contents reach ~900
# characters); nested contents in a run-on sentence would otherwise be read quadratically.
_SCORED_CHARS = 2000


def attributions(article: Article, doc: Doc) -> list[Attribution]:
    """Attribution findings with ids ``AT1``…, source kinds, actor links and parents (rules)."""
    index = DocIndex.build(doc)
    raws = extract_attributions(doc, index=index)
    return _findings(article, index, raws, [None] * len(raws), ATTRIBUTION)


def tagged_attributions(
    article: Article,
    doc: Doc,
    tagger: CueScorer | None = None,
    options: TaggedOptions | None = None,
    detector: str = ATTRIBUTION_V2,
    spans: TaggedSpans | None = None,
) -> list[Attribution]:
    """Attribution findings from a trained cue tagger and the rules; ``score`` is the cue's.

    The tagger defaults to the linear one of ``claims.attribution.v2``; ``spans`` are tagged
    sources and contents, used as their ``options`` say (``neural_spans``).
    """
    index = DocIndex.build(doc)
    scored = extract_tagged(doc, tagger, options, index=index, spans=spans)
    raws = [s.raw for s in scored]
    return _findings(article, index, raws, [s.score for s in scored], detector)


def crf_options(tagger: CrfCueTagger) -> TaggedOptions:
    """``claims.attribution.v3``'s combination: the CRF's stored thresholds, sources trimmed."""
    return TaggedOptions(
        new_cue_threshold=tagger.threshold,
        rule_threshold=tagger.rule_threshold,
        trim_sources=True,
    )


def crf_attributions(
    article: Article, doc: Doc, tagger: CrfCueTagger | None = None
) -> list[Attribution]:
    """``claims.attribution.v3``: the rules and the CRF cue tagger, with its tuned thresholds."""
    tagger = tagger or load_crf_tagger()
    return tagged_attributions(article, doc, tagger, crf_options(tagger), ATTRIBUTION_V3)


def neural_attributions(
    article: Article, doc: Doc, scorer: NeuralCueScorer | None = None
) -> list[Attribution]:
    """``claims.attribution.v4``: the rules, cues from the claims encoder blended with the CRF,
    and sources and contents from the encoder's span heads, with its tuned settings."""
    scorer = scorer or load_neural_scorer()
    options = TaggedOptions(
        new_cue_threshold=scorer.threshold,
        rule_threshold=scorer.rule_threshold,
        trim_sources=True,
    )
    spans = scorer.tagged_spans(doc) if len(doc) else None
    return tagged_attributions(article, doc, scorer, options, ATTRIBUTION_V4, spans=spans)


def _findings(
    article: Article,
    index: DocIndex,
    raws: Sequence[RawAttribution],
    scores: Sequence[float | None],
    detector: str,
) -> list[Attribution]:
    ids = [f"AT{i}" for i in range(1, len(raws) + 1)]
    parents = _parents(raws, ids)
    mentions = MentionIndex(article.actors)
    found = []
    for raw, ident, parent, score in zip(raws, ids, parents, scores, strict=True):
        kind = (
            source_kind(index.doc, raw.source, raw.source_head, index=index)
            if raw.source
            else "unknown"
        )
        evidence = tuple(s for s in (raw.source, raw.cue, raw.content) if s is not None)
        found.append(
            Attribution(
                label=raw.quote_type,
                evidence=evidence,
                detector=detector,
                score=None if score is None else round(score, 4),
                id=ident,
                source=raw.source,
                cue=raw.cue,
                content=raw.content,
                content_parts=raw.parts,
                quote_type=raw.quote_type,
                source_kind=kind,
                source_actor=mentions.link(raw.source) if raw.source else None,
                parent=parent,
            )
        )
    return found


def _parents(raws: Sequence[RawAttribution], ids: Sequence[str]) -> list[str | None]:
    """For each attribution, the one with the smallest content holding its cue.

    Ties go to the earlier attribution; one whose cue lies in this one's content is never its
    parent. Cues are disjoint (``_drop_overlapping_cues``), so a sweep over them in text order
    keeps the contents begun so far in a heap by length: one that ends before a cue does can
    hold no later cue either and is dropped for good.
    """
    order = sorted(range(len(raws)), key=lambda k: raws[k].cue.start)
    cues = [raws[k].cue for k in order]
    if any(a.end > b.start for a, b in pairwise(cues)):
        return _parents_pairwise(raws, ids)
    by_start = sorted(range(len(raws)), key=lambda k: raws[k].content.start)
    heap: list[tuple[int, int]] = []  # (length of content, position in raws)
    added = 0
    parents: list[str | None] = [None] * len(raws)
    for k in order:
        raw = raws[k]
        while added < len(by_start) and raws[by_start[added]].content.start <= raw.cue.start:
            j = by_start[added]
            heapq.heappush(heap, (len(raws[j].content), j))
            added += 1
        passed: list[tuple[int, int]] = []
        while heap:
            j = heap[0][1]
            other = raws[j]
            if other.content.end < raw.cue.end:
                heapq.heappop(heap)  # ends before this cue, so before every later one
                continue
            if other is raw or raw.content.contains(other.cue):
                passed.append(heapq.heappop(heap))
                continue
            parents[k] = ids[j]
            break
        for entry in passed:
            heapq.heappush(heap, entry)
    return parents


def _parents_pairwise(raws: Sequence[RawAttribution], ids: Sequence[str]) -> list[str | None]:
    """``_parents`` by comparing every pair (for cues that overlap)."""
    parents: list[str | None] = []
    for raw in raws:
        best: tuple[int, str] | None = None
        for other, ident in zip(raws, ids, strict=True):
            if other is raw or not other.content.contains(raw.cue):
                continue
            if raw.content.contains(other.cue):
                continue
            if best is None or len(other.content) < best[0]:
                best = (len(other.content), ident)
        parents.append(best[1] if best else None)
    return parents


def certainty_cues(article: Article) -> list[CertaintyCue]:
    """Hedge and booster findings over the whole text."""
    return [
        CertaintyCue(label=label, evidence=(span,), detector=CERTAINTY)
        for label, span in find_certainty_cues(article.text)
    ]


def author_assertions(
    article: Article, doc: Doc, attrs: Sequence[Attribution], cues: Sequence[CertaintyCue]
) -> list[AuthorAssertion]:
    """Every sentence not mostly covered by attributions, typed and graded."""
    text = article.text
    sentences = article.sentences or tuple(Span(s.start_char, s.end_char) for s in doc.sents)
    coverage = Coverage([s for a in attrs for s in (a.source, a.cue, a.content) if s is not None])
    # cues by start (then list position), to find those inside a sentence by binary search
    by_start = sorted(range(len(cues)), key=lambda k: (cues[k].evidence[0].start, k))
    cue_starts = [cues[k].evidence[0].start for k in by_start]
    found = []
    for raw_sentence in sentences:
        sentence = trim(raw_sentence, text)
        if sentence is None or coverage.attributed(sentence, text):
            continue
        lo = bisect_left(cue_starts, sentence.start)
        hi = bisect_right(cue_starts, sentence.end, lo)
        held = sorted(k for k in by_start[lo:hi] if sentence.contains(cues[k].evidence[0]))
        inside = [(cues[k].label, cues[k].evidence[0]) for k in held]
        kind = claim_type(sentence.slice(text))
        found.append(
            AuthorAssertion(
                label=kind,
                evidence=(sentence,),
                detector=ASSERTIONS,
                claim_type=kind,
                certainty=certainty(kind, inside),  # type: ignore[arg-type]
                cues=tuple(span for _, span in inside),
            )
        )
    return found


def _existing(article: Article, cls: type[Any]) -> list[Any]:
    return [f for f in article.findings if isinstance(f, cls)]


class AttributionDetector:
    """Who says what, on whose authority: source, cue and content spans.

    ``claims.attribution.v1`` uses the dependency rules alone; ``claims.attribution.v2``
    (``tagged=True``) adds the linear cue tagger trained on PolNeAR and scores each cue;
    ``claims.attribution.v3`` (``version=3``) adds the CRF cue tagger instead.
    """

    def __init__(self, tagged: bool = False, version: int | None = None) -> None:
        self.version = version or (2 if tagged else 1)
        self.tagger = _load_tagger(self.version)
        self.name = (ATTRIBUTION, ATTRIBUTION_V2, ATTRIBUTION_V3, ATTRIBUTION_V4)[self.version - 1]
        if self.tagger is not None:
            self.model_version = str(self.tagger.meta.get("name", "cues"))

    def __call__(self, article: Article, doc: Doc) -> list[Finding]:
        return list(_attributions(article, doc, self.tagger))


Tagger = CueTagger | CrfCueTagger | NeuralCueScorer


def _load_tagger(version: int) -> Tagger | None:
    if version == 1:
        return None
    if version == 2:
        return load_cue_tagger()
    if version == 3:
        return load_crf_tagger()
    if version == 4:
        return load_neural_scorer()
    raise ConfigError(
        f"[E826] No claims attribution version {version}; choose 1 (rules), 2 (rules + "
        "linear cue tagger), 3 (rules + CRF cue tagger) or 4 (rules + CRF + claims encoder)."
    )


def _attributions(article: Article, doc: Doc, tagger: Tagger | None) -> list[Attribution]:
    if isinstance(tagger, NeuralCueScorer):
        return neural_attributions(article, doc, tagger)
    if isinstance(tagger, CrfCueTagger):
        return crf_attributions(article, doc, tagger)
    if tagger is not None:
        return tagged_attributions(article, doc, tagger)
    return attributions(article, doc)


class CertaintyDetector:
    """Hedge and booster cue spans."""

    name = CERTAINTY

    def __call__(self, article: Article, doc: Doc) -> list[Finding]:
        return list(certainty_cues(article))


class AssertionDetector:
    """The author's own, unattributed statements, typed factual/opinion/prediction."""

    name = ASSERTIONS

    def __call__(self, article: Article, doc: Doc) -> list[Finding]:
        attrs = _existing(article, Attribution) or attributions(article, doc)
        cues = _existing(article, CertaintyCue) or certainty_cues(article)
        return list(author_assertions(article, doc, attrs, cues))


class ProfileDetector:
    """The sourcing profile of the article."""

    name = PROFILE

    def __call__(self, article: Article, doc: Doc) -> list[Finding]:
        attrs = _existing(article, Attribution) or attributions(article, doc)
        assertions = _existing(article, AuthorAssertion)
        if not assertions:
            cues = _existing(article, CertaintyCue) or certainty_cues(article)
            assertions = author_assertions(article, doc, attrs, cues)
        profile = sourcing_profile(article.text, attrs, assertions, PROFILE)
        return [profile] if profile is not None else []


class ClaimsDetector:
    """All claims findings in one pass: attributions, cues, assertions, profile.

    ``claims.all.v2`` (``tagged=True``) finds attributions with the PolNeAR cue tagger as well
    as the rules; ``claims.all.v3`` (``version=3``) with the CRF cue tagger. Claims are scored
    by the shipped linear models: check-worthiness for every assertion and attribution content,
    and the probability of uncertainty for assertions (a sentence the hedge model finds
    uncertain, with no booster, gets certainty "low").
    """

    def __init__(self, tagged: bool = False, version: int | None = None) -> None:
        self.version = version or (2 if tagged else 1)
        self.checkworthy: Any = (
            load_checkworthy_encoder() if self.version == 4 else load_checkworthy()
        )
        self.hedge = load_hedge()
        self.tagger = _load_tagger(self.version)
        self.name = (ALL, ALL_V2, ALL_V3, ALL_V4)[self.version - 1]
        names = (
            self.checkworthy.meta.get("name", "checkworthy"),
            self.hedge.meta.get("name", "hedge"),
            *([self.tagger.meta.get("name", "cues")] if self.tagger is not None else []),
        )
        self.model_version = "+".join(str(n) for n in names)

    def __call__(self, article: Article, doc: Doc) -> list[Finding]:
        attrs = _attributions(article, doc, self.tagger)
        cues = certainty_cues(article)
        assertions = author_assertions(article, doc, attrs, cues)
        attrs, assertions = self._score(article.text, attrs, assertions, cues)
        profile = sourcing_profile(article.text, attrs, assertions, PROFILE)
        tail: list[Finding] = [profile] if profile is not None else []
        return [*attrs, *cues, *assertions, *tail]

    def _score(
        self,
        text: str,
        attrs: list[Attribution],
        assertions: list[AuthorAssertion],
        cues: list[CertaintyCue],
    ) -> tuple[list[Attribution], list[AuthorAssertion]]:
        claims = [a.evidence[0].slice(text) for a in assertions]
        contents = [
            text[a.content.start : min(a.content.end, a.content.start + _SCORED_CHARS)]
            for a in attrs
        ]
        if not claims and not contents:
            return attrs, assertions
        worth = self.checkworthy.predict_proba(claims + contents)
        doubt = self.hedge.predict_proba(claims) if claims else worth[:0]
        boosters = {c.evidence[0] for c in cues if c.label == "booster"}
        scored_assertions = []
        for i, assertion in enumerate(assertions):
            uncertain = doubt[i] >= self.hedge.threshold
            boosted = any(span in boosters for span in assertion.cues)
            scored_assertions.append(
                replace(
                    assertion,
                    score=float(worth[i]),
                    checkworthiness=float(worth[i]),
                    uncertainty=float(doubt[i]),
                    certainty="low" if uncertain and not boosted else assertion.certainty,
                )
            )
        offset = len(claims)
        scored_attrs = [
            replace(a, checkworthiness=float(worth[offset + i])) for i, a in enumerate(attrs)
        ]
        return scored_attrs, scored_assertions


@detectors.register(ATTRIBUTION)
def make_attribution(settings: object | None) -> AttributionDetector:
    return AttributionDetector()


@detectors.register(ATTRIBUTION_V2)
def make_attribution_v2(settings: object | None) -> AttributionDetector:
    return AttributionDetector(tagged=True)


@detectors.register(ATTRIBUTION_V3)
def make_attribution_v3(settings: object | None) -> AttributionDetector:
    return AttributionDetector(version=3)


@detectors.register(ATTRIBUTION_V4)
def make_attribution_v4(settings: object | None) -> AttributionDetector:
    return AttributionDetector(version=4)


@detectors.register(CERTAINTY)
def make_certainty(settings: object | None) -> CertaintyDetector:
    return CertaintyDetector()


@detectors.register(ASSERTIONS)
def make_assertions(settings: object | None) -> AssertionDetector:
    return AssertionDetector()


@detectors.register(PROFILE)
def make_profile(settings: object | None) -> ProfileDetector:
    return ProfileDetector()


@detectors.register(ALL)
def make_all(settings: object | None) -> ClaimsDetector:
    return ClaimsDetector()


@detectors.register(ALL_V2)
def make_all_v2(settings: object | None) -> ClaimsDetector:
    return ClaimsDetector(tagged=True)


@detectors.register(ALL_V3)
def make_all_v3(settings: object | None) -> ClaimsDetector:
    return ClaimsDetector(version=3)


@detectors.register(ALL_V4)
def make_all_v4(settings: object | None) -> ClaimsDetector:
    return ClaimsDetector(version=4)
