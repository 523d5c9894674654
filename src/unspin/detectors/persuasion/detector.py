"""The ``persuasion.baseline.v1`` and ``persuasion.crf.v2`` detectors: techniques per
paragraph, genre and frames.

Each paragraph is labelled with the SemEval-2023 techniques; a technique's evidence is the
sentences of the paragraph that the same model also labels with it, else the whole paragraph.
The article gets one ``Genre`` and its ``Frame`` findings, with the whole text as evidence.
Articles whose language is known and not English get no findings. ``persuasion.crf.v2``
finds the same techniques but narrows their evidence to the CRF spans of the paragraph whose
v2 technique (mapped to the 2023 code) is the finding's label, where there are such spans.

Example:
    >>> detector = PersuasionDetector()  # doctest: +SKIP
    >>> [f.label for f in detector(article, doc)]  # doctest: +SKIP
    ['Loaded_Language', 'opinion', 'Political']
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from unspin.detectors.persuasion.baseline import PersuasionModels, load_models
from unspin.detectors.persuasion.findings import Frame, Genre, Technique
from unspin.detectors.persuasion.models_v2 import PersuasionModelsV2, load_models_v2
from unspin.detectors.persuasion.taxonomy import TECHNIQUES
from unspin.model import Article, Finding, Span
from unspin.registry import detectors

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "persuasion.baseline.v1"
NAME_V2 = "persuasion.crf.v2"


class PersuasionDetector:
    """Label paragraphs with persuasion techniques and the article with genre and frames."""

    name = NAME

    def __init__(self, models: PersuasionModels | None = None) -> None:
        self.models = models or load_models()
        self.model_version = self.models.version

    def __call__(self, article: Article, doc: Doc | None = None) -> list[Finding]:
        """Return technique, genre and frame findings for ``article`` (``doc`` is not needed)."""
        text = article.text
        language = article.meta.language
        if not text.strip() or (language is not None and not language.startswith("en")):
            return []
        paragraphs = [p for p in article.paragraphs if text[p.start : p.end].strip()]
        if not paragraphs:
            paragraphs = [Span(0, len(text))]
        findings: list[Finding] = self._techniques(article, paragraphs)
        whole = (Span(0, len(text)),)
        ((genre, confidence),) = self.models.genre([text])
        findings.append(Genre(label=genre, evidence=whole, detector=self.name, score=confidence,
                              confidence=confidence))  # fmt: skip
        for frame, p in self.models.frames([text])[0]:
            findings.append(
                Frame(label=frame, evidence=whole, detector=self.name, score=p, confidence=p)
            )
        return findings

    def _techniques(self, article: Article, paragraphs: list[Span]) -> list[Finding]:
        proba, chosen = self._paragraph_proba(article, paragraphs)
        labels = self.models.st3.labels
        out: list[Finding] = []
        for paragraph, p_row, c_row in zip(paragraphs, proba, chosen, strict=True):
            if not c_row.any():
                continue
            sentences = paragraph_sentences(article, paragraph)
            s_chosen = self._sentence_chosen(article, paragraph, sentences)
            for j in np.flatnonzero(c_row):
                code = labels[j]
                narrow = tuple(s for s, c in zip(sentences, s_chosen, strict=True) if c[j])
                evidence = narrow if narrow and len(narrow) < len(sentences) else (paragraph,)
                confidence = float(p_row[j])
                out.append(
                    Technique(
                        label=code,
                        evidence=evidence,
                        detector=self.name,
                        score=confidence,
                        group=TECHNIQUES[code].group,
                        explanation=code,
                        confidence=confidence,
                    )
                )
        return out

    def _paragraph_proba(
        self, article: Article, paragraphs: list[Span]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Technique probabilities and decisions of each paragraph."""
        return self.models.technique_proba([article.text[p.start : p.end] for p in paragraphs])

    def _sentence_chosen(
        self, article: Article, paragraph: Span, sentences: list[Span]
    ) -> np.ndarray:
        """Technique decisions of each sentence of a paragraph (to narrow the evidence)."""
        text = article.text
        return self.models.technique_proba([text[s.start : s.end] for s in sentences])[1]


def paragraph_sentences(article: Article, paragraph: Span) -> list[Span]:
    """The non-blank sentences inside ``paragraph``, in order."""
    text = article.text
    return [s for s in article.sentences if paragraph.contains(s) and text[s.start : s.end].strip()]


@detectors.register(NAME)
def make_persuasion_baseline(settings: Any = None) -> PersuasionDetector:
    """Factory of the ``persuasion.baseline.v1`` detector (settings are not used yet)."""
    return PersuasionDetector()


class PersuasionCrfDetector(PersuasionDetector):
    """``persuasion.crf.v2``: v1's findings with evidence narrowed to CRF spans."""

    name = NAME_V2

    def __init__(self, models: PersuasionModelsV2 | None = None) -> None:
        super().__init__(models or load_models_v2())

    def _techniques(self, article: Article, paragraphs: list[Span]) -> list[Finding]:
        found = super()._techniques(article, paragraphs)
        if not found:
            return found
        spans = self.models.technique_spans(article.id, article.text)
        out: list[Finding] = []
        for finding in found:
            area = Span(
                min(e.start for e in finding.evidence), max(e.end for e in finding.evidence)
            )
            paragraph = next((p for p in paragraphs if p.contains(area)), area)
            hits = tuple(
                Span(s.start, s.end)
                for s in spans
                if s.technique == finding.label and paragraph.contains(Span(s.start, s.end))
            )
            out.append(replace(finding, evidence=hits) if hits else finding)
        return out


@detectors.register(NAME_V2)
def make_persuasion_crf(settings: Any = None) -> PersuasionCrfDetector:
    """Factory of the ``persuasion.crf.v2`` detector (settings are not used yet)."""
    return PersuasionCrfDetector()
