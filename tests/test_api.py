"""The content API (scripts/api.py): one JSON file per page, an index and a JSON Schema, written from
the loaded content, with sources, lagrum and review dates intact; not in the service worker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scripts import api, lagrum, offline
from scripts.content import DATA, DOCS, Site, load_site
from scripts.schema import SituationGuide

BASE = "https://boendestod.example.se/"


@pytest.fixture(scope="module")
def site() -> Site:
    loaded, errors = load_site(DOCS, DATA, "")
    assert not errors
    return loaded


@pytest.fixture(scope="module")
def written(site: Site, tmp_path_factory, monkeypatch_module) -> Path:
    folder = tmp_path_factory.mktemp("api")
    api.write(folder, site)
    return folder


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.setenv("SITE_URL", BASE)
    yield mp
    mp.undo()


def test_index_lists_every_page_editors_wrote_and_each_file_is_there(site, written):
    folder = written / api.FOLDER
    index = api.ApiIndex.model_validate_json((folder / "index.json").read_text(encoding="utf-8"))
    assert index.api_version == api.VERSION and index.kommun is None
    editor_pages = sorted(p.path.removesuffix(".md") for p in site.pages.values() if p.located.lines)
    assert [e.sokvag for e in index.sidor] == editor_pages
    for entry in index.sidor:
        page = api.ApiPage.model_validate_json((folder / entry.fil).read_text(encoding="utf-8"))
        assert (page.sokvag, page.titel, page.senast_granskad) == (entry.sokvag, entry.titel, entry.senast_granskad)
        assert page.url == entry.url == BASE + entry.sokvag + ".html"


def test_a_guide_keeps_its_steps_calls_sources_lagrum_and_dates(site):
    guide = next(p for p in site.pages_of(SituationGuide) if p.meta.lagrum)
    out = api.page_json(guide, site, BASE)
    m = guide.meta
    assert out.typ == "situation" and out.gor_forst and out.titel == m.titel
    assert (out.senast_granskad, out.nasta_granskning) == (m.senast_granskad, m.nasta_granskning)
    steps = next(x for x in out.listor if x.namn == "steg")
    assert steps.rubrik == "Gör så här" and len(steps.punkter) == len(m.steg)
    assert all(p.styrka in {"Lag", "Föreskrift", "Allmänt råd", "Rättspraxis", "Vägledning"} for p in steps.punkter)
    assert [c.vem for c in out.ring] == [c.vem for c in m.ring]
    assert [s.id for s in out.kallor] == list(dict.fromkeys(r.dokument for r in m.kallor))
    assert all(s.titel == site.sources[s.id].titel for s in out.kallor)
    for pid in m.lagrum:
        provision = next(x for x in out.lagrum if x.id == pid)
        assert provision.hanvisning == lagrum.citation(site.provisions[pid], site.laws)
        assert provision.url.startswith(BASE + "lagrum/")


def test_texts_have_no_links_only_the_portal_understands(written):
    for file in (written / api.FOLDER / "sidor").rglob("*.json"):
        text = file.read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)\s]+)\)", text)
        assert all(re.match(r"(https?://|mailto:|tel:)", link) for link in links), (file, links)
        assert "lank:" not in text


def test_schema_describes_both_kinds_of_file(written):
    schema = json.loads((written / api.FOLDER / "schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    defs = schema["$defs"]
    page = json.loads(next((written / api.FOLDER / "sidor" / "situationer").glob("*.json")).read_text())
    index = json.loads((written / api.FOLDER / "index.json").read_text(encoding="utf-8"))
    for name, data in (("ApiPage", page), ("ApiIndex", index)):
        assert set(data) == set(defs[name]["properties"]), name
        assert set(defs[name]["required"]) <= set(data), name


def test_the_api_is_not_saved_for_offline_reading(site, tmp_path: Path):
    api.write(tmp_path, site)
    (tmp_path / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert list(offline.precache_list(tmp_path)) == ["index.html"]


def test_the_built_site_has_the_api(site_dir: Path):
    index = json.loads((site_dir / api.FOLDER / "index.json").read_text(encoding="utf-8"))
    assert index["sidor"] and all((site_dir / api.FOLDER / e["fil"]).is_file() for e in index["sidor"])
    assert api.FOLDER not in (site_dir / offline.WORKER).read_text(encoding="utf-8")
