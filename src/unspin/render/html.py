"""The HTML report: one self-contained file (inline CSS and JS, no network) for many articles.

Each article is shown with its findings highlighted in place (overlapping spans become nested
marks), a side panel that explains the finding under a clicked span, filters by kind, the
actors with their stance, an actor graph of the article's events and its sourcing profile.
Every piece of article text is HTML-escaped; a Content-Security-Policy in the file allows only
its own inline style and script (by hash), so the report cannot load or run anything else.

Example:
    >>> from unspin.analysis import Analyzer                     # doctest: +SKIP
    >>> article = Analyzer().analyze_text("Xi met Putin.")        # doctest: +SKIP
    >>> write_html_report([article], "report.html")              # doctest: +SKIP
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from unspin.model import Article
from unspin.serialize import article_to_dict
from unspin.web.report import ReportView, build_report
from unspin.web.segments import css_token

__all__ = ["environment", "render_html_report", "static_text", "write_html_report"]


@cache
def static_text(name: str) -> str:
    """A shipped static file (``report.css``, ``report.js``) as text."""
    return resources.files("unspin.render").joinpath("static", name).read_text(encoding="utf-8")


def environment(*extra: jinja2.BaseLoader) -> jinja2.Environment:
    """A Jinja2 environment with autoescaping always on and the report templates loadable.

    ``extra`` loaders are searched first (the web app adds its page templates).
    """
    loader = jinja2.ChoiceLoader([*extra, jinja2.PackageLoader("unspin.render", "templates")])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css"] = css_token
    return env


@cache
def _env() -> jinja2.Environment:
    return environment()


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render_html_report(
    articles: Sequence[Article | Mapping[str, Any]], *, title: str | None = None
) -> str:
    """The report for ``articles`` (objects or their analysis JSON) as one HTML document."""
    from unspin import __version__

    reports: list[ReportView] = [
        build_report(
            article_to_dict(a) if isinstance(a, Article) else a,
            prefix=f"r{i}-" if len(articles) > 1 else "",
        )
        for i, a in enumerate(articles)
    ]
    css, js = static_text("report.css"), static_text("report.js")
    page_title = title or (
        reports[0].title if len(reports) == 1 else f"unspin report: {len(reports)} articles"
    )
    return (
        _env()
        .get_template("report.html")
        .render(
            reports=reports,
            title=page_title,
            css=Markup(css),
            js=Markup(js),
            style_hash=_csp_hash(css),
            script_hash=_csp_hash(js),
            version=__version__,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )


def write_html_report(
    articles: Sequence[Article | Mapping[str, Any]], path: str | os.PathLike[str]
) -> None:
    """Write the self-contained HTML report of ``articles`` to ``path`` (UTF-8).

    Example:
        >>> write_html_report([article], "report.html")          # doctest: +SKIP
    """
    Path(path).write_text(render_html_report(articles), encoding="utf-8")
