"""The lagrum register: complete against the sources, and rendered with backlinks and warnings."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import need_shared

from scripts import lagrum, lagrum_sources
from scripts.content import ROOT


def cited() -> dict:
    """The law references the sources make (tests/data, written by `python -m scripts.lagrum_sources`)."""
    return json.loads(lagrum_sources.LIST.read_text(encoding="utf-8"))


def test_list_of_references_is_current():
    """The committed list is what the extractor finds in the sources today (where they are present)."""
    need_shared(lagrum_sources.SOURCES)
    assert cited() == lagrum_sources.extract(), "run: python -m scripts.lagrum_sources"


def test_extraction_finds_references():
    """The extractor itself works: it finds the well-known ones."""
    found = {(law, kap, par) for law, kap, par, _ in cited()["paragrafer"]}
    assert {
        ("sol-2025", 11, "1"),
        ("sol-2025", 19, "1"),
        ("osl", 10, "20a"),
        ("lss", None, "1"),
        ("sol-2001", 4, "1"),
        ("hsl", 16, "4"),
    } <= found
    assert len(found) >= 25


def test_register_holds_every_paragraph_the_sources_cite(prepared):
    numbers = set()
    for p in prepared.site.provisions.values():
        first = re.split(r"[–-]", p.paragraf or "")[0].replace(" ", "")
        numbers.add((p.lag, p.kapitel, first))
        numbers |= {(o.lag, o.kapitel, o.paragraf.replace(" ", "")) for o in p.aldre}
    missing = sorted({tuple(ref) for ref in cited()["paragrafer"] if tuple(ref[:3]) not in numbers}, key=str)
    assert not missing, f"cited in the sources but not in data/lagrum.yml: {missing}"


def test_register_holds_every_law_and_regulation_the_sources_name(prepared):
    numbers = {law.sfs for law in prepared.site.laws.values()}
    numbers |= {n.split()[-1] for n in numbers}
    for p in prepared.site.provisions.values():  # e.g. an amending act named in the entry it amended
        numbers |= set(re.findall(r"\d{4}:\d{1,4}", " ".join([p.sammanfattning, p.anmarkning or "", *p.sokord])))
    named = cited()["lagar"]
    missing = sorted(n for n in named if n not in numbers and n.split()[-1] not in numbers)
    assert named and not missing, missing


def provision_html(site_dir: Path, provision_id: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / "lagrum" / f"{provision_id}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_provision_has_a_page_with_backlinks(prepared, site_dir: Path):
    site = prepared.site
    for p in site.provisions.values():
        soup = provision_html(site_dir, p.id)
        assert lagrum.citation(p, site.laws).split()[0] in soup.find("h1").get_text()
        backlinks = {a.get_text(" ", strip=True) for a in soup.select("h2#sidor-som-hanvisar-hit + ul a")}
        citing = {page.meta.titel for page in site.pages.values() if p.id in getattr(page.meta, "lagrum", [])}
        assert {"".join(t.split()) for t in citing} <= {"".join(t.split()) for t in backlinks}, p.id


def test_same_number_in_two_laws_is_warned_about(site_dir: Path):
    new = provision_html(site_dir, "sol-11-1").get_text(" ")
    old = provision_html(site_dir, "sol-2001-11-1").get_text(" ")
    assert "Samma nummer, olika innehåll" in new and "Samma nummer, olika innehåll" in old
    assert "Upphävd" in (site_dir / "lagrum" / "index.html").read_text(encoding="utf-8")


def test_unverified_old_numbers_are_shown_as_unverified(prepared, site_dir: Path):
    shown = 0
    for p in prepared.site.provisions.values():
        for old in p.aldre:
            text = "".join(provision_html(site_dir, p.id).get_text().split())
            assert "".join(lagrum.old_citation(old, prepared.site.laws).split()) in text, p.id
            if old.kalla is None:
                assert "Overifieradkoppling" in text, p.id
                shown += 1
    assert shown >= 1


def test_index_lists_every_provision_by_law(prepared, site_dir: Path):
    soup = BeautifulSoup((site_dir / "lagrum" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.select("article a")}
    for p in prepared.site.provisions.values():
        assert f"{p.id}.html" in hrefs, p.id
    laws = [h.get_text(" ", strip=True) for h in soup.select("article h2")]
    assert any("Socialtjänstlag (2025:400)" in t for t in laws)


def test_every_provision_shows_its_statute_check_or_that_it_has_none(prepared, site_dir: Path):
    """The register rule: a checked provision says where and when; the others say visibly that they are not."""
    for p in prepared.site.provisions.values():
        page = (site_dir / lagrum.page_path(p).replace(".md", ".html")).read_text(encoding="utf-8")
        page = html.unescape(re.sub(r"<[^>]+>", "", page))  # the text, as read (abbreviations are tags)
        if p.kontrollerad is None:
            assert "Inte kontrollerad mot lagtexten" in page, p.id
        elif p.kontrollerad.kalla is not None:  # against an authority's text: which, and that the wording is not here
            source = prepared.site.sources[p.kontrollerad.kalla].kortnamn
            assert f"Kontrollerad {p.kontrollerad.datum} mot {source}" in page, p.id
        else:
            assert f"Kontrollerad mot lagtexten {p.kontrollerad.datum}" in page, p.id
    index = (site_dir / "lagrum" / "index.html").read_text(encoding="utf-8")
    unchecked = sum(p.kontrollerad is None for p in prepared.site.provisions.values())
    assert not unchecked or f"{unchecked} av {len(prepared.site.provisions)} lagrum" in index


def test_a_point_from_a_local_document_is_labelled_local(prepared, site_dir: Path):
    local = {d.id: d.lokal for d in prepared.site.sources.values() if d.lokal}
    checked = 0
    for path, page in prepared.site.pages.items():
        built = (site_dir / path.replace(".md", ".html")).read_text(encoding="utf-8") if page.located.lines else ""
        for name in ("stod", "att_gora", "i_vardagen", "tank_pa", "steg", "efterat"):
            for item in getattr(page.meta, name, None) or []:
                if getattr(item, "kalla", None) in local:
                    assert f"Lokalt exempel: {local[item.kalla]}" in built, f"{path}: {item.text[:60]}"
                    checked += 1
    assert checked >= 20


def test_readme_lists_every_paragraph_not_checked_against_the_statute(prepared):
    """The README's 'what is left' names each unchecked paragraph: it changes with the register."""
    site = prepared.site
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme.split("<!-- okontrollerade:start -->")[1].split("<!-- okontrollerade:end -->")[0]
    listed = {c.strip() for c in " ".join(listed.split()).rstrip(".").split(", ")}
    unchecked = {
        lagrum.citation(p, site.laws)
        for p in site.provisions.values()
        if not p.kontrollerad and (p.kapitel is not None or p.paragraf)
    }
    assert listed == unchecked, f"README saknar {unchecked - listed}, listar i onödan {listed - unchecked}"
