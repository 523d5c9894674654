"""Reporting clauses: who reports an event, including inverted reports ("…, reported CNN").

A reporting verb (``say``, ``report``, ``claim`` …) carries the clause it reports. Three shapes:

- complement: "Officials *said* [Chinese troops attacked …]" — the report's ``ccomp``;
- inverted: "[Russia attacked Ukraine], *said* the minister" / "[X met Y], *reported* CNN" — the
  verb follows its content after a comma and its speaker comes after it (spaCy parses the
  speaker as ``nsubj`` or, after a ``conj`` verb, as ``dobj``);
- parenthetical: "The deliveries, the Americans *claimed*, would be …" (``parataxis``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from unspin.detectors.events.modality import REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

_QUOTE_PUNCT = frozenset({",", '"', "”", "’", "'", "“", "—", "–"})
_SPEAKER_DEPS = frozenset({"nsubj", "dobj"})
_UP_DEPS = frozenset({"xcomp", "acomp", "conj", "advcl", "ccomp", "relcl", "pcomp", "acl"})


def is_reporting(tok: Token) -> bool:
    """The token is a verb of saying or reporting."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS


def inverted_speaker(verb: Token) -> Token | None:
    """The speaker of an inverted report ("…, reported CNN"; "…, said the minister")."""
    if not is_reporting(verb) or verb.i == 0:
        return None
    if verb.doc[verb.i - 1].text not in _QUOTE_PUNCT:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i for c in verb.children):
        return None
    if reported_head(verb) is None:
        return None
    return next((c for c in verb.children if c.dep_ in _SPEAKER_DEPS and c.i > verb.i), None)


def reported_head(verb: Token) -> Token | None:
    """The head of the clause a reporting verb carries, or None when it carries none."""
    if not is_reporting(verb):
        return None
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    if verb.dep_ in ("conj", "parataxis") and verb.head.i < verb.i:
        return verb.head  # "[X met Y], reported CNN" / "[X], the Americans claimed, …"
    return None


def governing_report(trigger: Token) -> Token | None:
    """The reporting verb whose content holds ``trigger`` (None when the author asserts it)."""
    tok = trigger
    path = {trigger.i}
    for _ in range(8):
        for child in tok.children:
            if _reports_on(child, tok, path):
                return child
        if tok.head.i == tok.i:
            return None
        if tok.dep_ == "ccomp" and is_reporting(tok.head):
            return tok.head
        if tok.dep_ not in _UP_DEPS and tok.pos_ in ("VERB", "AUX"):
            return None
        tok = tok.head
        path.add(tok.i)
    return None


def _reports_on(child: Token, tok: Token, path: set[int]) -> bool:
    """``child`` is an inverted or parenthetical report hanging after ``tok``."""
    if child.dep_ not in ("conj", "parataxis") or child.i <= tok.i or child.i in path:
        return False
    if child.dep_ == "parataxis" and is_reporting(child):
        return True
    return inverted_speaker(child) is not None


def content_tokens(verb: Token) -> set[int]:
    """Indices of the tokens a reporting verb reports (empty when it reports no clause)."""
    head = reported_head(verb)
    if head is None:
        return set()
    own = {t.i for t in verb.subtree}
    inside = {t.i for t in head.subtree}
    return inside - own if head.i == verb.head.i else inside


class SentenceTree:
    """Pre-order numbers of a sentence's dependency tree: "is in the subtree of" in O(1).

    Built once per sentence from the tokens' heads (spaCy's ``subtree`` and ``children`` cost
    the width of the subtree on every call, which is the whole sentence near the root of a
    run-on). ``complete`` is False when a head lies outside ``tokens``; callers then fall back
    to spaCy's own walk.
    """

    def __init__(self, tokens: list[Token]) -> None:
        kids: dict[int, list[int]] = {}
        roots: list[int] = []
        for tok in tokens:
            if tok.head.i == tok.i:
                roots.append(tok.i)
            else:
                kids.setdefault(tok.head.i, []).append(tok.i)
        self.first: dict[int, int] = {}  # pre-order number of the token
        self.last: dict[int, int] = {}  # highest pre-order number in its subtree
        clock = 0
        for root in roots:
            stack: list[tuple[int, bool]] = [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    self.last[node] = clock - 1
                    continue
                self.first[node] = clock
                clock += 1
                stack.append((node, True))
                stack.extend((kid, False) for kid in kids.get(node, ()))
        self.complete = len(self.first) == len(tokens)

    def count_within(self, head: int, numbers: list[int]) -> int:
        """How many of ``numbers`` (sorted pre-order numbers) lie in ``head``'s subtree."""
        return bisect_right(numbers, self.last[head]) - bisect_left(numbers, self.first[head])

    def numbers(self, targets: set[int]) -> list[int]:
        """The sorted pre-order numbers of ``targets`` (tokens of this sentence)."""
        return sorted(self.first[i] for i in targets)

    def reports_any(self, verb: Token, targets: set[int], numbers: list[int]) -> bool:
        """``content_tokens(verb)`` holds a token of ``targets`` other than ``verb`` itself.

        ``numbers`` is ``self.numbers(targets)``, computed once per sentence.
        """
        head = reported_head(verb)
        if head is None:
            return False
        found = self.count_within(head.i, numbers)
        if head.i == verb.head.i:  # the verb hangs inside what it reports: leave its subtree out
            found -= self.count_within(verb.i, numbers)
        elif verb.i in targets and self.first[head.i] <= self.first[verb.i] <= self.last[head.i]:
            found -= 1
        return found > 0
