"""Feature extraction shared by training and run time: text specs, span context, token windows.

Example:
    >>> [t.text for t in tokens_of("Stop them now!")]
    ['Stop', 'them', 'now', '!']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspin.textclf.features import FeatureSpec

# Paragraphs and whole articles: word uni/bigrams and character 3-5-grams.
TEXT_SPEC = FeatureSpec(n_features=2**17, word_ngrams=(1, 2), char_ngrams=(3, 5))
# Gold spans (TC): the span's own n-grams; context and shape come as extra features.
SPAN_SPEC = FeatureSpec(n_features=2**17, word_ngrams=(1, 2), char_ngrams=(2, 5))
# Tokens (SI): extra features only.
TOKEN_SPEC = FeatureSpec.extras_only(2**18)

_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCT = re.compile(r"^[^\w]+$")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its end-exclusive offsets and line number."""

    text: str
    start: int
    end: int
    line: int


def tokens_of(text: str) -> list[Token]:
    """Tokenise ``text`` keeping offsets and the line each token is on."""
    out: list[Token] = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line = 0
    for m in _TOKEN.finditer(text):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= m.start():
            line += 1
        out.append(Token(m.group(), m.start(), m.end(), line))
    return out


def is_punct(token: str) -> bool:
    """Whether a token holds no word character."""
    return bool(_PUNCT.match(token))


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if is_punct(word):
        return "p"
    if word.isupper() and len(word) > 1:
        return "X"
    return "Xx" if word[0].isupper() else "x"


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def token_features(tokens: list[Token]) -> list[list[str]]:
    """Features of each token: words within two positions, shape, affixes, words of its line."""
    words = [t.text.lower() for t in tokens]
    out: list[list[str]] = []
    n = len(tokens)
    line_words: dict[int, list[str]] = {}
    for t, w in zip(tokens, words, strict=True):
        if len(w) > 3:
            line_words.setdefault(t.line, []).append("s=" + w)
    for i, tok in enumerate(tokens):

        def word(j: int, i: int = i, tok: Token = tok) -> str:
            if 0 <= j < n and tokens[j].line == tok.line:
                return words[j]
            return "<s>" if j < i else "</s>"

        w = words[i]
        feats = [
            "w=" + w,
            "p1=" + word(i - 1),
            "n1=" + word(i + 1),
            "p2=" + word(i - 2),
            "n2=" + word(i + 2),
            "b=" + word(i - 1) + "|" + w,
            "bn=" + w + "|" + word(i + 1),
            "t=" + word(i - 1) + "|" + w + "|" + word(i + 1),
            "shape=" + _shape(tok.text),
            "suf=" + w[-3:],
            "pre=" + w[:3],
        ]
        feats.extend(line_words.get(tok.line, ()))
        out.append(feats)
    return out


def span_features(text: str, start: int, end: int) -> list[str]:
    """Extra features of a span for technique classification: context, length, repetition."""
    span = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[line_start:start].lower().split()[-4:]
    right = text[end:line_end].lower().split()[:4]
    n_words = len(span.split())
    repeats = text.lower().count(span.lower()) if span.strip() else 0
    feats = [f"L={w}" for w in left] + [f"R={w}" for w in right]
    feats += ["L1=" + (left[-1] if left else "<s>"), "R1=" + (right[0] if right else "</s>")]
    feats += [
        "len=" + _bucket(n_words, (1, 2, 3, 5, 8, 13, 21)),
        "rep=" + _bucket(repeats, (1, 2, 3, 5)),
        "whole_line=" + str(start <= line_start + 1 and end >= line_end - 1),
        "quoted=" + str(text[max(0, start - 1) : start] in {'"', "“", "'"}),
        "cap=" + str(span[:1].isupper()),
        "excl=" + str("!" in span),
        "ques=" + str("?" in span),
    ]
    return feats


_FIRST_PERSON = re.compile(r"\b(?:i|me|my|we|our|us)\b", re.IGNORECASE)
_SAID = re.compile(r"\b(?:said|says|told|according)\b", re.IGNORECASE)


def genre_features(text: str) -> list[str]:
    """Style features of a whole article: quoting, reporting verbs, first person, punctuation."""
    words = max(1, len(text.split()))
    lines = [ln for ln in text.split("\n") if ln.strip()]
    rates = {
        "quote": (text.count('"') + text.count("“")) / words * 100,
        "said": len(_SAID.findall(text)) / words * 100,
        "first": len(_FIRST_PERSON.findall(text)) / words * 100,
        "excl": text.count("!") / words * 100,
        "ques": text.count("?") / words * 100,
        "linelen": words / max(1, len(lines)),
    }
    feats = [f"sty:{k}={_bucket(round(v), (0, 1, 2, 4, 8, 16, 32))}" for k, v in rates.items()]
    return [*feats, f"sty:words={_bucket(words, (150, 300, 600, 1200, 2400))}"]
