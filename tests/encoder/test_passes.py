"""Windows with offsets, the shared per-paragraph pass and pooling over character spans."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.encoder import (
    Encoder,
    load_encoder,
    paragraph_passes,
    paragraph_segments,
    passes,
    segment_states,
    text_states,
    windows,
    with_top,
)
from unspin.model import Article, Meta, Span


def _article(text: str, paragraphs: tuple[Span, ...] = ()) -> Article:
    return Article(id=Article.make_id(text), text=text, meta=Meta(), paragraphs=paragraphs)


TEXT = "Xi met Putin in Moscow.\n\nCritics called the summit a farce. Nobody was surprised."


def test_windows_cover_every_piece_once_with_offsets_into_the_text(encoder: Encoder) -> None:
    text = "word " * 300
    found = windows(encoder.tokenizer, text, 64)
    assert len(found) == -(-300 // 62)
    assert all(len(w.encoded.ids) <= 64 for w in found)
    offsets = [o for w in found for o in w.offsets]
    assert len(offsets) == 300
    assert all(text[s:e] == "word" for s, e in offsets)
    assert [w.encoded.ids[0] for w in found] == [encoder.tokenizer.cls_id] * len(found)


def test_no_pieces_means_no_windows(encoder: Encoder) -> None:
    assert windows(encoder.tokenizer, "   \n ", 64) == []


def test_positions_are_the_overlapping_pieces(encoder: Encoder) -> None:
    (window,) = windows(encoder.tokenizer, "Xi met Putin.", 64)
    first, last = window.positions(7, 12) or (0, 0)
    assert TEXT[7:12] == "Putin"
    pieces = window.offsets[first - 1 : last]
    assert pieces[0][0] == 7 and pieces[-1][1] == 12
    assert window.positions(3, 3) is None


def test_span_mean_is_the_mean_of_the_pieces_states(encoder: Encoder) -> None:
    (seg,) = text_states(encoder, ["Xi met Putin."])
    (window,) = seg.windows
    first, last = window.positions(7, 12) or (0, 0)
    expected = seg.states[0][first : last + 1].mean(axis=0)
    np.testing.assert_allclose(seg.span_mean(7, 12), expected, rtol=1e-6)
    np.testing.assert_allclose(seg.mean(), seg.states[0].mean(axis=0), rtol=1e-6)
    assert seg.span_mean(100, 120) is None


def test_a_long_paragraph_is_pooled_across_its_windows(encoder: Encoder) -> None:
    text = "Putin spoke. " * 80
    (seg,) = text_states(encoder, [text])
    assert len(seg.windows) > 1
    both = seg.span_mean(0, len(text))
    assert both is not None and both.shape == (encoder.config.hidden,)
    assert all(np.isfinite(s).all() for s in seg.states)


def test_segments_of_one_text_share_a_cached_pass(encoder: Encoder, monkeypatch) -> None:
    split = TEXT.index("\n\n")
    article = _article(TEXT, (Span(0, split), Span(split + 2, len(TEXT))))
    segments = paragraph_segments(article)
    assert TEXT[segments[0].start : segments[0].end] == "Xi met Putin in Moscow."
    first = segment_states(encoder, TEXT, segments)
    calls = []
    monkeypatch.setattr(encoder, "run", lambda *a, **k: calls.append(a) or [])
    again = segment_states(encoder, TEXT, segments)
    assert calls == []
    assert [a.segment for a in again] == [f.segment for f in first]
    assert all(a.states[0] is f.states[0] for a, f in zip(again, first, strict=True))


def test_offsets_of_a_segment_are_offsets_into_the_whole_text(encoder: Encoder) -> None:
    start = TEXT.index("Critics")
    (seg,) = segment_states(encoder, TEXT, [Span(start, len(TEXT))])
    s, e = seg.windows[0].offsets[0]
    assert TEXT[s:e] == "Critics"
    assert seg.span_mean(start, start + 7) is not None


def test_a_blank_article_has_no_segments_and_a_flat_one_has_the_whole_text() -> None:
    assert paragraph_segments(_article("  \n\n ")) == ()
    assert paragraph_segments(_article("One line")) == (Span(0, 8),)
    blank_first = _article("  \nText", (Span(0, 2), Span(3, 7)))
    assert paragraph_segments(blank_first) == (Span(3, 7),)


def test_a_heads_top_layers_keep_windows_and_shapes() -> None:
    from unspin.detectors.persuasion.encoder_models import shared_model_dir

    folder = shared_model_dir()
    if not (folder / "encoder.onnx").is_file():
        pytest.skip(f"shared encoder not present in {folder}")
    shared = load_encoder(folder)
    top = shared.top("stance")
    assert top is not None and shared.top("st3") is None
    segments = text_states(shared, ["Xi met Putin.", "Putin spoke. " * 40, ""])
    topped = with_top(top, segments)
    assert [t.windows for t in topped] == [s.windows for s in segments]
    for before, after in zip(segments, topped, strict=True):
        assert [a.shape for a in after.states] == [b.shape for b in before.states]
        assert all(not np.allclose(a, b) for a, b in zip(after.states, before.states, strict=True))
    assert with_top(top, []) == []


def test_a_missing_top_file_is_a_model_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from unspin.encoder import TopLayers
    from unspin.errors import ModelError

    with pytest.raises(ModelError, match="E1303"):
        TopLayers(tmp_path / "absent.onnx")


def test_paragraph_passes_stream_a_long_text_in_uncached_chunks(encoder: Encoder) -> None:
    text = "\n\n".join(f"Paragraph {i} says Putin met Xi." for i in range(40))
    starts = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)]
    segments = [Span(s, text.find("\n\n", s) if text.find("\n\n", s) >= 0 else len(text))
                for s in starts]  # fmt: skip
    whole = list(paragraph_passes(encoder, text, segments))
    assert len(whole) == 1 and [s.segment for s in whole[0]] == segments
    cached = passes._cached.cache_info().currsize
    chunks = list(paragraph_passes(encoder, text, segments, max_chars=200))
    assert len(chunks) > 5 and all(sum(len(s.segment) for s in c) <= 200 for c in chunks)
    assert [s.segment for c in chunks for s in c] == segments
    assert passes._cached.cache_info().currsize == cached
    for chunked, one in zip((s for c in chunks for s in c), whole[0], strict=True):
        np.testing.assert_array_equal(chunked.states[0], one.states[0])
