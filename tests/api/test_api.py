"""The REST API: every route, its errors, limits, the token and read-only mode."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.fixtures import ARTICLE_PAGE, FakePipeline, fake_analyzer, make_store
from tests.web.samples import hostile_article
from unspin.api.app import create_app
from unspin.api.service import ServerConfig

TEXT = "Russia held brutal talks with Ukraine on Monday."


def _error(response, status: int, code: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["code"] == code and body["status"] == status
    assert not body["message"].startswith("[")
    return str(body["message"])


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    apps = []

    def build(pipeline: FakePipeline | None = None, **config) -> TestClient:  # type: ignore[no-untyped-def]
        config.setdefault("db", make_store(tmp_path / f"s{len(apps)}.db", []))
        app = create_app(ServerConfig(**config), analyzer=fake_analyzer(pipeline))
        apps.append(app)
        return TestClient(app)

    yield build
    for app in apps:
        app.state.workbench.close()


def test_health_and_spec(reader: TestClient) -> None:
    assert reader.get("/api/health").json() == {
        "status": "ok",
        "store": True,
        "read_only": True,
        "token_required": False,
    }
    spec = reader.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for path in ("/api/analyze", "/api/articles", "/api/articles/{article_id}", "/api/actors",
                 "/api/events", "/api/claims", "/api/search"):  # fmt: skip
        assert path in paths
    assert not any(p.startswith(("/articles", "/static")) for p in paths)  # pages stay out
    assert "422" in spec["paths"]["/api/analyze"]["post"]["responses"]
    assert reader.get("/api/docs").status_code == 404  # no docs UI: it would need a CDN


def test_analyze_text(reader: TestClient) -> None:
    r = reader.post(
        "/api/analyze", json={"text": TEXT, "outlet": "Wire", "published": "2024-05-01"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["stored"] is False
    article = body["article"]
    assert article["id"] == body["article_id"] and article["schema_version"]
    assert article["meta"]["outlet"]["value"] == "Wire"
    kinds = sorted(f["kind"] for f in article["findings"])
    assert kinds == ["technique", "time"]
    span = article["findings"][0]["evidence"][0]
    assert article["text"][span["start"] : span["end"]] == "brutal"


def test_analyze_html_and_url(reader: TestClient) -> None:
    html = reader.post("/api/analyze", json={"html": ARTICLE_PAGE}).json()["article"]
    assert html["meta"]["title"]["value"] == "Grain deal talks"
    url = reader.post("/api/analyze", json={"url": "https://news.example/grain"})
    assert url.status_code == 200
    assert url.json()["article"]["meta"]["url"] == "https://news.example/grain"


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("http://127.0.0.1/", 400, "E502"),
        ("http://intranet.example/x", 400, "E502"),
        ("http://[::1]:8000/", 400, "E502"),
        ("http://0177.0.0.1/", 400, "E502"),
        ("file:///etc/passwd", 400, "E501"),
        ("https://news.example/missing", 502, "E508"),
        ("https://nowhere.example/", 502, "E503"),
    ],
)
def test_analyze_url_errors(reader: TestClient, url: str, status: int, code: str) -> None:
    message = _error(reader.post("/api/analyze", json={"url": url}), status, code)
    assert "--allow-private" not in message


@pytest.mark.parametrize(
    "body",
    [{}, {"text": "a", "url": "https://news.example/grain"}, {"text": 3}, {"txt": "x"}, []],
)
def test_analyze_needs_exactly_one_source(reader: TestClient, body: object) -> None:
    _error(reader.post("/api/analyze", json=body), 422, "E1501")


def test_analyze_bad_inputs(reader: TestClient) -> None:
    _error(reader.post("/api/analyze", json={"text": "   "}), 422, "E401")
    _error(reader.post("/api/analyze", content=b"{not json", headers={
        "content-type": "application/json"}), 422, "E1501")  # fmt: skip


def test_store_and_read_back(writer: TestClient) -> None:
    r = writer.post("/api/analyze", json={"text": TEXT, "store": True})
    assert r.status_code == 200 and r.json()["stored"] is True
    again = writer.post("/api/analyze", json={"text": TEXT, "store": True})
    assert again.json()["stored"] is False  # an exact duplicate is stored once
    article_id = r.json()["article_id"]
    stored = writer.get(f"/api/articles/{article_id}").json()
    assert stored["text"] == TEXT and stored["findings"] == r.json()["article"]["findings"]


def test_read_only_refuses_to_store(reader: TestClient) -> None:
    message = _error(reader.post("/api/analyze", json={"text": TEXT, "store": True}), 403, "E1506")
    assert "read-only" in message


def test_token_guards_write_routes_only(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(token="s3cret")
    body = {"text": TEXT}
    _error(client.post("/api/analyze", json=body), 401, "E1505")
    r = client.post("/api/analyze", json=body, headers={"Authorization": "Bearer nope"})
    _error(r, 401, "E1505")
    assert r.headers["www-authenticate"] == "Bearer"
    ok = client.post("/api/analyze", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    assert client.get("/api/articles").status_code == 200  # reading needs no token
    assert client.get("/api/health").json()["token_required"] is True


def test_request_size_limit(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=2048)
    _error(client.post("/api/analyze", json={"text": "word " * 1000}), 413, "E1502")

    def chunks() -> Iterator[bytes]:  # no declared length: counted while reading
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}'

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    _error(r, 413, "E1502")
    assert client.post("/api/analyze", json={"text": TEXT}).status_code == 200


def test_article_size_limit_of_ingest(tmp_path: Path) -> None:
    app = create_app(ServerConfig(db=None), analyzer=fake_analyzer(max_bytes=100))
    with TestClient(app) as client:
        _error(client.post("/api/analyze", json={"text": "word " * 50}), 413, "E404")
    app.state.workbench.close()


def test_analysis_time_limit(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(FakePipeline(delay=1.0), analysis_timeout=0.1)
    message = _error(client.post("/api/analyze", json={"text": TEXT}), 503, "E1503")
    assert "0.1 s" in message


def test_too_many_waiting_analyses(make_client) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    client = make_client(FakePipeline(gate=gate), max_pending=1)
    first: list[int] = []
    worker = threading.Thread(
        target=lambda: first.append(client.post("/api/analyze", json={"text": TEXT}).status_code)
    )
    worker.start()
    try:
        for _ in range(100):
            if client.app.state.workbench._pending:  # type: ignore[attr-defined]
                break
            threading.Event().wait(0.02)
        r = client.post("/api/analyze", json={"text": TEXT})
        _error(r, 503, "E1509")
        assert r.headers["retry-after"] == "5"
    finally:
        gate.set()
        worker.join(10)
    assert first == [200]


def test_articles_pagination_and_filters(reader: TestClient) -> None:
    page = reader.get("/api/articles", params={"limit": 2}).json()
    assert page["total"] == 7 and page["limit"] == 2 and len(page["items"]) == 2
    assert page["items"][0]["published"] >= page["items"][1]["published"]
    rest = reader.get("/api/articles", params={"limit": 100, "offset": 2}).json()
    ids = [i["id"] for i in page["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 7
    assert reader.get("/api/articles", params={"offset": 50}).json()["items"] == []
    fr = reader.get("/api/articles", params={"language": "fr"}).json()
    assert fr["total"] == 1 and fr["items"][0]["language"] == "fr"
    outlet = reader.get("/api/articles", params={"outlet": "Global Times"}).json()
    assert outlet["total"] == 2
    q = reader.get("/api/articles", params={"q": "geneva", "since": "2023-03-01"}).json()
    assert q["total"] == 2 and "[Geneva]" in q["items"][0]["snippet"]
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"since": "03/01/2023"}):
        _error(reader.get("/api/articles", params=params), 422, "E1501")


def test_article_by_id(reader: TestClient) -> None:
    article = hostile_article()
    data = reader.get(f"/api/articles/{article.id}").json()
    assert data["text"] == article.text and data["schema_version"]
    assert {f["kind"] for f in data["findings"]} == {"technique", "mystery_kind"}
    _error(reader.get("/api/articles/nope"), 404, "E1504")


def test_actors(reader: TestClient) -> None:
    items = reader.get("/api/actors").json()["items"]
    assert items[0] == {
        "key": "g:Q159",
        "name": "Russia",
        "kind": "country",
        "gazetteer_id": "Q159",
        "mentions": 12,
        "articles": 6,
    }
    found = reader.get("/api/actors", params={"q": "reut"}).json()["items"]
    assert [a["key"] for a in found] == ["n:organisation:Reuters"]
    assert reader.get("/api/actors", params={"q": "%"}).json()["items"] == []


def test_events(reader: TestClient) -> None:
    items = reader.get("/api/events", params={"limit": 100}).json()["items"]
    assert len(items) == 12
    accuse = next(e for e in items if e["code"] == "112")
    assert (accuse["source"], accuse["target"], accuse["trigger"]) == ("Russia", "Ukraine",
                                                                      "accused")  # fmt: skip
    assert accuse["goldstein"] == -2.0 and accuse["plover_type"] == "ACCUSE"
    ukraine = reader.get("/api/events", params={"actor": "g:Q212", "limit": 5}).json()
    assert len(ukraine["items"]) == 5
    none = reader.get("/api/events", params={"actor": "g:Q28"}).json()
    assert none["items"] == []
    _error(reader.get("/api/events", params={"actor": "Russia"}), 422, "E1501")


def test_claims(reader: TestClient) -> None:
    items = reader.get("/api/claims", params={"limit": 100}).json()["items"]
    assert {c["kind"] for c in items} == {"attribution", "assertion"}
    reuters = next(c for c in items if c["source"] == "Reuters")
    assert reuters["cue"] == "reported" and reuters["content"].startswith("Russia accused")
    assertions = reader.get("/api/claims", params={"kind": "assertion"}).json()["items"]
    assert assertions[0]["content"] == "Moscow met Kyiv for talks in Geneva."
    _error(reader.get("/api/claims", params={"kind": "rumour"}), 422, "E1501")


def test_search(reader: TestClient) -> None:
    r = reader.get("/api/search", params={"q": "Geneva talks"}).json()
    assert r["query"] == "Geneva talks" and r["total"] == 6 and len(r["items"]) == 6
    assert "[Geneva]" in r["items"][0]["snippet"]
    newest = reader.get("/api/search", params={"q": "Geneva", "sort": "newest", "limit": 2})
    dates = [i["published"] for i in newest.json()["items"]]
    assert dates == ["2023-03-15", "2023-02-14"]  # stored last first
    paged = reader.get("/api/search", params={"q": "Geneva", "limit": 4, "offset": 4}).json()
    assert len(paged["items"]) == 2 and paged["total"] == 6
    assert reader.get("/api/search", params={"q": 'AND OR "('}).status_code == 200
    _error(reader.get("/api/search"), 422, "E1501")


def test_unknown_routes_and_methods(reader: TestClient) -> None:
    _error(reader.get("/api/nope"), 404, "E1504")
    _error(reader.delete("/api/articles"), 405, "E1507")
    assert reader.get("/api/articles").headers["content-security-policy"]


def test_no_store(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(db=None)
    _error(client.get("/api/articles"), 503, "E1508")
    _error(client.post("/api/analyze", json={"text": TEXT, "store": True}), 503, "E1508")
    assert client.post("/api/analyze", json={"text": TEXT}).status_code == 200
