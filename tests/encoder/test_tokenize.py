"""SpanTokenizer: target markers land around the target's wordpieces, windows keep the target."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.encoder import MARK_CLOSE_ID, MARK_OPEN_ID, SpanTokenizer
from unspin.errors import ModelError

TOKENIZER = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "unspin"
    / "data"
    / "models"
    / "stance"
    / "tokenizer.json"
)


@pytest.fixture(scope="module")
def tok() -> SpanTokenizer:
    if not TOKENIZER.is_file():
        pytest.skip(f"stance model files not present: {TOKENIZER} (run training/stance/export.py)")
    return SpanTokenizer.from_file(TOKENIZER)


def _words(tok: SpanTokenizer, ids: tuple[int, ...]) -> list[str]:
    return [str(tok._tok.id_to_token(i)) for i in ids]


@pytest.mark.parametrize(
    ("text", "target", "inside"),
    [
        ("Critics slammed Senator Smith on Monday.", "Senator Smith", ["senator", "smith"]),
        ("Obama won.", "Obama", ["obama"]),
        ("The talks with Beijing's envoy failed.", "Beijing", ["beijing"]),
    ],
)
def test_markers_wrap_the_target(
    tok: SpanTokenizer, text: str, target: str, inside: list[str]
) -> None:
    start = text.index(target)
    enc = tok.encode_marked(text, start, start + len(target), 96)
    assert enc.ids[0] == tok.cls_id and enc.ids[-1] == tok.sep_id
    assert enc.ids[enc.anchor] == MARK_OPEN_ID
    close = enc.ids.index(MARK_CLOSE_ID)
    assert _words(tok, enc.ids[enc.anchor + 1 : close]) == inside


def test_plain_encoding_has_no_markers(tok: SpanTokenizer) -> None:
    enc = tok.encode("Xi met Putin.", 96)
    assert enc.anchor == 0
    assert MARK_OPEN_ID not in enc.ids and len(enc.ids) == 6


@pytest.mark.parametrize("position", ["start", "middle", "end"])
def test_long_text_window_keeps_the_target(tok: SpanTokenizer, position: str) -> None:
    filler = " ".join(["word"] * 150)
    text = {
        "start": f"Smith spoke. {filler} {filler}",
        "middle": f"{filler} Smith spoke. {filler}",
        "end": f"{filler} {filler} Smith spoke.",
    }[position]
    start = text.index("Smith")
    enc = tok.encode_marked(text, start, start + 5, 64)
    assert len(enc.ids) == 64
    assert enc.ids[enc.anchor] == MARK_OPEN_ID
    assert _words(tok, enc.ids[enc.anchor + 1 : enc.anchor + 2]) == ["smith"]
    assert MARK_CLOSE_ID in enc.ids


def test_missing_tokenizer_is_a_coded_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"\[E1301\]"):
        SpanTokenizer.from_file(tmp_path / "tokenizer.json")
