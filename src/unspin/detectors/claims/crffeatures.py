"""Token features for the CRF cue tagger: the linear tagger's features plus a few more.

The CRF sees every feature string of ``cuefeatures.token_features`` (kept unchanged, so the
v2 tagger stays reproducible) and adds the word shape, the neighbouring word forms, the lemma
of the head's head, and the lemma paired with its rule-cue and quote tags.

Example:
    >>> feats = crf_features(nlp("Kim said it rained."), rule_cues=[])  # doctest: +SKIP
    >>> "sh=Xx" in feats[0]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from unspin.detectors.claims.cuefeatures import token_features
from unspin.detectors.claims.docindex import DocIndex
from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_UPPER = re.compile(r"[A-Z]+")
_LOWER = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"[0-9]+")


def shape(word: str) -> str:
    """``Xx`` for "Trump", ``x`` for "said", ``d`` for "2016", runs collapsed; punctuation kept."""
    out = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))
    return out[:6]


def crf_features(
    doc: Doc,
    rule_cues: Sequence[Span],
    quotes: Sequence[Span] = (),
    index: DocIndex | None = None,
) -> list[list[str]]:
    """The feature strings of every token of ``doc`` for the CRF (one list per token)."""
    ix = index if index is not None else DocIndex.build(doc, quotes)
    rows = token_features(doc, rule_cues, quotes, index=ix)
    lowers = [t.lower_ for t in doc]
    n = len(doc)
    for tok, feats in zip(doc, rows, strict=True):
        i = tok.i
        rule = _tag(feats, "r=")
        quote = _tag(feats, "q=")
        lemma = _tag(feats, "l=")
        feats.append("sh=" + shape(tok.text))
        feats.append("hhl=" + tok.head.head.lemma_.lower())
        feats.append("lr=" + lemma + "|" + rule)
        feats.append("lq=" + lemma + "|" + quote)
        feats.append("w-1=" + (lowers[i - 1] if i > 0 else "<s>"))
        feats.append("w+1=" + (lowers[i + 1] if i + 1 < n else "</s>"))
    return rows


def _tag(feats: Sequence[str], prefix: str) -> str:
    return next((f[len(prefix) :] for f in feats if f.startswith(prefix)), "")
