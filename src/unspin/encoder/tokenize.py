"""Wordpiece tokenisation with character offsets and optional target markers.

The same code builds model inputs at training time (``training/stance/train.py``) and at run
time, so the two can never drift apart. Offsets follow the ``expand`` rule: a wordpiece belongs
to a target span when its characters overlap the span at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tokenizers import Tokenizer

from unspin.errors import ModelError

# BERT's reserved vocabulary entries ``[unused0]`` / ``[unused1]`` open and close a target.
MARK_OPEN_ID = 1
MARK_CLOSE_ID = 2


@dataclass(frozen=True, slots=True)
class Encoded:
    """Token ids of one segment; ``anchor`` is the index of the opening marker (0 if none)."""

    ids: tuple[int, ...]
    anchor: int = 0


class SpanTokenizer:
    """A ``tokenizers`` wordpiece tokenizer that can wrap one character span in markers."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self._tok = tokenizer
        self.cls_id = self._id("[CLS]")
        self.sep_id = self._id("[SEP]")
        self.pad_id = self._id("[PAD]")

    @classmethod
    def from_file(cls, path: Path) -> SpanTokenizer:
        """Load ``tokenizer.json``; raise a coded ``ModelError`` when it is missing or broken."""
        try:
            return cls(Tokenizer.from_file(str(path)))
        except Exception as exc:  # tokenizers raises plain Exception subclasses
            raise ModelError(
                f"[E1301] Cannot load the tokenizer {path}: {exc}. "
                "Reinstall unspin or point the encoder at a folder with tokenizer.json."
            ) from exc

    def _id(self, token: str) -> int:
        value = self._tok.token_to_id(token)
        if value is None:
            raise ModelError(f"[E1302] The tokenizer has no {token} token; it is not a BERT vocab.")
        return int(value)

    def raw(self, text: str) -> Any:
        """The tokenizer's own encoding of ``text`` (ids and offsets, no special tokens)."""
        return self._tok.encode(text, add_special_tokens=False)

    def encode(self, text: str, max_len: int) -> Encoded:
        """``[CLS] text [SEP]``, cut to ``max_len`` ids."""
        ids = self._tok.encode(text, add_special_tokens=False).ids[: max_len - 2]
        return Encoded((self.cls_id, *ids, self.sep_id))

    def encode_marked(self, text: str, start: int, end: int, max_len: int) -> Encoded:
        """``[CLS] … [unused0] target [unused1] … [SEP]``, windowed around the target.

        When the text is too long, the window keeps the target and as much context on both
        sides as fits (left context first), so the target is never cut away.
        """
        enc = self._tok.encode(text, add_special_tokens=False)
        offsets = enc.offsets
        inside = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
        if not inside:  # a span between tokens (whitespace): mark the next token, or the end
            after = [i for i, (s, _) in enumerate(offsets) if s >= start]
            first = after[0] if after else len(offsets)
            last = first - 1
        else:
            first, last = inside[0], inside[-1]
        ids = list(enc.ids)
        body = [*ids[:first], MARK_OPEN_ID, *ids[first : last + 1], MARK_CLOSE_ID, *ids[last + 1 :]]
        anchor = first
        room = max_len - 2
        if len(body) > room:
            span_len = last - first + 3
            if span_len >= room:
                lo = anchor
            else:
                spare = room - span_len
                right_avail = len(body) - anchor - span_len
                left = min(anchor, max(spare // 2, spare - right_avail))
                lo = anchor - left
            body = body[lo : lo + room]
            anchor -= lo
        return Encoded((self.cls_id, *body, self.sep_id), anchor + 1)


@dataclass(frozen=True, slots=True)
class Window:
    """``[CLS] pieces [SEP]`` of one stretch of a text, with each piece's character offsets.

    ``offsets[i]`` is the character span (in the whole text) of ``encoded.ids[i + 1]``.
    """

    encoded: Encoded
    offsets: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.offsets[0][0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1][1] if self.offsets else 0

    def positions(self, start: int, end: int) -> tuple[int, int] | None:
        """First and last id positions whose pieces overlap ``[start, end)``; None if none do."""
        inside = [i for i, (s, e) in enumerate(self.offsets) if s < end and start < e]
        if not inside:
            return None
        return inside[0] + 1, inside[-1] + 1


def windows(tokenizer: SpanTokenizer, text: str, max_len: int) -> list[Window]:
    """Cut ``text`` into consecutive windows of at most ``max_len`` ids each.

    Every piece is in exactly one window; a text with no pieces gives no windows.
    """
    enc = tokenizer.raw(text)
    room = max_len - 2
    out: list[Window] = []
    for lo in range(0, len(enc.ids), room):
        ids = enc.ids[lo : lo + room]
        offsets = tuple((int(s), int(e)) for s, e in enc.offsets[lo : lo + room])
        out.append(Window(Encoded((tokenizer.cls_id, *ids, tokenizer.sep_id)), offsets))
    return out
