"""SOURCE arguments: files, folders, JSONL with bad lines, URLs and stdin."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from unspin.errors import BinaryInputError, InputError, InputTooLargeError
from unspin.ingest import IngestOptions, InputFailure, RawInput, ingest, iter_inputs

STORY = "The city council approved the new budget on Thursday after a long debate."


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_text_and_html_files(tmp_path: Path) -> None:
    text = _write(tmp_path / "a.txt", STORY)
    html = _write(tmp_path / "b.html", f"<html><body><p>{STORY}</p></body></html>")
    (item,) = iter_inputs(str(text))
    assert isinstance(item, RawInput)
    assert (item.kind, item.source_id, item.content) == ("auto", str(text), STORY.encode())
    (item,) = iter_inputs(str(html))
    assert isinstance(item, RawInput) and item.kind == "html"
    assert ingest(item).text == STORY


def test_html_sniffed_in_a_txt_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "page.txt", f"<!doctype html><html><body><p>{STORY}</p></body></html>")
    (item,) = iter_inputs(str(path))
    assert isinstance(item, RawInput)
    article = ingest(item)
    assert article.text == STORY and article.meta.extraction.startswith("html:")


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": STORY, "published": "2023-03-22", "outlet": "Ledger"}),
        "{not json",
        json.dumps({"id": "a3", "title": "No body here"}),
        "",
        json.dumps({"html": f"<p>{STORY}</p>", "title": "Budget"}),
        json.dumps({"url": "https://news.example/2023/01/02/x"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
    ]
    path = _write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    items = list(iter_inputs(str(path)))
    kinds = [type(item).__name__ for item in items]
    assert kinds == [
        "RawInput",
        "InputFailure",
        "InputFailure",
        "RawInput",
        "RawInput",
        "InputFailure",
        "InputFailure",
    ]
    first, bad_json, no_body, html, url, not_object, blank = items
    assert isinstance(first, RawInput)
    assert (first.source_id, first.published, first.outlet) == ("a1", "2023-03-22", "Ledger")
    assert isinstance(bad_json, InputFailure)
    assert bad_json.source_id == f"{path}:2"
    assert "line 2" in str(bad_json.error) and "[E408]" in str(bad_json.error)
    assert isinstance(no_body, InputFailure) and no_body.source_id == "a3"
    assert "[E409]" in str(no_body.error) and "line 3" in str(no_body.error)
    assert isinstance(html, RawInput) and (html.kind, html.title) == ("html", "Budget")
    assert html.source_id == f"{path}:5"
    assert isinstance(url, RawInput) and (url.kind, url.content) == ("url", None)
    assert url.url == "https://news.example/2023/01/02/x"
    assert isinstance(not_object, InputFailure) and "line 7" in str(not_object.error)
    assert isinstance(blank, InputFailure) and "line 8" in str(blank.error)
    article = ingest(first)
    assert article.meta.published is not None and article.meta.published.source == "input"


def test_jsonl_line_over_limit(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "x" * 500}), json.dumps({"text": STORY})]
    path = _write(tmp_path / "big.jsonl", "\n".join(lines))
    first, second = iter_inputs(str(path), IngestOptions(max_bytes=200))
    assert isinstance(first, InputFailure) and isinstance(first.error, InputTooLargeError)
    assert isinstance(second, RawInput) and second.content == STORY


def test_folder_recursive_sorted_with_binary(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", STORY)
    _write(tmp_path / "a" / "z.html", f"<p>{STORY}</p>")
    _write(tmp_path / "a" / "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(tmp_path / "c.txt", b"\x00\x01\x02binary\x00")
    _write(tmp_path / "d.jsonl", json.dumps({"id": "j1", "text": STORY}) + "\n")
    _write(tmp_path / "notes.md", "# Not an article")
    _write(tmp_path / ".hidden" / "x.txt", STORY)
    items = list(iter_inputs(str(tmp_path)))
    ids = [item.source_id for item in items]
    assert ids == [
        str(tmp_path / "a" / "photo.png"),
        str(tmp_path / "a" / "z.html"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.txt"),
        "j1",
    ]
    failures = [item for item in items if isinstance(item, InputFailure)]
    assert len(failures) == 2
    assert all(isinstance(f.error, BinaryInputError) for f in failures)
    assert "PNG" in str(failures[0].error)


def test_oversize_file_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", "word " * 100)
    (item,) = iter_inputs(str(path), IngestOptions(max_bytes=100))
    assert isinstance(item, InputFailure) and isinstance(item.error, InputTooLargeError)


@pytest.mark.parametrize("source", ["no/such/file.txt", "missing-folder/"])
def test_missing_path(source: str) -> None:
    with pytest.raises(InputError, match=r"\[E407\].*No such file"):
        list(iter_inputs(source))


@pytest.mark.parametrize(
    "url", ["https://news.example/a", "http://news.example/b", "HTTPS://X.EXAMPLE/"]
)
def test_url_source(url: str) -> None:
    (item,) = iter_inputs(url)
    assert isinstance(item, RawInput)
    assert (item.kind, item.url, item.content) == ("url", url, None)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", fake)
    (item,) = iter_inputs("-")
    assert isinstance(item, RawInput)
    assert (item.content, item.source_id) == (STORY.encode(), "<stdin>")
