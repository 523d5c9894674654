"""Request and response bodies of the REST API (pydantic models; they make the OpenAPI spec)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_URL = 2048
MAX_META = 500


class AnalyzeRequest(BaseModel):
    """One article to analyse: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain article text.")
    html: str | None = Field(None, description="An article page as HTML.")
    url: str | None = Field(
        None,
        max_length=MAX_URL,
        description="An http(s) URL to fetch; private and loopback addresses are refused.",
    )
    title: str | None = Field(None, max_length=MAX_META)
    outlet: str | None = Field(None, max_length=MAX_META)
    published: str | None = Field(None, max_length=64, description="ISO 8601 date.")
    author: str | None = Field(None, max_length=MAX_META)
    store: bool = Field(False, description="Also save the analysis in the store.")

    @model_validator(mode="after")
    def _one_source(self) -> AnalyzeRequest:
        given = [n for n in ("text", "html", "url") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'text', 'html' or 'url'")
        return self


class AnalyzeResponse(BaseModel):
    article_id: str
    stored: bool = Field(description="True when saved now (False: not asked for, or a duplicate).")
    article: dict[str, Any] = Field(description="The analysis JSON (schema/article.schema.json).")


class ErrorDetail(BaseModel):
    code: str = Field(examples=["E1504"])
    message: str
    status: int


class ErrorResponse(BaseModel):
    error: ErrorDetail


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None
    n_findings: int
    snippet: str | None = Field(None, description="Matching text, hits in [brackets].")


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    total: int
    limit: int
    offset: int


class ActorOut(BaseModel):
    key: str = Field(description="Pool key: 'g:<gazetteer id>' or 'n:<kind>:<name>'.")
    name: str
    kind: str
    gazetteer_id: str | None
    mentions: int
    articles: int


class ActorPage(BaseModel):
    items: list[ActorOut]
    limit: int
    offset: int


class EventOut(BaseModel):
    article_id: str
    published: str | None
    code: str
    plover_type: str | None
    quad_class: int | None
    goldstein: float | None
    modality: str | None
    date: str | None
    source: str | None
    target: str | None
    trigger: str | None


class EventPage(BaseModel):
    items: list[EventOut]
    limit: int
    offset: int


class ClaimOut(BaseModel):
    article_id: str
    published: str | None
    outlet: str | None
    kind: str
    label: str
    source: str | None
    cue: str | None
    content: str | None
    score: float | None


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    limit: int
    offset: int


class SearchResult(BaseModel):
    query: str
    total: int
    items: list[ArticleSummary]


class Health(BaseModel):
    status: str
    store: bool
    read_only: bool
    token_required: bool
