"""The gazetteer: normalisation, lookups, dated codes, the compiled resource and its builder."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import REPO_ROOT, shared_data
from unspin.nlp.gazetteer import CodeSpan, Entry, Gazetteer, GazetteerError, normalise


def _builder() -> ModuleType:
    path = REPO_ROOT / "tools" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("The  U.S.", "us"),
        ("the United States", "united states"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Asia-Pacific", "asia pacific"),
        ("NORTH_ATLANTIC_ALLIANCE", "north atlantic alliance"),
        ("Theresa", "theresa"),
        ("Bogotá", "bogota"),
    ],
)
def test_normalise(surface: str, key: str) -> None:
    assert normalise(surface) == key


@pytest.mark.parametrize(
    ("surface", "entry_id", "form"),
    [
        ("China", "country:CHN", "name"),
        ("Chinese", "country:CHN", "demonym"),
        ("Taiwan", "country:TWN", "name"),
        ("Taiwanese", "country:TWN", "demonym"),
        ("the United States", "country:USA", "name"),
        ("USA", "country:USA", "alias"),
        ("America", "country:USA", "alias"),
        ("UK", "country:GBR", "alias"),
        ("Britain", "country:GBR", "alias"),
        ("Washington", "country:USA", "capital"),
        ("Kyiv", "country:UKR", "capital"),
        ("Kiev", "country:UKR", "capital"),
        ("Moscow", "country:RUS", "capital"),
        ("Brussels", "igo:eu", "alias"),
        ("North Atlantic Alliance", "igo:nato", "alias"),
        ("EU", "igo:eu", "alias"),
        ("Shanghai Cooperation Organization", "igo:sco", "alias"),
        ("BRICS", "igo:brics", "name"),
        ("The Washington Post", "media:wapo", "name"),
        ("RIA Novosti", "media:ria", "name"),
        ("the Pentagon", "body:usa-pentagon", "name"),
        ("the Kremlin", "body:rus-kremlin", "name"),
        ("Sergey Shoygu", "person:sergei-shoigu", "alias"),
    ],
)
def test_lookup(gaz: Gazetteer, surface: str, entry_id: str, form: str) -> None:
    hit = gaz.lookup(surface)[0]
    assert (hit.entry.id, hit.form) == (entry_id, form)


@pytest.mark.parametrize(
    ("entry_id", "code"),
    [
        ("country:ROU", "ROU"),
        ("country:XKX", "KSV"),
        ("country:TLS", "TMP"),
        ("igo:nato", "IGOWSTNAT"),
        ("igo:eu", "IGOEUREEC"),
        ("igo:sco", "IGOCAS"),
        ("body:usa-pentagon", "USAMIL"),
        ("body:chn-cmc", "CHNMIL"),
        ("media:cnn", "USAMED"),
    ],
)
def test_codes(gaz: Gazetteer, entry_id: str, code: str) -> None:
    assert gaz.get(entry_id).codes_at("2023-03-22") == (code,)


def test_tables_are_complete(gaz: Gazetteer) -> None:
    countries = [e for e in gaz.entries if e.id.startswith("country:")]
    media = [e for e in gaz.entries if e.org_type == "media" and e.curated]
    assert len(countries) >= 249
    assert len(media) >= 60
    assert all(e.country for e in media)


@pytest.mark.parametrize(
    ("date", "codes"),
    [
        ("2005-01-01", ("CHNELI",)),
        ("2015-06-01", ("CHNELI", "CHNGOV")),
        ("2023-03-22", ("CHNGOV",)),
        (None, ("CHNGOV",)),
    ],
)
def test_codes_at(date: str | None, codes: tuple[str, ...]) -> None:
    entry = Entry(
        "x",
        "X",
        "person",
        codes=(CodeSpan("CHNELI", None, "2020-12-31"), CodeSpan("CHNGOV", "2012-11-15")),
    )
    assert entry.codes_at(date) == codes


@pytest.mark.parametrize(
    ("title", "role", "agent"),
    [
        ("President", "head of state", "GOV"),
        ("Defense Minister", "defence minister", "GOV"),
        ("defence chief", "defence minister", "GOV"),
        ("Prime Minister", "head of government", "GOV"),
        ("general", "general", "MIL"),
        ("police officer", "police officer", "COP"),  # from Phoenix.agents.txt
    ],
)
def test_roles(gaz: Gazetteer, title: str, role: str, agent: str) -> None:
    found = gaz.role(title)
    assert found is not None and (found.name, found.agent) == (role, agent)


def test_outlet_for_domain(gaz: Gazetteer) -> None:
    entry = gaz.outlet_for_domain("www.washingtonpost.com")
    assert entry is not None and entry.id == "media:wapo"
    assert gaz.outlet_for_domain("example.org") is None


def test_header_records_sources(gaz: Gazetteer) -> None:
    files = {s["file"]: s["sha256"] for s in gaz.header["sources"]}
    assert "petrarch2/dictionaries/Phoenix.Countries.actors.txt" in files
    assert "countries.tsv" in files and all(len(h) == 64 for h in files.values())
    assert len(gaz.header["built"]) == 10


def test_resource_is_small() -> None:
    path = REPO_ROOT / "src" / "unspin" / "data" / "gazetteer" / "gazetteer.json.gz"
    assert path.stat().st_size < 5_000_000


@pytest.mark.parametrize(
    ("content", "code"),
    [(None, "[E601]"), (b"not gzip", "[E602]"), (json.dumps({"format": "x"}).encode(), "[E603]")],
)
def test_load_errors(tmp_path: Path, content: bytes | None, code: str) -> None:
    path = tmp_path / "g.json.gz"
    if content is not None:
        path.write_bytes(gzip.compress(content) if content.startswith(b"{") else content)
    with pytest.raises(GazetteerError, match=code.replace("[", r"\[").replace("]", r"\]")):
        Gazetteer.load(path)


def test_unknown_id(gaz: Gazetteer) -> None:
    with pytest.raises(GazetteerError, match="E605"):
        gaz.get("country:XXX")


PHOENIX_SAMPLE = """\
# comment
ARNOR_  [ARN]
+NORTH_KINGDOM_ +FORNOST_
ARAGORN_  # CountryInfo.txt
\t[ARNELI 300101-190531]
\t[ARNGOV >20190601]
BAD PHRASE  [ARN]
+ORPHAN_
\t[ARNGOV]
GONDOR_COUNCIL_ [GONGOV 9912-000101]
RANGERS_ [ARNMIL][---]
+BAD[_
"""


def test_parse_actor_file_reports_bad_lines() -> None:
    builder = _builder()
    entries, problems = builder.parse_actor_file(PHOENIX_SAMPLE.splitlines(), "sample.txt")
    assert [e.phrase for e in entries] == ["ARNOR_", "ARAGORN_", "RANGERS_"]
    assert entries[0].synonyms == ["NORTH_KINGDOM_", "FORNOST_"]
    assert entries[1].codes == [
        CodeSpan("ARNELI", "1930-01-01", "2019-05-31"),
        CodeSpan("ARNGOV", "2019-06-01", None),
    ]
    assert entries[2].codes == [CodeSpan("ARNMIL")]
    assert [(p.line, p.reason.split()[0]) for p in problems] == [
        (7, "malformed"),
        (10, "date"),
        (12, "unbalanced"),
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [("950101", "1995-01-01"), ("121115", "2012-11-15"), ("20121115", "2012-11-15")],
)
def test_parse_date(text: str, iso: str) -> None:
    assert _builder().parse_date(text) == iso


@pytest.mark.slow
def test_build_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    events = shared_data("events")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    builder = _builder()
    first, problems = builder.build(events, builder.TABLES)
    second, _ = builder.build(events, builder.TABLES)
    assert first == second
    assert 0 < len(problems) < 500
    data = json.loads(gzip.decompress(first))
    assert data["header"]["built"] == "2023-11-14"
    assert Gazetteer.from_json(data).best("Xi Jinping") is not None
