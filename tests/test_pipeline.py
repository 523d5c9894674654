"""The pipeline: one parse per article, stage contracts checked, batches stream in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from unspin.config import load_settings
from unspin.errors import PipelineError
from unspin.model import Actor, Article, Finding, Mention, Meta, Span, TimeExpression
from unspin.pipeline import Pipeline, _paragraph_chunks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass
class FirstEntityLinker:
    """A stand-in linker: every named entity becomes its own actor."""

    name: str = "test.linker.v1"

    def __call__(self, article: Article, doc: Doc) -> tuple[Actor, ...]:
        return tuple(
            Actor(
                id=f"A{i}",
                name=ent.text,
                kind="group",
                mentions=(Mention(Span(ent.start_char, ent.end_char)),),
            )
            for i, ent in enumerate(doc.ents, start=1)
        )


@dataclass
class ReturnsThis:
    value: Any
    name: str = "test.fixed.v1"

    def __call__(self, article: Article, doc: Doc) -> Any:
        return self.value


def _article(text: str) -> Article:
    return Article(id=Article.make_id(text), text=text, meta=Meta())


def _pipeline(spacy_nlp: Language, detectors: list[Any], **settings: Any) -> Pipeline:
    return Pipeline(
        load_settings(**settings), nlp=spacy_nlp, linker=FirstEntityLinker(), detectors=detectors
    )


TEXT = "Russia and China met in Moscow.\n\nThe talks lasted three days. Nothing was signed."


def test_stages_fill_sentences_actors_findings_and_provenance(nlp: Language) -> None:
    finding = TimeExpression(
        label="DURATION",
        evidence=(Span(50, 60),),
        detector="test.fixed.v1",
        value="P3D",
        granularity=None,
    )
    result = _pipeline(nlp, [ReturnsThis([finding])]).run(_article(TEXT))
    assert [result.evidence(s) for s in result.paragraphs] == TEXT.split("\n\n")
    assert [result.evidence(s) for s in result.sentences] == [
        "Russia and China met in Moscow.",
        "The talks lasted three days.",
        "Nothing was signed.",
    ]
    assert {a.name for a in result.actors} >= {"Russia", "China", "Moscow"}
    assert result.findings == (finding,)
    assert result.provenance is not None
    assert result.provenance.stages == ("nlp.segment.v1", "test.linker.v1", "test.fixed.v1")
    assert result.provenance.models["spacy"].endswith("3.8.0")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "E006"),
        ([object()], "E006"),
        ((), "E006"),
        (
            [
                TimeExpression(
                    label="DATE",
                    evidence=(Span(0, 10_000),),
                    detector="x.v1",
                    value=None,
                    granularity=None,
                )
            ],
            "E007",
        ),
    ],
)
def test_a_stage_that_breaks_the_contract_is_named(nlp: Language, value: Any, code: str) -> None:
    with pytest.raises(PipelineError, match=code):
        _pipeline(nlp, [ReturnsThis(value)]).run(_article(TEXT))


def test_run_many_keeps_order_across_batches(nlp: Language) -> None:
    texts = [f"Article number {i} mentions France." for i in range(7)]
    results = list(_pipeline(nlp, []).run_many([_article(t) for t in texts], batch_size=3))
    assert [r.text for r in results] == texts


def test_long_texts_are_parsed_in_chunks_with_exact_offsets(nlp: Language) -> None:
    paragraph = "Germany and Poland signed a treaty in Warsaw on Monday. " * 6
    text = "\n\n".join(paragraph.strip() for _ in range(5))
    pipeline = _pipeline(nlp, [], nlp={"chunk_chars": 400})
    result = pipeline.run(_article(text))
    assert result.text == text
    assert len(result.sentences) == 30
    for actor in result.actors:
        for mention in actor.mentions:
            assert result.evidence(mention.span) == actor.name


@pytest.mark.parametrize("limit", [5, 17, 64, 1000])
def test_paragraph_chunks_concatenate_back(limit: int) -> None:
    text = "One two three.\n\nFour five six seven eight nine ten.\n\nEleven" * 3
    chunks = list(_paragraph_chunks(text, limit))
    assert "".join(chunks) == text
    assert all(chunk for chunk in chunks)


def test_default_pipeline_uses_registered_detectors(nlp: Language) -> None:
    pipeline = Pipeline(load_settings(), nlp=nlp, linker=FirstEntityLinker())
    assert [d.name for d in pipeline.detectors] == list(load_settings().pipeline.detectors)
    assert isinstance(pipeline.detectors[0](_article("x"), nlp("x")), list)


def test_findings_are_findings() -> None:
    assert issubclass(TimeExpression, Finding)
