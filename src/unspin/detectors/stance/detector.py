"""The ``stance.target.v1`` detector: polarity toward every actor mention, then per actor."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from unspin.detectors.stance.findings import ActorStance, Holder, MentionStance, Polarity
from unspin.detectors.stance.predict import Predictor, StancePredictor, TargetInput
from unspin.model import Actor, Article, Finding, Span
from unspin.registry import detectors

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "stance.target.v1"
EVIDENCE_PER_ACTOR = 3
# A location is where something happens, not someone the text can be for or against; NewsMTSC
# (the training data) annotates persons, parties and states, never places.
SKIPPED_KINDS = frozenset({"location"})


@dataclass(frozen=True, slots=True)
class MentionSlot:
    actor: Actor
    sentence: Span
    mention: Span
    holder: Holder


class StanceDetector:
    """Batch every actor mention of an article through one encoder call.

    Example:
        >>> detector = StanceDetector()  # doctest: +SKIP
        >>> findings = detector(article, doc)  # doctest: +SKIP
    """

    name = NAME

    def __init__(self, predictor: Predictor | None = None) -> None:
        self.predictor = predictor or StancePredictor.load()

    @property
    def model_version(self) -> str:
        return self.predictor.version

    def __call__(self, article: Article, doc: Doc | None = None) -> list[Finding]:
        slots = mention_slots(article)
        # As in NewsMTSC, polarity is per target per sentence: an actor named twice in one
        # sentence is encoded once, with its first mention marked, and both mentions share it.
        first: dict[tuple[str, Span], int] = {}
        for slot in slots:
            first.setdefault((slot.actor.id, slot.sentence), len(first))
        keys = list(first)
        marked = {first[(s.actor.id, s.sentence)]: s for s in reversed(slots)}
        probs = self.predictor.predict(
            [_sentence_input(article.text, marked[i]) for i in range(len(keys))]
        )
        mentions = [
            mention_finding(
                slot, probs[first[(slot.actor.id, slot.sentence)]], self.predictor.labels
            )
            for slot in slots
        ]
        return [*mentions, *aggregate(mentions)]


def _sentence_input(text: str, slot: MentionSlot) -> TargetInput:
    sentence = text[slot.sentence.start : slot.sentence.end]
    offset = slot.sentence.start
    return TargetInput(sentence, slot.mention.start - offset, slot.mention.end - offset)


def mention_slots(article: Article) -> list[MentionSlot]:
    """Each actor mention with its sentence and holder, in text order."""
    sentences = sorted(article.sentences)
    starts = [s.start for s in sentences]
    contents = [
        c
        for c in (getattr(f, "content", None) for f in article.findings_of("attribution"))
        if isinstance(c, Span)
    ]
    slots = []
    for actor in article.actors:
        if actor.kind in SKIPPED_KINDS:
            continue
        for mention in actor.mentions:
            i = bisect.bisect_right(starts, mention.span.start) - 1
            if i < 0 or not sentences[i].contains(mention.span) or not len(mention.span):
                continue
            sentence = sentences[i]
            inside = any(c.contains(mention.span) or c.contains(sentence) for c in contents)
            slots.append(
                MentionSlot(actor, sentence, mention.span, "source" if inside else "author")
            )
    slots.sort(key=lambda s: (s.mention.start, s.mention.end, s.actor.id))
    return slots


def mention_finding(
    slot: MentionSlot, row: Any, labels: Sequence[str], detector: str = NAME
) -> MentionStance:
    """The ``stance`` finding of one mention from its probability row."""
    probs = tuple(round(float(p), 4) for p in row)
    best = int(np.argmax(row))
    by_label = dict(zip(labels, probs, strict=True))
    label: Polarity = _polarity(labels[best])
    return MentionStance(
        label=label,
        evidence=(slot.sentence, slot.mention),
        detector=detector,
        score=round(by_label["positive"] - by_label["negative"], 4),
        actor=slot.actor.id,
        confidence=probs[best],
        probabilities=probs,
        holder=slot.holder,
    )


def _polarity(value: str) -> Polarity:
    if value == "negative":
        return "negative"
    if value == "positive":
        return "positive"
    return "neutral"


def aggregate(mentions: Sequence[MentionStance], detector: str = NAME) -> list[ActorStance]:
    """One ``ActorStance`` per actor: mean probabilities, counts and the strongest sentences."""
    by_actor: dict[str, list[MentionStance]] = defaultdict(list)
    for m in mentions:
        by_actor[m.actor].append(m)
    out = []
    for actor_id, group in by_actor.items():
        mean = np.mean([m.probabilities for m in group], axis=0)
        best = int(np.argmax(mean))
        label = _polarity(("negative", "neutral", "positive")[best])
        strongest = sorted(group, key=lambda m: -m.probabilities[best])[:EVIDENCE_PER_ACTOR]
        evidence = tuple(sorted({m.evidence[0] for m in strongest}))
        holders = {m.holder for m in group}
        holder: Holder = holders.pop() if len(holders) == 1 else "mixed"
        counts = {
            lab: sum(1 for m in group if m.label == lab)
            for lab in ("negative", "neutral", "positive")
        }
        out.append(
            ActorStance(
                label=label,
                evidence=evidence,
                detector=detector,
                score=round(float(np.mean([m.score or 0.0 for m in group])), 4),
                actor=actor_id,
                holder=holder,
                mentions=len(group),
                negative=counts["negative"],
                neutral=counts["neutral"],
                positive=counts["positive"],
                confidence=round(float(mean[best]), 4),
            )
        )
    return out


@detectors.register(NAME)
def make_stance_detector(settings: Any = None) -> StanceDetector:
    """Factory of ``stance.target.v1`` (settings are not used yet)."""
    return StanceDetector()
