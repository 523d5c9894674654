"""PTC technique classification, version 2: richer span features and multi-label gold spans.

Beyond the span's n-grams, a span is described by its context (the words of its line, the
four nearest on each side), its exact length, its first and last words, its whole text, how
often that text recurs in the article and among the other spans to classify (Repetition),
nesting with those spans, quotes, capitals, ``!``/``?`` and whether it covers a sentence.
When the same offsets are asked for more than once (PTC gold gives one row per technique),
each copy gets the next most probable technique instead of the same one.

Example:
    >>> span_features_v2("We will win. We will win!", 0, 11, [])[:2]
    ['L=<s>', 'R=.']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from unspin.detectors.persuasion.formats import SpanLabel
from unspin.textclf.features import FeatureSpec
from unspin.textclf.linear import LinearModel

SPAN_SPEC_V2 = FeatureSpec(n_features=2**18, word_ngrams=(1, 3), char_ngrams=(2, 5))
_WORD = re.compile(r"\w+|[^\w\s]")
_QUOTES = frozenset('"“”')


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def span_features_v2(text: str, start: int, end: int, others: Sequence[SpanLabel]) -> list[str]:
    """Extra features of the span ``text[start:end]``; ``others``: the article's spans."""
    span = text[start:end]
    low = span.lower().strip()
    line_start, line_end = _line_bounds(text, start, end)
    left = _WORD.findall(text[line_start:start].lower())
    right = _WORD.findall(text[end:line_end].lower())
    words = _WORD.findall(low)
    feats = [f"L={w}" for w in (left[-4:] or ["<s>"])] + [f"R={w}" for w in (right[:4] or ["</s>"])]
    feats += [f"C={w}" for w in {*left, *right} if len(w) > 3]
    feats += [
        "L1=" + (left[-1] if left else "<s>"),
        "R1=" + (right[0] if right else "</s>"),
        "L2=" + "|".join(left[-2:]),
        "R2=" + "|".join(right[:2]),
        "F=" + (words[0] if words else ""),
        "E=" + (words[-1] if words else ""),
        "S=" + low,
        "n=" + _bucket(len(words), (1, 2, 3, 4, 5, 6, 8, 10, 13, 17, 21, 30)),
    ]
    repeats = text.lower().count(low) if low else 0
    same = sum(1 for o in others if text[o.start : o.end].lower().strip() == low)
    other_places = sum(
        1
        for o in others
        if (o.start, o.end) != (start, end) and text[o.start : o.end].lower().strip() == low
    )
    inside = sum(
        1 for o in others if o.start <= start and end <= o.end and o.end - o.start > end - start
    )
    contains = sum(
        1 for o in others if start <= o.start and o.end <= end and o.end - o.start < end - start
    )
    before = text[line_start:start]
    repetition = [
        "rep=" + _bucket(repeats, (1, 2, 3, 4, 6)),
        "same=" + _bucket(same, (1, 2, 3, 5)),
        "elsewhere=" + _bucket(other_places, (0, 1, 2, 4)),
    ]
    size = _bucket(len(words), (1, 2, 4, 8))
    feats += repetition + [f"{f}|n={size}" for f in repetition]  # given the span's length
    feats += [
        "in_other=" + str(inside > 0),
        "has_other=" + str(contains > 0),
        "whole_line=" + str(not before.strip() and not text[end:line_end].strip(' .!?"”')),
        "sent_start="
        + str(not before.strip() or before.rstrip()[-1:] in {".", "!", "?", ":", '"', "“"}),
        "sent_end=" + str(text[end : end + 2].strip()[:1] in {".", "!", "?", ""}),
        "quoted=" + str(sum(before.count(q) for q in _QUOTES) % 2 == 1),
        "q_edge=" + str(text[max(0, start - 1) : start] in _QUOTES | {"'"}),
        "cap=" + str(span[:1].isupper()),
        "title="
        + str(len(words) > 1 and all(w[:1].isupper() for w in span.split() if w[:1].isalpha())),
        "allcaps=" + str(any(w.isupper() and len(w) > 1 for w in span.split())),
        "excl=" + str("!" in span or text[end : end + 1] == "!"),
        "ques=" + str("?" in span or text[end : end + 1] == "?"),
        "hash=" + str("#" in span),
    ]
    return feats


def classify_spans_v2(model: LinearModel, text: str, spans: Sequence[SpanLabel]) -> list[SpanLabel]:
    """One technique per requested span; repeated offsets get distinct techniques."""
    if not spans:
        return []
    texts = [text[s.start : s.end] for s in spans]
    extras = [span_features_v2(text, s.start, s.end, spans) for s in spans]
    proba = model.predict_proba(texts, extras)
    asked: Counter[tuple[int, int]] = Counter()
    out: list[SpanLabel] = []
    for s, p in zip(spans, proba, strict=True):
        rank = asked[(s.start, s.end)]
        asked[(s.start, s.end)] += 1
        order = np.argsort(-p)
        label = model.labels[int(order[min(rank, len(order) - 1)])]
        out.append(SpanLabel(s.article_id, s.start, s.end, label))
    return out
