"""End to end in a real browser: Playwright driving Debian's chromium against ``unspin serve``.

Screenshots go to ``test-artifacts/`` (ignored by git). Skipped when chromium or the
playwright package is missing; ``playwright install`` is never needed.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPO_ROOT
from tests.web.fixtures import FakePipeline, fake_analyzer, make_store
from tests.web.samples import hostile_article, rich_article
from unspin.api.app import create_app
from unspin.api.service import ServerConfig
from unspin.render.html import write_html_report

pytestmark = pytest.mark.browser

CHROMIUM = next(
    (p for p in (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium")) if p.exists()),
    None,
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"

if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``unspin serve`` on a free loopback port, in a thread."""
    import uvicorn

    db = make_store(tmp_path_factory.mktemp("browser") / "corpus.db")
    app = create_app(ServerConfig(db=db), analyzer=fake_analyzer(FakePipeline()))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    app.state.workbench.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors and fails on any dialog (alert)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def _shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_paste_article_see_spans_and_explanation(server: str, page: Any) -> None:
    sample = resources.files("unspin.samples").joinpath("wire-report.txt").read_text("utf-8")
    page.goto(server + "/")
    page.fill("#text", sample)
    page.click("#analyze")
    page.wait_for_selector(".report")
    marks = page.locator(".report .text mark")
    assert marks.count() >= 5
    technique = page.locator("mark.k-technique").first
    assert technique.inner_text() in ("pressure", "illegal")
    technique.click()
    card = page.locator(".panel .card:not([hidden])").first
    assert card.is_visible()
    assert "Persuasion technique" in card.inner_text()
    assert "Confidence" in card.inner_text()
    assert page.locator("mark.selected").count() >= 1
    _shot(page, "web-analyze.png")
    page.uncheck("input[data-filter='technique']")
    assert page.locator("mark.k-technique.off").count() == page.locator("mark.k-technique").count()
    assert page.errors == [] and page.dialogs == []


def test_search_corpus_and_open_actor_page(server: str, page: Any) -> None:
    page.goto(server + "/articles")
    page.fill("nav.site input[name=q]", "dam")
    page.press("nav.site input[name=q]", "Enter")
    page.wait_for_selector("a.result")
    assert page.locator("a.result").count() >= 6
    assert page.locator(".snippet mark").count() >= 1
    _shot(page, "web-search.png")
    page.locator("a.result").first.click()
    page.wait_for_selector(".report")
    page.locator("mark.k-event.role-trigger").first.click()
    first = page.locator(".panel .card:not([hidden])").first.inner_text()
    assert "Event" in first and "CAMEO 112" in first
    assert "Attribution" in page.inner_text(".panel")  # the enclosing quote's card too
    _shot(page, "web-article.png")
    page.goto(server + "/actors")
    page.click("a.actor-link:text('Russia')")
    page.wait_for_selector("#actor-name")
    assert page.inner_text("#actor-name") == "Russia"
    assert "Ukraine" in page.inner_text("main")
    assert page.locator("svg.chart").count() >= 1
    _shot(page, "web-actor.png")
    page.goto(server + "/dashboard")
    assert page.locator("svg.chart").count() >= 3
    _shot(page, "web-dashboard.png")
    assert page.errors == [] and page.dialogs == []


def test_hostile_article_runs_nothing(server: str, page: Any) -> None:
    article = hostile_article()
    page.goto(f"{server}/articles/{article.id}")
    page.wait_for_selector(".report")
    page.locator("mark").first.click()
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("img").count() == 0
    assert "<script>" in page.inner_text(".report .text")
    _shot(page, "web-hostile.png")


def test_offline_report_file_works(tmp_path: Path, page: Any) -> None:
    path = tmp_path / "report.html"
    write_html_report([rich_article(), hostile_article()], path)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.locator("#r0-report mark.k-attribution.role-cue").first.click()
    card = page.locator("#r0-report .panel .card:not([hidden])").first.inner_text()
    assert "Attribution" in card and "Reuters" in card and "reported" in card
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert page.dialogs == [] and page.errors == []
    _shot(page, "report-file.png")
