"""Turn per-token propaganda probabilities into character spans (PTC span identification).

A span is a run of tokens at or above the threshold on one line; runs separated by at most
``gap`` low tokens are joined, and punctuation at either edge is trimmed (as in PTC v2 gold).

Example:
    >>> toks = tokens_of("They are evil traitors .")
    >>> decode_spans("1", toks, [0.1, 0.2, 0.9, 0.8, 0.9], 0.5, 0)
    [SpanLabel(article_id='1', start=9, end=22, technique=None)]
"""

from __future__ import annotations

from collections.abc import Sequence

from unspin.detectors.persuasion.features import Token, is_punct, tokens_of
from unspin.detectors.persuasion.formats import SpanLabel

__all__ = ["decode_spans", "tokens_of"]


def decode_spans(
    article_id: str, tokens: Sequence[Token], proba: Sequence[float], threshold: float, gap: int
) -> list[SpanLabel]:
    """Group tokens with probability >= ``threshold`` into spans (see the module docstring)."""
    runs: list[list[int]] = []
    for i, tok in enumerate(tokens):
        if proba[i] < threshold:
            continue
        if runs and tokens[runs[-1][1]].line == tok.line and i - runs[-1][1] - 1 <= gap:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    out: list[SpanLabel] = []
    for first, last in runs:
        while first <= last and is_punct(tokens[first].text):
            first += 1
        while last >= first and is_punct(tokens[last].text):
            last -= 1
        if first <= last:
            out.append(SpanLabel(article_id, tokens[first].start, tokens[last].end))
    return out
