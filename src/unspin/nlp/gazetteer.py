"""The shipped gazetteer: countries, IGOs, media, state bodies, people and roles with CAMEO codes.

The runtime resource ``unspin/data/gazetteer/gazetteer.json.gz`` is compiled by
``tools/build_gazetteer.py`` from the hand-written tables beside it and the PETRARCH2/Phoenix
actor dictionaries (MIT). Lookups go through :func:`normalise`, so they ignore case,
diacritics, full stops, hyphens and a leading "the".

Example:
    >>> gaz = Gazetteer.load()  # doctest: +SKIP
    >>> gaz.best("the U.S.").entry.name  # doctest: +SKIP
    'United States'
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from unspin.errors import ModelError
from unspin.model import ActorKind, OrgType

FORMAT = "unspin.gazetteer/1"
ENTRY_FIELDS = (
    "id",
    "name",
    "kind",
    "org_type",
    "country",
    "role",
    "codes",
    "aliases",
    "demonyms",
    "capitals",
    "domains",
    "source",
)
HitForm = Literal["name", "alias", "demonym", "capital"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "_": " ", "-": " "})
_DASHES = re.compile(r"[‐‑‒–—]")
_SPACES = re.compile(r"\s+")


class GazetteerError(ModelError):
    """The gazetteer resource is missing, unreadable or asked for an unknown entry."""


def normalise(text: str) -> str:
    """The lookup key of a surface form: lower case, no diacritics, dots, hyphens or leading "the".

    Example:
        >>> normalise("The  U.S.")
        'us'
        >>> normalise("Côte d’Ivoire")
        "cote d'ivoire"
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = _DASHES.sub(" ", stripped.lower()).translate(_APOSTROPHES).replace(".", "")
    key = _SPACES.sub(" ", lowered).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """A CAMEO-style code, valid from ``start`` to ``end`` (ISO dates, ``None`` = open)."""

    code: str
    start: str | None = None
    end: str | None = None

    def valid_at(self, date: str) -> bool:
        day = date[:10]
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: a country, organisation, person, place or group."""

    id: str
    name: str
    kind: ActorKind
    org_type: OrgType | None = None
    country: str | None = None
    role: str | None = None
    codes: tuple[CodeSpan, ...] = ()
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    source: str = "unspin"  # "unspin" (hand-written tables) or "phoenix"

    @property
    def curated(self) -> bool:
        return self.source == "unspin"

    def codes_at(self, date: str | None = None) -> tuple[str, ...]:
        """Codes valid at ``date`` (``YYYY-MM-DD``); without a date, those still open-ended.

        Example:
            >>> e = Entry("x", "X", "person", codes=(CodeSpan("CHNGOV", "2012-11-15"),))
            >>> e.codes_at("2010-01-01"), e.codes_at("2023-03-22"), e.codes_at()
            ((), ('CHNGOV',), ('CHNGOV',))
        """
        if date is None:
            chosen = [c.code for c in self.codes if c.end is None] or [c.code for c in self.codes]
        else:
            chosen = [c.code for c in self.codes if c.valid_at(date)]
        return tuple(dict.fromkeys(chosen))

    def to_row(self) -> list[Any]:
        codes = [[c.code, c.start, c.end] for c in self.codes]
        return [
            self.id,
            self.name,
            self.kind,
            self.org_type,
            self.country,
            self.role,
            codes,
            list(self.aliases),
            list(self.demonyms),
            list(self.capitals),
            list(self.domains),
            self.source,
        ]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Entry:
        (
            id_,
            name,
            kind,
            org_type,
            country,
            role,
            codes,
            aliases,
            demonyms,
            capitals,
            domains,
            src,
        ) = row
        return cls(
            id=id_,
            name=name,
            kind=kind,
            org_type=org_type,
            country=country,
            role=role,
            codes=tuple(CodeSpan(c, s, e) for c, s, e in codes),
            aliases=tuple(aliases),
            demonyms=tuple(demonyms),
            capitals=tuple(capitals),
            domains=tuple(domains),
            source=src,
        )

    def surfaces(self) -> Iterator[tuple[str, HitForm]]:
        """Every surface form of the entry with the form it counts as."""
        yield self.name, "name"
        for alias in self.aliases:
            yield alias, "alias"
        for demonym in self.demonyms:
            yield demonym, "demonym"
        for capital in self.capitals:
            yield capital, "capital"


@dataclass(frozen=True, slots=True)
class Hit:
    """A lookup result: the entry and how the surface names it."""

    entry: Entry
    form: HitForm


@dataclass(frozen=True, slots=True)
class Role:
    """A title ("defense minister") and the role it names, with its CAMEO agent code."""

    title: str
    name: str
    agent: str
    rank: int


class Gazetteer:
    """Lookups by normalised surface form, entry ids and role titles.

    Example:
        >>> gaz = Gazetteer.load()  # doctest: +SKIP
        >>> [h.entry.id for h in gaz.lookup("Chinese")]  # doctest: +SKIP
        ['country:CHN']
    """

    def __init__(
        self,
        entries: Iterable[Entry],
        roles: Iterable[Role] = (),
        agents: Mapping[str, str] | None = None,
        header: Mapping[str, Any] | None = None,
    ) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.header: Mapping[str, Any] = dict(header or {})
        self._by_id = {entry.id: entry for entry in self.entries}
        index: dict[str, list[Hit]] = {}
        for entry in self.entries:
            for surface, form in entry.surfaces():
                key = normalise(surface)
                if not key:
                    continue
                hits = index.setdefault(key, [])
                if not any(h.entry.id == entry.id for h in hits):
                    hits.append(Hit(entry, form))
        self._index = {key: tuple(hits) for key, hits in index.items()}
        self._roles = {normalise(role.title): role for role in roles}
        self._agents = {normalise(k): v for k, v in (agents or {}).items()}
        self._domains = {d: e for e in self.entries for d in e.domains}

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """Load a compiled gazetteer; without a path, the shipped one (cached per process)."""
        if path is None:
            return _default()
        return cls._read(Path(path))

    @classmethod
    def _read(cls, path: Path) -> Gazetteer:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise GazetteerError(
                f"[E601] Gazetteer file {str(path)!r} does not exist. Build it with "
                f"'python tools/build_gazetteer.py --events DIR --out {path}' or pass no path "
                f"to use the shipped one."
            ) from None
        except (OSError, EOFError, ValueError) as exc:
            raise GazetteerError(
                f"[E602] Gazetteer file {str(path)!r} is not gzip JSON ({exc}). Rebuild it with "
                f"tools/build_gazetteer.py."
            ) from None
        return cls.from_json(data, origin=str(path))

    @classmethod
    def from_json(cls, data: Mapping[str, Any], origin: str = "<data>") -> Gazetteer:
        """Build a gazetteer from the decoded resource."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, Mapping) else type(data).__name__
            raise GazetteerError(
                f"[E603] Gazetteer {origin!r} has format {found!r}, expected {FORMAT!r}. "
                f"Rebuild it with tools/build_gazetteer.py."
            )
        if list(data.get("fields", [])) != list(ENTRY_FIELDS):
            raise GazetteerError(
                f"[E604] Gazetteer {origin!r} has entry fields {data.get('fields')!r}, expected "
                f"{list(ENTRY_FIELDS)!r}. Rebuild it with tools/build_gazetteer.py."
            )
        entries = [Entry.from_row(row) for row in data["entries"]]
        roles = [Role(t, n, a, int(r)) for t, n, a, r in data.get("roles", [])]
        agents = {phrase: code for phrase, code in data.get("agents", [])}
        return cls(entries, roles, agents, data.get("header", {}))

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, surface: object) -> bool:
        return isinstance(surface, str) and normalise(surface) in self._index

    def lookup(self, surface: str) -> tuple[Hit, ...]:
        """Every entry a surface form can name, hand-written entries first."""
        return self._index.get(normalise(surface), ())

    def best(
        self,
        surface: str,
        kinds: Iterable[ActorKind] | None = None,
        forms: Iterable[HitForm] | None = None,
    ) -> Hit | None:
        """The preferred hit for a surface form, optionally limited to kinds and forms."""
        allowed_kinds = set(kinds) if kinds is not None else None
        allowed_forms = set(forms) if forms is not None else None
        for hit in self.lookup(surface):
            if allowed_kinds is not None and hit.entry.kind not in allowed_kinds:
                continue
            if allowed_forms is not None and hit.form not in allowed_forms:
                continue
            return hit
        return None

    def get(self, entry_id: str) -> Entry:
        """The entry with this id."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise GazetteerError(
                f"[E605] No gazetteer entry {entry_id!r}. Ids look like 'country:CHN', "
                f"'igo:nato', 'media:cnn', 'body:usa-pentagon', 'person:xi-jinping'."
            ) from None

    def role(self, title: str) -> Role | None:
        """The role a title names: the hand-written roles, then the Phoenix agent nouns."""
        key = normalise(title)
        role = self._roles.get(key)
        if role is not None:
            return role
        agent = self._agents.get(key)
        if agent is None:
            return None
        return Role(title=key, name=key, agent=agent, rank=20)

    def outlet_for_domain(self, host: str) -> Entry | None:
        """The media entry that publishes on ``host`` (``www.`` and subdomains allowed)."""
        parts = host.lower().rstrip(".").split(".")
        for i in range(len(parts) - 1):
            entry = self._domains.get(".".join(parts[i:]))
            if entry is not None:
                return entry
        return None

    def curated_surfaces(self) -> Iterator[tuple[str, Hit]]:
        """Surface forms of the hand-written entries, for phrase matching."""
        for entry in self.entries:
            if entry.curated:
                for surface, form in entry.surfaces():
                    yield surface, Hit(entry, form)


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    resource = resources.files("unspin").joinpath("data", "gazetteer", "gazetteer.json.gz")
    with resources.as_file(resource) as path:
        return Gazetteer._read(path)
