"""Token features for the attribution cue tagger, shared by training and run time.

Every token of a spaCy ``Doc`` gets a list of feature strings: its own word, lemma, tag and
dependency, its head and children (does it govern a clause, a ``that``-clause, a preposition),
membership of the rule lexicons and of the rule cues, quote proximity and a window of two tokens
either side. The strings are hashed by the tagger; keeping them here means the training script
and the shipped model can never disagree on them.

Example:
    >>> feats = token_features(nlp("Kim said it rained."), rule_cues=[])  # doctest: +SKIP
    >>> "l=say" in feats[1]  # doctest: +SKIP
    True
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from unspin.detectors.claims.cues import Lexicon, lexicon
from unspin.detectors.claims.docindex import DocIndex
from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEEP_CHILD_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "prep", "nsubj", "nsubjpass", "agent", "mark", "acl", "relcl"}
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_WINDOW = (-2, -1, 1, 2)


def token_features(
    doc: Doc,
    rule_cues: Sequence[Span],
    quotes: Sequence[Span] = (),
    lex: Lexicon | None = None,
    index: DocIndex | None = None,
) -> list[list[str]]:
    """The feature strings of every token of ``doc`` (one list per token, in order).

    ``index`` (``DocIndex.build(doc)``) supplies the children of each token; spaCy's
    ``Token.children`` scans the whole subtree extent, quadratic on a long sentence.
    """
    lex = lex or lexicon()
    n = len(doc)
    kids = (index if index is not None else DocIndex.build(doc, quotes)).kids
    lemmas = [t.lemma_.lower() for t in doc]
    tags = [t.tag_ for t in doc]
    deps = [t.dep_ for t in doc]
    governs_clause = [any(deps[c] in {"ccomp", "xcomp"} for c in kids[i]) for i in range(n)]
    rule_tag = _rule_tags(doc, rule_cues)
    quote_tag = _quote_tags(doc, quotes)
    out: list[list[str]] = []
    for tok in doc:
        i = tok.i
        lemma, tag, dep = lemmas[i], tags[i], deps[i]
        head = tok.head
        hl = lemmas[head.i]
        feats = [
            "b",
            "w=" + tok.lower_,
            "l=" + lemma,
            "t=" + tag,
            "d=" + dep,
            "ld=" + lemma + "|" + dep,
            "lt=" + lemma + "|" + tag,
            "hl=" + hl,
            "hd=" + dep + "|" + head.pos_,
            "hll=" + lemma + "|" + hl,
            "hdl=" + dep + "|" + hl,
            "r=" + rule_tag[i],
            "q=" + quote_tag[i],
            "ss=" + str(tok.is_sent_start),
            "suf=" + tok.lower_[-3:],
        ]
        feats.append("hr=" + rule_tag[head.i])
        governs_that = False
        for c in kids[i]:
            cdep = deps[c]
            if rule_tag[c] != "O":
                feats.append("cr=" + cdep)
            if cdep not in _KEEP_CHILD_DEPS:
                continue
            if cdep in _SUBJECT_DEPS:
                child = doc[c]
                kind = child.ent_type_ or child.pos_
                feats.append("sj=" + kind)
                feats.append("lsj=" + lemma + "|" + kind)
            feats.append("cd=" + cdep)
            feats.append("lcd=" + lemma + "|" + cdep)
            if cdep == "prep":
                lower = doc[c].lower_
                feats.append("cp=" + lower)
                feats.append("lcp=" + lemma + "|" + lower)
            elif cdep == "ccomp" and any(deps[g] == "mark" for g in kids[c]):
                governs_that = True
        if governs_that:
            feats.append("that")
        if governs_clause[head.i] and head.i != i:
            feats.append("hcc=" + dep)
        feats.extend(_lexicon_features(lemma, hl, tok.lower_, dep, lex))
        for off in _WINDOW:
            j = i + off
            if 0 <= j < n:
                feats.append(f"l{off}={lemmas[j]}")
                feats.append(f"t{off}={tags[j]}")
                feats.append(f"r{off}={rule_tag[j]}")
                if off in (-1, 1):
                    feats.append(f"d{off}={deps[j]}")
                    feats.append(f"q{off}={quote_tag[j]}")
            else:
                feats.append(f"l{off}=<pad>")
        if i > 0:
            feats.append("bg-=" + lemmas[i - 1] + "|" + lemma)
        if i + 1 < n:
            feats.append("bg+=" + lemma + "|" + lemmas[i + 1])
        out.append(feats)
    return out


def _lexicon_features(lemma: str, head: str, lower: str, dep: str, lex: Lexicon) -> list[str]:
    feats = []
    if lemma in lex.reporting_verbs:
        feats.append("x=rv")
    if lemma in lex.speech_verbs:
        feats.append("x=sv")
    if lemma in lex.noun_cues:
        feats.append("x=nc")
    if lemma in lex.prep_verbs:
        feats.append("x=pv")
    if lower in lex.prep_verbs.get(head, ()):
        feats.append("x=pvp")
    if head in lex.reporting_verbs:
        feats.append("x=hrv|" + dep)
    return feats


def _rule_tags(doc: Doc, cues: Sequence[Span]) -> list[str]:
    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for cue in cues:
        first = bisect_left(starts, cue.start)
        last = bisect_left(starts, cue.end)
        for j in range(first, last):
            tags[j] = "B" if j == first else "I"
    return tags


def _quote_tags(doc: Doc, quotes: Sequence[Span]) -> list[str]:
    """``in`` inside a quote, ``<`` a quote ends just before, ``>`` one starts just after."""
    tags = ["o"] * len(doc)
    if not quotes:
        return tags
    starts = sorted(q.start for q in quotes)
    ends = sorted(q.end for q in quotes)
    for tok in doc:
        lo, hi = tok.idx, tok.idx + len(tok.text)
        k = bisect_right(starts, lo) - 1
        if k >= 0 and any(q.start <= lo and hi <= q.end for q in quotes[k : k + 1]):
            tags[tok.i] = "in"
            continue
        before = bisect_right(ends, lo) - 1
        after = bisect_left(starts, hi)
        near_before = before >= 0 and lo - ends[before] <= 3
        near_after = after < len(starts) and starts[after] - hi <= 3
        if near_before and near_after:
            tags[tok.i] = "<>"
        elif near_before:
            tags[tok.i] = "<"
        elif near_after:
            tags[tok.i] = ">"
    return tags
