"""The claims encoder (``claims.attribution.v4``): wordpiece-to-token mapping, span decoding,
source and content refinement, the shipped model and the v4 detectors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.support import parsed_article
from unspin.detectors.claims.attribution import RawAttribution
from unspin.detectors.claims.detectors import (
    ALL_V4,
    ATTRIBUTION_V4,
    AttributionDetector,
    ClaimsDetector,
    neural_attributions,
)
from unspin.detectors.claims.docindex import DocIndex
from unspin.detectors.claims.findings import Attribution
from unspin.detectors.claims.neural import (
    LABELS,
    ROLES,
    TokenHead,
    first_pieces,
    load_neural_scorer,
    piece_table,
)
from unspin.detectors.claims.neural_spans import SpanOptions, TaggedSpans, build, refine
from unspin.detectors.claims.predict import predict_dir
from unspin.detectors.claims.tagger import TaggedCue
from unspin.encoder import Encoded, SegmentStates, Window
from unspin.errors import ModelError
from unspin.model import Span
from unspin.registry import detectors
from unspin.serialize import article_from_dict, article_to_dict

if TYPE_CHECKING:
    from spacy.language import Language

LOG0 = np.log(1e-9)


def _segment(offsets: list[tuple[int, int]], hidden: int = 4) -> SegmentStates:
    """One window whose piece ``i`` has the state ``[i, i, …]`` ([CLS]/[SEP] are -1)."""
    ids = (101, *range(1000, 1000 + len(offsets)), 102)
    states = np.full((len(ids), hidden), -1.0, dtype=np.float32)
    states[1:-1] = np.arange(len(offsets), dtype=np.float32)[:, None]
    window = Window(Encoded(ids), tuple(offsets))
    return SegmentStates(Span(offsets[0][0], offsets[-1][1]), (window,), (states,))


def test_piece_table_drops_special_states_and_keeps_order() -> None:
    first = _segment([(0, 3), (4, 8)])
    second = _segment([(10, 12), (12, 15)])
    starts, ends, states = piece_table([first, second])
    assert starts.tolist() == [0, 4, 10, 12] and ends.tolist() == [3, 8, 12, 15]
    assert states[:, 0].tolist() == [0.0, 1.0, 0.0, 1.0]
    empty = piece_table([])
    assert empty[2].shape[0] == 0


def test_each_token_reads_its_first_wordpiece(nlp: Language) -> None:
    doc = nlp("Kim  unbelievably said.")  # "unbelievably" is two pieces; "  " has none
    text = doc.text
    offsets = [(0, 3), (5, 7), (7, 17), (18, 22), (22, 23)]
    starts, ends, _ = piece_table([_segment(offsets)])
    mapped = first_pieces(doc, starts, ends)
    by_text = {t.text: int(mapped[t.i]) for t in doc}
    assert by_text["Kim"] == 0 and by_text["unbelievably"] == 1 and by_text["said"] == 3
    assert by_text["."] == 4
    spaces = [t.i for t in doc if t.is_space]
    assert all(mapped[i] == -1 for i in spaces)
    assert text[starts[mapped[2]] : ends[mapped[2]]] == "un"


def test_tokens_without_pieces_map_to_minus_one(nlp: Language) -> None:
    doc = nlp("Kim said.")
    none = np.zeros(0, np.int64)
    assert first_pieces(doc, none, none).tolist() == [-1, -1, -1]


def test_token_head_checks_its_labels(tmp_path: Path) -> None:
    labels = np.array([f"{r}-{t}" for r in ROLES for t in LABELS])
    np.savez(tmp_path / "ok.npz", weight=np.zeros((9, 4)), bias=np.zeros(9), labels=labels)
    head = TokenHead.load(tmp_path / "ok.npz")
    logp = head.log_proba(np.zeros((2, 4), np.float32))
    assert logp.shape == (2, 3, 3)
    np.testing.assert_allclose(np.exp(logp).sum(-1), 1.0, atol=1e-6)
    np.savez(tmp_path / "bad.npz", weight=np.zeros((3, 4)), bias=np.zeros(3), labels=labels[:3])
    with pytest.raises(ModelError, match=r"\[E828\]"):
        TokenHead.load(tmp_path / "bad.npz")
    with pytest.raises(ModelError, match=r"\[E828\]"):
        TokenHead.load(tmp_path / "missing.npz")


def _roles(n: int, **runs: tuple[int, int]) -> np.ndarray:
    """``(n, roles, 3)`` log-probabilities: ``O`` everywhere except the given role runs."""
    logp = np.full((n, len(ROLES), 3), LOG0)
    logp[:, :, 0] = 0.0
    for role, (first, last) in runs.items():
        k = ROLES.index(role)
        for t in range(first, last + 1):
            logp[t, k] = [LOG0, 0.0 if t == first else LOG0, LOG0 if t == first else 0.0]
    return logp


def test_tagged_spans_decode_each_role() -> None:
    spans = TaggedSpans.decode(_roles(8, source=(0, 1), content=(4, 6)), SpanOptions())
    assert [(r.first, r.last) for r in spans.sources] == [(0, 1)]
    assert [(r.first, r.last) for r in spans.contents] == [(4, 6)]
    assert TaggedSpans.decode(np.zeros((0, 3, 3)), SpanOptions()) == TaggedSpans((), ())


def _raw(text: str, cue: str, content: str, source: str | None = None) -> RawAttribution:
    def span(part: str) -> Span:
        start = text.index(part)
        return Span(start, start + len(part))

    return RawAttribution(
        source=span(source) if source else None,
        cue=span(cue),
        content=span(content),
        parts=(),
        quote_type="indirect",
        source_head=None,
    )


def test_fill_takes_the_nearest_tagged_source_of_the_sentence(nlp: Language) -> None:
    text = "Officials in Kyiv, speaking privately, said talks had stalled."
    doc = nlp(text)
    raw = _raw(text, "said", "talks had stalled")
    officials = (0, 2)  # "Officials in Kyiv"
    spans = TaggedSpans((TaggedCue(*officials, 0.9),), ())
    ix = DocIndex.build(doc)
    kept = refine(doc, ix, raw, spans, SpanOptions())
    assert kept.source is None
    filled = refine(doc, ix, raw, spans, SpanOptions(source_fill=True))
    assert filled.source is not None and filled.source.slice(text) == "Officials in Kyiv"
    assert filled.source_head is not None and doc[filled.source_head].text == "Officials"


def test_extent_replaces_an_overlapping_rule_source(nlp: Language) -> None:
    text = "Senior officials in Kyiv said talks had stalled."
    doc = nlp(text)
    raw = _raw(text, "said", "talks had stalled", source="officials")
    spans = TaggedSpans((TaggedCue(0, 3, 0.9),), ())
    refined = refine(doc, DocIndex.build(doc), raw, spans, SpanOptions(source_extent=True))
    assert refined.source is not None and refined.source.slice(text) == "Senior officials in Kyiv"


def test_replace_swaps_an_untagged_parse_source_for_the_tagged_one(nlp: Language) -> None:
    text = "The name change, Mr. Cruz said, was a mistake."
    doc = nlp(text)
    raw = _raw(text, "said", "was a mistake", source="The name change")
    cruz = next(t.i for t in doc if t.text == "Cruz")
    spans = TaggedSpans((TaggedCue(cruz - 1, cruz, 0.9),), ())
    ix = DocIndex.build(doc)
    assert refine(doc, ix, raw, spans, SpanOptions()).source == raw.source
    swapped = refine(doc, ix, raw, spans, SpanOptions(source_replace=True))
    assert swapped.source is not None and swapped.source.slice(text) == "Mr. Cruz"
    kept_spans = TaggedSpans((TaggedCue(0, 2, 0.9), TaggedCue(cruz - 1, cruz, 0.9)), ())
    kept = refine(doc, ix, raw, kept_spans, SpanOptions(source_replace=True))
    assert kept.source == raw.source  # a tagged source overlaps the parse's: it stays


def test_build_makes_an_attribution_from_tagged_spans(nlp: Language) -> None:
    text = "Voters, the poll shows, favour a ceasefire."
    doc = nlp(text)
    shows = next(t.i for t in doc if t.text == "shows")
    content = (next(t.i for t in doc if t.text == "favour"), len(doc) - 2)
    poll = (shows - 2, shows - 1)
    spans = TaggedSpans((TaggedCue(*poll, 0.8),), (TaggedCue(*content, 0.8),))
    built = build(doc, DocIndex.build(doc), TaggedCue(shows, shows, 0.9), spans)
    assert built is not None
    assert built.cue.slice(text) == "shows"
    assert built.content.slice(text) == "favour a ceasefire"
    assert built.source is not None and built.source.slice(text) == "the poll"
    nothing = TaggedSpans((), ())
    assert build(doc, DocIndex.build(doc), TaggedCue(shows, shows, 0.9), nothing) is None


def test_shipped_model_loads_with_its_settings() -> None:
    scorer = load_neural_scorer()
    assert str(scorer.meta["name"]).startswith("unspin-claims-minilm")
    assert 0.0 <= scorer.blend <= 1.0 and 0.0 <= scorer.threshold <= 1.0
    assert scorer.top is None


def test_v4_finds_sources_cues_and_contents(nlp: Language) -> None:
    text = "Maria Lopez said that the bridge would reopen in May."
    article, doc = parsed_article(text, nlp)
    (found,) = neural_attributions(article, doc)
    assert found.source is not None and found.source.slice(text) == "Maria Lopez"
    assert found.cue.slice(text) == "said"
    assert "the bridge would reopen" in found.content.slice(text)
    assert found.detector == ATTRIBUTION_V4
    assert found.score is not None and 0.0 < found.score <= 1.0


def test_role_log_proba_is_shared_by_cue_and_span_decoding(nlp: Language) -> None:
    doc = nlp("Kim said it rained. Lee said it did not.")
    scorer = load_neural_scorer()
    first = scorer.role_log_proba(doc)
    assert scorer.role_log_proba(doc) is first
    assert first.shape == (len(doc), len(ROLES), len(LABELS))
    np.testing.assert_allclose(np.exp(first).sum(-1), 1.0, atol=1e-5)


def test_v4_names_are_registered_and_pickle() -> None:
    assert detectors.get(ATTRIBUTION_V4)(None).name == ATTRIBUTION_V4
    detector = detectors.get(ALL_V4)(None)
    assert detector.name == ALL_V4
    assert "unspin-claims-minilm" in detector.model_version
    copy = pickle.loads(pickle.dumps(AttributionDetector(version=4)))
    assert copy.name == ATTRIBUTION_V4
    assert (copy.tagger.blend, copy.tagger.spans) == (detector.tagger.blend, detector.tagger.spans)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n  ",
        "“An unbalanced quote that never closes, he said",
        ":",
        "said said said",
        "First paragraph, officials said.\n\nSecond one, “quoted” without a cue.",
    ],
)
def test_v4_edge_texts(nlp: Language, text: str) -> None:
    article, doc = parsed_article(text, nlp)
    for finding in ClaimsDetector(version=4)(article, doc):
        for span in finding.evidence:
            assert span.slice(text) == text[span.start : span.end]


def test_v4_findings_round_trip_json(nlp: Language) -> None:
    text = "Cruz hopes to win Iowa. “We won,” the senator said."
    article, doc = parsed_article(text, nlp)
    found = ClaimsDetector(version=4)(article, doc)
    analysed = article.with_updates(findings=tuple(found))
    assert article_from_dict(json.loads(json.dumps(article_to_dict(analysed)))) == analysed
    assert any(isinstance(f, Attribution) and f.detector == ATTRIBUTION_V4 for f in found)


def test_predict_dir_version_4(nlp: Language, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Maria Lopez said that the bridge would reopen in May.\n")
    assert predict_dir(texts, tmp_path / "out", nlp, version=4) == 1
    assert "Maria Lopez" in (tmp_path / "out" / "a.ann").read_text()


def test_a_long_article_streams_with_the_same_result(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    import unspin.encoder.passes as passes

    text = "\n\n".join(
        f"Officials in city {i} said the bridge would reopen in May, the mayor told reporters."
        for i in range(6)
    )
    doc = nlp(text)
    cached = load_neural_scorer()._role_log_proba(doc)
    monkeypatch.setattr(passes, "CACHE_CHARS", 200)
    streamed = load_neural_scorer()._role_log_proba(doc)
    np.testing.assert_allclose(streamed, cached, atol=1e-5)
