"""The HTML pages of ``unspin serve`` through FastAPI's TestClient (fake pipeline, no spaCy)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.fixtures import ARTICLE_PAGE, fake_analyzer, make_store
from tests.web.hostile import assert_inert
from tests.web.samples import HOSTILE_TEXT, SAMPLE_TEXT, hostile_article, rich_article
from unspin.api.app import create_app
from unspin.api.service import ServerConfig


def test_home_offers_the_three_inputs(reader: TestClient) -> None:
    r = reader.get("/")
    assert r.status_code == 200
    for field in ('name="text"', 'name="file"', 'name="url"'):
        assert field in r.text
    assert "Dam attack claims" in r.text  # latest stored articles
    assert 'name="store"' not in r.text  # read-only: nothing to save
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_paste_text_shows_report(reader: TestClient) -> None:
    r = reader.post("/analyze", data={"text": "Russia held brutal talks on Monday."})
    assert r.status_code == 200
    assert 'class="k-technique g-manipulative_wording"' in r.text
    assert ">brutal</mark>" in r.text and ">Monday</mark>" in r.text
    assert "Loaded language" in r.text or "Loaded Language" in r.text


def test_upload_html_file(reader: TestClient) -> None:
    files = {"file": ("grain.html", ARTICLE_PAGE.encode(), "text/html")}
    r = reader.post("/analyze", files=files)
    assert r.status_code == 200
    assert "Grain deal talks" in r.text and ">brutal</mark>" in r.text


def test_url_uses_the_private_address_guard(reader: TestClient) -> None:
    ok = reader.post("/analyze", data={"url": "https://news.example/grain"})
    assert ok.status_code == 200 and ">pressure</mark>" in ok.text
    for url in ("http://intranet.example/a", "http://127.0.0.1:8000/", "http://[::1]/"):
        r = reader.post("/analyze", data={"url": url})
        assert r.status_code == 400, url
        assert "E502" in r.text and "never fetches" in r.text


def test_empty_form_and_errors_rerender_the_form(reader: TestClient) -> None:
    r = reader.post("/analyze", data={"text": "   "})
    assert r.status_code == 422 and "E1501" in r.text and 'name="text"' in r.text
    hostile = reader.post("/analyze", data={"text": HOSTILE_TEXT, "url": "notaurl"})
    assert hostile.status_code == 400  # the URL wins and is refused ...
    assert_inert(hostile.text)  # ... and the pasted text is shown back as text only
    assert "&lt;script&gt;" in hostile.text


def test_store_from_the_form(writer: TestClient) -> None:
    r = writer.post("/analyze", data={"text": "Hungary faced pressure on Friday.", "store": "true"})
    assert r.status_code == 200 and "saved in the corpus" in r.text
    listed = writer.get("/articles", params={"q": "Hungary pressure"})
    assert "1 article(s)" in listed.text


def test_token_protects_the_form(tmp_path: Path) -> None:
    app = create_app(ServerConfig(db=make_store(tmp_path / "t.db", []), token="s3cret"),
                     analyzer=fake_analyzer())  # fmt: skip
    with TestClient(app) as client:
        assert 'name="token"' in client.get("/").text
        refused = client.post("/analyze", data={"text": "Russia talks."})
        assert refused.status_code == 401 and "E1505" in refused.text
        ok = client.post("/analyze", data={"text": "Russia talks.", "token": "s3cret"})
        assert ok.status_code == 200
    app.state.workbench.close()


def test_article_list_search_filters_and_pages(reader: TestClient) -> None:
    r = reader.get("/articles")
    assert r.status_code == 200 and "7 article(s)" in r.text
    assert r.text.count('class="result"') == 7
    hits = reader.get("/articles", params={"q": "shelling dam"})
    assert "6 article(s)" in hits.text and "<mark>shelling</mark>" in hits.text
    outlet = reader.get("/articles", params={"outlet": "Le Monde", "language": "fr"})
    assert "1 article(s)" in outlet.text
    dated = reader.get("/articles", params={"since": "2023-02-01", "until": "2023-02-28"})
    assert "2 article(s)" in dated.text
    assert reader.get("/articles", params={"since": "yesterday"}).status_code == 422
    assert reader.get("/articles", params={"page": 0}).status_code == 422
    empty = reader.get("/articles", params={"q": "zzzz"})
    assert "Nothing found" in empty.text


def test_pager_links(tmp_path: Path) -> None:
    many = [rich_article(f"{SAMPLE_TEXT} Item {i}.") for i in range(23)]
    db = make_store(tmp_path / "p.db", many)
    app = create_app(ServerConfig(db=db, read_only=True), analyzer=fake_analyzer())
    with TestClient(app) as client:
        first = client.get("/articles")
        assert 'rel="next" href="?page=2"' in first.text and "Page 1 of 2" in first.text
        second = client.get("/articles", params={"page": 2})
        assert second.text.count('class="result"') == 3 and 'rel="prev"' in second.text
    app.state.workbench.close()


def test_article_page_and_unknown_id(reader: TestClient) -> None:
    article = rich_article()  # stored with an "Item 0." suffix: look it up by listing
    listing = reader.get("/api/articles", params={"q": "Item 0"}).json()
    r = reader.get(f"/articles/{listing['items'][0]['id']}")
    assert r.status_code == 200
    assert "Mystery kind" in r.text  # an unregistered kind still renders
    assert 'class="k-attribution role-cue"' in r.text and "CAMEO 112" in r.text
    assert article.meta.title is not None
    missing = reader.get("/articles/nope")
    assert missing.status_code == 404 and "E1504" in missing.text
    assert missing.headers["content-type"].startswith("text/html")


def test_hostile_article_page_is_inert(reader: TestClient) -> None:
    r = reader.get(f"/articles/{hostile_article().id}")
    assert r.status_code == 200
    assert_inert(r.text)
    assert 'href="javascript:' not in r.text
    assert "&lt;b onmouseover=alert(3)&gt;Evil&lt;/b&gt;" in r.text
    listing = reader.get("/articles", params={"q": "alert"})
    assert_inert(listing.text)
    assert "<mark>alert</mark>" in listing.text
    for page in ("/dashboard", "/actors", "/"):
        assert_inert(reader.get(page).text)


def test_actor_pages(reader: TestClient) -> None:
    listing = reader.get("/actors")
    assert listing.status_code == 200 and "Russia" in listing.text
    r = reader.get("/actor", params={"key": "g:Q159"})
    assert r.status_code == 200
    assert "12 mentions in 6 article(s)" in r.text
    assert "negative × 6" in r.text  # stance from the mention-stance findings
    assert 'href="/actor?key=g%3AQ212"' in r.text  # events with Ukraine
    assert "<svg" in r.text
    assert reader.get("/actor", params={"key": "g:Q0"}).status_code == 404
    assert reader.get("/actor", params={"key": "bogus"}).status_code == 404
    assert reader.get("/actor").status_code == 422


def test_dashboard_charts(reader: TestClient) -> None:
    r = reader.get("/dashboard", params={"a": "g:Q159", "b": "g:Q212"})
    assert r.status_code == 200
    assert r.text.count('<svg class="chart"') == 3
    assert "Technique use by outlet" in r.text and "Reuters" in r.text
    assert "Moscow met Kyiv for talks in Geneva." in r.text  # a recurring claim


def test_dashboard_degrades_on_an_empty_store(tmp_path: Path) -> None:
    db = make_store(tmp_path / "e.db", [])
    app = create_app(ServerConfig(db=db, read_only=True), analyzer=fake_analyzer())
    with TestClient(app) as client:
        r = client.get("/dashboard")
        assert r.status_code == 200 and "<svg" not in r.text
        assert "No persuasion-technique findings" in r.text
        assert "No attributions" in r.text and "Pick two actors" in r.text
        assert client.get("/articles").status_code == 200
    app.state.workbench.close()


def test_static_files(reader: TestClient) -> None:
    css = reader.get("/static/report.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert reader.get("/static/report.js").status_code == 200
    assert reader.get("/static/../app.py").status_code == 404
    assert reader.get("/static/other.js").status_code == 404


def test_server_without_store_still_analyses() -> None:
    app = create_app(ServerConfig(db=None), analyzer=fake_analyzer())
    with TestClient(app) as client:
        assert "Articles" not in client.get("/").text.split("<main>")[0]
        assert client.post("/analyze", data={"text": "Russia talks."}).status_code == 200
        r = client.get("/articles")
        assert r.status_code == 503 and "E1508" in r.text
    app.state.workbench.close()
