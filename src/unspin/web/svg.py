"""Charts and the actor graph as inline SVG, drawn on the server with every label escaped.

No style attributes are used (a strict Content-Security-Policy allows none); colours are
presentation attributes or CSS classes from the shared style sheet.

Example:
    >>> "<svg" in bar_chart([("Reuters", 3.0), ("AP", 1.0)], title="Sources")
    True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from unspin.web.segments import css_token

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f")
MAX_LABEL = 28


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed edge of the actor graph: events from ``source`` to ``target``."""

    source: str
    target: str
    count: int
    goldstein: float  # mean Goldstein score of the events


def _label(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, width: int = 520) -> Markup:
    """Horizontal bars, one per (label, value), in the given order."""
    row, left = 22, 190
    height = max(1, len(items)) * row + 10
    top = max((v for _, v in items), default=0.0) or 1.0
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        w = max(1.0, (width - left - 50) * value / top)
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" class="axis">'
            f"{escape(_label(label))}</text>"
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
            f'<text x="{left + w + 4:.1f}" y="{y + 14}" class="axis">{value:g}</text>'
        )
    return _svg(width, height, title, body)


def stacked_bars(
    rows: Mapping[str, Mapping[str, int]],
    *,
    title: str,
    names: Mapping[str, str] | None = None,
    width: int = 640,
) -> Markup:
    """One horizontal bar per row key, stacked by series (technique group per outlet)."""
    series = sorted({s for parts in rows.values() for s in parts})
    row, left = 24, 170
    top = max((sum(parts.values()) for parts in rows.values()), default=0) or 1
    body: list[str] = []
    for i, (key, parts) in enumerate(rows.items()):
        y = 5 + i * row
        body.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" class="axis">'
            f"{escape(_label(key))}</text>"
        )
        x = float(left)
        for s in series:
            value = parts.get(s, 0)
            if not value:
                continue
            w = (width - left - 40) * value / top
            name = (names or {}).get(s, s)
            body.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 7}" '
                f'class="g-{css_token(s)} bar"><title>{escape(key)} · {escape(name)}: '
                f"{value}</title></rect>"
            )
            x += w
        body.append(f'<text x="{x + 4:.1f}" y="{y + 15}" class="axis">{sum(parts.values())}</text>')
    legend_y = 10 + len(rows) * row
    for j, s in enumerate(series):
        lx = 10 + (j % 3) * 210
        ly = legend_y + (j // 3) * 18
        body.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" class="g-{css_token(s)} bar"/>'
            f'<text x="{lx + 16}" y="{ly + 11}" class="axis">'
            f"{escape(_label((names or {}).get(s, s)))}</text>"
        )
    height = legend_y + math.ceil(len(series) / 3) * 18 + 8
    return _svg(width, height, title, body)


def trend_chart(
    points: Sequence[tuple[str, int, float | None]],
    *,
    title: str,
    unit: str = "events",
    width: int = 640,
) -> Markup:
    """Monthly counts as bars, with the mean Goldstein score (-10..10) as a line when given."""
    height, left, bottom, top_pad = 240, 40, 40, 15
    plot_h = height - bottom - top_pad
    n = max(1, len(points))
    step = (width - left - 40) / n
    peak = max((c for _, c, _ in points), default=0) or 1
    body = [f'<text x="4" y="{top_pad + 4}" class="axis">{peak}</text>']
    if any(g is not None for _, _, g in points):
        body += [
            f'<line x1="{left}" y1="{top_pad + plot_h / 2:.1f}" x2="{width - 40}" '
            f'y2="{top_pad + plot_h / 2:.1f}" class="zero"/>',
            f'<text x="{width - 36}" y="{top_pad + 4}" class="axis">+10</text>',
            f'<text x="{width - 36}" y="{top_pad + plot_h}" class="axis">-10</text>',
        ]
    line: list[str] = []
    for i, (month, count, goldstein) in enumerate(points):
        x = left + i * step
        h = plot_h * count / peak
        body.append(
            f'<rect x="{x + 2:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{max(1.0, step - 4):.1f}" height="{h:.1f}" fill="{PALETTE[0]}" '
            f'opacity="0.55"><title>{escape(month)}: '
            f"{count} {escape(unit)}</title></rect>"
        )
        if i % max(1, n // 8) == 0:
            body.append(
                f'<text x="{x + 2:.1f}" y="{height - bottom + 16}" class="axis">'
                f"{escape(month)}</text>"
            )
        if goldstein is not None:
            gy = top_pad + plot_h / 2 - (plot_h / 2) * max(-10.0, min(10.0, goldstein)) / 10
            line.append(f"{x + step / 2:.1f},{gy:.1f}")
            body.append(
                f'<circle cx="{x + step / 2:.1f}" cy="{gy:.1f}" r="3" fill="{PALETTE[2]}">'
                f"<title>{escape(month)}: mean Goldstein {goldstein:+.1f}</title></circle>"
            )
    if len(line) > 1:
        body.insert(
            1,
            f'<polyline points="{" ".join(line)}" fill="none" stroke="{PALETTE[2]}" '
            f'stroke-width="2"/>',
        )
    return _svg(width, height, title, body)


def actor_graph(
    edges: Sequence[Edge], *, title: str, size: int = 360, marker_id: str = "arrow"
) -> Markup | None:
    """A circle layout of the actors in ``edges``; arrows coloured by mean Goldstein score.

    ``marker_id`` must be unique in the page (one page may hold several graphs).
    """
    marker = css_token(marker_id)
    if not edges:
        return None
    degree: dict[str, int] = {}
    for e in edges:
        degree[e.source] = degree.get(e.source, 0) + e.count
        degree[e.target] = degree.get(e.target, 0) + e.count
    nodes = sorted(degree, key=lambda n: (-degree[n], n))[:12]
    keep = set(nodes)
    cx = cy = size / 2
    radius = size / 2 - 70 if len(nodes) > 1 else 0
    pos = {
        name: (
            cx + radius * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
            cy + radius * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2),
        )
        for i, name in enumerate(nodes)
    }
    body = [
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#555"/></marker></defs>'
    ]
    for e in edges:
        if e.source not in keep or e.target not in keep:
            continue
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        colour = "#2e7d32" if e.goldstein > 0 else "#c62828" if e.goldstein < 0 else "#777"
        if e.source == e.target:
            body.append(
                f'<circle cx="{x1:.1f}" cy="{y1 - 16:.1f}" r="12" fill="none" stroke="{colour}">'
                f"<title>{escape(e.source)} → itself: {e.count}</title></circle>"
            )
            continue
        body.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{min(6, 1 + e.count):d}" marker-end="url(#{marker})">'
            f"<title>{escape(e.source)} → {escape(e.target)}: {e.count} event(s), mean "
            f"Goldstein {e.goldstein:+.1f}</title></line>"
        )
    for name in nodes:
        x, y = pos[name]
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" class="node"/>'
            f'<text x="{x:.1f}" y="{y + 24:.1f}" text-anchor="middle" class="axis">'
            f"{escape(_label(name, 22))}</text>"
        )
    return _svg(size, size, title, body)
