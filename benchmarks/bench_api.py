"""Latency of the web app on a store of synthetic articles, plus a loopback load test.

Usage:
    python benchmarks/bench_api.py [--articles 20000] [--db /tmp/bench-api.db]
                                   [--requests 200] [--load-seconds 30] [--concurrency 50]
                                   [--by-word 20]

Builds (or reuses) a store of synthetic articles with actors, dates, techniques and events,
starts ``unspin serve`` on a free loopback port in a subprocess, and prints:
  * the median (and p95) latency of an article page (``/articles/{id}``), of the article's
    JSON (``/api/articles/{id}``) and of search (``/api/search`` and ``/articles?q=``),
    measured one request at a time;
  * with ``--by-word N``, the search API's latency for each search word and its number of hits;
  * a load test: ``--concurrency`` connections for ``--load-seconds`` over the same routes,
    with the request rate, latency and the number of errors (anything but HTTP 200).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from unspin.detectors.events.findings import Event
from unspin.detectors.persuasion.findings import Technique
from unspin.model import Actor, Article, Finding, Mention, Meta, Sourced, Span, TimeExpression
from unspin.store import article_ids, connect, save_article

OUTLETS = ("Daily Planet", "Global Times", "Le Monde", "Northwind Wire", "The Courier")
ACTORS = (
    ("Russia", "Q159"),
    ("Ukraine", "Q212"),
    ("China", "Q148"),
    ("United States", "Q30"),
    ("Hungary", "Q28"),
    ("NATO", "Q7184"),
)
TOPICS = ("grain exports", "sanctions", "drills", "a ceasefire", "tariffs", "energy imports")
WORDS = ("grain", "sanctions", "ceasefire", "talks", "Geneva", "pipeline", "drills", "NATO")


def synthetic_article(i: int) -> Article:
    """The ``i``-th synthetic article: about 1,500 characters, 2 actors, 6 findings."""
    rng = random.Random(i)
    (a, aid), (b, bid) = rng.sample(ACTORS, 2)
    topic = rng.choice(TOPICS)
    year, month, day = 2019 + i % 6, 1 + i % 12, 1 + i % 28
    date = f"{year}-{month:02d}-{day:02d}"
    first = f"{a} accused {b} of undermining talks on {topic} on {date}, officials said."
    filler = " ".join(
        f"The brutal dispute over {rng.choice(TOPICS)} went on as diplomats met in "
        f"{rng.choice(('Geneva', 'Vienna', 'Istanbul', 'Brussels'))} (note {i}-{k})."
        for k in range(10)
    )
    text = f"{first}\n\n{filler}"
    p1, p2 = Span(0, len(first)), Span(len(first) + 2, len(text))
    sa, sb = Span(0, len(a)), Span(first.index(b), first.index(b) + len(b))
    trig = Span(len(a) + 1, len(a) + 8)
    brutal = text.index("brutal")
    findings: tuple[Finding, ...] = (
        TimeExpression(
            label="DATE",
            evidence=(Span(first.index(date), first.index(date) + len(date)),),
            detector="nlp.temporal.v1",
            value=date,
            granularity="day",
        ),
        Technique(
            label="Loaded_Language",
            evidence=(Span(brutal, brutal + 6),),
            detector="bench.v1",
            group="manipulative_wording",
            explanation="Loaded_Language",
            confidence=0.7,
        ),
        Event(
            label="112",
            evidence=(trig, sa, sb),
            detector="bench.v1",
            trigger=trig,
            source=sa,
            target=sb,
            source_actor="A1",
            target_actor="A2",
            cameo_root="11",
            cameo_base="112",
            quad_class=3,
            goldstein=-2.0,
        ),
    )
    return Article(
        id=Article.make_id(text),
        text=text,
        meta=Meta(
            title=Sourced(f"{a} and {b} clash over {topic} ({i})", "caller"),
            outlet=Sourced(OUTLETS[i % len(OUTLETS)], "caller"),
            published=Sourced(date, "caller"),
            language="en",
        ),
        paragraphs=(p1, p2),
        sentences=(p1, p2),
        actors=(
            Actor(id="A1", name=a, kind="country", mentions=(Mention(sa),), gazetteer_id=aid),
            Actor(id="A2", name=b, kind="country", mentions=(Mention(sb),), gazetteer_id=bid),
        ),
        findings=findings,
    )


def build_store(path: Path, count: int) -> list[str]:
    conn = connect(path)
    try:
        have = len(article_ids(conn))
        if have < count:
            print(f"building a store of {count} synthetic articles at {path} …", flush=True)
            started = time.perf_counter()
            for i in range(have, count):
                save_article(conn, synthetic_article(i))
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        return article_ids(conn)[:count]
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = """
import sys, uvicorn
from pathlib import Path
from unspin.api.app import create_app
from unspin.api.service import ServerConfig
app = create_app(ServerConfig(db=Path(sys.argv[1]), read_only=True))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
            backlog=2048, limit_concurrency=1000, timeout_keep_alive=30)
"""


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _paths(ids: list[str], rng: random.Random) -> Iterator[tuple[str, str]]:
    while True:
        article = rng.choice(ids)
        word = rng.choice(WORDS)
        yield "article page", f"/articles/{article}"
        yield "article JSON", f"/api/articles/{article}"
        yield "search API", f"/api/search?q={word}"
        yield "search page", f"/articles?q={word}"


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure_latency(base: str, ids: list[str], requests: int) -> None:
    times: dict[str, list[float]] = {}
    paths = _paths(ids, random.Random(1))
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(20):  # warm up
            client.get(next(paths)[1])
        for _ in range(requests * 4):
            name, path = next(paths)
            started = time.perf_counter()
            response = client.get(path)
            times.setdefault(name, []).append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
    print(f"latency, one request at a time ({requests} each):")
    for name, values in times.items():
        print(
            f"  {name:13s} median {statistics.median(values) * 1000:6.1f} ms   "
            f"p95 {_ms(values, 0.95):6.1f} ms"
        )


def measure_search_by_word(base: str, rounds: int) -> None:
    """The search API's median latency for each search word, with how many articles match."""
    print(f"search API by word ({rounds} each):")
    with httpx.Client(base_url=base, timeout=30) as client:
        for word in WORDS:
            times: list[float] = []
            total = 0
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get("/api/search", params={"q": word})
                times.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"search {word!r} answered {response.status_code}")
                total = int(response.json()["total"])
            print(
                f"  {word:10s} {total:7d} hits   median {statistics.median(times) * 1000:6.1f} ms"
                f"   p95 {_ms(times, 0.95):6.1f} ms"
            )


async def load_test(base: str, ids: list[str], seconds: float, concurrency: int) -> None:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(n: int, client: httpx.AsyncClient) -> None:
        paths = _paths(ids, random.Random(100 + n))
        while time.monotonic() < deadline:
            _, path = next(paths)
            started = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{path}: HTTP {response.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {exc!r}")
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = time.monotonic()
        await asyncio.gather(*(worker(n, client) for n in range(concurrency)))
        elapsed = time.monotonic() - started
    print(
        f"load: {concurrency} connections for {elapsed:.0f} s: {len(latencies)} requests "
        f"({len(latencies) / elapsed:.0f}/s), median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {_ms(latencies, 0.95):.0f} ms, errors {len(errors)}"
    )
    for line in errors[:5]:
        print("  error:", line)
    if errors:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/unspin-bench-api.db"))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--by-word", type=int, default=0, help="also time search per word, N requests each"
    )
    args = parser.parse_args()
    ids = build_store(args.db, args.articles)
    proc, base = start_server(args.db)
    try:
        measure_latency(base, ids, args.requests)
        if args.by_word > 0:
            measure_search_by_word(base, args.by_word)
        if args.load_seconds > 0:
            asyncio.run(load_test(base, ids, args.load_seconds, args.concurrency))
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
