"""Parsers for the PETRARCH dictionary formats: verbs (with synsets), actors and agents.

Malformed lines never stop a parse: each one is recorded as a ``ParseIssue`` with its line
number and skipped, so a caller can report them (``[E1002] line 17: ...``).

Example:
    >>> lines = ["---  MEET  [040]  ---", "MEET {MET}", "- * (FOR TALKS) [036]"]
    >>> verbs = parse_verb_dictionary(lines)
    >>> verbs.blocks[0].patterns[0].code
    '036'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from unspin.errors import ModelError

Role = Literal["", "source", "target", "skip"]

_HEADER = re.compile(r"^-{3}\s+(\S+)\s+\[([^\]]*)\]\s*-{3}")
_CODE = re.compile(r"\[([^\]]*)\]")
_CODE_VALUE = re.compile(r"^(?:[0-9]{2,4}|---)?(?::(?:[0-9]{2,4}|---)?)?$")
_ACTOR_CODE = re.compile(
    r"^\s*([A-Za-z0-9]+)\s*(?:([<>])\s*([0-9]{6,8})|([0-9]{6,8})\s*-\s*([0-9]{6,8}))?\s*$"
)


class EventDictionaryError(ModelError):
    """An event dictionary or compiled event resource cannot be used at all."""


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """A malformed dictionary line that was skipped."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"[E1002] line {self.line}: {self.reason}: {self.text.strip()[:80]!r} (skipped)"


@dataclass(frozen=True, slots=True)
class Term:
    """One element of a verb pattern: a word (or synset) or an argument slot."""

    words: tuple[str, ...] = ()  # alternatives, lowercase; multiword alternatives use spaces
    synset: str | None = None
    prep: bool = False
    exact: bool = False
    role: Role = ""


@dataclass(frozen=True, slots=True)
class Pattern:
    """A verb pattern: terms before and after the verb, and the codes it assigns."""

    pre: tuple[Term, ...]
    post: tuple[Term, ...]
    code: str | None  # None: the pattern only blocks coding ("[---]")
    reverse_code: str | None = None  # code of the passive/reciprocal reading ("[042:043]")
    line: int = 0


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """A verb (or multiword verb) with its own default code."""

    lemma: str  # first word, lowercase
    particles: tuple[str, ...] = ()  # remaining words of a multiword verb
    forms: tuple[str, ...] = ()  # irregular inflections of the first word
    code: str | None = None


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """A block of synonymous verbs sharing a default code and patterns."""

    name: str
    code: str | None
    verbs: tuple[VerbEntry, ...]
    patterns: tuple[Pattern, ...]


@dataclass(slots=True)
class VerbDictionary:
    """The parsed verb dictionary."""

    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    blocks: list[VerbBlock] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ActorCode:
    """An actor code, optionally valid only between two dates (``YYYYMMDD``)."""

    code: str
    start: str | None = None
    end: str | None = None


@dataclass(slots=True)
class ActorDictionary:
    """Phrases (lowercase words joined by spaces) to actor codes, plus agent role codes."""

    actors: dict[str, tuple[ActorCode, ...]] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)  # "~GOV" appends, "GOV~" prepends
    issues: list[ParseIssue] = field(default_factory=list)


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?(-->|$)", "", line)
    return line.split("#", 1)[0].rstrip()


def parse_code(raw: str) -> tuple[str | None, str | None]:
    """Split ``"042:043"`` into (code, reverse code); ``---`` and empty parts are None."""
    raw = raw.strip()
    if not _CODE_VALUE.match(raw):
        raise ValueError(f"bad event code {raw!r}")
    code, _, reverse = raw.partition(":")
    return (
        code if code and code != "---" else None,
        reverse if reverse and reverse != "---" else None,
    )


def _word(token: str) -> tuple[str, bool]:
    exact = token.endswith("_")
    return token.rstrip("_").replace("_", " ").lower(), exact


def _parse_terms(text: str) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    tokens = re.findall(r"\(|\)|\{|\}|(?<![A-Za-z_])\*|[^\s(){}*]+", text)
    pre: list[Term] = []
    post: list[Term] = []
    current = pre
    expect_prep = False
    seen_verb = False
    for tok in tokens:
        if tok == "*":
            if seen_verb:
                raise ValueError("two verb positions '*'")
            seen_verb = True
            current = post
        elif tok == "(":
            expect_prep = True
        elif tok == ")":
            expect_prep = False
        elif tok in ("{", "}"):
            continue
        elif tok in ("$", "+", "^", "%", "."):
            role: Role = {"$": "source", "+": "target"}.get(tok, "skip")  # type: ignore[assignment]
            current.append(Term(role=role))
        elif tok.startswith("&"):
            current.append(Term(synset=tok[1:].rstrip("_").upper()))
            expect_prep = False
        else:
            alternatives = tuple(_word(part)[0] for part in tok.split("/") if part)
            current.append(Term(words=alternatives, prep=expect_prep, exact=tok.endswith("_")))
            expect_prep = False
    if not seen_verb:
        raise ValueError("pattern has no verb position '*'")
    return tuple(pre), tuple(post)


def parse_verb_dictionary(lines: Iterable[str]) -> VerbDictionary:
    """Parse a PETRARCH verb dictionary (``CAMEO.2.0.txt`` format)."""
    result = VerbDictionary()
    synset: str | None = None
    block: tuple[str, str | None] | None = None
    verbs: list[VerbEntry] = []
    patterns: list[Pattern] = []
    in_transforms = False

    def close_block() -> None:
        if block is not None:
            result.blocks.append(VerbBlock(block[0], block[1], tuple(verbs), tuple(patterns)))

    for number, raw in enumerate(lines, start=1):
        if "TRANSFORMATIONS" in raw and raw.startswith("#"):
            in_transforms = True
        line = _strip_comment(raw)
        if not line.strip() or in_transforms:
            continue
        stripped = line.strip()
        try:
            if stripped.startswith("&"):
                synset = stripped[1:].rstrip("_").upper()
                result.synsets[synset] = ()
            elif stripped.startswith("---"):
                header = _HEADER.match(stripped)
                if header is None:
                    raise ValueError("bad verb block header")
                close_block()
                code, _ = parse_code(header.group(2))
                block, verbs, patterns, synset = (header.group(1), code), [], [], None
            elif stripped.startswith("-"):
                if block is None:
                    raise ValueError("pattern outside a verb block")
                codes = _CODE.findall(stripped)
                if not codes:
                    raise ValueError("pattern without a [code]")
                code, reverse = parse_code(codes[-1])
                pre, post = _parse_terms(stripped[1 : stripped.rindex("[")])
                patterns.append(Pattern(pre, post, code, reverse, number))
            elif stripped.startswith("+") and block is None:
                if synset is None:
                    raise ValueError("synset member outside a synset")
                member = _word(stripped[1:].split()[0])[0]
                result.synsets[synset] = (*result.synsets[synset], member)
            elif block is not None:
                verbs.append(_parse_verb(stripped))
            else:
                raise ValueError("line outside any synset or verb block")
        except ValueError as exc:
            result.issues.append(ParseIssue(number, raw, str(exc)))
    close_block()
    return result


def _parse_verb(text: str) -> VerbEntry:
    codes = _CODE.findall(text)
    code = parse_code(codes[-1])[0] if codes else None
    forms_match = re.search(r"\{([^}]*)\}", text)
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text).split()
    if len(head) != 1 or not re.match(r"^\+?[A-Za-z][A-Za-z'_-]*$", head[0]):
        raise ValueError("bad verb entry")
    words = head[0].lstrip("+").rstrip("_").lower().split("_")
    forms: tuple[str, ...] = ()
    if forms_match:
        forms = tuple(f.lstrip("+").lower().split("_")[0] for f in forms_match.group(1).split())
    return VerbEntry(words[0], tuple(words[1:]), forms, code)


def parse_actor_dictionary(
    lines: Iterable[str], into: ActorDictionary | None = None
) -> ActorDictionary:
    """Parse a PETRARCH actor dictionary (``Phoenix.*.actors.txt`` format)."""
    result = into if into is not None else ActorDictionary()
    primary: str | None = None
    pending: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        try:
            if line[0].isspace() and line.strip().startswith("["):
                if primary is None:
                    raise ValueError("dated code without an entry")
                codes = _parse_actor_codes(line)
                for phrase in (primary, *pending):
                    result.actors[phrase] = (*result.actors.get(phrase, ()), *codes)
                continue
            stripped = line.strip()
            phrase_part = stripped.split("[", 1)[0].strip()
            phrase = _phrase(phrase_part.lstrip("+"))
            if not phrase:
                raise ValueError("empty actor phrase")
            codes = _parse_actor_codes(stripped) if "[" in stripped else ()
            if stripped.startswith("+"):
                if primary is None:
                    raise ValueError("synonym before any entry")
                pending.append(phrase)
                inherited = codes or result.actors.get(primary, ())
                result.actors[phrase] = inherited
            else:
                primary, pending = phrase, []
                result.actors[phrase] = codes
        except ValueError as exc:
            result.issues.append(ParseIssue(number, raw, str(exc)))
    return result


def _phrase(text: str) -> str:
    text = re.sub(r"\{[^}]*\}", " ", text)
    return " ".join(text.replace("_", " ").lower().split())


def _parse_actor_codes(text: str) -> tuple[ActorCode, ...]:
    found = _CODE.findall(text)
    if not found:
        raise ValueError("missing [CODE]")
    codes = []
    for raw in found:
        match = _ACTOR_CODE.match(raw)
        if match is None:
            raise ValueError(f"bad actor code {raw!r}")
        code = match.group(1).upper()
        if match.group(2) == ">":
            codes.append(ActorCode(code, start=_date(match.group(3))))
        elif match.group(2) == "<":
            codes.append(ActorCode(code, end=_date(match.group(3))))
        elif match.group(4):
            codes.append(ActorCode(code, _date(match.group(4)), _date(match.group(5))))
        else:
            codes.append(ActorCode(code))
    return tuple(codes)


def _date(yymmdd: str) -> str:
    if len(yymmdd) == 8:
        return yymmdd
    if len(yymmdd) != 6:
        raise ValueError(f"bad date {yymmdd!r}")
    century = "19" if int(yymmdd[:2]) > 30 else "20"
    return century + yymmdd


def parse_agent_dictionary(
    lines: Iterable[str], into: ActorDictionary | None = None
) -> ActorDictionary:
    """Parse a PETRARCH agents dictionary: ``NOUN [~COP]`` lines and ``!SET! = A, B`` sets."""
    result = into if into is not None else ActorDictionary()
    substitutions: dict[str, list[str]] = {}
    for number, raw in enumerate(lines, start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        try:
            if line.startswith("!") and "=" in line:
                name, _, values = line.partition("=")
                substitutions[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
                continue
            codes = _CODE.findall(line)
            if not codes or "~" not in codes[-1]:
                raise ValueError("agent without a [~CODE]")
            code = codes[-1].strip().upper()
            phrase = line.split("[", 1)[0]
            for expanded in _expand(phrase, substitutions):
                key = _phrase(expanded)
                if not key:
                    raise ValueError("empty agent phrase")
                result.agents[key] = code
        except ValueError as exc:
            result.issues.append(ParseIssue(number, raw, str(exc)))
    return result


def _expand(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    match = re.search(r"![A-Z]+!", phrase)
    if match is None:
        return [phrase]
    values = substitutions.get(match.group(0))
    if values is None:
        raise ValueError(f"unknown substitution set {match.group(0)}")
    out: list[str] = []
    for value in values:
        out.extend(_expand(phrase.replace(match.group(0), value, 1), substitutions))
    return out


def read_lines(path: str) -> list[str]:
    """Read a dictionary file as lines (latin-1 fallback for the older files)."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            return handle.read().splitlines()
    except UnicodeDecodeError:
        with Path(path).open(encoding="latin-1") as handle:
            return handle.read().splitlines()
    except OSError as exc:
        raise EventDictionaryError(
            f"[E1001] Cannot read event dictionary {path!r}: {exc}."
        ) from exc
