"""URL fetching under a mock transport and a fake resolver: the guard, limits and redirects."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from unspin.errors import (
    BlockedAddressError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    ResponseTooLargeError,
    TooManyRedirectsError,
)
from unspin.ingest import IngestOptions, RawInput, fetch, ingest
from unspin.ingest.guard import blocked_reason, parse_ip_literal

PAGE = (
    b"<html><head><title>Port reopens</title></head><body><article>"
    b"<p>The port reopened on Monday after a week-long strike by dock workers ended.</p>"
    b"<p>Shipping companies said it would take days to clear the backlog of containers.</p>"
    b"</article></body></html>"
)
DNS = {
    "news.example": ["93.184.216.34"],
    "v6.example": ["2606:4700::1111"],
    "internal.example": ["10.0.0.7"],
    "mixed.example": ["93.184.216.34", "192.168.1.10"],
    "metadata.example": ["169.254.169.254"],
    "loop.example": ["127.0.0.1"],
    "mapped.example": ["::ffff:127.0.0.1"],
}

Handler = Callable[[httpx.Request], httpx.Response]


def _options(handler: Handler, **changes: object) -> IngestOptions:
    settings: dict[str, object] = {
        "transport": httpx.MockTransport(handler),
        "resolver": lambda host: DNS.get(host, []),
    }
    settings.update(changes)
    return IngestOptions(**settings)  # type: ignore[arg-type]


def _page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE)


def _redirect_to(location: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/start":
            return httpx.Response(302, headers={"location": location})
        return _page(request)

    return handler


HOSTILE_URLS = [
    "http://127.0.0.1/",
    "http://localhost:8080/admin",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f.0.0.1/",
    "http://0x7f000001/",
    "http://127.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[fe80::1%25eth0]/",
    "http://[fd00::5]/",
    "http://[2002:7f00:1::]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.0.1/",
    "http://100.64.0.1/",
    "http://224.0.0.251/",
    "http://240.0.0.1/",
    "http://user@127.0.0.1/",
    "http://news.example@10.0.0.1/",
    "http://internal.example/",
    "http://mixed.example/",
    "http://metadata.example/",
    "http://loop.example/",
    "http://mapped.example/",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_are_blocked_before_any_request(url: str) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return _page(request)

    with pytest.raises(BlockedAddressError, match=r"\[E502\].*--allow-private") as info:
        fetch(url, _options(handler))
    assert requests == []
    assert "Refusing to fetch from" in str(info.value)


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/",
        "http://internal.example/secret",
        "http://[::1]:8080/",
        "http://2130706433/",
        "//169.254.169.254/latest/meta-data/",
    ],
)
def test_redirects_to_private_addresses_are_blocked(location: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return _redirect_to(location)(request)

    with pytest.raises(BlockedAddressError):
        fetch("http://news.example/start", _options(handler))
    assert len(seen) == 1


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://news.example/a", "gopher://news.example/", "http:///nohost"],
)
def test_only_http_urls(url: str) -> None:
    with pytest.raises(FetchError, match=r"\[E501\]"):
        fetch(url, _options(_page))


def test_redirect_to_other_scheme_is_refused() -> None:
    with pytest.raises(FetchError, match=r"\[E501\].*file"):
        fetch("http://news.example/start", _options(_redirect_to("file:///etc/passwd")))


def test_public_fetch_is_pinned_to_the_checked_address() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _page(request)

    result = fetch("https://news.example/a?b=1", _options(handler))
    assert result.content == PAGE
    assert (result.content_type, result.encoding) == ("text/html", "utf-8")
    (request,) = seen
    assert request.url.host == "93.184.216.34"
    assert request.headers["host"] == "news.example"
    assert request.extensions["sni_hostname"] == "news.example"
    assert "unspin" in request.headers["user-agent"]


def test_ipv6_only_host_is_fetched() -> None:
    result = fetch("http://v6.example/a", _options(_page))
    assert result.final_url == "http://v6.example/a"


def test_relative_redirect_is_followed_and_checked() -> None:
    result = fetch("http://news.example/start", _options(_redirect_to("/story")))
    assert result.final_url == "http://news.example/story"
    assert result.url == "http://news.example/start"


def test_too_many_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        step = int(request.url.path.strip("/") or 0)
        return httpx.Response(301, headers={"location": f"/{step + 1}"})

    with pytest.raises(TooManyRedirectsError, match=r"\[E507\].*3 times"):
        fetch("http://news.example/0", _options(handler, max_redirects=3))


def test_allow_private_lets_local_addresses_through() -> None:
    result = fetch("http://127.0.0.1:8000/page", _options(_page, allow_private=True))
    assert result.content == PAGE


@pytest.mark.parametrize(
    ("content_type", "ok"),
    [
        ("text/html", True),
        ("application/xhtml+xml; charset=utf-8", True),
        ("text/plain", True),
        ("application/pdf", False),
        ("image/png", False),
        ("application/json", False),
    ],
)
def test_content_type_check(content_type: str, ok: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": content_type}, content=PAGE)

    if ok:
        assert fetch("http://news.example/a", _options(handler)).content == PAGE
    else:
        with pytest.raises(ContentTypeError, match=r"\[E506\]"):
            fetch("http://news.example/a", _options(handler))


def test_declared_length_over_limit() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"content-type": "text/html", "content-length": "5000"},
            content=b"x" * 5000,
        )

    with pytest.raises(ResponseTooLargeError, match=r"\[E505\]"):
        fetch("http://news.example/a", _options(handler, max_bytes=1000))


def test_streamed_body_over_limit() -> None:
    def chunks() -> object:
        for _ in range(100):
            yield b"y" * 100

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, content=chunks())  # type: ignore[arg-type]

    with pytest.raises(ResponseTooLargeError):
        fetch("http://news.example/a", _options(handler, max_bytes=1000))


def test_timeout_and_http_errors() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchTimeoutError, match=r"\[E504\]"):
        fetch("http://news.example/a", _options(slow))

    def missing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404)

    with pytest.raises(FetchError, match=r"\[E508\].*404"):
        fetch("http://news.example/a", _options(missing))


def test_unresolvable_host() -> None:
    with pytest.raises(FetchError, match=r"\[E503\].*nowhere.example"):
        fetch("http://nowhere.example/", _options(_page))


def test_ingest_url_input() -> None:
    article = ingest(
        RawInput(None, kind="url", url="http://news.example/2023/06/05/port", source_id="u1"),
        _options(_page),
    )
    assert article.meta.url == "http://news.example/2023/06/05/port"
    assert article.meta.extraction == "html:trafilatura"
    assert article.meta.published is not None
    assert article.meta.published.value == "2023-06-05"
    assert article.text.startswith("The port reopened on Monday")


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("2130706433", "loopback"),
        ("0177.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_ip_literals(host: str, reason: str | None) -> None:
    ip = parse_ip_literal(host)
    assert ip is not None
    assert blocked_reason(ip) == reason


@pytest.mark.parametrize("host", ["news.example", "256.1.1.1", "1.2.3.4.5", "example.0x1", "08.1"])
def test_not_ip_literals(host: str) -> None:
    assert parse_ip_literal(host) is None
