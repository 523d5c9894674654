"""The HTML report: segments under overlapping spans, finding views, the self-contained file."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from tests.web.hostile import assert_inert
from tests.web.samples import SAMPLE_TEXT, hostile_article, rich_article
from unspin.render.html import render_html_report, write_html_report
from unspin.serialize import article_to_dict
from unspin.web.report import build_report
from unspin.web.segments import Highlight, render_segments, segment


def _h(start: int, end: int, ref: str, kind: str = "k") -> Highlight:
    return Highlight(start, end, ref, kind)


def _cut(text: str, marks: list[Highlight], paragraphs: list[tuple[int, int]] | None = None):
    return [
        [(s.text, [h.ref for h in s.highlights]) for s in para]
        for para in segment(text, marks, paragraphs or [])
    ]


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ([], [("abcdefghij", [])]),
        ([_h(2, 5, "a")], [("ab", []), ("cde", ["a"]), ("fghij", [])]),
        # crossing spans: the longer one is outside where both apply
        (
            [_h(0, 6, "a"), _h(4, 10, "b")],
            [("abcd", ["a"]), ("ef", ["a", "b"]), ("ghij", ["b"])],
        ),
        # nested: the outer one wraps the inner one
        ([_h(3, 4, "in"), _h(1, 8, "out")],
         [("a", []), ("bc", ["out"]), ("d", ["out", "in"]), ("efgh", ["out"]), ("ij", [])]),
        # identical spans of two findings both apply
        ([_h(0, 3, "x"), _h(0, 3, "y")], [("abc", ["x", "y"]), ("defghij", [])]),
        # empty and out-of-range spans are dropped or clipped
        ([_h(4, 4, "e"), _h(8, 99, "c")], [("abcdefgh", []), ("ij", ["c"])]),
    ],
)  # fmt: skip
def test_segments_cover_text_once(marks: list[Highlight], expected: list) -> None:
    assert _cut("abcdefghij", marks) == [expected]


def test_segments_split_at_paragraphs() -> None:
    text = "one two\n\nthree"
    got = _cut(text, [_h(4, 14, "a")], [(0, 7), (9, 14)])
    assert got == [[("one ", []), ("two", ["a"])], [("three", ["a"])]]


def test_rendered_marks_nest_and_escape() -> None:
    text = "<b>x</b> & y"
    html = str(render_segments(segment(text, [_h(0, 8, "o"), _h(3, 4, "i", "t<y>")])[0]))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; y" in html
    assert html.count("<mark") == html.count("</mark>") == 4
    assert 'data-kind="t-y"' in html  # kinds become safe class names


def test_report_views_of_known_kinds() -> None:
    view = build_report(article_to_dict(rich_article()))
    by_kind = {}
    for finding in view.findings:
        by_kind.setdefault(finding.kind, finding)  # the first of each kind
    attribution = by_kind["attribution"]
    assert attribution.flow[0] == ("source", "Reuters (“Reuters”)")
    assert attribution.flow[1] == ("cue", "reported")
    assert attribution.flow[2][1].startswith("Russia accused Ukraine")
    event = by_kind["event"]
    assert [role for role, _ in event.flow] == ["source", "trigger", "target"]
    assert event.flow[0][1].startswith("Russia") and event.flow[2][1].startswith("Ukraine")
    technique = by_kind["technique"]
    assert technique.css == "g-manipulative_wording" and technique.confidence == 0.81
    assert by_kind["certainty"].css == "cue-booster"
    assert by_kind["time"].title == "2023-03-03"
    # The sourcing profile is an article-level fact, not a highlight.
    assert view.profile is not None and view.profile not in view.findings
    assert ("n attributions", "2") in view.profile.rows
    counts = {k.kind: k.count for k in view.kinds}
    assert counts["technique"] == 2 and counts["event"] == 2 and counts["actor"] == 5
    assert view.graph is not None and "Russia" in view.graph and "Ukraine" in view.graph


def test_unknown_kinds_get_generic_cards() -> None:
    view = build_report(article_to_dict(rich_article()))
    mystery = next(f for f in view.findings if f.kind == "mystery_kind")
    assert mystery.kind_name == "Mystery kind" and mystery.quotes == ("dam",)
    assert ("actor", "Ukraine (A2)") in mystery.rows and ("note", "something new") in mystery.rows
    russia = next(a for a in view.actors if a.name == "Russia")
    assert [(s.label, s.count) for s in russia.stance] == [("negative", 1)]


def test_report_survives_malformed_json() -> None:
    data = {
        "id": "x",
        "text": "Short text.",
        "meta": {"title": None, "url": "ftp://x"},
        "findings": [
            {"kind": "weird", "evidence": [{"start": 3, "end": 7}], "label": 7},
            {"kind": "event", "evidence": "nonsense", "goldstein": "high"},
            "not a finding",
        ],
        "actors": [{"id": "A1", "mentions": [{"span": {"start": -1, "end": 2}}]}],
        "paragraphs": [{"start": 5, "end": 2}],
    }
    view = build_report(data)
    assert view.url is None and view.url_text == "ftp://x"
    assert "".join(str(p) for p in view.paragraphs).count("</mark>") == 1
    assert len(view.findings) == 1 and len(view.document_findings) == 1


def test_written_report_is_self_contained(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    write_html_report([rich_article(), rich_article(SAMPLE_TEXT + " Again.")], path)
    html = path.read_text("utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace(
        'href="https://news.example/dam"', ""))  # fmt: skip
    assert "<link" not in html.replace('<link rel="icon" href="data:,">', "")
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert style and script
    for block in (style.group(1), script.group(1)):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in html  # the CSP allows exactly the inline code
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # two articles, no clashing ids
    assert 'data-ref="r1-f0"' in html and 'id="r1-f0"' in html


def test_real_finding_classes_render() -> None:
    events = pytest.importorskip("unspin.detectors.events.findings")
    claims = pytest.importorskip("unspin.detectors.claims.findings")
    persuasion = pytest.importorskip("unspin.detectors.persuasion.findings")
    from unspin.model import Span

    article = rich_article()
    text = article.text
    extra = (
        persuasion.Technique(label="Loaded_Language", evidence=(Span(0, 6),), detector="p",
                             group="manipulative_wording", explanation="Loaded_Language",
                             confidence=0.9),
        claims.CertaintyCue(label="hedge", evidence=(Span(7, 14),), detector="c"),
        events.Event(label="112", evidence=(Span(7, 14),), detector="e", trigger=Span(7, 14),
                     cameo_root="11", cameo_base="112", quad_class=3, goldstein=-2.0),
    )  # fmt: skip
    html = render_html_report([article.with_updates(findings=extra)])
    assert f">{text[0:6]}</mark>" in html and "Loaded language" in html
    assert "Hedge or booster" in html and "CAMEO 112" in html


def test_hostile_article_is_inert_in_the_file() -> None:
    html = render_html_report([hostile_article()])
    assert_inert(html, inline_scripts=1)
    assert "&lt;script&gt;</mark>" in html and "alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(5)&gt;" in html  # an actor name, shown as text
