"""Find quoted passages: straight and curly double quotes, balanced or not, across sentences."""

from __future__ import annotations

from unspin.model import Span

_OPEN = "“„«"
_CLOSE = "”»"
_STRAIGHT = '"'
_MAX_QUOTE = 4000


def find_quotes(text: str) -> list[Span]:
    """Spans of quoted passages, quote marks included.

    Curly quotes pair open with close; a straight quote opens when it is not preceded by a word
    character and closes otherwise. A quote left open ends at the end of its paragraph, so an
    unbalanced mark never swallows the rest of the article. Empty quotes are dropped.

    Example:
        >>> find_quotes('He said: "We won." Then he left.')
        [Span(start=9, end=18)]
    """
    spans: list[Span] = []
    start: int | None = None
    closer = ""
    for i, raw in enumerate(text):
        ch = _STRAIGHT if raw == "'" and _doubled(text, i) else raw
        if start is None:
            if ch in _OPEN or (ch == _STRAIGHT and _opens(text, i)):
                start, closer = i - (raw != ch), ("" if ch == _STRAIGHT else _CLOSE)
            continue
        if ch == "\n":
            _add(spans, start, i, text)
            start = None
            continue
        if (closer and (ch in closer or _misused_opener(text, i))) or (
            not closer and ch == _STRAIGHT
        ):
            _add(spans, start, i + 1, text)
            start = None
        elif ch in _OPEN and closer:
            # a new opening mark before any closing one: the earlier quote was never closed
            _add(spans, start, i, text)
            start = i
        elif i - start > _MAX_QUOTE:
            start = None
    if start is not None:
        _add(spans, start, len(text), text)
    return spans


def _misused_opener(text: str, i: int) -> bool:
    # an opening mark typed where a closing one belongs: '...here,“ said Jim'
    return text[i] in _OPEN and (i + 1 == len(text) or text[i + 1].isspace())


def _doubled(text: str, i: int) -> bool:
    # '' used as a double quote (some newswires); only the second mark of the pair counts
    return i > 0 and text[i - 1] == "'" and (i < 2 or text[i - 2] != "'")


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace()


def _add(spans: list[Span], start: int, end: int, text: str) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 1:
        spans.append(Span(start, end))
