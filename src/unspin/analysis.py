"""Library entry points: from a source (file, folder, JSONL, URL, stdin) to analysed articles.

Example:
    >>> from unspin.analysis import Analyzer
    >>> analyzer = Analyzer()  # doctest: +SKIP
    >>> article = analyzer.analyze_text("Xi Jinping met Vladimir Putin.")  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from unspin.config import Settings, load_settings
from unspin.errors import UnspinError
from unspin.ingest import IngestOptions, InputFailure, RawInput, ingest, iter_inputs
from unspin.model import Article
from unspin.pipeline import Pipeline


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be analysed, with the coded error that says why."""

    source_id: str
    error: UnspinError


class Analyzer:
    """Ingest plus pipeline, with the model loaded once for many articles."""

    def __init__(
        self,
        settings: Settings | None = None,
        pipeline: Pipeline | None = None,
        ingest_options: IngestOptions | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self._pipeline = pipeline
        self.ingest_options = ingest_options or ingest_options_from(self.settings)

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def analyze_text(self, text: str, **meta: str | None) -> Article:
        """Analyse one plain text; ``meta`` may give url, published, outlet, title, source_id."""
        raw = RawInput(content=text, kind="text", **meta)
        return self.pipeline.run(ingest(raw, self.ingest_options))

    def analyze_source(self, source: str) -> Iterator[Article | Failure]:
        """Analyse everything a SOURCE names, in order; bad items become ``Failure``s."""
        return self.analyze_inputs(iter_inputs(source, self.ingest_options))

    def analyze_inputs(
        self, inputs: Iterable[RawInput | InputFailure]
    ) -> Iterator[Article | Failure]:
        """Ingest and analyse a stream of inputs in batches, keeping their order."""
        size = self.settings.pipeline.batch_size
        iterator = iter(inputs)
        while batch := list(itertools.islice(iterator, size)):
            ingested = [self._ingest_one(item) for item in batch]
            articles = [a for a in ingested if isinstance(a, Article)]
            analysed = iter(self.pipeline.run_many(articles, batch_size=size) if articles else ())
            for item in ingested:
                yield next(analysed) if isinstance(item, Article) else item

    def _ingest_one(self, item: RawInput | InputFailure) -> Article | Failure:
        if isinstance(item, InputFailure):
            return Failure(item.source_id, item.error)
        try:
            return ingest(item, self.ingest_options)
        except UnspinError as exc:
            return Failure(item.source_id or item.url or "<input>", exc)


def ingest_options_from(settings: Settings, *, allow_private: bool | None = None) -> IngestOptions:
    """Ingest options from settings; ``allow_private`` from the command line wins."""
    return IngestOptions(
        max_bytes=settings.ingest.max_bytes,
        timeout=settings.ingest.timeout,
        max_redirects=settings.ingest.max_redirects,
        allow_private=settings.ingest.allow_private if allow_private is None else allow_private,
    )
