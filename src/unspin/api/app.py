"""The FastAPI app of ``unspin serve``: the REST API under /api and the web pages beside it.

Routes parse their input and call one library function; the OpenAPI spec is served at
``/api/openapi.json`` (no docs UI: it would load scripts from a CDN).

Example:
    >>> from unspin.api.app import create_app
    >>> from unspin.api.service import ServerConfig
    >>> app = create_app(ServerConfig(db=None))
    >>> app.openapi()["info"]["title"]
    'unspin'
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspin.api import schemas
from unspin.api.errors import (
    ApiError,
    code_of,
    error_body,
    not_found,
    public_message,
    status_of,
)
from unspin.api.middleware import GuardMiddleware
from unspin.api.service import ServerConfig, Workbench
from unspin.errors import UnspinError
from unspin.ingest import RawInput
from unspin.serialize import article_to_dict
from unspin.web import corpus

if TYPE_CHECKING:
    from unspin.analysis import Analyzer

log = logging.getLogger("unspin.api")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ErrorResponse, "description": text}
    for status, text in (
        (400, "Refused input (e.g. a private-network URL)"),
        (401, "Missing or wrong API token"),
        (403, "Read-only server"),
        (404, "Not found"),
        (413, "Request body or article too large"),
        (422, "Invalid request or unreadable article"),
        (502, "The URL could not be fetched"),
        (503, "No store, analysis timed out, or too busy"),
        (504, "Fetching the URL timed out"),
    )
}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    k: v for k, v in ERRORS.items() if k in (404, 422, 503)
}

Limit = Annotated[int, Query(ge=1, le=100, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=200)]
Sort = Annotated[
    Literal["relevance", "newest"], Query(description="Order of search hits (with q).")
]

_bearer = HTTPBearer(auto_error=False, description="The server's --token, if it has one.")


def bench(request: Request) -> Workbench:
    """The app's workbench (dependency)."""
    workbench: Workbench = request.app.state.workbench
    return workbench


Bench = Annotated[Workbench, Depends(bench)]


def require_token(
    workbench: Bench,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Write routes need the token when the server was started with one."""
    workbench.check_token(credentials.credentials if credentials else None)


api = APIRouter(prefix="/api", tags=["api"])


@api.get("/health", response_model=schemas.Health)
def health(workbench: Bench) -> schemas.Health:
    """Whether the server is up, and how it is configured."""
    return schemas.Health(
        status="ok",
        store=workbench.has_store,
        read_only=not workbench.writable,
        token_required=workbench.config.token is not None,
    )


@api.post(
    "/analyze",
    response_model=schemas.AnalyzeResponse,
    responses=ERRORS,
    dependencies=[Depends(require_token)],
)
def analyze(body: schemas.AnalyzeRequest, workbench: Bench) -> schemas.AnalyzeResponse:
    """Analyse one article given as text, HTML or an http(s) URL; optionally store it."""
    if body.store:
        workbench.check_writable()
    meta = {"title": body.title, "outlet": body.outlet, "published": body.published}
    meta["author"] = body.author
    if body.url is not None:
        raw = RawInput(content=None, kind="url", url=body.url, source_id=body.url, **meta)
    elif body.html is not None:
        raw = RawInput(content=body.html, kind="html", source_id="api:html", **meta)
    else:
        raw = RawInput(content=body.text, kind="text", source_id="api:text", **meta)
    article = workbench.analyze(raw)
    stored = workbench.save(article) if body.store else False
    return schemas.AnalyzeResponse(
        article_id=article.id, stored=stored, article=article_to_dict(article)
    )


@api.get("/articles", response_model=schemas.ArticlePage, responses=READ_ERRORS)
def articles(
    workbench: Bench,
    q: Text = None,
    outlet: Text = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    since: Day = None,
    until: Day = None,
    sort: Sort = "relevance",
    limit: Limit = 20,
    offset: Offset = 0,
) -> schemas.ArticlePage:
    """Stored articles, newest first (best match first with ``q``), one page at a time."""
    flt = corpus.ArticleFilter(q, outlet, language, since, until)
    items, total = corpus.list_articles(
        workbench.reader(),
        flt,
        limit=limit,
        offset=offset,
        marks=("[", "]"),
        newest=sort == "newest",
    )
    return schemas.ArticlePage(
        items=[_summary(i) for i in items], total=total, limit=limit, offset=offset
    )


@api.get("/articles/{article_id}", responses=READ_ERRORS)
def article(workbench: Bench, article_id: Annotated[str, Path(max_length=128)]) -> dict[str, Any]:
    """One stored article's analysis JSON."""
    data = corpus.load_article_json(workbench.reader(), article_id)
    if data is None:
        raise not_found(f"The article {article_id!r}")
    return {"schema_version": _schema_version(), **data}


@api.get("/actors", response_model=schemas.ActorPage, responses=READ_ERRORS)
def actors(
    workbench: Bench, q: Text = None, limit: Limit = 20, offset: Offset = 0
) -> schemas.ActorPage:
    """Actors pooled across articles (by gazetteer id, else kind and name), most mentioned first."""
    items = corpus.list_actors(workbench.reader(), q=q, limit=limit, offset=offset)
    return schemas.ActorPage(
        items=[schemas.ActorOut(**_fields(i)) for i in items], limit=limit, offset=offset
    )


@api.get("/events", response_model=schemas.EventPage, responses=READ_ERRORS)
def events(
    workbench: Bench,
    actor: Annotated[str | None, Query(max_length=300, description="An actor key.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> schemas.EventPage:
    """Coded events, newest first; ``actor`` keeps those the actor takes part in."""
    items = corpus.list_events(workbench.reader(), actor=actor, limit=limit, offset=offset)
    if items is None:
        raise ApiError(422, "E1501", f"{actor!r} is not an actor key ('g:ID' or 'n:kind:name').")
    return schemas.EventPage(
        items=[schemas.EventOut(**_fields(i)) for i in items], limit=limit, offset=offset
    )


@api.get("/claims", response_model=schemas.ClaimPage, responses=READ_ERRORS)
def claims(
    workbench: Bench,
    kind: Literal["attribution", "assertion"] | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> schemas.ClaimPage:
    """Attributed claims and author assertions, newest first."""
    items = corpus.list_claims(workbench.reader(), kind=kind, limit=limit, offset=offset)
    return schemas.ClaimPage(
        items=[schemas.ClaimOut(**_fields(i)) for i in items], limit=limit, offset=offset
    )


@api.get("/search", response_model=schemas.SearchResult, responses=READ_ERRORS)
def search_route(
    workbench: Bench,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    sort: Sort = "relevance",
    limit: Limit = 20,
    offset: Offset = 0,
) -> schemas.SearchResult:
    """Full-text search over titles and texts (every word must occur), best match first."""
    items, total = corpus.list_articles(
        workbench.reader(),
        corpus.ArticleFilter(q=q),
        limit=limit,
        offset=offset,
        marks=("[", "]"),
        newest=sort == "newest",
    )
    return schemas.SearchResult(query=q, total=total, items=[_summary(i) for i in items])


def _summary(item: corpus.ArticleItem) -> schemas.ArticleSummary:
    data = _fields(item)
    data["id"] = data.pop("article_id")
    return schemas.ArticleSummary(**data)


def _fields(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__}


def _schema_version() -> str:
    from unspin.model import SCHEMA_VERSION

    return SCHEMA_VERSION


def create_app(
    config: ServerConfig | None = None,
    *,
    analyzer: Analyzer | None = None,
    workbench: Workbench | None = None,
) -> FastAPI:
    """The app: API, web pages, error handlers and the request guard.

    Pass ``analyzer`` (or a ready ``workbench``) to reuse a loaded model; otherwise the
    model is loaded on the first analysis.
    """
    from unspin import __version__
    from unspin.web.views import router as web_router

    config = config or ServerConfig()
    app = FastAPI(
        title="unspin",
        version=__version__,
        description="Analyse news articles and browse an analysed corpus. Errors are JSON "
        "objects {error: {code, message, status}} with codes E15xx or the library's own.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.workbench = workbench or Workbench(config, analyzer=analyzer)
    app.include_router(api)
    app.include_router(web_router)
    app.add_exception_handler(UnspinError, _unspin_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(GuardMiddleware, max_body_bytes=app.state.workbench.config.max_body_bytes)
    return app


def _respond(request: Request, status: int, code: str, message: str, **headers: str) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)
    from unspin.web.views import error_page

    return error_page(request, status, code, message, headers)


async def _unspin_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UnspinError)
    status = status_of(exc)
    code = code_of(exc)
    if code == "E1108":
        status = 422
    if status >= 500 and not isinstance(exc, ApiError):
        log.error("unspin error on %s: %s", request.url.path, exc)
    headers = exc.headers if isinstance(exc, ApiError) else {}
    return _respond(request, status, code, public_message(exc), **headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
        for e in exc.errors()[:5]
    )
    return _respond(request, 422, "E1501", f"The request is not valid: {problems}.")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return _respond(request, 404, "E1504", f"There is no page at {request.url.path}.")
    return _respond(request, exc.status_code, "E1507", str(exc.detail))


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path, exc_info=exc)
    return _respond(
        request, 500, "E1599", "Internal error: this is a bug in unspin. Please report it."
    )
