"""PTC span identification with a linear-chain CRF (pycrfsuite) over BIO tags.

Each line of an article is one sequence of ``tokens_of`` tokens. Features of a token: its
lower-cased form and those of two neighbours each side, shape, affixes, all-caps, position
in the line, whether it sits inside quotes, the line's ``!``/``?``, and a lexicon learned from
PTC train spans (how often a word falls inside a gold span, in buckets). A token's propaganda
probability is one minus the CRF marginal of ``O``; ``decode_spans`` turns those into spans.

Example:
    >>> lexicon = Lexicon({"traitors": 0.9})
    >>> token_features(tokens_of("They are traitors!"), lexicon)[2][:2]
    ['w=traitors', 'lex=9']
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from unspin.detectors.persuasion.features import Token, is_punct, tokens_of
from unspin.detectors.persuasion.formats import SpanLabel
from unspin.detectors.persuasion.spans import decode_spans
from unspin.errors import ModelError

__all__ = ["CrfSpanTagger", "Lexicon", "line_sequences", "token_features", "tokens_of"]

QUOTES = frozenset('"“”«»')
MIN_COUNT = 3  # a word enters the lexicon once seen this often in train


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Share of a word's train occurrences that fall inside a gold propaganda span."""

    rates: dict[str, float]

    def bucket(self, word: str) -> str:
        """The rate of ``word`` in tenths (``0``-``9``), or ``u`` for unseen words."""
        rate = self.rates.get(word)
        return "u" if rate is None else str(min(9, int(rate * 10)))

    @classmethod
    def learn(cls, pairs: Iterable[tuple[str, bool]]) -> Lexicon:
        """Build from ``(lower-cased word, inside a span)`` pairs (smoothed rates)."""
        seen: Counter[str] = Counter()
        inside: Counter[str] = Counter()
        for word, flag in pairs:
            seen[word] += 1
            inside[word] += flag
        return cls({w: (inside[w] + 0.5) / (n + 1.0) for w, n in seen.items() if n >= MIN_COUNT})


def line_sequences(tokens: Sequence[Token]) -> list[list[int]]:
    """Indices of the tokens of each line that holds any."""
    out: list[list[int]] = []
    for i, tok in enumerate(tokens):
        if out and tokens[out[-1][-1]].line == tok.line:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if is_punct(word):
        return word if word in "!?\"'“”,.:;-" else "p"
    if word.isupper() and len(word) > 1:
        return "X"
    return "Xx" if word[0].isupper() else "x"


def _line_features(tokens: Sequence[Token], lexicon: Lexicon) -> list[list[str]]:
    words = [t.text.lower() for t in tokens]
    lex = [lexicon.bucket(w) for w in words]
    n = len(tokens)
    texts = {t.text for t in tokens}
    line = [
        "L!=" + str("!" in texts),
        "L?=" + str("?" in texts),
        "Llen=" + ("s" if n < 8 else "m" if n < 25 else "l" if n < 50 else "xl"),
        "Lhi=" + str(min(3, sum(b in {"6", "7", "8", "9"} for b in lex))),
    ]
    out: list[list[str]] = []
    quoted = False
    for i, tok in enumerate(tokens):
        if tok.text in QUOTES or (tok.text == "'" and (i == 0 or i == n - 1)):
            quoted = not quoted

        def w(j: int) -> str:
            return words[j] if 0 <= j < n else "<s>" if j < 0 else "</s>"

        def b(j: int) -> str:
            return lex[j] if 0 <= j < n else "_"

        word = words[i]
        feats = [
            "w=" + word,
            "lex=" + lex[i],
            "lex-1=" + b(i - 1),
            "lex+1=" + b(i + 1),
            "lex-2=" + b(i - 2),
            "lex+2=" + b(i + 2),
            "lex3=" + b(i - 1) + b(i) + b(i + 1),
            "w-1=" + w(i - 1),
            "w+1=" + w(i + 1),
            "w-2=" + w(i - 2),
            "w+2=" + w(i + 2),
            "w-1|w=" + w(i - 1) + "|" + word,
            "w|w+1=" + word + "|" + w(i + 1),
            "shape=" + _shape(tok.text),
            "shape-1=" + (_shape(tokens[i - 1].text) if i else "<s>"),
            "shape+1=" + (_shape(tokens[i + 1].text) if i + 1 < n else "</s>"),
            "suf=" + word[-3:],
            "pre=" + word[:3],
            "pos=" + (str(i) if i < 3 else "e" if i == n - 1 else str(min(9, i * 10 // n))),
            "quoted=" + str(quoted),
            *line,
        ]
        if tok.text.isupper() and len(tok.text) > 1:
            feats.append("caps")
        out.append(feats)
    return out


def token_features(tokens: Sequence[Token], lexicon: Lexicon) -> list[list[str]]:
    """CRF features of every token, computed line by line (see the module docstring)."""
    out: list[list[str]] = []
    for seq in line_sequences(tokens):
        out.extend(_line_features([tokens[i] for i in seq], lexicon))
    return out


class CrfSpanTagger:
    """A trained CRF, its lexicon and decoding settings: ``spans(article_id, text)``."""

    def __init__(self, directory: Path, name: str = "si_crf") -> None:
        import pycrfsuite

        header = directory / f"{name}.json"
        try:
            meta = json.loads(header.read_text(encoding="utf-8"))
            self.tagger = pycrfsuite.Tagger()
            self.tagger.open(str(directory / f"{name}.crfsuite"))
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"[E1233] Cannot read the CRF span model {name!r} in {directory}: {exc}. "
                "Reinstall unspin or retrain with training/persuasion/train_v2.py."
            ) from exc
        self.meta: dict[str, object] = meta
        self.lexicon = Lexicon(dict(meta["lexicon"]))
        self.threshold = float(meta["threshold"])
        self.gap = int(meta["gap"])

    def token_proba(self, tokens: Sequence[Token]) -> list[float]:
        """Probability that each token lies inside a propaganda span."""
        proba: list[float] = []
        for seq in line_sequences(tokens):
            line = [tokens[i] for i in seq]
            self.tagger.set(_line_features(line, self.lexicon))
            proba.extend(1.0 - self.tagger.marginal("O", i) for i in range(len(line)))
        return proba

    def spans(self, article_id: str, text: str) -> list[SpanLabel]:
        """Propaganda spans of one article (PTC SI)."""
        tokens = tokens_of(text)
        if not tokens:
            return []
        return decode_spans(article_id, tokens, self.token_proba(tokens), self.threshold, self.gap)
