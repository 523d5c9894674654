"""Fetch one article URL with httpx: the only network code in unspin.

Every hop (the first request and each redirect) goes through the address guard, and the
connection is pinned to the checked address so a second DNS answer cannot slip past it.
Tests pass ``IngestOptions(transport=httpx.MockTransport(...), resolver=...)``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from unspin.errors import (
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    ResponseTooLargeError,
    TooManyRedirectsError,
)
from unspin.ingest.guard import ALLOWED_SCHEMES, IPAddress, check_host, parse_ip_literal
from unspin.ingest.options import IngestOptions

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
# The whole fetch, redirects included, may take this many times the per-operation timeout.
_TOTAL_TIMEOUT_FACTOR = 4


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched page: the asked and final URL, its bytes and declared type and charset."""

    url: str
    final_url: str
    content: bytes
    content_type: str | None
    encoding: str | None


def fetch(
    url: str, options: IngestOptions, *, accept: tuple[str, ...] = ACCEPTED_TYPES
) -> FetchResult:
    """Fetch ``url`` under the limits in ``options``; ``accept`` lists the allowed media types.

    Raises:
        BlockedAddressError, FetchTimeoutError, ResponseTooLargeError, ContentTypeError,
        TooManyRedirectsError, FetchError: see the messages; each names the fix.

    Example:
        >>> fetch("https://example.com/news/1", IngestOptions())  # doctest: +SKIP
    """
    deadline = time.monotonic() + options.timeout * _TOTAL_TIMEOUT_FACTOR
    current = url
    with httpx.Client(
        transport=options.transport,
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        trust_env=False,
    ) as client:
        for _hop in range(options.max_redirects + 1):
            target = _checked_url(current, options)
            request = _request(client, target, options)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise _timeout(current, options) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"[E509] Fetching {current} failed: {exc}.") from exc
            except UnicodeError as exc:  # idna: httpx reads a redirect's bad "xn--" host
                raise FetchError(
                    f"[E510] {current} redirected to an invalid location: {exc}."
                ) from exc
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = _redirect_target(target, response.headers["location"])
                    continue
                return _read(url, current, response, options, deadline, accept)
            finally:
                response.close()
    raise TooManyRedirectsError(
        f"[E507] {url} redirected more than {options.max_redirects} times (last: {current}). "
        f"Fetch the final URL directly or raise the redirect limit."
    )


def _checked_url(url: str, options: IngestOptions) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        _refuse_odd_literal(url, options)
        raise FetchError(f"[E501] {url!r} is not a valid URL: {exc}.") from exc
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            f"[E501] Refusing the URL {url!r}: only http and https URLs can be fetched."
        )
    try:
        host = parsed.host
    except UnicodeError as exc:  # idna refuses a malformed "xn--" label only when decoding
        raise FetchError(f"[E501] {url!r} has an invalid host name: {exc}.") from exc
    if not host:
        raise FetchError(f"[E501] The URL {url!r} has no host. Give a full http(s) URL.")
    return parsed


def _refuse_odd_literal(url: str, options: IngestOptions) -> None:
    """httpx rejects some IP spellings (``0177.0.0.1``) that resolvers accept: block them."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return
    if host and not options.allow_private and parse_ip_literal(host) is not None:
        check_host(host, options.resolver)


def _request(client: httpx.Client, url: httpx.URL, options: IngestOptions) -> httpx.Request:
    headers = {"User-Agent": options.user_agent, "Accept": _ACCEPT}
    if options.allow_private:
        return client.build_request("GET", url, headers=headers)
    host = url.raw_host.decode("ascii")
    addresses = check_host(host, options.resolver)
    pinned = _prefer_ipv4(addresses)
    headers["Host"] = url.netloc.decode("ascii")
    extensions = {"sni_hostname": host} if url.scheme == "https" else {}
    return client.build_request(
        "GET", url.copy_with(host=str(pinned)), headers=headers, extensions=extensions
    )


def _prefer_ipv4(addresses: list[IPAddress]) -> IPAddress:
    return next((ip for ip in addresses if ip.version == 4), addresses[0])


def _redirect_target(current: httpx.URL, location: str) -> str:
    try:
        return str(current.join(location))
    except (httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: idna, a bad "xn--" label
        raise FetchError(
            f"[E510] {current} redirected to an invalid location {location!r}."
        ) from exc


def _read(
    url: str,
    final_url: str,
    response: httpx.Response,
    options: IngestOptions,
    deadline: float,
    accept: tuple[str, ...],
) -> FetchResult:
    if response.status_code >= 400 or response.status_code in _REDIRECTS:
        raise FetchError(
            f"[E508] {final_url} answered HTTP {response.status_code} "
            f"{response.reason_phrase}. Check the URL, or save the page and pass the file."
        )
    content_type, encoding = _content_type(response)
    if content_type is not None and content_type not in accept:
        raise ContentTypeError(
            f"[E506] {final_url} is {content_type!r}, not a web page or text. unspin reads "
            f"{', '.join(accept)}; convert other documents to text first."
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise _too_large(final_url, int(declared), options)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > options.max_bytes:
                raise _too_large(final_url, size, options)
            if time.monotonic() > deadline:
                raise _timeout(final_url, options)
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise _timeout(final_url, options) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"[E509] Reading {final_url} failed: {exc}.") from exc
    return FetchResult(url, final_url, b"".join(chunks), content_type, encoding)


def _content_type(response: httpx.Response) -> tuple[str | None, str | None]:
    header = response.headers.get("content-type")
    if not header:
        return None, None
    mime, _, params = header.partition(";")
    encoding = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            encoding = value.strip().strip("\"'").lower()
    return mime.strip().lower(), encoding


def _too_large(url: str, size: int, options: IngestOptions) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"[E505] {url} is larger than the limit of {options.max_bytes} bytes (got at least "
        f"{size}). Raise the size limit if this page really is an article."
    )


def _timeout(url: str, options: IngestOptions) -> FetchTimeoutError:
    return FetchTimeoutError(
        f"[E504] Fetching {url} timed out (timeout {options.timeout:g} s per step). "
        f"Try again later or raise the timeout."
    )
