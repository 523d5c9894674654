"""Find attributions on a dependency parse: reporting verbs, "according to", noun cues, quotes.

Offsets map to tokens by whole tokens: each span runs from the first to the last token it
covers, with punctuation trimmed at both ends; a content span that overlaps a quoted passage is
widened to the whole quote, so direct quotes keep their marks and may span sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unspin.detectors.claims.cues import Lexicon, lexicon
from unspin.detectors.claims.findings import QuoteType
from unspin.detectors.claims.quotes import find_quotes
from unspin.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_SUBJECTS = ("nsubj", "csubj")
_CLAUSES = ("ccomp", "xcomp")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_INHERIT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "urge", "warn", "remind", "inform", "assure"})
_NOUN_SOURCE_PREPS = frozenset({"by", "from", "of"})
_BAD_VERB_DEPS = frozenset({"amod", "compound", "nmod"})
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})


@dataclass(frozen=True, slots=True)
class RawAttribution:
    """An attribution before ids, kinds and nesting are assigned."""

    source: Span | None
    cue: Span
    content: Span
    parts: tuple[Span, ...]
    quote_type: QuoteType
    source_head: int | None  # token index of the source's syntactic head


def extract_attributions(doc: Doc, lex: Lexicon | None = None) -> list[RawAttribution]:
    """All attributions in ``doc``, in text order, at most one per cue token.

    Example:
        >>> [a.cue for a in extract_attributions(nlp("Kim said it rained."))]  # doctest: +SKIP
        [Span(start=4, end=8)]
    """
    lex = lex or lexicon()
    quotes = find_quotes(doc.text)
    found: list[RawAttribution] = []
    used: set[int] = set()
    for tok in doc:
        if tok.i in used:
            continue
        raw: RawAttribution | None = None
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            raw = _according_to(doc, tok, quotes)
            if raw is not None:
                used.add(tok.i + 1)
        elif tok.pos_ == "VERB" and _is_cue_verb(tok, lex):
            if tok.dep_ not in _BAD_VERB_DEPS:
                raw = _verb(doc, tok, quotes, lex)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.noun_cues:
            raw = _noun(doc, tok, quotes)
        if raw is not None:
            found.append(raw)
            used.add(tok.i)
    return _drop_overlapping_cues(found)


def _verb(doc: Doc, verb: Token, quotes: Sequence[Span], lex: Lexicon) -> RawAttribution | None:
    cue_end = verb
    cue_end = _cue_end(verb, lex)
    cue_start = verb
    for child in verb.lefts:
        if child.dep_ == "auxpass" and child.i == verb.i - 1:
            cue_start = child
    cue = _span(cue_start, cue_end)
    subject = _subject(verb) or _fronted_subject(verb)
    inverted = _inverted_source(verb) if subject is None else None
    source_tok = inverted or subject or _inherited_subject(verb)
    source = _source_span(source_tok) if source_tok is not None else None
    content_parts = _verb_content(doc, verb, cue_end, source_tok, inverted, quotes, lex)
    if not content_parts:
        return None
    parts = tuple(_widen_to_quotes(p, quotes) for p in content_parts)
    parts = tuple(p for p in parts if source is None or not p.overlaps(source) or len(parts) > 1)
    if not parts:
        return None
    if parts[-1].end <= cue.start and any(q == parts[-1] for q in quotes):
        anchor = max(cue.end, source.end if source is not None else 0)
        parts = (*parts, *_continuation(doc.text, anchor, _sent(verb).end_char, quotes))
    return _make(source, cue, parts, quotes, source_tok)


def _is_cue_verb(tok: Token, lex: Lexicon) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in lex.reporting_verbs:
        return True
    preps = lex.prep_verbs.get(lemma)
    return preps is not None and _cue_end(tok, lex) is not tok


def _cue_end(verb: Token, lex: Lexicon) -> Token:
    """The verb, or its particle or preposition when they form the cue ('pointed to')."""
    preps = lex.prep_verbs.get(verb.lemma_.lower(), frozenset())
    end = verb
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end.i + 1:
            end = child
        elif child.dep_ == "prep" and child.i == end.i + 1 and child.lower_ in preps:
            return child
    return end


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.lower_ not in {"it", "there"}:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _fronted_subject(verb: Token) -> Token | None:
    """A nominal misparsed as an adjunct right before the verb ('..." Buck, an aide, told')."""
    if verb.dep_ != "ROOT":
        return None
    for child in verb.lefts:
        nominal = child.dep_ in {"npadvmod", "dep", "appos"} and child.pos_ in {"PROPN", "NOUN"}
        if nominal and child.right_edge.i >= verb.i - 2:
            return child
    return None


def _inherited_subject(verb: Token) -> Token | None:
    current = verb
    for _ in range(3):
        if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN"}:
            return current.head
        if current.dep_ not in _INHERIT or current.head is current:
            return None
        current = current.head
        subject = _subject(current)
        if subject is not None:
            return subject
    return None


def _inverted_source(verb: Token) -> Token | None:
    """The subject after the verb in '..., reported CNN on Monday.' (nothing else follows)."""
    if verb.i == 0 or any(c.dep_ in _CLAUSES and c.i > verb.i for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    if before.text not in {",", "”", '"'}:
        return None
    for child in verb.rights:
        if child.dep_ in {"dobj", "nsubj", "attr", "npadvmod"} and child.pos_ in _NOMINAL:
            rest = verb.doc[child.right_edge.i + 1 : _sent(verb).end]
            if all(t.is_punct or t.is_space or _under_adjunct(t, verb) for t in rest):
                return child
            return None
    return None


def _under_adjunct(tok: Token, verb: Token) -> bool:
    while tok.head.i != verb.i and tok.head.i != tok.i:
        tok = tok.head
    return tok.head.i == verb.i and tok.dep_ in {"prep", "npadvmod", "advmod", "punct"}


def _verb_content(
    doc: Doc,
    verb: Token,
    cue_end: Token,
    source: Token | None,
    inverted: Token | None,
    quotes: Sequence[Span],
    lex: Lexicon,
) -> list[Span]:
    clauses = [c for c in verb.children if c.dep_ in _CLAUSES]
    if clauses:
        return [_subtree_span(c) for c in clauses[:1]]
    if inverted is not None:
        before = _left_clause(doc, verb)
        return [before] if before is not None else []
    quote = _adjacent_quote(doc, verb, cue_end, source, quotes)
    if quote is not None:
        return [quote]
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        return _around(verb.head, verb)
    lemma = verb.lemma_.lower()
    for child in verb.rights:
        if child.dep_ == "dobj" and lemma in lex.content_object_verbs:
            return [_subtree_span(child)]
        if child.dep_ == "prep" and child.i == cue_end.i:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return [_subtree_span(objects[0])]
    if lemma in lex.speech_verbs:
        return _speech_fallback(doc, verb, cue_end, source)
    return []


def _speech_fallback(doc: Doc, verb: Token, cue_end: Token, source: Token | None) -> list[Span]:
    """Content for a bare speech verb: the rest of its sentence, or the sentence before."""
    sent = _sent(verb)
    rest = _trimmed(list(doc[cue_end.i + 1 : sent.end]))
    if rest is not None and len(doc[cue_end.i + 1 : sent.end]) > 3:
        return [rest]
    before_verb = [t for t in doc[sent.start : verb.i] if not t.is_punct and not t.is_space]
    subject = set() if source is None else {t.i for t in source.subtree}
    if sent.start > 0 and all(t.i in subject or t.dep_ in {"advmod", "aux"} for t in before_verb):
        prev = _sent(doc[sent.start - 1])
        span = _trimmed(list(prev))
        return [span] if span is not None else []
    return []


def _continuation(text: str, anchor: int, sent_end: int, quotes: Sequence[Span]) -> list[Span]:
    """Quotes that carry on after '"...," he said,' up to the next non-quoted words."""
    found: list[Span] = []
    position = anchor
    for quote in quotes:
        if quote.start < position:
            continue
        gap = text[position : quote.start]
        if found:
            ok = not gap.strip()
        else:
            ok = len(gap) <= 40 and (not gap.strip(" ,.:;\n") or quote.start <= sent_end + 1)
        if not ok:
            break
        found.append(quote)
        position = quote.end
    return found


def _left_clause(doc: Doc, verb: Token) -> Span | None:
    start = _sent(verb).start
    for tok in doc[start : verb.i]:
        if "\n" in tok.text_with_ws:
            start = tok.i + 1
    return _trimmed(list(doc[start : verb.i]))


def _adjacent_quote(
    doc: Doc, verb: Token, cue_end: Token, source: Token | None, quotes: Sequence[Span]
) -> Span | None:
    after = cue_end.idx + len(cue_end)
    text = doc.text
    for quote in quotes:
        if quote.start >= after and quote.start <= after + 3:
            return quote
        if quote.end <= verb.idx and _only_source_between(text[quote.end : verb.idx], source):
            return quote
    return None


def _only_source_between(gap: str, source: Token | None) -> bool:
    stripped = gap.strip(" ,\n")
    if not stripped:
        return True
    if source is None:
        return False
    return len(stripped) <= len(_source_text(source)) + 2 and _source_text(source) in stripped


def _source_text(tok: Token) -> str:
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text


def _around(head: Token, inner: Token) -> list[Span]:
    """The parts of ``head``'s clause on either side of ``inner``'s subtree."""
    doc = head.doc
    left = _trimmed(list(doc[head.left_edge.i : inner.left_edge.i]))
    right = _trimmed(list(doc[inner.right_edge.i + 1 : head.right_edge.i + 1]))
    return [p for p in (left, right) if p is not None]


def _according_to(doc: Doc, tok: Token, quotes: Sequence[Span]) -> RawAttribution | None:
    to = doc[tok.i + 1]
    cue = _span(tok, to)
    phrase_end = max(to.right_edge.i, tok.right_edge.i, to.i)
    if phrase_end <= to.i:
        return None
    source_tok = next((c for c in to.children if c.dep_ == "pobj"), None)
    source = _trimmed(list(doc[to.i + 1 : phrase_end + 1]))
    if source is None:
        return None
    sent = _sent(tok)
    left = _trimmed(list(doc[sent.start : tok.i]))
    right = _trimmed(list(doc[phrase_end + 1 : sent.end]))
    parts = tuple(_widen_to_quotes(p, quotes) for p in (left, right) if p is not None)
    if not parts:
        return None
    return _make(source, cue, parts, quotes, source_tok)


def _noun(doc: Doc, noun: Token, quotes: Sequence[Span]) -> RawAttribution | None:
    source_tok: Token | None = None
    cue_end = noun
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ not in {"its", "their", "his", "her"}:
            source_tok = child
        elif child.dep_ == "prep" and child.lower_ in _NOUN_SOURCE_PREPS and child.i > noun.i:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and source_tok is None:
                source_tok, cue_end = obj, child
    if source_tok is None:
        return None
    source = _source_span(source_tok)
    content = _noun_content(doc, noun, source_tok, quotes)
    if content is None or content.overlaps(source):
        return None
    cue = _span(noun, cue_end) if cue_end.i == noun.i + 1 else _span(noun, noun)
    return _make(source, cue, (_widen_to_quotes(content, quotes),), quotes, source_tok)


def _noun_content(doc: Doc, noun: Token, source: Token, quotes: Sequence[Span]) -> Span | None:
    for child in noun.rights:
        if child.dep_ in {"acl", "ccomp", "relcl", "appos"} and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            return _subtree_span(child)
    nxt_i = max(source.right_edge.i, noun.i) + 1
    if nxt_i < len(doc):
        nxt = doc[nxt_i]
        if nxt.tag_ == "VBG" and nxt.head.i != nxt.i:
            return _subtree_span(nxt)
        if nxt.text == ":":
            end = nxt.idx + 1
            for quote in quotes:
                if end <= quote.start <= end + 2:
                    return quote
    return None


def _make(
    source: Span | None,
    cue: Span,
    parts: Iterable[Span],
    quotes: Sequence[Span],
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


def _quote_type(parts: Sequence[Span], quotes: Sequence[Span]) -> QuoteType:
    covered = 0
    total = sum(len(p) for p in parts)
    touched = False
    for part in parts:
        for quote in quotes:
            if quote.overlaps(part):
                touched = True
                covered += min(part.end, quote.end) - max(part.start, quote.start)
    if not touched:
        return "indirect"
    return "direct" if covered >= total - 2 else "mixed"


def _source_span(tok: Token) -> Span:
    if tok.dep_ in _SUBJECTS or tok.dep_ in {"pobj", "dobj", "attr", "npadvmod", "poss"}:
        subtree = [t for t in tok.subtree if not (t.dep_ == "case" and t.head.i == tok.i)]
        span = _trimmed(subtree)
        if span is not None:
            return span
    return _span(tok.left_edge, tok)


def _subtree_span(tok: Token) -> Span:
    span = _trimmed(list(tok.subtree))
    return span if span is not None else _span(tok, tok)


def _trimmed(tokens: Sequence[Token]) -> Span | None:
    start, end = 0, len(tokens)
    while start < end and (tokens[start].is_punct or tokens[start].is_space):
        start += 1
    while end > start and (tokens[end - 1].is_punct or tokens[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return _span(tokens[start], tokens[end - 1])


def _sent(tok: Token) -> SpacySpan:
    """The sentence of ``tok``; cheaper than ``Token.sent``, which walks the whole document."""
    doc = tok.doc
    start = tok.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = tok.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]


def _span(first: Token, last: Token) -> Span:
    return Span(first.idx, last.idx + len(last.text))


def _widen_to_quotes(span: Span, quotes: Sequence[Span]) -> Span:
    start, end = span.start, span.end
    for quote in quotes:
        if quote.overlaps(span):
            start, end = min(start, quote.start), max(end, quote.end)
    return Span(start, end)


def _drop_overlapping_cues(found: list[RawAttribution]) -> list[RawAttribution]:
    kept: list[RawAttribution] = []
    for raw in sorted(found, key=lambda r: (r.cue.start, -len(r.cue))):
        if any(raw.cue.overlaps(k.cue) for k in kept):
            continue
        kept.append(raw)
    return kept
