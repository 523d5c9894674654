"""Coded errors of the web app and API (range E15xx), and how any unspin error maps to HTTP.

Codes:
    E1501 the request does not validate (bad parameter or body)
    E1502 the request body is larger than the server's limit
    E1503 the analysis ran past the server's time limit
    E1504 no such article, actor or page
    E1505 the route needs the API token and none or a wrong one was given
    E1506 the server is read-only: nothing can be stored
    E1507 the request is refused (method not allowed, other HTTP errors)
    E1508 the server has no store (--db) for corpus routes
    E1509 too many analyses are waiting; retry later
    E1599 an unexpected internal error (a bug: please report it)

Errors raised by the library keep their own code (``[E401]``, ``[E502]``…) in the response.
"""

from __future__ import annotations

import re
from typing import Any

from unspin.errors import (
    BlockedAddressError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    InputError,
    InputTooLargeError,
    ResponseTooLargeError,
    StoreError,
    UnspinError,
)

_CODE = re.compile(r"^\[(E\d+)\]\s*")


class ApiError(UnspinError):
    """An error the server answers with ``status`` and a coded JSON body (or error page)."""

    exit_code = 1

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(f"[{code}] {message}")
        self.status = status
        self.code = code
        self.detail = message
        self.headers = headers or {}


def code_of(exc: UnspinError) -> str:
    """The code in an error's message (``E401``), or E1599 when it carries none."""
    if isinstance(exc, ApiError):
        return exc.code
    found = _CODE.match(exc.message)
    return found.group(1) if found else "E1599"


def status_of(exc: UnspinError) -> int:
    """The HTTP status for an unspin error."""
    if isinstance(exc, ApiError):
        return exc.status
    code = code_of(exc)
    if isinstance(exc, InputTooLargeError | ResponseTooLargeError):
        return 413
    if isinstance(exc, BlockedAddressError) or code == "E501":
        return 400
    if isinstance(exc, FetchTimeoutError):
        return 504
    if isinstance(exc, ContentTypeError | InputError):
        return 422
    if isinstance(exc, FetchError):
        return 502
    if isinstance(exc, StoreError):
        return 404 if code == "E1107" else 503
    return 500


def public_message(exc: UnspinError) -> str:
    """The error's message as a server states it (without its code, no CLI-only advice)."""
    message = _CODE.sub("", exc.detail if isinstance(exc, ApiError) else exc.message)
    if isinstance(exc, BlockedAddressError):
        message = message.split(" Pass --allow-private")[0] + (
            " This server never fetches loopback or private-network addresses."
        )
    return message


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": _CODE.sub("", message), "status": status}}


def not_found(what: str) -> ApiError:
    return ApiError(404, "E1504", f"{what} is not in the store. Check the id, or search for it.")
