"""Find attributions on a dependency parse: reporting verbs, "according to", noun cues, quotes.

Offsets map to tokens by whole tokens: each span runs from the first to the last token it
covers, with punctuation trimmed at both ends; a content span that overlaps a quoted passage is
widened to the whole quote, so direct quotes keep their marks and may span sentences.

The parse is read through a ``DocIndex`` built once per document, so the work per cue does not
grow with the length of the document or of the sentence (a 3,000-token run-on sentence, a
100 KB paragraph).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unspin.detectors.claims.cues import Lexicon, lexicon
from unspin.detectors.claims.docindex import DocIndex, QuoteIndex
from unspin.detectors.claims.findings import QuoteType
from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJECTS = ("nsubj", "csubj")
_CLAUSES = ("ccomp", "xcomp")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_INHERIT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "urge", "warn", "remind", "inform", "assure"})
_NOUN_SOURCE_PREPS = frozenset({"by", "from", "of"})
_BAD_VERB_DEPS = frozenset({"amod", "compound", "nmod"})
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_BETWEEN = " ,\n"  # what may separate a quote from its cue besides the source
_NOT_BETWEEN = re.compile(r"[^ ,\n]")
_NON_SPACE = re.compile(r"\S")  # what str.strip() keeps


@dataclass(frozen=True, slots=True)
class RawAttribution:
    """An attribution before ids, kinds and nesting are assigned."""

    source: Span | None
    cue: Span
    content: Span
    parts: tuple[Span, ...]
    quote_type: QuoteType
    source_head: int | None  # token index of the source's syntactic head


def extract_attributions(
    doc: Doc, lex: Lexicon | None = None, index: DocIndex | None = None
) -> list[RawAttribution]:
    """All attributions in ``doc``, in text order, at most one per cue token.

    ``index`` is ``DocIndex.build(doc)``, built here when not given.

    Example:
        >>> [a.cue for a in extract_attributions(nlp("Kim said it rained."))]  # doctest: +SKIP
        [Span(start=4, end=8)]
    """
    lex = lex or lexicon()
    ix = index if index is not None else DocIndex.build(doc)
    found: list[RawAttribution] = []
    used: set[int] = set()
    for tok in doc:
        if tok.i in used:
            continue
        raw: RawAttribution | None = None
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            raw = _according_to(ix, tok)
            if raw is not None:
                used.add(tok.i + 1)
        elif tok.pos_ == "VERB" and _is_cue_verb(ix, tok, lex):
            if tok.dep_ not in _BAD_VERB_DEPS:
                raw = _verb(ix, tok, lex)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.noun_cues:
            raw = _noun(ix, tok)
        if raw is not None:
            found.append(raw)
            used.add(tok.i)
    return _drop_overlapping_cues(found)


def _verb(ix: DocIndex, verb: Token, lex: Lexicon) -> RawAttribution | None:
    quotes = ix.quotes
    cue_end = _cue_end(ix, verb, lex)
    cue_start = verb
    for child in ix.lefts(verb):
        if child.dep_ == "auxpass" and child.i == verb.i - 1:
            cue_start = child
    cue = _span(cue_start, cue_end)
    subject = _subject(ix, verb) or _fronted_subject(ix, verb)
    inverted = _inverted_source(ix, verb) if subject is None else None
    source_tok = inverted or subject or _inherited_subject(ix, verb)
    source = _source_span(ix, source_tok) if source_tok is not None else None
    content_parts = _verb_content(ix, verb, cue_end, source_tok, inverted, lex)
    if not content_parts:
        return None
    parts = tuple(_widen_to_quotes(p, quotes) for p in content_parts)
    parts = tuple(p for p in parts if source is None or not p.overlaps(source) or len(parts) > 1)
    if not parts:
        return None
    if parts[-1].end <= cue.start and parts[-1] in quotes:
        anchor = max(cue.end, source.end if source is not None else 0)
        parts = (*parts, *_continuation(ix.text, anchor, ix.sent_end_char(verb.i), quotes))
    return _make(source, cue, parts, quotes, source_tok)


def _is_cue_verb(ix: DocIndex, tok: Token, lex: Lexicon) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in lex.reporting_verbs:
        return True
    preps = lex.prep_verbs.get(lemma)
    return preps is not None and _cue_end(ix, tok, lex) is not tok


def _cue_end(ix: DocIndex, verb: Token, lex: Lexicon) -> Token:
    """The verb, or its particle or preposition when they form the cue ('pointed to')."""
    preps = lex.prep_verbs.get(verb.lemma_.lower(), frozenset())
    end = verb
    for child in ix.rights(verb):
        if child.dep_ == "prt" and child.i == end.i + 1:
            end = child
        elif child.dep_ == "prep" and child.i == end.i + 1 and child.lower_ in preps:
            return child
    return end


def _subject(ix: DocIndex, verb: Token) -> Token | None:
    for child in ix.children(verb):
        if child.dep_ in _SUBJECTS and child.lower_ not in {"it", "there"}:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
        if child.dep_ == "agent":
            for grand in ix.children(child):
                if grand.dep_ == "pobj":
                    return grand
    return None


def _fronted_subject(ix: DocIndex, verb: Token) -> Token | None:
    """A nominal misparsed as an adjunct right before the verb ('..." Buck, an aide, told')."""
    if verb.dep_ != "ROOT":
        return None
    for child in ix.lefts(verb):
        nominal = child.dep_ in {"npadvmod", "dep", "appos"} and child.pos_ in {"PROPN", "NOUN"}
        if nominal and child.right_edge.i >= verb.i - 2:
            return child
    return None


def _inherited_subject(ix: DocIndex, verb: Token) -> Token | None:
    current = verb
    for _ in range(3):
        if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN"}:
            return current.head
        if current.dep_ not in _INHERIT or current.head is current:
            return None
        current = current.head
        subject = _subject(ix, current)
        if subject is not None:
            return subject
    return None


def _inverted_source(ix: DocIndex, verb: Token) -> Token | None:
    """The subject after the verb in '..., reported CNN on Monday.' (nothing else follows)."""
    if verb.i == 0 or any(c.dep_ in _CLAUSES and c.i > verb.i for c in ix.children(verb)):
        return None
    before = verb.doc[verb.i - 1]
    if before.text not in {",", "”", '"'}:
        return None
    for child in ix.rights(verb):
        if child.dep_ in {"dobj", "nsubj", "attr", "npadvmod"} and child.pos_ in _NOMINAL:
            rest = verb.doc[child.right_edge.i + 1 : ix.sent_ends[verb.i]]
            if all(t.is_punct or t.is_space or _under_adjunct(t, verb) for t in rest):
                return child
            return None
    return None


def _under_adjunct(tok: Token, verb: Token) -> bool:
    while tok.head.i != verb.i and tok.head.i != tok.i:
        tok = tok.head
    return tok.head.i == verb.i and tok.dep_ in {"prep", "npadvmod", "advmod", "punct"}


def _verb_content(
    ix: DocIndex,
    verb: Token,
    cue_end: Token,
    source: Token | None,
    inverted: Token | None,
    lex: Lexicon,
) -> list[Span]:
    clauses = [c for c in ix.children(verb) if c.dep_ in _CLAUSES]
    if clauses:
        return [_subtree_span(ix, c) for c in clauses[:1]]
    if inverted is not None:
        before = _left_clause(ix, verb)
        return [before] if before is not None else []
    quote = _adjacent_quote(ix, verb, cue_end, source)
    if quote is not None:
        return [quote]
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        return _around(ix, verb.head, verb)
    lemma = verb.lemma_.lower()
    for child in ix.rights(verb):
        if child.dep_ == "dobj" and lemma in lex.content_object_verbs:
            return [_subtree_span(ix, child)]
        if child.dep_ == "prep" and child.i == cue_end.i:
            objects = [g for g in ix.children(child) if g.dep_ == "pobj"]
            if objects:
                return [_subtree_span(ix, objects[0])]
    if lemma in lex.speech_verbs:
        return _speech_fallback(ix, verb, cue_end, source)
    return []


def _speech_fallback(ix: DocIndex, verb: Token, cue_end: Token, source: Token | None) -> list[Span]:
    """Content for a bare speech verb: the rest of its sentence, or the sentence before."""
    doc = ix.doc
    start, end = ix.sent(verb.i)
    rest = ix.trim_range(cue_end.i + 1, end)
    if rest is not None and end - (cue_end.i + 1) > 3:
        return [rest]
    if start == 0:
        return []
    subject = set() if source is None else set(ix.subtree(source.i))
    for i in range(start, verb.i):
        if ix.skip[i] or i in subject:
            continue
        if doc[i].dep_ not in {"advmod", "aux"}:
            return []
    span = ix.trim_range(*ix.sent(start - 1))
    return [span] if span is not None else []


def _continuation(text: str, anchor: int, sent_end: int, quotes: QuoteIndex) -> list[Span]:
    """Quotes that carry on after '"...," he said,' up to the next non-quoted words."""
    found: list[Span] = []
    position = anchor
    for quote in quotes.from_offset(anchor):
        if quote.start < position:
            continue
        if found:
            ok = _NON_SPACE.search(text, position, quote.start) is None
        else:
            gap = text[position : quote.start] if quote.start - position <= 40 else None
            ok = gap is not None and (not gap.strip(" ,.:;\n") or quote.start <= sent_end + 1)
        if not ok:
            break
        found.append(quote)
        position = quote.end
    return found


def _left_clause(ix: DocIndex, verb: Token) -> Span | None:
    """The sentence before ``verb``, from its last line break on (a token holding one)."""
    start = ix.sent_starts[verb.i]
    if start < verb.i:
        newline = ix.text.rfind("\n", ix.starts[start], ix.starts[verb.i])
        if newline >= 0:
            start = bisect_right(ix.starts, newline)
    return ix.trim_range(start, verb.i)


def _adjacent_quote(ix: DocIndex, verb: Token, cue_end: Token, source: Token | None) -> Span | None:
    """The first quote right after the cue, or before it with only the source in between."""
    quotes = ix.quotes
    after = cue_end.idx + len(cue_end)
    if not quotes.ordered:
        for quote in quotes:
            if quote.start >= after and quote.start <= after + 3:
                return quote
            if quote.end <= verb.idx and _only_source_between(
                ix.text[quote.end : verb.idx], ix, source
            ):
                return quote
        return None
    # Disjoint quotes in text order: one ending before the verb precedes any starting after it.
    before = _quote_before(ix, verb.idx, source)
    return before if before is not None else quotes.starting_within(after, after + 3)


def _quote_before(ix: DocIndex, position: int, source: Token | None) -> Span | None:
    """The first quote ending by ``position`` with only the source between (ordered quotes).

    The quotes ending by ``position`` are walked back from the nearest; the gap to each only
    grows, so the walk stops at the first gap too long to hold just the source.
    """
    text, spans = ix.text, ix.quotes.spans
    # ``gap.strip(_BETWEEN)`` of every gap ends at ``stop`` unless the gap is all separators
    stop = position
    while stop > 0 and text[stop - 1] in _BETWEEN:
        stop -= 1
    limit = len(_source_text(ix, source)) + 2 if source is not None else -1
    found: Span | None = None
    for k in range(ix.quotes.ending_by(position) - 1, -1, -1):
        quote = spans[k]
        if quote.end >= stop:
            found = quote
            continue
        if source is None:
            break
        match = _NOT_BETWEEN.search(text, quote.end, stop)
        first = match.start() if match is not None else stop
        if stop - first > limit:
            break
        if _source_text(ix, source) in text[first:stop]:
            found = quote
    return found


def _only_source_between(gap: str, ix: DocIndex, source: Token | None) -> bool:
    stripped = gap.strip(_BETWEEN)
    if not stripped:
        return True
    if source is None:
        return False
    source_text = _source_text(ix, source)
    return len(stripped) <= len(source_text) + 2 and source_text in stripped


def _source_text(ix: DocIndex, tok: Token) -> str:
    return ix.tokens_text(tok.left_edge.i, tok.right_edge.i)


def _around(ix: DocIndex, head: Token, inner: Token) -> list[Span]:
    """The parts of ``head``'s clause on either side of ``inner``'s subtree."""
    left = ix.trim_range(head.left_edge.i, inner.left_edge.i)
    right = ix.trim_range(inner.right_edge.i + 1, head.right_edge.i + 1)
    return [p for p in (left, right) if p is not None]


def _according_to(ix: DocIndex, tok: Token) -> RawAttribution | None:
    doc, quotes = ix.doc, ix.quotes
    to = doc[tok.i + 1]
    cue = _span(tok, to)
    phrase_end = max(to.right_edge.i, tok.right_edge.i, to.i)
    if phrase_end <= to.i:
        return None
    source_tok = next((c for c in ix.children(to) if c.dep_ == "pobj"), None)
    source = ix.trim_range(to.i + 1, phrase_end + 1)
    if source is None:
        return None
    start, end = ix.sent(tok.i)
    left = ix.trim_range(start, tok.i)
    right = ix.trim_range(phrase_end + 1, end)
    parts = tuple(_widen_to_quotes(p, quotes) for p in (left, right) if p is not None)
    if not parts:
        return None
    return _make(source, cue, parts, quotes, source_tok)


def _noun(ix: DocIndex, noun: Token) -> RawAttribution | None:
    quotes = ix.quotes
    source_tok: Token | None = None
    cue_end = noun
    for child in ix.children(noun):
        if child.dep_ == "poss" and child.lower_ not in {"its", "their", "his", "her"}:
            source_tok = child
        elif child.dep_ == "prep" and child.lower_ in _NOUN_SOURCE_PREPS and child.i > noun.i:
            obj = next((g for g in ix.children(child) if g.dep_ == "pobj"), None)
            if obj is not None and source_tok is None:
                source_tok, cue_end = obj, child
    if source_tok is None:
        return None
    source = _source_span(ix, source_tok)
    content = _noun_content(ix, noun, source_tok)
    if content is None or content.overlaps(source):
        return None
    cue = _span(noun, cue_end) if cue_end.i == noun.i + 1 else _span(noun, noun)
    return _make(source, cue, (_widen_to_quotes(content, quotes),), quotes, source_tok)


def _noun_content(ix: DocIndex, noun: Token, source: Token) -> Span | None:
    doc = ix.doc
    for child in ix.rights(noun):
        if child.dep_ in {"acl", "ccomp", "relcl", "appos"} and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in ix.children(child)
        ):
            return _subtree_span(ix, child)
    nxt_i = max(source.right_edge.i, noun.i) + 1
    if nxt_i < len(doc):
        nxt = doc[nxt_i]
        if nxt.tag_ == "VBG" and nxt.head.i != nxt.i:
            return _subtree_span(ix, nxt)
        if nxt.text == ":":
            end = nxt.idx + 1
            return ix.quotes.starting_within(end, end + 2)
    return None


def _make(
    source: Span | None,
    cue: Span,
    parts: Iterable[Span],
    quotes: QuoteIndex,
    source_tok: Token | None,
) -> RawAttribution:
    ordered = tuple(sorted(set(parts)))
    content = Span(ordered[0].start, max(p.end for p in ordered))
    return RawAttribution(
        source=source,
        cue=cue,
        content=content,
        parts=ordered if len(ordered) > 1 else (),
        quote_type=_quote_type(ordered, quotes),
        source_head=source_tok.i if source_tok is not None else None,
    )


def _quote_type(parts: Sequence[Span], quotes: QuoteIndex) -> QuoteType:
    covered = 0
    total = sum(len(p) for p in parts)
    touched = False
    for part in parts:
        for quote in quotes.overlapping(part):
            touched = True
            covered += min(part.end, quote.end) - max(part.start, quote.start)
    if not touched:
        return "indirect"
    return "direct" if covered >= total - 2 else "mixed"


def _source_span(ix: DocIndex, tok: Token) -> Span:
    if tok.dep_ in _SUBJECTS or tok.dep_ in {"pobj", "dobj", "attr", "npadvmod", "poss"}:
        span = ix.subtree_span(tok.i, drop_case=True)
        if span is not None:
            return span
    return _span(tok.left_edge, tok)


def _subtree_span(ix: DocIndex, tok: Token) -> Span:
    span = ix.subtree_span(tok.i)
    return span if span is not None else _span(tok, tok)


def _span(first: Token, last: Token) -> Span:
    return Span(first.idx, last.idx + len(last.text))


def _widen_to_quotes(span: Span, quotes: QuoteIndex) -> Span:
    start, end = span.start, span.end
    for quote in quotes.overlapping(span):
        start, end = min(start, quote.start), max(end, quote.end)
    return Span(start, end)


def _drop_overlapping_cues(found: list[RawAttribution]) -> list[RawAttribution]:
    """Keep cues in text order, longest first at a start, dropping any that overlaps a kept one."""
    kept: list[RawAttribution] = []
    for raw in sorted(found, key=lambda r: (r.cue.start, -len(r.cue))):
        # kept cues are disjoint and sorted, so their ends rise: only the last few can reach
        # past ``raw``'s start
        clash = False
        for k in reversed(kept):
            if k.cue.end <= raw.cue.start:
                break
            if raw.cue.overlaps(k.cue):
                clash = True
                break
        if not clash:
            kept.append(raw)
    return kept
