"""The terminal summary of one analysed article, drawn with rich."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from unspin.model import Article, Finding, Sourced, Span, TimeExpression

MAX_ACTOR_ROWS = 25
MAX_TIME_ROWS = 12
MAX_LABELS = 4
MAX_CLAIM_ROWS = 5
MAX_EVENT_ROWS = 10
EXCERPT_CHARS = 60

SectionRenderer = Callable[[Article], RenderableType | None]
_SECTIONS: list[SectionRenderer] = []


def section(renderer: SectionRenderer) -> SectionRenderer:
    """Register an extra summary section (detectors add theirs)."""
    _SECTIONS.append(renderer)
    return renderer


def print_summary(article: Article, console: Console | None = None) -> None:
    """Print the summary of ``article`` to ``console`` (stdout by default)."""
    (console or Console()).print(summary(article))


def summary(article: Article) -> RenderableType:
    """The summary as one rich renderable: header, actors, findings, extra sections."""
    parts: list[RenderableType] = [_header(article)]
    if article.warnings:
        parts.append(Text("\n".join(f"⚠ {w}" for w in article.warnings), style="yellow"))
    parts.append(_actors_table(article))
    parts.append(_findings_table(article))
    times = _times_table(article)
    if times is not None:
        parts.append(times)
    for renderer in _SECTIONS:
        extra = renderer(article)
        if extra is not None:
            parts.append(extra)
    return Group(*parts)


def _value(item: Sourced | None) -> str:
    return "—" if item is None else f"{item.value}  [dim]({item.source})[/dim]"


def _header(article: Article) -> Panel:
    meta = article.meta
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Title", _value(meta.title))
    grid.add_row("Outlet", _value(meta.outlet))
    grid.add_row("Author", _value(meta.author))
    grid.add_row("Published", _value(meta.published))
    language = meta.language or "?"
    if meta.language_score is not None:
        language += f" ({meta.language_score:.2f})"
    grid.add_row("Language", language)
    grid.add_row(
        "Text",
        f"{len(article.text):,} characters, {_count(len(article.paragraphs), 'paragraph')}, "
        f"{_count(len(article.sentences), 'sentence')}  [dim]({meta.extraction})[/dim]",
    )
    if meta.url:
        grid.add_row("URL", meta.url)
    grid.add_row("ID", f"[dim]{article.id}[/dim]")
    return Panel(grid, title="unspin", title_align="left")


def _actors_table(article: Article) -> Table:
    table = Table(title=f"Actors ({len(article.actors)})", title_justify="left")
    table.add_column("Actor", no_wrap=True)
    for column in ("Kind", "Country", "Role", "Codes", "Mentions", "Salience"):
        table.add_column(column, justify="right" if column in {"Mentions", "Salience"} else "left")
    stances = {
        vars_of(f)["actor"]: f"{f.label} ({f.score:+.2f}, {vars_of(f)['holder']})"
        for f in article.findings
        if f.kind == "actor_stance" and f.score is not None
    }
    if stances:
        table.add_column("Stance")
    ranked = sorted(article.actors, key=lambda a: (-a.salience, a.id))
    for actor in ranked[:MAX_ACTOR_ROWS]:
        kind = actor.kind if actor.org_type is None else f"{actor.kind} ({actor.org_type})"
        table.add_row(
            actor.name,
            kind,
            actor.country or "",
            actor.role or "",
            " ".join(actor.codes[:3]),
            str(len(actor.mentions)),
            f"{actor.salience:.2f}",
            *([stances.get(actor.id, "")] if stances else []),
        )
    if len(ranked) > MAX_ACTOR_ROWS:
        table.caption = f"… and {len(ranked) - MAX_ACTOR_ROWS} more (see --json)"
    return table


def _findings_table(article: Article) -> Table:
    table = Table(title=f"Findings ({len(article.findings)})", title_justify="left")
    table.add_column("Kind")
    table.add_column("Count", justify="right")
    table.add_column("Most frequent labels")
    by_kind: dict[str, Counter[str]] = {}
    for finding in article.findings:
        by_kind.setdefault(finding.kind, Counter())[finding.label] += 1
    for kind, labels in sorted(by_kind.items()):
        top = ", ".join(f"{label} ×{n}" for label, n in labels.most_common(MAX_LABELS))
        table.add_row(kind, str(sum(labels.values())), top)
    return table


def _times_table(article: Article) -> Table | None:
    times = [f for f in article.findings if isinstance(f, TimeExpression)]
    if not times:
        return None
    table = Table(title="Dates and times", title_justify="left")
    table.add_column("Expression")
    table.add_column("Normalised")
    table.add_column("Granularity")
    for finding in times[:MAX_TIME_ROWS]:
        value = finding.value or (
            "needs a publication date" if finding.anchor == "unresolved" else "?"
        )
        table.add_row(_excerpt(article, finding), value, finding.granularity or "")
    return table


def _excerpt(article: Article, finding: Finding) -> str:
    text = article.evidence(finding.evidence[0]).replace("\n", " ")
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _actor_name(article: Article, actor_id: object, span: object) -> str:
    if isinstance(actor_id, str) and (actor := article.actor(actor_id)) is not None:
        return actor.name
    if isinstance(span, Span):
        return article.evidence(span)
    return "—"


@section
def _sourcing(article: Article) -> RenderableType | None:
    profile = next((f for f in article.findings if f.kind == "sourcing_profile"), None)
    if profile is None:
        return None
    values = vars_of(profile)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    total = values["n_attributions"] + values["n_author_assertions"]
    grid.add_row(
        "Claims attributed",
        f"{values['share_attributed']:.0%} of {total} ({values['n_attributions']} attributions, "
        f"{values['n_author_assertions']} author assertions)",
    )
    grid.add_row(
        "Sources",
        f"{values['distinct_sources']} distinct: {values['named_sources']} named, "
        f"{values['anonymous_sources']} anonymous or vague",
    )
    grid.add_row("Speculative author assertions", f"{values['speculative_share']:.0%}")
    if values["outlets"]:
        grid.add_row("Outlets cited", ", ".join(values["outlets"]))
    return Panel(grid, title="Sourcing profile", title_align="left")


@section
def _claims_to_check(article: Article) -> RenderableType | None:
    claims = [f for f in article.findings if f.kind == "assertion" and f.score is not None]
    if not claims:
        return None
    table = Table(title="Author assertions most worth checking", title_justify="left")
    table.add_column("Score", justify="right")
    table.add_column("Type")
    table.add_column("Certainty")
    table.add_column("Claim")
    for claim in sorted(claims, key=lambda f: -(f.score or 0.0))[:MAX_CLAIM_ROWS]:
        values = vars_of(claim)
        table.add_row(
            f"{claim.score:.2f}",
            values["claim_type"],
            values["certainty"],
            _excerpt(article, claim),
        )
    return table


@section
def _events(article: Article) -> RenderableType | None:
    events = [f for f in article.findings if f.kind == "event"]
    if not events:
        return None
    table = Table(title=f"Events ({len(events)})", title_justify="left")
    for column in ("Source", "Event", "Target", "Modality", "Date", "Goldstein"):
        table.add_column(column, justify="right" if column == "Goldstein" else "left")
    ranked = sorted(events, key=lambda f: (vars_of(f)["modality"] != "asserted", f.evidence[0]))
    for event in ranked[:MAX_EVENT_ROWS]:
        values = vars_of(event)
        kind = values.get("plover_type") or values["cameo_root"]
        table.add_row(
            _actor_name(article, values["source_actor"], values["source"]),
            f"{kind} ({event.label}) “{article.evidence(values['trigger'])}”",
            _actor_name(article, values["target_actor"], values["target"]),
            values["modality"],
            values.get("date") or "",
            f"{values['goldstein']:+.1f}",
        )
    if len(events) > MAX_EVENT_ROWS:
        table.caption = f"… and {len(events) - MAX_EVENT_ROWS} more (see --json)"
    return table


def vars_of(finding: Finding) -> dict[str, Any]:
    """The fields of a finding of any registered kind, by name."""
    return {f.name: getattr(finding, f.name) for f in dataclasses.fields(finding)}
