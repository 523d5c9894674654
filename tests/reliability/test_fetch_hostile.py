"""URL fetching against hostile targets, beyond tests/ingest/test_ingest_fetch.py.

Address spellings and DNS answers under a mock transport; then a real HTTP server on
127.0.0.1 (in a thread) for oversize, slow, compressed and redirecting responses.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from typing import ClassVar

import httpx
import pytest

from unspin.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    ResponseTooLargeError,
)
from unspin.ingest import IngestOptions, RawInput, fetch, ingest

PUBLIC = "93.184.216.34"
PAGE = (
    b"<html><head><title>Port reopens</title></head><body><article>"
    b"<p>The port reopened on Monday after a week-long strike by dock workers ended.</p>"
    b"</article></body></html>"
)
DNS = {
    "news.example": [PUBLIC],
    "localtest.example": ["127.0.0.1"],
    "v6loop.example": ["::1"],
    "mapped-loop.example": ["::ffff:127.0.0.1"],
    "mapped-meta.example": ["::ffff:169.254.169.254"],
    "half-private.example": ["2606:4700::1111", "fc00::1"],
    "zero.example": ["0.0.0.0"],
    "cgnat.example": ["100.100.100.100"],
    "bench.example": ["198.18.0.1"],
}

Handler = Callable[[httpx.Request], httpx.Response]


Resolver = Callable[[str], list[str]]


def _options(handler: Handler, resolver: Resolver | None = None, **kw: object) -> IngestOptions:
    return IngestOptions(
        transport=httpx.MockTransport(handler),
        resolver=resolver or (lambda host: DNS.get(host, [])),
        **kw,  # type: ignore[arg-type]
    )


def _page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)


@pytest.mark.parametrize(
    "url",
    [
        "http://localtest.example/",
        "http://v6loop.example/",
        "http://mapped-loop.example/",
        "http://mapped-meta.example/",
        "http://half-private.example/",
        "http://zero.example/",
        "http://cgnat.example/",
        "http://bench.example/",
        "HTTP://127.0.0.1/",
        "http://127.0.0.1./",
        "http://127.000.000.001/",
        "http://0x7f.0x0.0x0.0x1/",
        "http://017700000001/",
        "http://3232235777/",
        "http://0xa9fea9fe/",
        "http://[::]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[::ffff:192.168.0.1]:8080/",
        "http://[::127.0.0.1]/",
        "http://[2001:0::5]/",
        "http://[ff02::1]/",
        "http://%31%32%37.0.0.1/",
        "http://news.example:80@127.0.0.1/",
        "http://localhost.localdomain/",
        "http://ip6-localhost/",
    ],
)
def test_more_private_spellings_are_refused_without_a_request(url: str) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return _page(request)

    with pytest.raises(FetchError, match=r"\[E50[123]\]") as info:
        fetch(url, _options(handler))
    assert sent == []
    if isinstance(info.value, BlockedAddressError):
        assert "--allow-private" in info.value.message


@pytest.mark.parametrize(
    "location",
    [
        "http://localtest.example/admin",
        "http://v6loop.example/",
        "http://[::ffff:10.0.0.1]/",
        "http://0x7f.1/",
        "http://017700000001/",
        "http://3232235777/",
        "http://[fe80::1]/",
        "HTTP://LOCALHOST/",
        "http://news.example@10.0.0.1/",
    ],
)
def test_redirect_chains_ending_at_private_addresses_are_refused(location: str) -> None:
    hops: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hops.append(request.url.path)
        if request.url.path == "/a":
            return httpx.Response(301, headers={"location": "/b"})
        if request.url.path == "/b":
            return httpx.Response(307, headers={"location": location})
        return _page(request)

    with pytest.raises(BlockedAddressError, match=r"\[E502\]"):
        fetch("http://news.example/a", _options(handler))
    assert hops == ["/a", "/b"]


def test_dns_rebinding_between_hops_is_refused() -> None:
    answers = iter([[PUBLIC], ["127.0.0.1"]])
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url.host))
        return httpx.Response(302, headers={"location": "/next"})

    with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
        fetch("http://news.example/", _options(handler, resolver=lambda host: next(answers)))
    assert sent == [PUBLIC]


def test_declared_length_that_lies_is_still_cut() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"content-type": "text/html", "content-length": "10"},
            content=iter([b"z" * 4096] * 64),
        )

    with pytest.raises(ResponseTooLargeError, match=r"\[E505\]"):
        fetch("http://news.example/a", _options(handler, max_bytes=10_000))


@pytest.mark.issue(9)
@pytest.mark.parametrize("url", ["http://xn--/", "http://xn--a.example/", "http://a.xn--/p"])
def test_malformed_punycode_host_is_a_coded_error(url: str) -> None:
    """idna's IDNAError escaped from httpx.URL.host uncaught; now it is [E501] (or [E503])."""
    with pytest.raises(FetchError, match=r"\[E50[13]\]"):
        fetch(url, _options(_page))


@pytest.mark.issue(9)
def test_redirect_to_malformed_punycode_is_a_coded_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://xn--/"})

    with pytest.raises(FetchError, match=r"\[E510\].*invalid location"):
        fetch("http://news.example/", _options(handler))


# --- a real server on 127.0.0.1 -------------------------------------------------------------

BIG = 4 * 1024 * 1024


@functools.cache
def _gzip_bomb() -> bytes:
    """64 MiB of zeros in about 64 KiB of gzip."""
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=6)


class _Server(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    paths: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        return

    def _head(self, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        for key, value in {"Content-Type": "text/html", **headers}.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:
        self.paths.append(self.path)
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _route(self) -> None:
        path = self.path
        if path == "/page":
            self._head(Content_Length=str(len(PAGE)))
            self.wfile.write(PAGE)
        elif path == "/big-declared":
            self._head(Content_Length=str(BIG))
            self.wfile.write(b"x" * BIG)
        elif path == "/big-undeclared":
            self._head(Connection="close")
            for _ in range(BIG // 65536):
                self.wfile.write(b"y" * 65536)
        elif path == "/gzip-bomb":
            body = _gzip_bomb()
            self._head(Content_Encoding="gzip", Content_Length=str(len(body)))
            self.wfile.write(body)
        elif path == "/hang":
            time.sleep(3)
        elif path == "/dribble":
            self._head(Connection="close")
            for _ in range(60):
                self.wfile.write(b"<p>x</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif path.startswith("/redirect?to="):
            self._head(302, Location=path.removeprefix("/redirect?to="), Content_Length="0")
        else:
            self._head(404, Content_Length="0")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    httpd.daemon_threads = True
    _gzip_bomb()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _ToLocal(httpx.BaseTransport):
    """Sends every request, whatever address it was pinned to, to the local server."""

    def __init__(self, base: str) -> None:
        self.inner = httpx.HTTPTransport()
        self.base = httpx.URL(base)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host=self.base.host, port=self.base.port)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _local(**kw: object) -> IngestOptions:
    settings: dict[str, object] = {"allow_private": True, "timeout": 0.5, "max_bytes": 1_000_000}
    settings.update(kw)
    return IngestOptions(**settings)  # type: ignore[arg-type]


def test_local_server_is_refused_by_default(server: str) -> None:
    before = len(_Server.paths)
    with pytest.raises(BlockedAddressError, match=r"\[E502\].*loopback"):
        fetch(f"{server}/page", IngestOptions())
    assert len(_Server.paths) == before


def test_local_server_with_allow_private_is_fetched(server: str) -> None:
    article = ingest(RawInput(None, kind="url", url=f"{server}/page"), _local())
    assert article.text.startswith("The port reopened on Monday")


@pytest.mark.parametrize("path", ["/big-declared", "/big-undeclared", "/gzip-bomb"])
def test_oversize_responses_are_cut(server: str, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(ResponseTooLargeError, match=r"\[E505\].*1000000 bytes"):
        fetch(f"{server}{path}", _local())
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(("path", "most"), [("/hang", 2.5), ("/dribble", 4.0)])
def test_slow_responses_are_cut(server: str, path: str, most: float) -> None:
    """A silent server hits the read timeout; a dribbling one the whole-fetch deadline (4x)."""
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match=r"\[E504\]"):
        fetch(f"{server}{path}", _local())
    assert time.monotonic() - started < most


def test_real_redirect_from_a_public_name_to_loopback_is_refused(server: str) -> None:
    options = IngestOptions(
        transport=_ToLocal(server), resolver=lambda host: DNS.get(host, []), timeout=2.0
    )
    before = len(_Server.paths)
    assert fetch("http://news.example/page", options).content == PAGE
    for target in (f"{server}/page", "http://localhost/", "http://[::1]/", "http://2130706433/"):
        with pytest.raises(BlockedAddressError, match=r"\[E502\]"):
            fetch(f"http://news.example/redirect?to={target}", options)
    assert _Server.paths[before:] == ["/page"] + [
        f"/redirect?to={t}"
        for t in (f"{server}/page", "http://localhost/", "http://[::1]/", "http://2130706433/")
    ]
