"""Load: the real app under uvicorn on loopback, concurrent analyse + read requests (issue 9).

The server runs in a background thread of this process (on the spaCy-free fake pipeline of the
web tests), so its resident memory is this process's: ``/proc/self/statm`` after a second,
identical round must be close to what it was after the first (warm-up) round.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from tests.web.fixtures import fake_analyzer, make_store
from tests.web.samples import SAMPLE_TEXT, rich_article
from unspin.api.app import create_app
from unspin.api.service import ServerConfig
from unspin.model import Article

CLIENTS = 12
REQUESTS_PER_ROUND = 480  # 40 per client
ROUND_DEADLINE_S = 60.0  # a bound, not an expectation: a round takes a few seconds
ARTICLES = 36
OUTLETS = ("Daily Planet", "Global Times", "Le Monde", "Northwind Wire")
WORDS = ("Geneva", "grain", "ceasefire", "pipeline", "drills", "sanctions")
RSS_GROWTH_LIMIT = 50 * 1024 * 1024


def _articles() -> list[Article]:
    """A few dozen rich articles over four outlets, twelve months and varied words."""
    return [
        rich_article(
            SAMPLE_TEXT + f" Talks on {WORDS[i % len(WORDS)]} went on (item {i}).",
            outlet=OUTLETS[i % len(OUTLETS)],
            published=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            title=f"Dam attack claims {i}",
        )
        for i in range(ARTICLES)
    ]


def _analyse_body(n: int) -> dict[str, object]:
    """An analyse request: ten distinct texts, half of them stored (idempotent after once)."""
    k = n % 10
    return {
        "text": f"Russia accused Ukraine of brutal pressure on Monday over {WORDS[k % 6]} "
        f"(load text {k}). Hungary called for talks on Tuesday.",
        "title": f"Load test {k}",
        "outlet": OUTLETS[k % len(OUTLETS)],
        "store": k % 2 == 0,
    }


Request = tuple[str, str, dict[str, object] | None]


def _requests(ids: list[str], seed: int) -> Iterator[Request]:
    """An endless mix: one analysis for every nine reads over the article, search, actor routes."""
    rng = random.Random(seed)
    n = seed  # clients step by CLIENTS, so together they send all ten texts
    while True:
        article_id, word = rng.choice(ids), rng.choice(WORDS)
        yield "POST", "/api/analyze", _analyse_body(n)
        n += CLIENTS
        for path in (
            f"/articles/{article_id}",
            f"/api/articles/{article_id}",
            f"/api/search?q={word}",
            f"/articles?q={word}",
            f"/api/articles?outlet={rng.choice(OUTLETS).replace(' ', '+')}",
            "/api/actors",
            "/actors",
            "/actor?key=g:Q159",
            "/api/events?actor=g:Q212",
        ):
            yield "GET", path, None


@dataclass
class Round:
    """What one round saw: status codes per route and transport errors."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.statuses.values()) + len(self.failures)

    def errors(self) -> list[str]:
        bad = [f"{route}: HTTP {status}" for (route, status) in self.statuses if status != 200]
        return bad + self.failures


def _route(path: str, ids: list[str]) -> str:
    """``path`` without its query, the article id replaced by ``{id}``."""
    route = path.split("?")[0]
    last = route.rsplit("/", 1)[-1]
    return route.replace(last, "{id}") if last in ids else route


async def _round(base: str, ids: list[str]) -> Round:
    result = Round()
    deadline = time.monotonic() + ROUND_DEADLINE_S
    per_client = REQUESTS_PER_ROUND // CLIENTS
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)

    async def client_loop(n: int, client: httpx.AsyncClient) -> None:
        requests = _requests(ids, seed=n)
        for _ in range(per_client):
            if time.monotonic() > deadline:
                result.failures.append(f"client {n}: round deadline passed")
                return
            method, path, body = next(requests)
            route = _route(path, ids)
            try:
                response = await client.request(method, path, json=body)
            except httpx.HTTPError as exc:
                result.failures.append(f"{method} {path}: {exc!r}")
                continue
            result.statuses[(f"{method} {route}", response.status_code)] += 1

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await asyncio.gather(*(client_loop(n, client) for n in range(CLIENTS)))
    return result


def _rss_bytes() -> int:
    """Resident memory of this process (the server runs in it)."""
    gc.collect()
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """The real app under uvicorn on a free 127.0.0.1 port, in a background thread."""
    articles = _articles()
    db = make_store(tmp_path / "load.db", articles)
    # max_pending covers every client, so analyses queue instead of being refused with E1509
    config = ServerConfig(db=db, max_pending=CLIENTS + 4, analysis_timeout=30)
    app = create_app(config, analyzer=fake_analyzer())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    uv = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", backlog=256)
    )
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = time.monotonic()
    while not uv.started:
        assert thread.is_alive(), "the server thread died while starting"
        assert time.monotonic() - started < 30, "the server did not start in 30 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", [a.id for a in articles]
    finally:
        uv.should_exit = True
        thread.join(15)
        sock.close()
        app.state.workbench.close()
        assert not thread.is_alive(), "the server did not stop"


@pytest.mark.issue(9)
def test_concurrent_analyse_and_reads_without_errors_or_leaks(
    server: tuple[str, list[str]],
) -> None:
    base, ids = server
    first = asyncio.run(_round(base, ids))
    after_first = _rss_bytes()
    second = asyncio.run(_round(base, ids))
    after_second = _rss_bytes()

    for done in (first, second):
        assert done.errors() == []
        assert done.total == REQUESTS_PER_ROUND
        assert done.statuses[("POST /api/analyze", 200)] == REQUESTS_PER_ROUND // 10
    routes = {route for route, _ in second.statuses}
    assert len(routes) == 10  # the analysis and all nine read routes were exercised
    growth = after_second - after_first
    assert growth < RSS_GROWTH_LIMIT, f"RSS grew by {growth / 2**20:.1f} MB in the second round"

    # what the second round stored is what the first did: analyses were idempotent
    with httpx.Client(base_url=base, timeout=30) as client:
        listed = client.get("/api/articles", params={"limit": 100}).json()
    assert listed["total"] == ARTICLES + 5  # five distinct texts were sent with store: true
