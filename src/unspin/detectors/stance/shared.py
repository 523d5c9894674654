"""The ``stance.shared.v2`` detector: polarity toward each actor mention from the shared
paragraph encoder, so stance costs a matrix product on the pass persuasion already made.

The head reads ``[mean state of the sentence's pieces; mean state of the mention's pieces]``
from the paragraph's pass (no target markers, so every mention of a paragraph reads the same
states), after stance's own top layer(s) when the encoder folder names them (``tops`` in its
``model.json``): the two shared layers are paid once, the private layer by stance alone, and
only over paragraphs that mention an actor. ``stance.target.v1`` (six layers, marked targets,
one pass per target) stays as it was.

Example:
    >>> detector = SharedStanceDetector()  # doctest: +SKIP
    >>> [f.label for f in detector(article, doc) if f.kind == "actor_stance"]  # doctest: +SKIP
    ['negative', 'positive']
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from unspin.detectors.persuasion.encoder_models import shared_model_dir
from unspin.detectors.stance.detector import (
    MentionSlot,
    StanceDetector,
    aggregate,
    mention_finding,
    mention_slots,
)
from unspin.detectors.stance.predict import TargetInput
from unspin.encoder import (
    Encoder,
    FloatArray,
    PairHead,
    SegmentStates,
    load_encoder,
    paragraph_passes,
    paragraph_segments,
    text_states,
    with_top,
)
from unspin.errors import ModelError
from unspin.model import Article, Finding, Span
from unspin.registry import detectors

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME_V2 = "stance.shared.v2"
HEAD = "stance"


class SharedStancePredictor:
    """Target polarity from the shared encoder's ``stance`` head.

    Example:
        >>> p = SharedStancePredictor.load()  # doctest: +SKIP
        >>> p.predict([TargetInput("Critics slammed Smith.", 16, 21)]).shape  # doctest: +SKIP
        (1, 3)
    """

    def __init__(self, encoder: Encoder, head: PairHead) -> None:
        self.encoder = encoder
        self.head = head
        self.top = encoder.top(HEAD)

    @classmethod
    def load(cls, folder: Path | None = None) -> SharedStancePredictor:
        folder = folder or shared_model_dir()
        encoder = load_encoder(folder)
        if HEAD not in encoder.config.heads:
            raise ModelError(f"[E1308] The encoder in {folder} has no {HEAD} head.")
        return cls(encoder, PairHead.load(folder / f"{HEAD}.npz", HEAD))

    @property
    def labels(self) -> tuple[str, ...]:
        return self.head.labels

    @property
    def version(self) -> str:
        return self.encoder.version

    def predict(self, items: Sequence[TargetInput], batch_size: int = 1) -> FloatArray:
        """Probabilities (``len(items) x 3``), each text encoded on its own."""
        states = self.topped(text_states(self.encoder, [i.text for i in items]))
        return self.read(
            [(s, 0, len(i.text), i.start, i.end) for s, i in zip(states, items, strict=True)]
        )

    def topped(self, segments: Sequence[SegmentStates]) -> list[SegmentStates]:
        """The segments as the head reads them: after its private top layers, if it has any."""
        return list(segments) if self.top is None else with_top(self.top, segments)

    def read(self, slots: Sequence[tuple[SegmentStates, int, int, int, int]]) -> FloatArray:
        """Probabilities for ``(segment, sentence start, end, target start, end)`` slots.

        A target with no pieces of its own (e.g. only whitespace) reads its sentence's mean;
        a sentence with no pieces gives the uniform distribution.
        """
        n = len(self.labels)
        out = np.full((len(slots), n), 1.0 / n, dtype=np.float32)
        sentences, targets, rows = [], [], []
        for row, (segment, s_start, s_end, t_start, t_end) in enumerate(slots):
            sentence = segment.span_mean(s_start, s_end)
            if sentence is None:
                continue
            target = segment.span_mean(t_start, t_end)
            sentences.append(sentence)
            targets.append(sentence if target is None else target)
            rows.append(row)
        if rows:
            out[rows] = self.head.proba(np.stack(sentences), np.stack(targets))
        return out


class SharedStanceDetector(StanceDetector):
    """Every actor mention read from its paragraph's shared pass (one pass per paragraph)."""

    name = NAME_V2
    predictor: SharedStancePredictor

    def __init__(self, predictor: SharedStancePredictor | None = None) -> None:
        super().__init__(predictor or SharedStancePredictor.load())

    def __call__(self, article: Article, doc: Doc | None = None) -> list[Finding]:
        slots = mention_slots(article)
        if not slots:
            return []
        segments = paragraph_segments(article)
        by_segment = _slots_by_segment(slots, segments)
        kept, rows = [], []
        for chunk in paragraph_passes(self.predictor.encoder, article.text, segments):
            used = [s for s in chunk if s.segment in by_segment]
            reads = []
            for segment in self.predictor.topped(used):
                for slot in by_segment[segment.segment]:
                    start = max(slot.sentence.start, segment.segment.start)
                    end = min(slot.sentence.end, segment.segment.end)
                    reads.append((segment, start, end, slot.mention.start, slot.mention.end))
                    kept.append(slot)
            if reads:
                rows.append(self.predictor.read(reads))
        probs = np.vstack(rows) if rows else np.zeros((0, len(self.predictor.labels)))
        labels = self.predictor.labels
        mentions = [
            mention_finding(slot, row, labels, self.name)
            for slot, row in zip(kept, probs, strict=True)
        ]
        return [*mentions, *aggregate(mentions, self.name)]


def _slots_by_segment(
    slots: Sequence[MentionSlot], segments: Sequence[Span]
) -> dict[Span, list[MentionSlot]]:
    """Each mention under the paragraph that contains it, in text order; others are dropped."""
    ordered = sorted(segments)
    starts = [s.start for s in ordered]
    out: dict[Span, list[MentionSlot]] = {}
    for slot in slots:
        i = bisect.bisect_right(starts, slot.mention.start) - 1
        if i >= 0 and ordered[i].contains(slot.mention):
            out.setdefault(ordered[i], []).append(slot)
    return out


@detectors.register(NAME_V2)
def make_shared_stance_detector(settings: Any = None) -> SharedStanceDetector:
    """Factory of ``stance.shared.v2`` (settings are not used yet)."""
    return SharedStanceDetector()
