"""Match PETRARCH verb patterns against a verb's clause in a spaCy dependency parse.

A pattern's words must appear in order (gaps allowed) among the tokens of the verb's own
clause: the words after ``*`` to the right of the verb, the words before it to the left.
A ``(PREP ...)`` term must land on a preposition or particle. The most specific pattern (most
words matched) wins; a ``[---]`` winner blocks coding; with no pattern the verb's own code,
then its block's code, applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from unspin.detectors.events.dictionary import Pattern, Term, VerbBlock, VerbEntry

if TYPE_CHECKING:
    from spacy.tokens import Token

    from unspin.detectors.events.resources import EventResources

# Dependents that open another clause: their words never feed this verb's patterns.
CLAUSE_BREAKS = frozenset(
    {"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass", "mark", "punct", "nsubj"}
)
_PREP_POS = frozenset({"ADP", "PART", "SCONJ", "ADV"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
MAX_CLAUSE_TOKENS = 24


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """The code a verb gets, and the tokens that filled the pattern's argument slots."""

    code: str | None
    reverse_code: str | None
    verb: VerbEntry
    block: VerbBlock
    pattern: Pattern | None
    score: int
    source: Token | None = None
    target: Token | None = None
    particles: tuple[Token, ...] = ()


def token_keys(token: Token) -> tuple[str, ...]:
    """The lowercase forms a dictionary word may match: text, lemma, naive singular."""
    lower = token.lower_
    keys = [lower, token.lemma_.lower()]
    if lower.endswith("ies") and len(lower) > 4:
        keys.append(lower[:-3] + "y")
    elif lower.endswith("s") and len(lower) > 3:
        keys.append(lower[:-1])
    return tuple(keys)


@lru_cache(maxsize=65536)
def _word_keys(word: str, exact: bool) -> tuple[str, ...]:
    if exact:
        return (word,)
    if word.endswith("ies") and len(word) > 4:
        return (word, word[:-3] + "y")
    if word.endswith("s") and len(word) > 3:
        return (word, word[:-1])
    return (word,)


def clause_tokens(verb: Token) -> list[Token]:
    """Tokens of the verb's own clause (its subtree minus nested clauses), in text order."""
    out: list[Token] = []
    stack = [c for c in verb.children if c.dep_ not in CLAUSE_BREAKS and not _is_verb_conj(c)]
    while stack and len(out) < 4 * MAX_CLAUSE_TOKENS:
        tok = stack.pop()
        out.append(tok)
        stack.extend(
            c for c in tok.children if c.dep_ not in CLAUSE_BREAKS and not _is_verb_conj(c)
        )
    out.sort(key=lambda t: t.i)
    return out


def _is_verb_conj(token: Token) -> bool:
    return token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")


class PatternMatcher:
    """Finds the best verb pattern for a token; caches per-pattern word requirements."""

    def __init__(self, res: EventResources) -> None:
        self.res = res
        self._required: dict[int, frozenset[str]] = {}
        self._synset_words: dict[str, frozenset[str]] = {}
        self._synset_phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
        for name, members in res.verbs.synsets.items():
            words = {m for m in members if " " not in m}
            words |= {k for m in members if " " not in m for k in _word_keys(m, False)}
            self._synset_words[name] = frozenset(words)
            self._synset_phrases[name] = tuple(tuple(m.split()) for m in members if " " in m)

    def candidates(self, token: Token) -> list[tuple[VerbEntry, VerbBlock]]:
        index = self.res.verb_index
        found = index.get(token.lemma_.lower()) or index.get(token.lower_) or []
        return found

    def match(self, token: Token) -> VerbMatch | None:
        """The best code for ``token`` as a verb, or None when it is not in the dictionary."""
        entries = self.candidates(token)
        if not entries:
            return None
        clause = clause_tokens(token)
        post = [t for t in clause if t.i > token.i][:MAX_CLAUSE_TOKENS]
        pre = [t for t in clause if t.i < token.i][-MAX_CLAUSE_TOKENS:]
        keys = {k for t in clause for k in token_keys(t)}
        chosen = self._choose_entry(entries, post)
        if chosen is None:
            return None
        verb, block, particles = chosen
        rest = [t for t in post if t not in particles]
        best: VerbMatch | None = None
        best_reach = 0
        seen: set[int] = set()
        for _, blk in entries:
            if blk is not block and blk.name != block.name:
                continue
            for pattern in blk.patterns:
                if id(pattern) in seen or not self._required_words(pattern) <= keys:
                    continue
                seen.add(id(pattern))
                result = self._match_pattern(pattern, token, pre, rest)
                if result is None:
                    continue
                score, reach, source, target = result
                if best is None or (score, -reach) > (best.score, -best_reach):
                    best_reach = reach
                    best = VerbMatch(
                        pattern.code,
                        pattern.reverse_code,
                        verb,
                        block,
                        pattern,
                        score,
                        source,
                        target,
                        particles,
                    )
        if best is not None:
            return best
        code = verb.code or block.code
        return VerbMatch(code, None, verb, block, None, 0, particles=particles)

    def _choose_entry(
        self, entries: list[tuple[VerbEntry, VerbBlock]], post: list[Token]
    ) -> tuple[VerbEntry, VerbBlock, tuple[Token, ...]] | None:
        single: tuple[VerbEntry, VerbBlock, tuple[Token, ...]] | None = None
        best_multi: tuple[VerbEntry, VerbBlock, tuple[Token, ...]] | None = None
        for verb, block in entries:
            if not verb.particles:
                if single is None:
                    single = (verb, block, ())
                continue
            window = post[: len(verb.particles) + 2]
            matched: list[Token] = []
            for word in verb.particles:
                hit = next((t for t in window if word in token_keys(t) and t not in matched), None)
                if hit is None:
                    break
                matched.append(hit)
            else:
                if best_multi is None or len(verb.particles) > len(best_multi[0].particles):
                    best_multi = (verb, block, tuple(matched))
        return best_multi or single

    def mentions(self, match: VerbMatch | None, tokens: list[Token]) -> bool:
        """The match's pattern names one of ``tokens`` ("- * &TIETYPE TIES" names *ties*)."""
        if match is None or match.pattern is None:
            return False
        terms = [t for t in (*match.pattern.pre, *match.pattern.post) if not t.role]
        return any(self._match_at(term, [tok], 0) for term in terms for tok in tokens)

    def _required_words(self, pattern: Pattern) -> frozenset[str]:
        key = id(pattern)
        cached = self._required.get(key)
        if cached is None:
            cached = frozenset(
                _word_keys(t.words[0].split()[-1], False)[-1]
                for t in (*pattern.pre, *pattern.post)
                if len(t.words) == 1 and t.synset is None and not t.role
            )
            self._required[key] = cached
        return cached

    def _match_pattern(
        self, pattern: Pattern, verb: Token, pre: list[Token], post: list[Token]
    ) -> tuple[int, int, Token | None, Token | None] | None:
        """(score, reach, source, target); reach is how far past the verb the pattern ends, so
        among equal scores the pattern on the verb's own object wins ("halted economic *aid*
        ... in efforts to end the *fighting*")."""
        slots: dict[str, Token | None] = {}
        pre_hit = self._match_terms(pattern.pre, pre, verb, slots)
        if pre_hit is None:
            return None
        post_hit = self._match_terms(pattern.post, post, verb, slots)
        if post_hit is None:
            return None
        return pre_hit[0] + post_hit[0], post_hit[1], slots.get("source"), slots.get("target")

    def _match_terms(
        self,
        terms: tuple[Term, ...],
        toks: list[Token],
        verb: Token,
        slots: dict[str, Token | None],
    ) -> tuple[int, int] | None:
        cursor = 0
        score = 0
        last: Token | None = None
        for term in terms:
            if term.role in ("source", "target"):
                slots[term.role] = _slot_after(last, verb, toks, cursor)
                continue
            if term.role == "skip":
                continue
            hit = self._find(term, toks, cursor)
            if hit is None:
                return None
            start, width = hit
            cursor = start + width
            score += width + (1 if term.prep else 0)
            last = toks[cursor - 1]
        return score, cursor

    def _find(self, term: Term, toks: list[Token], cursor: int) -> tuple[int, int] | None:
        for pos in range(cursor, len(toks)):
            tok = toks[pos]
            if term.prep and (tok.pos_ not in _PREP_POS or tok.dep_ == "aux"):
                continue
            width = self._match_at(term, toks, pos)
            if width:
                return pos, width
        return None

    def _match_at(self, term: Term, toks: list[Token], pos: int) -> int:
        keys = token_keys(toks[pos])
        if term.synset is not None:
            if any(k in self._synset_words.get(term.synset, ()) for k in keys):
                return 1
            for phrase in self._synset_phrases.get(term.synset, ()):
                if _phrase_at(phrase, toks, pos, keys):
                    return len(phrase)
            return 0
        for alternative in term.words:
            words = alternative.split()
            if len(words) == 1:
                if any(k in _word_keys(words[0], term.exact) for k in keys):
                    return 1
            elif _phrase_at(tuple(words), toks, pos, keys):
                return len(words)
        return 0


def _phrase_at(
    words: tuple[str, ...], toks: list[Token], pos: int, first: tuple[str, ...] = ()
) -> bool:
    if pos + len(words) > len(toks):
        return False
    if first and not any(k in _word_keys(words[0], False) for k in first):
        return False  # cheap test of the first word before the whole phrase
    return all(
        any(k in _word_keys(w, False) for k in token_keys(toks[pos + j]))
        for j, w in enumerate(words)
    )


def _slot_after(last: Token | None, verb: Token, toks: list[Token], cursor: int) -> Token | None:
    if last is None:
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "attr"):
                return child
    elif last.pos_ in _PREP_POS:
        for child in last.children:
            if child.dep_ == "pobj":
                return child
    for tok in toks[cursor:]:
        if tok.pos_ in _NOUN_POS:
            return tok
    return None
