"""The HTML pages of ``unspin serve``: analyse an article, browse and search the corpus.

Pages are rendered on the server with Jinja2 (autoescape on); charts are inline SVG; the only
script is the report's own static file. Each route parses its input and calls one corpus
query or the workbench.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from unspin.api.errors import ApiError, code_of, not_found, public_message, status_of
from unspin.api.service import Workbench
from unspin.errors import UnspinError
from unspin.ingest import RawInput
from unspin.render.html import environment, static_text
from unspin.serialize import article_to_dict
from unspin.web import corpus
from unspin.web.corpus import MARKS_HTML
from unspin.web.kinds import group_name
from unspin.web.report import build_report
from unspin.web.svg import bar_chart, stacked_bars, trend_chart

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
STATIC_TYPES = {"report.css": "text/css", "report.js": "text/javascript"}
_Day = Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$")]
_Text = Annotated[str | None, Query(max_length=200)]
_PageNo = Annotated[int, Query(alias="page", ge=1, le=50_000)]


def _snippet(text: str | None) -> Markup:
    """Escape a search snippet, then turn its hit marks into ``<mark>`` elements."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(MARKS_HTML[0], "<mark>").replace(MARKS_HTML[1], "</mark>"))


def _query(base: Mapping[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**base, **changes}.items() if v not in (None, "")}
    return urlencode(merged)


def _make_env() -> jinja2.Environment:
    env = environment(jinja2.PackageLoader("unspin.web", "templates"))
    env.filters["snippet"] = _snippet
    env.globals["query"] = _query
    return env


_ENV = _make_env()


def bench(request: Request) -> Workbench:
    workbench: Workbench = request.app.state.workbench
    return workbench


Bench = Annotated[Workbench, Depends(bench)]


def page(
    template: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page template."""
    html = _ENV.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))


def error_page(
    request: Request, status: int, code: str, message: str, headers: Mapping[str, str]
) -> HTMLResponse:
    """The HTML page for an error on a web route."""
    workbench = getattr(request.app.state, "workbench", None)
    return page(
        "error.html", status, headers, status=status, code=code, message=message, bench=workbench
    )


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The report's style sheet and script (the only files served)."""
    if name not in STATIC_TYPES:
        raise not_found(f"The file {name!r}")
    return Response(
        static_text(name),
        media_type=STATIC_TYPES[name],
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/", response_class=HTMLResponse)
def home(workbench: Bench) -> HTMLResponse:
    """Paste, upload or point at an article; see the latest stored ones."""
    recent: list[corpus.ArticleItem] = []
    total = 0
    if workbench.has_store:
        recent, total = corpus.list_articles(workbench.reader(), corpus.ArticleFilter(), limit=8)
    return page("home.html", bench=workbench, recent=recent, total=total, form={}, error=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_form(
    request: Request,
    workbench: Bench,
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form(max_length=2048)] = "",
    token: Annotated[str, Form(max_length=500)] = "",
    store: Annotated[bool, Form()] = False,
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Analyse the pasted text, uploaded file or URL and show its report."""
    upload = await file.read() if file is not None and file.filename else b""
    form = {"text": text, "url": url, "store": store}
    try:
        workbench.check_token(token or None)
        if store:
            workbench.check_writable()
        raw = _raw_input(text, url, upload, file.filename if file else None)
        article = await run_in_threadpool(workbench.analyze, raw)
        stored = await run_in_threadpool(workbench.save, article) if store else False
    except UnspinError as exc:
        return page(
            "home.html",
            status_of(exc),
            bench=workbench,
            recent=[],
            total=None,
            form=form,
            error=f"[{code_of(exc)}] {public_message(exc)}",
        )
    report = build_report(article_to_dict(article))
    return page("article.html", bench=workbench, r=report, stored=stored, fresh=True)


def _raw_input(text: str, url: str, upload: bytes, filename: str | None) -> RawInput:
    if upload:
        return RawInput(content=upload, kind="auto", source_id=f"upload:{filename}")
    if url.strip():
        return RawInput(content=None, kind="url", url=url.strip(), source_id=url.strip())
    if text.strip():
        return RawInput(content=text, kind="auto", source_id="web:text")
    raise ApiError(422, "E1501", "Paste an article, upload an HTML or text file, or give a URL.")


@router.get("/articles", response_class=HTMLResponse)
def articles(
    workbench: Bench,
    q: _Text = None,
    outlet: _Text = None,
    language: _Text = None,
    since: _Day = None,
    until: _Day = None,
    sort: Annotated[Literal["relevance", "newest"], Query()] = "relevance",
    page_no: _PageNo = 1,
) -> HTMLResponse:
    """The article list with full-text search and filters."""
    conn = workbench.reader()
    flt = corpus.ArticleFilter(
        q or None, outlet or None, language or None, since or None, until or None
    )
    items, total = corpus.list_articles(
        conn, flt, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE, newest=sort == "newest"
    )
    params = {"q": q, "outlet": outlet, "language": language, "since": since, "until": until}
    if sort != "relevance":
        params["sort"] = sort
    return page(
        "articles.html",
        bench=workbench,
        items=items,
        total=total,
        page=page_no,
        pages=max(1, -(-total // PAGE_SIZE)),
        params=params,
        facets=_facets(workbench, conn),
    )


FACETS_TTL = 60.0


def _facets(workbench: Workbench, conn: sqlite3.Connection) -> corpus.Facets:
    """The filter menus, cached for a minute (listing languages scans the article table)."""
    now = time.monotonic()
    cached = workbench.cache.get("facets")
    if cached is None or now - cached[0] > FACETS_TTL:
        cached = (now, corpus.facets(conn))
        workbench.cache["facets"] = cached
    facets: corpus.Facets = cached[1]
    return facets


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(workbench: Bench, article_id: str) -> HTMLResponse:
    """One stored article's report."""
    data = corpus.load_article_json(workbench.reader(), article_id[:128])
    if data is None:
        raise not_found(f"The article {article_id!r}")
    return page("article.html", bench=workbench, r=build_report(data), stored=False, fresh=False)


@router.get("/actors", response_class=HTMLResponse)
def actors(workbench: Bench, q: _Text = None, page_no: _PageNo = 1) -> HTMLResponse:
    """Actors across the corpus, most mentioned first."""
    items = corpus.list_actors(
        workbench.reader(), q=q or None, limit=PAGE_SIZE + 1, offset=(page_no - 1) * PAGE_SIZE
    )
    return page(
        "actors.html",
        bench=workbench,
        items=items[:PAGE_SIZE],
        more=len(items) > PAGE_SIZE,
        page=page_no,
        params={"q": q},
    )


@router.get("/actor", response_class=HTMLResponse)
def actor(workbench: Bench, key: Annotated[str, Query(max_length=300)]) -> HTMLResponse:
    """One actor: mentions over time, stance, events with other actors, recent articles."""
    profile = corpus.actor_profile(workbench.reader(), key)
    if profile is None:
        raise not_found(f"The actor {key!r}")
    chart = (
        trend_chart(
            [(m, n, None) for m, n in profile.by_month],
            title=f"Mentions of {profile.name} by month",
            unit="mentions",
        )
        if profile.by_month
        else None
    )
    return page("actor.html", bench=workbench, p=profile, chart=chart)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    workbench: Bench,
    a: Annotated[str | None, Query(max_length=300)] = None,
    b: Annotated[str | None, Query(max_length=300)] = None,
) -> HTMLResponse:
    """Charts over the corpus; each degrades to a note when its findings do not exist yet."""
    conn = workbench.reader()
    techniques = corpus.technique_by_outlet(conn)
    names = {g: group_name(g) for parts in techniques.values() for g in parts}
    sources = corpus.top_sources(conn)
    choices = corpus.list_actors(conn, limit=40)
    a = a or (choices[0].key if choices else None)
    b = b or (choices[1].key if len(choices) > 1 else None)
    trend = corpus.dyad_trend(conn, a, b) if a and b else None
    label = {c.key: c.name for c in choices}
    return page(
        "dashboard.html",
        bench=workbench,
        technique_chart=(
            stacked_bars(techniques, title="Technique use by outlet", names=names)
            if techniques
            else None
        ),
        sources_chart=(
            bar_chart([(s, float(n)) for s, n, _ in sources], title="Most-cited sources")
            if sources
            else None
        ),
        trend_chart=(
            trend_chart(trend, title="Events between the two actors by month", unit="events")
            if trend
            else None
        ),
        choices=choices,
        a=a,
        b=b,
        a_name=label.get(a or "", a),
        b_name=label.get(b or "", b),
        claims=corpus.recurring_claims(conn),
    )
