"""Source extents as PolNeAR draws them: no dateline or line above, the apposition's comma kept.

A parse sometimes hangs a dateline ("MACAU (Reuters) – ") or a time stamp on the line above
("9:05 p.m.") into the subject of the first sentence; PolNeAR's sources never cross a line
break. A source closed by an apposition or a relative clause ("Clinton, a Democrat,") keeps its
closing comma in PolNeAR. Both were read off the held-out slice of PolNeAR train.

Example:
    >>> text = "9:05 p.m.\\n\\nBernie Sanders said no."
    >>> trim_source(text, Span(0, 25), head=18).slice(text)
    'Bernie Sanders'
"""

from __future__ import annotations

import re

from unspin.model import Span

_DATELINE = re.compile(r"[^\n]{0,60}?\((?:AP|Reuters|UPI|AFP|CNN|Bloomberg)\)\s*[-–—]+\s*")


def trim_source(text: str, source: Span, head: int | None = None) -> Span:
    """``source`` cut after its last line break and a leading dateline, if ``head`` stays in.

    ``head`` is the character offset of the source's syntactic head (its start, when unknown).
    """
    anchor = source.start if head is None else head
    start = source.start
    piece = text[start : source.end]
    cut = piece.rfind("\n")
    if cut >= 0 and start + cut + 1 <= anchor:
        start += cut + 1
    dateline = _DATELINE.match(text, start, source.end)
    if dateline is not None and dateline.end() <= anchor:
        start = dateline.end()
    while start < source.end and text[start].isspace():
        start += 1
    end = source.end
    if start >= end:
        return source
    if "," in text[start:end] and end < len(text) and text[end] == ",":
        end += 1
    return Span(start, end)
