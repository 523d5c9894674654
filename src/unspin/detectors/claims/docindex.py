"""Per-document indexes for the claims rules: children, subtrees, sentences, quotes, entities.

spaCy answers several questions by scanning: ``Token.children``, ``lefts`` and ``rights`` walk
the token's whole subtree extent, ``Token.subtree`` repeats that for every descendant,
``Doc.text`` joins every token and ``Span.ents`` lists every entity of the document. Asked once
per cue, they made the claims detectors quadratic on long paragraphs and run-on sentences.
``DocIndex`` reads the parse once (linear time) and answers the same questions from lists, by
binary search over offsets, or by walking only as far as the answer needs. Every answer is the
one spaCy gives, in the same order.

Example:
    >>> index = DocIndex.build(nlp("Kim said it rained."))  # doctest: +SKIP
    >>> [t.text for t in index.children(index.doc[1])]  # doctest: +SKIP
    ['Kim', 'rained', '.']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import TYPE_CHECKING

from unspin.detectors.claims.quotes import find_quotes
from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


class QuoteIndex:
    """Quoted passages (as ``find_quotes`` returns them), searchable by offset.

    ``find_quotes`` yields disjoint spans in text order; for those, lookups are binary searches.
    Any other list is answered by a scan in list order, with the same results.
    """

    __slots__ = ("_ends", "_members", "_starts", "ordered", "spans")

    def __init__(self, quotes: Sequence[Span]) -> None:
        self.spans: tuple[Span, ...] = tuple(quotes)
        self._starts = [q.start for q in self.spans]
        self._ends = [q.end for q in self.spans]
        self._members = frozenset(self.spans)
        self.ordered = all(a.end <= b.start for a, b in pairwise(self.spans))

    def __len__(self) -> int:
        return len(self.spans)

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def __contains__(self, span: object) -> bool:
        return span in self._members

    def overlapping(self, span: Span) -> Sequence[Span]:
        """The quotes sharing a character with ``span``, in list order."""
        if not self.ordered:
            return [q for q in self.spans if q.overlaps(span)]
        lo = bisect_right(self._ends, span.start)
        hi = bisect_left(self._starts, span.end, lo)
        return [q for q in self.spans[lo:hi] if q.overlaps(span)]

    def from_offset(self, offset: int) -> Sequence[Span]:
        """A tail of the list holding every quote that starts at or after ``offset``."""
        if not self.ordered:
            return self.spans
        return self.spans[bisect_left(self._starts, offset) :]

    def starting_within(self, lo: int, hi: int) -> Span | None:
        """The first quote (in list order) that starts in ``[lo, hi]``."""
        if not self.ordered:
            return next((q for q in self.spans if lo <= q.start <= hi), None)
        k = bisect_left(self._starts, lo)
        return self.spans[k] if k < len(self.spans) and self.spans[k].start <= hi else None

    def ending_by(self, offset: int) -> int:
        """How many quotes (a prefix of the ordered list) end at or before ``offset``."""
        return bisect_right(self._ends, offset)


@dataclass(frozen=True, slots=True)
class DocIndex:
    """What the claims rules ask of a parse, computed once per ``Doc``."""

    doc: Doc
    text: str
    starts: list[int]  # character offset of each token
    ends: list[int]  # end offset (exclusive) of each token's text
    kids: list[tuple[int, ...]]  # children of each token, in spaCy's order
    sent_starts: list[int]  # first token of each token's sentence
    sent_ends: list[int]  # one past the last token of each token's sentence
    skip: list[bool]  # punctuation or whitespace: trimmed off span ends
    ent_starts: list[int]
    ent_ends: list[int]
    ent_labels: list[str]
    quotes: QuoteIndex

    @classmethod
    def build(cls, doc: Doc, quotes: Sequence[Span] | None = None) -> DocIndex:
        """Index ``doc``; ``quotes`` default to ``find_quotes(doc.text)``."""
        text = doc.text
        n = len(doc)
        starts: list[int] = []
        ends: list[int] = []
        heads: list[int] = []
        edges: list[tuple[int, int]] = []
        skip: list[bool] = []
        boundary: list[bool] = []
        for tok in doc:
            starts.append(tok.idx)
            ends.append(tok.idx + len(tok.text))
            heads.append(tok.head.i)
            edges.append((tok.left_edge.i, tok.right_edge.i))
            skip.append(tok.is_punct or tok.is_space)
            boundary.append(bool(tok.is_sent_start))
        kids: list[list[int]] = [[] for _ in range(n)]
        for i, head in enumerate(heads):
            # spaCy finds children by scanning the head's edges; a child outside them is missed
            if head != i and edges[head][0] <= i <= edges[head][1]:
                kids[head].append(i)
        sent_starts = [0] * n
        current = 0
        for i in range(n):
            if i > 0 and boundary[i]:
                current = i
            sent_starts[i] = current
        sent_ends = [n] * n
        current = n
        for i in range(n - 1, -1, -1):
            sent_ends[i] = current
            if boundary[i]:
                current = i
        ents = list(doc.ents)
        return cls(
            doc=doc,
            text=text,
            starts=starts,
            ends=ends,
            kids=[tuple(k) for k in kids],
            sent_starts=sent_starts,
            sent_ends=sent_ends,
            skip=skip,
            ent_starts=[e.start for e in ents],
            ent_ends=[e.end for e in ents],
            ent_labels=[e.label_ for e in ents],
            quotes=QuoteIndex(find_quotes(text) if quotes is None else quotes),
        )

    def children(self, tok: Token) -> list[Token]:
        """``tok.children``."""
        doc = self.doc
        return [doc[j] for j in self.kids[tok.i]]

    def lefts(self, tok: Token) -> list[Token]:
        """``tok.lefts``."""
        doc = self.doc
        return [doc[j] for j in self.kids[tok.i] if j < tok.i]

    def rights(self, tok: Token) -> list[Token]:
        """``tok.rights``."""
        doc = self.doc
        return [doc[j] for j in self.kids[tok.i] if j > tok.i]

    def subtree(self, i: int, reverse: bool = False) -> Iterator[int]:
        """Token indices of ``doc[i].subtree`` in spaCy's order (or reversed), lazily."""
        # ``-1 - j`` marks "yield j": its left subtrees have been yielded (right ones, reversed)
        stack: list[Iterator[int]] = [iter((i,))]
        kids = self.kids
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            if node < 0:
                yield -1 - node
                continue
            ch = kids[node]
            cut = bisect_left(ch, node)
            if reverse:
                order = chain(reversed(ch[cut:]), (-1 - node,), reversed(ch[:cut]))
            else:
                order = chain(ch[:cut], (-1 - node,), ch[cut:])
            stack.append(order)

    def subtree_span(self, i: int, drop_case: bool = False) -> Span | None:
        """``_trimmed(list(doc[i].subtree))``: first to last non-punctuation subtree token.

        With ``drop_case``, ``case`` children of ``doc[i]`` ("'s") are left out as well.
        """
        doc = self.doc

        def kept(j: int) -> bool:
            if self.skip[j]:
                return False
            return not (drop_case and doc[j].dep_ == "case" and doc[j].head.i == i)

        first = next((j for j in self.subtree(i) if kept(j)), None)
        if first is None:
            return None
        last = next(j for j in self.subtree(i, reverse=True) if kept(j))
        return Span(self.starts[first], self.ends[last])

    def trim_range(self, start: int, end: int) -> Span | None:
        """``_trimmed(list(doc[start:end]))``: tokens ``start..end-1`` minus punctuation ends."""
        start, end = max(start, 0), min(end, len(self.skip))
        while start < end and self.skip[start]:
            start += 1
        while end > start and self.skip[end - 1]:
            end -= 1
        if start >= end:
            return None
        return Span(self.starts[start], self.ends[end - 1])

    def sent(self, i: int) -> tuple[int, int]:
        """Token range ``(start, end)`` of the sentence of token ``i``."""
        return self.sent_starts[i], self.sent_ends[i]

    def sent_end_char(self, i: int) -> int:
        """``Token.sent.end_char`` of token ``i``."""
        return self.ends[self.sent_ends[i] - 1]

    def tokens_text(self, first: int, last: int) -> str:
        """``doc[first : last + 1].text``."""
        if last < first:
            return ""
        return self.text[self.starts[first] : self.ends[last]]

    def ent_labels_within(self, start: int, end: int) -> set[str]:
        """Labels of ``doc[start:end].ents``: entities wholly inside the token range."""
        labels: set[str] = set()
        k = bisect_left(self.ent_starts, start)
        while k < len(self.ent_starts) and self.ent_ends[k] <= end:
            labels.add(self.ent_labels[k])
            k += 1
        return labels
