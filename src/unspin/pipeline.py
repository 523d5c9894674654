"""Ordered, named stages over a stream of articles: parse, segment, link actors, detect.

Example:
    >>> from unspin.pipeline import Pipeline
    >>> pipeline = Pipeline()  # doctest: +SKIP
    >>> analysed = pipeline.run(article)  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from unspin import __version__
from unspin.config import Settings, load_settings
from unspin.errors import PipelineError, SpanError
from unspin.model import Actor, Article, Finding, Provenance
from unspin.nlp.load import load_spacy, model_version
from unspin.nlp.segment import paragraph_spans, sentence_spans
from unspin.registry import detectors as detector_registry

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from unspin.detectors.base import Detector
    from unspin.nlp.actors import ActorLinker

SEGMENT_STAGE = "nlp.segment.v1"


class Pipeline:
    """The analysis pipeline: one spaCy parse per article, shared by every later stage."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        nlp: Language | None = None,
        linker: ActorLinker | None = None,
        detectors: list[Detector] | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.nlp = nlp or load_spacy(self.settings.nlp.spacy_model)
        if linker is None:
            from unspin.nlp.actors import ActorLinker

            linker = ActorLinker()
        self.linker = linker
        if detectors is None:
            detectors = [
                detector_registry.get(name)(self.settings)
                for name in self.settings.pipeline.detectors
            ]
        self.detectors = detectors
        self._provenance = Provenance(
            package_version=__version__,
            config_hash=self.settings.hash(),
            stages=(SEGMENT_STAGE, self.linker.name, *(d.name for d in self.detectors)),
            models=self._model_versions(),
        )

    @property
    def stage_names(self) -> tuple[str, ...]:
        return self._provenance.stages

    def run(self, article: Article) -> Article:
        """Analyse one article (a batch of one)."""
        return next(self.run_many([article]))

    def run_many(
        self, articles: Iterable[Article], batch_size: int | None = None
    ) -> Iterator[Article]:
        """Analyse a stream of articles in order, holding one batch in memory at a time."""
        size = batch_size or self.settings.pipeline.batch_size
        iterator = iter(articles)
        while batch := list(itertools.islice(iterator, size)):
            docs = self._parse([a.text for a in batch], size)
            for article, doc in zip(batch, docs, strict=True):
                yield self.annotate(article, doc)

    def annotate(self, article: Article, doc: Doc) -> Article:
        """Run every stage after parsing on one article and its parse."""
        if doc.text != article.text:
            raise PipelineError(
                "[E003] The parse does not match the article text; offsets would be wrong. "
                "Parse exactly article.text."
            )
        paragraphs = article.paragraphs or paragraph_spans(article.text)
        article = article.with_updates(
            paragraphs=paragraphs,
            sentences=sentence_spans(article.text, doc, paragraphs),
        )
        actors = self.linker(article, doc)
        _check_actors(self.linker.name, actors, article.text)
        article = article.with_updates(actors=tuple(actors))
        findings: list[Finding] = []
        for detector in self.detectors:
            # Each detector sees the findings of the stages before it (events read attributions).
            produced = detector(article.with_updates(findings=tuple(findings)), doc)
            _check_findings(detector.name, produced, article.text)
            findings.extend(produced)
        return article.with_updates(findings=tuple(findings), provenance=self._provenance)

    def _parse(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        limit = self.settings.nlp.chunk_chars
        if all(len(t) <= limit for t in texts):
            yield from self.nlp.pipe(texts, batch_size=batch_size)
            return
        for text in texts:
            yield self._parse_long(text, limit) if len(text) > limit else self.nlp(text)

    def _parse_long(self, text: str, limit: int) -> Doc:
        from spacy.tokens import Doc

        chunks = list(_paragraph_chunks(text, limit))
        max_chunk = max(len(c) for c in chunks)
        if max_chunk > self.nlp.max_length:
            self.nlp.max_length = max_chunk + 1
        doc = Doc.from_docs(list(self.nlp.pipe(chunks)), ensure_whitespace=False)
        if doc.text != text:
            raise PipelineError("[E004] Chunked parse lost characters; please report this text.")
        return doc

    def _model_versions(self) -> dict[str, str]:
        versions = {"spacy": model_version(self.nlp)}
        linker_version: Any = getattr(self.linker, "resource_version", None)
        if linker_version:
            versions["gazetteer"] = str(linker_version)
        for detector in self.detectors:
            version = getattr(detector, "model_version", None)
            if version:
                versions[detector.name] = str(version)
        return versions


def _paragraph_chunks(text: str, limit: int) -> Iterator[str]:
    """Split ``text`` into pieces of at most about ``limit`` chars, cut after paragraph breaks.

    The pieces concatenate back to ``text`` exactly. A paragraph longer than ``limit`` is cut
    after its last space before the limit.
    """
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        yield text[start:end]
        start = end


def _check_actors(stage: str, actors: Any, text: str) -> None:
    if not isinstance(actors, tuple | list) or not all(isinstance(a, Actor) for a in actors):
        raise PipelineError(f"[E005] Stage {stage!r} must return a tuple of Actor.")
    for actor in actors:
        for mention in actor.mentions:
            _check_span(stage, mention.span, text)


def _check_findings(stage: str, findings: Any, text: str) -> None:
    if not isinstance(findings, list) or not all(isinstance(f, Finding) for f in findings):
        raise PipelineError(
            f"[E006] Detector {stage!r} must return a list of Finding, "
            f"got {type(findings).__name__}."
        )
    for finding in findings:
        for span in finding.evidence:
            _check_span(stage, span, text)


def _check_span(stage: str, span: Any, text: str) -> None:
    try:
        span.slice(text)
    except (SpanError, AttributeError) as exc:
        raise PipelineError(f"[E007] Stage {stage!r} produced a bad span {span!r}: {exc}") from exc
