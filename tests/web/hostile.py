"""Check that a page shows hostile article content only as text: nothing that could execute."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_SCRIPT_SRC = "/static/report.js"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.inline_scripts = 0
        self._in_script = False
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "script" and not dict(attrs).get("src"):
            self.inline_scripts += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def assert_inert(html: str, *, inline_scripts: int = 0) -> None:
    """No event-handler attributes, no javascript: URLs, no scripts but the app's own."""
    parser = _Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}= on <{tag}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
        if tag == "script":
            src = dict(attrs).get("src")
            assert src in (None, ALLOWED_SCRIPT_SRC), f"foreign script {src!r}"
        assert tag not in ("img", "iframe", "object", "embed", "base"), f"<{tag}> from content"
    assert parser.inline_scripts == inline_scripts
