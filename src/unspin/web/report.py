"""The view of one article's report, built from its analysis JSON (never from live objects).

Working from the JSON means a report can show any finding kind, including kinds this version
does not know: those get a generic card (label, evidence, score, other fields). Known kinds
get special views: techniques coloured by group, attributions as source → cue → content,
events as source → action → target, and so on.

Example:
    >>> view = build_report({"id": "x", "text": "Hi.", "meta": {}, "findings": []})
    >>> view.n_chars
    3
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from unspin.web.kinds import DOCUMENT_KINDS, KINDS, group_name, kind_info, technique_text
from unspin.web.segments import Highlight, css_token, render_segments, segment
from unspin.web.svg import Edge, actor_graph

QUOTE_CHARS = 240
_SKIP_FIELDS = frozenset(
    {"kind", "label", "evidence", "detector", "score", "confidence", "explanation"}
)
_ACTOR_FIELDS = ("actor", "actor_id", "target_actor", "source_actor", "holder", "target")
_FLOW_ROLES = {
    "attribution": (("source", "source"), ("cue", "cue"), ("content", "content")),
    "event": (("source", "source"), ("trigger", "trigger"), ("target", "target")),
}


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as a side-panel card."""

    ref: str
    index: int
    kind: str
    kind_name: str
    label: str
    title: str
    explanation: str
    kind_explanation: str
    confidence: float | None
    detector: str
    quotes: tuple[str, ...]
    flow: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, str], ...]
    css: str
    highlighted: bool


@dataclass(frozen=True, slots=True)
class StanceView:
    label: str
    count: int
    mean_score: float | None


@dataclass(frozen=True, slots=True)
class ActorView:
    ref: str
    id: str
    name: str
    kind: str
    role: str
    country: str
    mentions: int
    salience: float
    stance: tuple[StanceView, ...]
    first_mention: str


@dataclass(frozen=True, slots=True)
class KindCount:
    kind: str
    css: str
    name: str
    count: int


@dataclass(slots=True)
class ReportView:
    """Everything a report template shows for one article."""

    id: str
    prefix: str
    title: str
    outlet: str
    author: str
    published: str
    url: str | None  # only http(s) URLs become links
    url_text: str
    language: str
    extraction: str
    n_chars: int
    paragraphs: list[Markup] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)
    document_findings: list[FindingView] = field(default_factory=list)
    kinds: list[KindCount] = field(default_factory=list)
    groups: list[tuple[str, str]] = field(default_factory=list)
    actors: list[ActorView] = field(default_factory=list)
    graph: Markup | None = None
    profile: FindingView | None = None
    warnings: list[str] = field(default_factory=list)


def build_report(data: Mapping[str, Any], prefix: str = "") -> ReportView:
    """The report view of one article's analysis JSON; ``prefix`` keeps ids unique per page."""
    text = str(data.get("text") or "")
    meta = data.get("meta") or {}
    actors = [a for a in data.get("actors") or () if isinstance(a, Mapping)]
    names = {str(a.get("id")): str(a.get("name") or a.get("id")) for a in actors}
    raw_url = str(meta.get("url") or "")
    view = ReportView(
        id=str(data.get("id") or ""),
        prefix=prefix,
        title=_sourced(meta.get("title")) or "Untitled article",
        outlet=_sourced(meta.get("outlet")),
        author=_sourced(meta.get("author")),
        published=_sourced(meta.get("published")),
        url=raw_url if _is_web_url(raw_url) else None,
        url_text=raw_url,
        language=str(meta.get("language") or ""),
        extraction=str(meta.get("extraction") or ""),
        n_chars=len(text),
        warnings=[str(w) for w in data.get("warnings") or ()],
    )
    highlights: list[Highlight] = []
    counts: Counter[str] = Counter()
    groups: dict[str, str] = {}
    for index, raw in enumerate(data.get("findings") or ()):
        if not isinstance(raw, Mapping):
            continue
        card, marks = _finding(index, raw, text, names, prefix)
        counts[card.kind] += 1
        if card.kind == "technique":
            group = str(raw.get("group") or "other")
            groups[css_token(group)] = group_name(group)
        if card.kind == "sourcing_profile" and view.profile is None:
            view.profile = card
        if card.highlighted:
            view.findings.append(card)
            highlights.extend(marks)
        else:
            view.document_findings.append(card)
    actor_marks, view.actors = _actors(actors, data.get("findings") or (), text, prefix)
    if actor_marks:
        counts["actor"] += len(actor_marks)
    highlights.extend(actor_marks)
    paragraphs = [_span_tuple(p) for p in data.get("paragraphs") or ()]
    view.paragraphs = [
        render_segments(pieces, prefix)
        for pieces in segment(text, highlights, [p for p in paragraphs if p is not None])
    ]
    view.kinds = sorted(
        (
            KindCount(k, css_token(k), "Actor mention" if k == "actor" else kind_info(k).name, n)
            for k, n in counts.items()
        ),
        key=lambda c: (kind_info(c.kind).order if c.kind != "actor" else 5, c.kind),
    )
    view.groups = sorted(groups.items())
    view.graph = actor_graph(
        _edges(data.get("findings") or (), names), title="Actor graph", marker_id=prefix + "arrow"
    )
    return view


def _finding(
    index: int, raw: Mapping[str, Any], text: str, names: Mapping[str, str], prefix: str
) -> tuple[FindingView, list[Highlight]]:
    kind = str(raw.get("kind") or "finding")
    label = str(raw.get("label") or "")
    info = kind_info(kind)
    ref = f"f{index}"
    evidence = _spans(raw.get("evidence"))
    title, explanation, css = _describe(kind, label, raw)
    confidence = _number(raw.get("confidence"))
    if confidence is None:
        confidence = _number(raw.get("score"))
    marks = _marks(kind, raw, evidence, ref, css, f"{info.name}: {title}")
    document_level = kind in DOCUMENT_KINDS or (
        kind not in KINDS and _covers_text(evidence, len(text))
    )
    card = FindingView(
        ref=prefix + ref,
        index=index,
        kind=kind,
        kind_name=info.name,
        label=label,
        title=title,
        explanation=explanation,
        kind_explanation=info.explanation,
        confidence=confidence,
        detector=str(raw.get("detector") or ""),
        quotes=() if document_level else tuple(_quote(text, s) for s in evidence[:6]),
        flow=_flow(kind, raw, text, names),
        rows=_rows(raw, text, names),
        css=css,
        highlighted=bool(marks) and not document_level,
    )
    return card, marks


def _describe(kind: str, label: str, raw: Mapping[str, Any]) -> tuple[str, str, str]:
    """Title, explanation and CSS class of a finding card."""
    if kind == "technique":
        code = str(raw.get("explanation") or label)
        name, explanation = technique_text(code if code else label)
        group = str(raw.get("group") or "other")
        return name, explanation or f"Group: {group_name(group)}.", f"g-{css_token(group)}"
    if kind == "attribution":
        quote = str(raw.get("quote_type") or "")
        source = str(raw.get("source_kind") or "")
        return f"{quote.capitalize()} quote ({source} source)".strip(), "", ""
    if kind == "assertion":
        certainty = str(raw.get("certainty") or "")
        title = f"{str(raw.get('claim_type') or label).capitalize()}, {certainty} certainty"
        return title, "", f"cert-{css_token(certainty)}"
    if kind == "certainty":
        return label.capitalize(), "", f"cue-{css_token(label)}"
    if kind == "event":
        plover = raw.get("plover_type")
        title = f"CAMEO {label}" + (f" · {plover}" if plover else "")
        return title, "", "gold-" + _sign(_number(raw.get("goldstein")))
    if kind == "time":
        return str(raw.get("value") or "unresolved"), "", ""
    if "stance" in kind:
        polarity = str(raw.get("polarity") or raw.get("stance") or label)
        return polarity.capitalize(), "", f"pol-{css_token(polarity)}"
    return label or kind, "", ""


def _marks(
    kind: str,
    raw: Mapping[str, Any],
    evidence: Sequence[tuple[int, int]],
    ref: str,
    css: str,
    title: str,
) -> list[Highlight]:
    roles: list[tuple[str, tuple[int, int]]] = []
    if kind == "attribution":
        parts = _spans(raw.get("content_parts")) or _spans(raw.get("content"))
        roles = [(f"role-{r}", s) for r in ("source", "cue") for s in _spans(raw.get(r))]
        roles += [("role-content", s) for s in parts]
    elif kind == "event":
        roles = [
            (f"role-{r}", s) for r in ("source", "trigger", "target") for s in _spans(raw.get(r))
        ]
    if not roles:
        roles = [("", s) for s in evidence]
    return [Highlight(s, e, ref, kind, f"{css} {role}".strip(), title) for role, (s, e) in roles]


def _flow(
    kind: str, raw: Mapping[str, Any], text: str, names: Mapping[str, str]
) -> tuple[tuple[str, str], ...]:
    roles = _FLOW_ROLES.get(kind)
    if roles is None:
        return ()
    flow: list[tuple[str, str]] = []
    for role, key in roles:
        spans = _spans(raw.get(key))
        value = " … ".join(_quote(text, s) for s in spans) if spans else ""
        actor = raw.get(f"{key}_actor")
        if isinstance(actor, str) and actor in names:
            value = f"{names[actor]}" + (f" (“{value}”)" if value else "")
        if kind == "event" and role == "trigger":
            value = f"{value} [{raw.get('label')}]"
        flow.append((role, value or "(not stated)"))
    return tuple(flow)


def _rows(
    raw: Mapping[str, Any], text: str, names: Mapping[str, str]
) -> tuple[tuple[str, str], ...]:
    rows: list[tuple[str, str]] = []
    for key, value in raw.items():
        if key in _SKIP_FIELDS or value is None or value == [] or value == "":
            continue
        rows.append((key.replace("_", " "), _format(key, value, text, names)))
    return tuple(rows)


def _format(key: str, value: Any, text: str, names: Mapping[str, str]) -> str:
    spans = _spans(value)
    if spans:
        return " … ".join(f"“{_quote(text, s)}”" for s in spans)
    if isinstance(value, str) and key in _ACTOR_FIELDS and value in names:
        return f"{names[value]} ({value})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict | list):
        dumped = json.dumps(value, ensure_ascii=False)
        return dumped if len(dumped) <= QUOTE_CHARS else dumped[: QUOTE_CHARS - 1] + "…"
    return str(value)


def _actors(
    actors: Sequence[Mapping[str, Any]], findings: Sequence[Any], text: str, prefix: str
) -> tuple[list[Highlight], list[ActorView]]:
    stance: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    ids = {str(a.get("id")) for a in actors}
    for raw in findings:
        if not isinstance(raw, Mapping) or "stance" not in str(raw.get("kind")):
            continue
        actor = next((raw[k] for k in _ACTOR_FIELDS if isinstance(raw.get(k), str)), None)
        if actor in ids:
            polarity = str(raw.get("polarity") or raw.get("stance") or raw.get("label") or "")
            score = _number(raw.get("confidence"))
            stance[str(actor)].append(
                (polarity, score if score is not None else _number(raw.get("score")))
            )
    marks: list[Highlight] = []
    views: list[ActorView] = []
    for actor in actors:
        actor_id = str(actor.get("id"))
        ref = f"a-{css_token(actor_id)}"
        name = str(actor.get("name") or actor_id)
        mentions = [
            s
            for m in actor.get("mentions") or ()
            if isinstance(m, Mapping)
            for s in _spans(m.get("span"))
        ]
        marks.extend(Highlight(s, e, ref, "actor", "", f"Actor: {name}") for s, e in mentions)
        views.append(
            ActorView(
                ref=prefix + ref,
                id=actor_id,
                name=name,
                kind=str(actor.get("kind") or ""),
                role=str(actor.get("role") or ""),
                country=str(actor.get("country") or ""),
                mentions=len(mentions),
                salience=_number(actor.get("salience")) or 0.0,
                stance=_stance_summary(stance.get(actor_id, [])),
                first_mention=_quote(text, mentions[0]) if mentions else "",
            )
        )
    views.sort(key=lambda a: (-a.salience, -a.mentions, a.name))
    return marks, views


def _stance_summary(items: Sequence[tuple[str, float | None]]) -> tuple[StanceView, ...]:
    grouped: dict[str, list[float]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for label, score in items:
        counts[label] += 1
        if score is not None:
            grouped[label].append(score)
    return tuple(
        StanceView(
            label,
            n,
            sum(grouped[label]) / len(grouped[label]) if grouped[label] else None,
        )
        for label, n in counts.most_common()
    )


def _edges(findings: Sequence[Any], names: Mapping[str, str]) -> list[Edge]:
    pairs: dict[tuple[str, str], list[float]] = defaultdict(list)
    for raw in findings:
        if not isinstance(raw, Mapping) or raw.get("kind") != "event":
            continue
        source, target = raw.get("source_actor"), raw.get("target_actor")
        if not isinstance(source, str) or not isinstance(target, str):
            continue
        pairs[(names.get(source, source), names.get(target, target))].append(
            _number(raw.get("goldstein")) or 0.0
        )
    return [Edge(s, t, len(scores), sum(scores) / len(scores)) for (s, t), scores in pairs.items()]


def _spans(value: Any) -> list[tuple[int, int]]:
    """Spans in a JSON value: one ``{"start", "end"}`` object, or a list of them."""
    single = _span_tuple(value)
    if single is not None:
        return [single]
    if isinstance(value, list):
        found = [_span_tuple(v) for v in value]
        if found and all(s is not None for s in found):
            return [s for s in found if s is not None]
    return []


def _span_tuple(value: Any) -> tuple[int, int] | None:
    if isinstance(value, Mapping) and set(value) == {"start", "end"}:
        start, end = value["start"], value["end"]
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and not isinstance(start, bool)
            and not isinstance(end, bool)
            and 0 <= start <= end
        ):
            return start, end
    return None


def _quote(text: str, span: tuple[int, int]) -> str:
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= QUOTE_CHARS else piece[: QUOTE_CHARS - 1] + "…"


def _covers_text(spans: Sequence[tuple[int, int]], size: int) -> bool:
    return size > 0 and sum(e - s for s, e in spans) >= 0.9 * size


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _sign(value: float | None) -> str:
    if value is None or value == 0:
        return "neutral"
    return "coop" if value > 0 else "conflict"


def _sourced(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("value") or "")
    return str(value or "")


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
