"""Overlap look-ups over article spans in time independent of the article's length.

The coder asks, for every event, which actor mentions, attributions or cues overlap a few
characters of the text. Scanning every item per event made the coder quadratic on long
paragraphs (issue 9: 111 s on one 94 KB paragraph). ``SpanIndex`` files each item under the
fixed-width character buckets its span touches, so a query reads only the items near it.
Results come back in insertion order, so callers that keep "the first match wins" rules see
exactly what a full scan would have seen.

Example:
    >>> from unspin.model import Span
    >>> index = SpanIndex([(Span(0, 5), "a"), (Span(3000, 3004), "b")])
    >>> index.overlapping(Span(2, 3))
    ['a']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from unspin.model import Span

T = TypeVar("T")
BUCKET_CHARS = 512


class SpanIndex(Generic[T]):
    """Items keyed by a ``Span``; ``overlapping`` returns those overlapping a query span."""

    __slots__ = ("_buckets", "_items", "examined")

    def __init__(self, items: Iterable[tuple[Span, T]] = ()) -> None:
        self._items: list[tuple[Span, T]] = []
        self._buckets: dict[int, list[int]] = {}
        self.examined = 0  # items looked at by queries (a deterministic work counter)
        for span, value in items:
            self.add(span, value)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, span: Span, value: T) -> None:
        """File ``value`` under every bucket ``span`` touches (an empty span: its start's)."""
        order = len(self._items)
        self._items.append((span, value))
        for bucket in _buckets(span):
            self._buckets.setdefault(bucket, []).append(order)

    def overlapping(self, query: Span) -> list[T]:
        """Values whose span overlaps ``query`` (``Span.overlaps``), in insertion order."""
        return self.overlapping_any((query,))

    def overlapping_any(self, queries: Iterable[Span]) -> list[T]:
        """Values whose span overlaps at least one of ``queries``, in insertion order."""
        wanted = list(queries)
        found: set[int] = set()
        for query in wanted:
            for bucket in _buckets(query):
                found.update(self._buckets.get(bucket, ()))
        self.examined += len(found)
        out: list[T] = []
        for order in sorted(found):
            span, value = self._items[order]
            if any(span.overlaps(q) for q in wanted):
                out.append(value)
        return out

    def near(self, query: Span) -> list[T]:
        """Values whose span overlaps ``query`` widened by one character on each side.

        A superset of what ``overlapping`` gives; callers that test their own condition
        (containment, an empty span at an edge) filter the result themselves.
        """
        return self.overlapping(Span(max(0, query.start - 1), query.end + 1))


def _buckets(span: Span) -> range:
    last = max(span.end - 1, span.start)
    return range(span.start // BUCKET_CHARS, last // BUCKET_CHARS + 1)
