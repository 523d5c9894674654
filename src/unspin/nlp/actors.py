"""Canonical actors of one article: spaCy NER plus gazetteer phrase matching, merged and linked.

Decisions:
- Mention spans cover the name only: a leading "the", titles ("Chinese Defense Minister") and a
  trailing possessive are left out; the title becomes the actor's role.
- A demonym before a title counts twice: it gives the person's country and it is also a mention
  of that country (form "demonym"), since the text does name the country there.
- A capital is a metonym for its state ("Washington imposed", "Beijing's commitment") unless it
  is a place in the sentence ("talks in Moscow", "flew from Kyiv"); places become location actors.
- A surname or partial name joins the full name that contains it; when two full names share
  it ("Boris Johnson", "Lyndon Johnson"), it joins the one mentioned last before it.
- Linear in the text: overlap and containment tests between spans go through character masks
  and sorted spans with bisection, and name matching through dicts keyed by name words, so a
  long single paragraph costs about the sum of its parts.

Example:
    >>> linker = ActorLinker()  # doctest: +SKIP
    >>> actors = linker(article, nlp(article.text))  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unspin.model import Actor, ActorKind, Article, Mention, MentionForm, OrgType, Span
from unspin.nlp.gazetteer import Gazetteer, Hit, Role, normalise

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Span_
    from spacy.vocab import Vocab

NER_LABELS = frozenset({"PERSON", "NORP", "GPE", "ORG", "LOC", "FAC"})
_KINDS_FOR_LABEL: dict[str, frozenset[ActorKind]] = {
    "PERSON": frozenset({"person"}),
    "NORP": frozenset({"country", "group"}),
    "GPE": frozenset({"country", "location", "organisation"}),
    "LOC": frozenset({"location", "country", "organisation"}),
    "FAC": frozenset({"location", "organisation"}),
    "ORG": frozenset({"organisation", "group", "country"}),
}
_UNLINKED_KIND: dict[str, ActorKind] = {
    "PERSON": "person",
    "NORP": "group",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "ORG": "organisation",
}
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "comrade",
        "sir",
        "dame",
        "lord",
        "lady",
        "madam",
        "mister",
        "prof",
        "professor",
        "gen",
        "adm",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "sen",
        "rep",
        "gov",
        "president",
        "premier",
        "minister",
        "king",
        "queen",
        "prince",
        "princess",
    ]
)
_LOCATIVE_PREPS = frozenset(
    [
        "in",
        "at",
        "to",
        "into",
        "near",
        "outside",
        "inside",
        "around",
        "across",
        "toward",
        "towards",
        "via",
        "through",
        "within",
        "onto",
        "over",
        "throughout",
    ]
)
_ORG_HEADS: dict[str, OrgType] = {
    "army": "military",
    "navy": "military",
    "fleet": "military",
    "forces": "military",
    "force": "military",
    "military": "military",
    "ministry": "state_body",
    "department": "state_body",
    "commission": "state_body",
    "council": "state_body",
    "parliament": "state_body",
    "party": "party",
}
_MOVEMENT_VERBS = frozenset(["visit", "leave", "reach", "enter", "tour", "flee", "evacuate"])
_POSSESSIVES = ("'s", "’s")
_MAX_TITLE_TOKENS = 4


@dataclass(slots=True)
class _Cand:
    """A span that names an actor, before merging."""

    start: int
    end: int
    surface: str
    label: str  # NER label, or "GAZ" for a phrase-matcher hit
    hit: Hit | None
    metonymy: bool = False
    role: Role | None = None
    context_country: str | None = None
    title_start: int | None = None  # where a title before the name starts

    @property
    def linked(self) -> bool:
        return self.hit is not None

    def overlaps(self, other: _Cand) -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: _Cand) -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass(slots=True)
class _Cluster:
    """The mentions of one actor while the article is read."""

    key: str
    cands: list[_Cand] = field(default_factory=list)
    tokens: tuple[str, ...] = ()  # normalised words of the fullest name, for partial names
    seq: int = 0  # order of creation, which decides between equal matches


class _People:
    """Person clusters, in the order they were made, indexed by the words of their names."""

    __slots__ = ("_by_word", "_made")

    def __init__(self) -> None:
        self._by_word: dict[str, dict[int, _Cluster]] = {}
        self._made = itertools.count()

    def add(self, cluster: _Cluster) -> None:
        cluster.seq = next(self._made)
        for word in dict.fromkeys(cluster.tokens):
            self._by_word.setdefault(word, {})[id(cluster)] = cluster

    def remove(self, cluster: _Cluster) -> None:
        for word in dict.fromkeys(cluster.tokens):
            del self._by_word[word][id(cluster)]

    def _with(self, word: str) -> Iterable[_Cluster]:
        """The clusters whose name has ``word``, oldest first (dicts keep insertion order)."""
        return self._by_word.get(word, {}).values()

    def count_with(self, word: str) -> int:
        return len(self._by_word.get(word, {}))

    def matching(self, words: tuple[str, ...]) -> list[_Cluster]:
        """The clusters whose name ``words`` fits (:func:`_names_match`), oldest first."""
        if not words:
            return []
        # A match shares the last word (or, for one word, that word), so look only there.
        return [c for c in self._with(words[-1]) if _names_match(words, c.tokens)]

    def one_word_within(self, full: tuple[str, ...]) -> list[_Cluster]:
        """The one-word clusters whose word is in ``full``, oldest first."""
        found = {
            id(c): c for word in dict.fromkeys(full) for c in self._with(word) if len(c.tokens) == 1
        }
        return sorted(found.values(), key=lambda c: c.seq)


class _Taken:
    """The characters of chosen candidates, which never overlap one another.

    An overlap test costs the length of the span asked about, not the number of spans taken.
    Empty spans (none in practice) are kept apart so the tests match :meth:`_Cand.overlaps`.
    """

    __slots__ = ("_empty", "_starts", "_taken")

    def __init__(self, size: int) -> None:
        self._taken = bytearray(size + 1)
        self._starts = bytearray(size + 1)
        self._empty: list[int] = []

    def add(self, start: int, end: int) -> None:
        if start < end:
            self._taken[start:end] = b"\x01" * (end - start)
            self._starts[start] = 1
        else:
            insort(self._empty, start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a taken span, as :meth:`_Cand.overlaps` decides."""
        if start < end:
            if self._taken.find(1, start, end) != -1:
                return True
            i = bisect_right(self._empty, start)
            return i < len(self._empty) and self._empty[i] < end
        # An empty span overlaps only a span that holds it strictly inside.
        return (
            0 < start < len(self._taken)
            and bool(self._taken[start - 1] and self._taken[start])
            and not self._starts[start]
        )


class _Spans:
    """Fixed spans, sorted, answering containment questions by bisection."""

    __slots__ = ("_ends", "_reach", "_starts", "_tail_min")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._ends = [e for _, e in ordered]
        self._reach = list(itertools.accumulate(self._ends, max))  # max end of each prefix
        tail = list(itertools.accumulate(reversed(self._ends), min))
        self._tail_min = tail[::-1]  # min end of each suffix

    def _max_end(self, count: int) -> int:
        return self._reach[count - 1] if count else -1

    def hold(self, start: int, end: int) -> bool:
        """Whether a span holds ``[start, end)``."""
        return self._max_end(bisect_right(self._starts, start)) >= end

    def hold_longer(self, start: int, end: int) -> bool:
        """Whether a span longer than ``[start, end)`` holds it."""
        return (
            self._max_end(bisect_left(self._starts, start)) >= end
            or self._max_end(bisect_right(self._starts, start)) > end
        )

    def any_inside(self, start: int, end: int) -> bool:
        """Whether a span lies inside ``[start, end)``."""
        i = bisect_left(self._starts, start)
        return i < len(self._tail_min) and self._tail_min[i] <= end


class ActorLinker:
    """Finds and canonicalises the actors of an article (``nlp.actors.v1``)."""

    name = "nlp.actors.v1"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()
        self._matchers: dict[int, tuple[Vocab, PhraseMatcher, PhraseMatcher, list[Hit]]] = {}

    def __call__(self, article: Article, doc: Doc) -> tuple[Actor, ...]:
        text = article.text
        cands = self._resolve(doc, self._ner_cands(doc, text), self._gaz_cands(doc), len(text))
        clusters = self._cluster(cands)
        date = article.meta.published_date()
        actors = [self._actor(c, text, date) for c in clusters]
        actors.sort(key=lambda a: a.mentions[0].span.start)
        top = max((a.salience for a in actors), default=0.0) or 1.0
        return tuple(
            _replace(a, id=f"A{i}", salience=round(a.salience / top, 4))
            for i, a in enumerate(actors, start=1)
        )

    # -- candidates ---------------------------------------------------------------------------

    def _matcher(self, vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher, list[Hit]]:
        """Phrase matchers over the hand-written entries, built once per vocabulary."""
        cached = self._matchers.get(id(vocab))
        if cached is not None and cached[0] is vocab:
            return cached[1], cached[2], cached[3]
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        tokenizer = spacy.blank("en").tokenizer
        exact = PhraseMatcher(vocab, attr="ORTH")
        folded = PhraseMatcher(vocab, attr="LOWER")
        hits: list[Hit] = []
        singles: dict[str, list[Doc]] = {}
        multis: dict[str, list[Doc]] = {}
        for surface, hit in self.gazetteer.curated_surfaces():
            variants = {surface, surface.replace("'", "’")}
            if surface.lower().startswith("the "):
                variants |= {v[4:] for v in variants}
            key = str(len(hits))
            hits.append(hit)
            for variant in sorted(variants):
                words = [t.text for t in tokenizer(variant)]
                target = singles if len(words) == 1 else multis
                target.setdefault(key, []).append(Doc(vocab, words=words))
        for key, docs in singles.items():
            exact.add(key, docs)
        for key, docs in multis.items():
            folded.add(key, docs)
        self._matchers[id(vocab)] = (vocab, exact, folded, hits)
        return exact, folded, hits

    def _gaz_cands(self, doc: Doc) -> list[_Cand]:
        exact, folded, hits = self._matcher(doc.vocab)
        out: list[_Cand] = []
        strings = doc.vocab.strings
        for matcher, needs_capital in ((exact, False), (folded, True)):
            for match_id, start, end in matcher(doc):
                first = doc[start]
                if first.lower_ == "the" and end - start > 1:
                    first = doc[start + 1]
                if needs_capital and first.is_alpha and first.is_lower:
                    continue
                hit = hits[int(strings[match_id])]
                if doc[start].lower_ == "the" and not hit.entry.name.startswith("The "):
                    continue  # the match without "the" is found too
                span = doc[start:end]
                out.append(_Cand(span.start_char, span.end_char, span.text, "GAZ", hit))
        return out

    def _ner_cands(self, doc: Doc, text: str) -> list[_Cand]:
        out: list[_Cand] = []
        for ent in doc.ents:
            if ent.label_ not in NER_LABELS:
                continue
            tokens = list(ent)
            while tokens and tokens[0].lower_ == "the":
                tokens.pop(0)
            titles: list[Token] = []
            if ent.label_ == "PERSON":
                while len(tokens) > 1 and self._is_title_word(tokens[0]):
                    titles.append(tokens.pop(0))
            while tokens and tokens[-1].text in _POSSESSIVES:
                tokens.pop()
            if not tokens:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            surface = text[start:end]
            for suffix in _POSSESSIVES:
                if surface.endswith(suffix):
                    end -= len(suffix)
                    surface = surface[: -len(suffix)]
            if ent.label_ == "NORP" and "-" in surface:
                out.extend(self._hyphen_parts(surface, start))
                continue
            hit = self._link(surface, ent.label_)
            if hit is None and ent.label_ == "NORP" and not self._plural_noun(tokens[-1]):
                continue  # unlinked adjectives ("European", "anti-American") are not actors
            out.append(_Cand(start, end, surface, ent.label_, hit))
        return out

    def _hyphen_parts(self, surface: str, start: int) -> Iterator[_Cand]:
        """Each linked part of a hyphenated NORP ("Russian-Chinese")."""
        offset = 0
        for part in surface.split("-"):
            hit = self.gazetteer.best(part, kinds=("country",), forms=("demonym", "name", "alias"))
            if hit is not None and part:
                yield _Cand(start + offset, start + offset + len(part), part, "NORP", hit)
            offset += len(part) + 1

    def _link(self, surface: str, label: str) -> Hit | None:
        hit = self.gazetteer.best(surface, kinds=_KINDS_FOR_LABEL[label])
        if hit is None and label == "NORP" and surface.endswith("s"):
            hit = self.gazetteer.best(surface[:-1], kinds=("country",), forms=("demonym",))
        one_word = len(normalise(surface).split()) < 2
        if hit is not None and not hit.entry.curated and label != "PERSON" and one_word:
            return None  # one-word Phoenix names are too ambiguous outside person names
        return hit

    @staticmethod
    def _plural_noun(token: Token) -> bool:
        return token.tag_ in {"NNPS", "NNS"}

    def _is_title_word(self, token: Token) -> bool:
        lower = token.lower_.rstrip(".")
        return lower in HONORIFICS or self.gazetteer.role(lower) is not None

    # -- overlap resolution and roles ---------------------------------------------------------

    def _resolve(self, doc: Doc, ner: list[_Cand], gaz: list[_Cand], size: int) -> list[_Cand]:
        """The candidates that stand, in text order; ``size`` is the length of the text."""
        persons = [c for c in ner if c.label == "PERSON"]
        person_ents = {e.start: e for e in doc.ents if e.label_ == "PERSON"}
        for person in persons:
            self._attach_title(doc, person, person_ents)
        titles = _Spans((p.title_start, p.start) for p in persons if p.title_start is not None)
        # A candidate's surface is always text[start:end], so a longer span has a longer surface.
        person_spans = _Spans((p.start, p.end) for p in persons)
        keep_gaz = []
        for cand in gaz:
            assert cand.hit is not None
            if cand.hit.entry.kind != "person" and person_spans.hold_longer(cand.start, cand.end):
                continue  # "George Washington" is a person, not the capital
            keep_gaz.append(cand)
        unlinked_orgs = [c for c in ner if not c.linked and c.label in {"ORG", "FAC"}]
        linked = [c for c in ner if c.linked] + keep_gaz
        actor_hits = _Spans((c.start, c.end) for c in linked if _is_actor_hit(c))
        blocking = _Spans(
            (o.start, o.end) for o in unlinked_orgs if not actor_hits.any_inside(o.start, o.end)
        )
        linked = [c for c in linked if not blocking.hold_longer(c.start, c.end)]
        taken = _Taken(size)
        chosen = _greedy(sorted(linked, key=lambda c: (c.start - c.end, c.start)), taken)
        for cand in ner:
            if cand.linked or taken.overlaps(cand.start, cand.end):
                continue
            if titles.hold(cand.start, cand.end):
                continue
            chosen.append(cand)
            taken.add(cand.start, cand.end)
        for cand in chosen:
            if cand.hit is not None and cand.hit.form == "capital":
                cand.metonymy = _is_metonymy(doc, cand)
        for cand in chosen:
            if cand.label == "GAZ" and cand.hit is not None and cand.hit.entry.kind == "person":
                self._attach_title(doc, cand, person_ents)
        chosen.extend(_bare_surnames(doc, chosen, taken))
        chosen.sort(key=lambda c: c.start)
        return chosen

    def _attach_title(self, doc: Doc, cand: _Cand, person_ents: dict[int, Span_]) -> None:
        """Read a title before the name ("Chinese Defense Minister") or after it (", Russia's
        defence minister,") into the candidate's role and context country."""
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            return
        role, country, title_start = self._title_before(doc, span.start)
        if role is None:
            role, country = self._title_after(doc, span.end)
        cand.role, cand.context_country, cand.title_start = role, country, title_start

    def _title_before(
        self, doc: Doc, name_start: int
    ) -> tuple[Role | None, str | None, int | None]:
        sent_start = doc[name_start].sent.start
        for size in range(_MAX_TITLE_TOKENS, 0, -1):
            lo = name_start - size
            if lo < sent_start:
                continue
            words = [
                t
                for t in doc[lo:name_start]
                if t.lower_.rstrip(".")
                not in HONORIFICS
                - {"president", "premier", "minister", "king", "queen", "prince", "princess"}
            ]
            if not words:
                continue
            role = self.gazetteer.role(" ".join(t.text for t in words))
            if role is None:
                continue
            return role, self._country_before(doc, lo, sent_start), doc[lo].idx
        return None, None, None

    def _title_after(self, doc: Doc, end: int) -> tuple[Role | None, str | None]:
        if end >= len(doc) or doc[end].text != ",":
            return None, None
        i = end + 1
        if i < len(doc) and doc[i].lower_ in {"the", "a"}:
            i += 1
        country = None
        hit = self._country_hit(doc, i, i + 1)
        if hit is not None:
            country = hit.entry.country
            i += 2 if i + 1 < len(doc) and doc[i + 1].text in _POSSESSIVES else 1
        for size in range(_MAX_TITLE_TOKENS, 0, -1):
            if i + size > len(doc):
                continue
            role = self.gazetteer.role(doc[i : i + size].text)
            if role is not None:
                return role, country
        return None, None

    def _country_before(self, doc: Doc, pos: int, sent_start: int) -> str | None:
        """The country named just before a title: "Chinese", "China's", "South Korean"."""
        end = pos
        if end - 1 >= sent_start and doc[end - 1].text in _POSSESSIVES:
            end -= 1
        for size in (2, 1):
            if end - size >= sent_start:
                hit = self._country_hit(doc, end - size, end)
                if hit is not None:
                    return hit.entry.country
        return None

    def _country_hit(self, doc: Doc, start: int, end: int) -> Hit | None:
        if start >= len(doc) or end > len(doc):
            return None
        return self.gazetteer.best(
            doc[start:end].text, kinds=("country",), forms=("demonym", "name", "alias")
        )

    # -- clustering ---------------------------------------------------------------------------

    def _cluster(self, cands: list[_Cand]) -> list[_Cluster]:
        clusters: dict[str, _Cluster] = {}
        persons = _People()
        last_seen: dict[str, int] = {}
        for cand in cands:
            is_person = cand.hit.entry.kind == "person" if cand.hit else cand.label == "PERSON"
            if is_person:
                cluster = self._person_cluster(cand, clusters, persons, last_seen)
            else:
                key = self._key(cand)
                cluster = clusters.setdefault(key, _Cluster(key))
            cluster.cands.append(cand)
            last_seen[cluster.key] = cand.start
        return _merge_partial_orgs(list(clusters.values()))

    def _key(self, cand: _Cand) -> str:
        if cand.hit is None:
            return f"{cand.label}:{normalise(cand.surface)}"
        if cand.hit.form == "capital" and not cand.metonymy:
            return f"place:{cand.hit.entry.id}:{normalise(cand.surface)}"
        return cand.hit.entry.id

    def _person_cluster(
        self,
        cand: _Cand,
        clusters: dict[str, _Cluster],
        persons: _People,
        last_seen: dict[str, int],
    ) -> _Cluster:
        words = tuple(normalise(cand.surface).split())
        if cand.hit is not None:
            key = cand.hit.entry.id
            full = tuple(normalise(cand.hit.entry.name).split())
        else:
            key = f"PERSON:{' '.join(words)}"
            full = words
        if key in clusters:
            return clusters[key]
        containing = persons.matching(words)
        if containing and (len(words) == 1 or cand.hit is None):
            if len(containing) == 1:
                return containing[0]
            return max(containing, key=lambda c: last_seen.get(c.key, -1))
        cluster = _Cluster(key, tokens=full)
        clusters[key] = cluster
        for earlier in persons.one_word_within(full):
            if persons.count_with(earlier.tokens[0]) == 1:
                # an unambiguous surname seen before the full name joins it
                cluster.cands[:0] = earlier.cands
                persons.remove(earlier)
                del clusters[earlier.key]
        persons.add(cluster)
        return cluster

    # -- actors -------------------------------------------------------------------------------

    def _actor(self, cluster: _Cluster, text: str, date: str | None) -> Actor:
        cands = sorted(cluster.cands, key=lambda c: c.start)
        hit = next((c.hit for c in cands if c.hit is not None), None)
        entry = hit.entry if hit is not None else None
        place = cluster.key.startswith("place:")
        surfaces = [text[c.start : c.end] for c in cands]
        if entry is not None and not place and (entry.curated or entry.kind != "person"):
            name = entry.name
        else:
            name = max(surfaces, key=lambda s: (len(s.split()), len(s)))
        kind: ActorKind
        if place:
            kind = "location"
        elif entry is not None:
            kind = entry.kind
        else:
            kind = _UNLINKED_KIND[cands[0].label]
        roles = [c.role for c in cands if c.role is not None]
        role = max(roles, key=lambda r: r.rank) if roles else None
        context = next((c.context_country for c in cands if c.context_country), None)
        country = entry.country if entry is not None else context
        if country is None and kind == "organisation":
            country = _leading_country(self.gazetteer, name)
        org_type = entry.org_type if entry is not None and not place else None
        if org_type is None and kind == "organisation" and entry is None:
            head_words = normalise(name).split()  # empty for a name of combining marks only
            org_type = _ORG_HEADS.get(head_words[-1]) if head_words else None
        codes = entry.codes_at(date) if entry is not None and not place else ()
        if place and country:
            codes = (country,)
        if not codes and country and role is not None:
            codes = (f"{country}{role.agent}",)
        elif not codes and country and org_type in {"military", "state_body"}:
            codes = (f"{country}{'MIL' if org_type == 'military' else 'GOV'}",)
        canon = normalise(name)
        mentions = tuple(
            Mention(Span(c.start, c.end), _form(c, s, canon), c.metonymy)
            for c, s in zip(cands, surfaces, strict=True)
        )
        aliases = tuple(dict.fromkeys(s for s in surfaces if s != name))
        role_name = role.name if role is not None else (entry.role if entry is not None else None)
        return Actor(
            id="",
            name=name,
            kind=kind,
            mentions=mentions,
            aliases=aliases,
            org_type=org_type,
            country=country,
            role=role_name,
            codes=codes,
            gazetteer_id=entry.id if entry is not None and not place else None,
            salience=sum(1.0 - 0.5 * c.start / max(len(text), 1) for c in cands),
        )


def _bare_surnames(doc: Doc, chosen: list[_Cand], taken: _Taken) -> list[_Cand]:
    """Surnames the NER missed ("Weber then said"), when one full name in the text ends so."""
    owners: dict[str, set[str]] = {}
    for cand in chosen:
        person = cand.hit.entry.kind == "person" if cand.hit else cand.label == "PERSON"
        words = cand.surface.split()
        if person and len(words) >= 2:
            owners.setdefault(words[-1], set()).add(normalise(cand.surface))
    found: list[_Cand] = []
    if not owners:
        return found
    for token in doc:
        if token.text in owners and len(owners[token.text]) == 1 and token.pos_ == "PROPN":
            start, end = token.idx, token.idx + len(token.text)
            if not taken.overlaps(start, end):
                found.append(_Cand(start, end, token.text, "PERSON", None))
    return found


def _is_actor_hit(cand: _Cand) -> bool:
    """Whether a candidate links to an organisation or a person: an unlinked organisation
    span that holds one does not hide the linked names inside it."""
    return cand.hit is not None and cand.hit.entry.kind in {"organisation", "person"}


def _greedy(cands: Iterable[_Cand], taken: _Taken) -> list[_Cand]:
    """Each candidate in turn that overlaps none chosen before it; ``taken`` records them."""
    chosen: list[_Cand] = []
    for cand in cands:
        if not taken.overlaps(cand.start, cand.end):
            chosen.append(cand)
            taken.add(cand.start, cand.end)
    return chosen


def _is_metonymy(doc: Doc, cand: _Cand) -> bool:
    """A capital stands for its government unless the sentence uses it as a place."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in {"compound", "npadvmod"}:
        return False
    if root.dep_ == "dobj" and root.head.lemma_ in _MOVEMENT_VERBS:
        return False
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in _LOCATIVE_PREPS:
            return False
        if prep.lower_ == "from" and prep.head.pos_ in {"VERB", "AUX"}:
            return False
    return True


def _names_match(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """A partial name ("Xi", "Putin") or a longer form fits the full name ``full``."""
    if not words or not full:
        return False
    if len(words) == 1:
        return words[0] in (full[0], full[-1])
    short, long_ = sorted((words, full), key=len)
    it = iter(long_)
    return short[-1] == long_[-1] and all(w in it for w in short)


def _merge_partial_orgs(clusters: list[_Cluster]) -> list[_Cluster]:
    """An unlinked organisation name that ends a linked one ("Pacific Fleet") joins it."""
    by_tail: dict[tuple[str, ...], _Cluster] = {}  # last two or more name words -> first org
    by_initials: dict[str, _Cluster] = {}
    for cluster in clusters:
        hit = cluster.cands[0].hit
        if hit is None or hit.entry.kind != "organisation":
            continue
        name = normalise(hit.entry.name).split()
        for size in range(2, len(name) + 1):
            by_tail.setdefault(tuple(name[-size:]), cluster)
        by_initials.setdefault(_initials(name), cluster)
    out: list[_Cluster] = []
    for cluster in clusters:
        if cluster.key.startswith(("ORG:", "FAC:")):
            words = cluster.key.split(":", 1)[1].split()
            target = by_tail.get(tuple(words)) if len(words) >= 2 else None
            if target is None and len(words) == 1 and len(words[0]) >= 2:
                target = by_initials.get(words[0])  # an acronym
            if target is not None:
                target.cands.extend(cluster.cands)
                continue
        out.append(cluster)
    return out


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in {"of", "the", "and", "for"})


def _leading_country(gazetteer: Gazetteer, name: str) -> str | None:
    first = name.split()[0] if name.split() else ""
    hit = gazetteer.best(first, kinds=("country",), forms=("demonym", "name"))
    return hit.entry.country if hit is not None else None


def _form(cand: _Cand, surface: str, canon: str) -> MentionForm:
    if cand.hit is not None and cand.hit.form in {"demonym", "capital"}:
        return cand.hit.form
    key = normalise(surface)
    if key == canon:
        return "name"
    if cand.label == "PERSON" and key and all(w in canon.split() for w in key.split()):
        return "partial"
    return "alias"


def _replace(actor: Actor, **changes: object) -> Actor:
    import dataclasses

    return dataclasses.replace(actor, **changes)  # type: ignore[arg-type]
