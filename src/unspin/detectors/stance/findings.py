"""Finding kinds for stance: one per actor mention, one aggregate per actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from unspin.model import Finding, register_finding_kind

Polarity = Literal["negative", "neutral", "positive"]
Holder = Literal["author", "source", "mixed"]


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class MentionStance(Finding):
    """How one sentence treats one actor mention.

    ``evidence`` is ``(sentence, mention)``. ``label`` is the most probable polarity,
    ``confidence`` its probability, ``probabilities`` are (negative, neutral, positive) and
    ``score`` is ``p(positive) - p(negative)`` in [-1, 1]. ``holder`` is ``"source"`` when the
    mention lies inside attributed content (an ``attribution`` finding), else ``"author"``.
    """

    kind: ClassVar[str] = "stance"
    actor: str
    confidence: float
    probabilities: tuple[float, ...]
    holder: Holder = "author"


@register_finding_kind
@dataclass(frozen=True, slots=True, kw_only=True)
class ActorStance(Finding):
    """How the article as a whole treats one actor.

    ``label`` is the argmax of the mean mention probabilities, ``score`` the mean of the
    mentions' ``p(positive) - p(negative)``; ``evidence`` holds the sentences of the (at most
    three) mentions that support the label most strongly, in text order. ``holder`` says whether
    the mentions are in the author's voice, inside attributed content, or both.
    """

    kind: ClassVar[str] = "actor_stance"
    actor: str
    holder: Holder
    mentions: int
    negative: int
    neutral: int
    positive: int
    confidence: float
