"""Options and input records shared by every ingest path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from unspin.errors import ConfigError

if TYPE_CHECKING:
    import httpx

    from unspin.errors import UnspinError

InputKind = Literal["auto", "text", "html", "url"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_USER_AGENT = "unspin/0.1 (news article analysis)"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Limits and injectables for reading and fetching articles.

    ``transport`` replaces httpx's network transport (tests pass ``httpx.MockTransport``);
    ``resolver`` maps a host name to IP address strings (default: ``socket.getaddrinfo``).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False
    timeout: float = 15.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    transport: httpx.BaseTransport | None = None
    resolver: Callable[[str], list[str]] | None = None

    def __post_init__(self) -> None:
        for name, value, least in (
            ("max_bytes", self.max_bytes, 1),
            ("timeout", self.timeout, 0.001),
            ("max_redirects", self.max_redirects, 0),
        ):
            if value < least:
                raise ConfigError(
                    f"[E411] IngestOptions.{name} must be at least {least}, got {value!r}."
                )


@dataclass(frozen=True, slots=True)
class RawInput:
    """One article as given: its content (or URL) and any caller-given metadata."""

    content: bytes | str | None
    kind: InputKind = "auto"
    source_id: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An item of a batch that could not be read; the batch goes on without it."""

    source_id: str
    error: UnspinError
