"""Change you can see (scripts/changes.py): the record of published pages, the rule that a changed
page needs a new line in its history, the page's history, Nytt och ändrat and the Atom feed."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_build
from pydantic import ValidationError

from scripts import changes, offline, render
from scripts.content import DATA, DOCS, ContentErrors, Page, Site, load_site
from scripts.schema import Change

OCD = "malgrupper/svarigheter/tvangssyndrom.md"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site() -> Site:
    """The national site with every page's history taken away, so each test sets what it needs."""
    loaded, errors = load_site(DOCS, DATA, "")
    assert not errors
    pages = {
        path: dataclasses.replace(p, meta=p.meta.model_copy(update={"andringar": []}))
        for path, p in loaded.pages.items()
    }
    return dataclasses.replace(loaded, pages=pages)


def edited(site: Site, path: str, *, body: str | None = None, **meta) -> Site:
    """The site with one page changed (the other pages shared)."""
    page = site.pages[path]
    new = dataclasses.replace(page, meta=page.meta.model_copy(update=meta), body=page.body if body is None else body)
    return dataclasses.replace(site, pages={**site.pages, path: new})


def line(day: str, kind: str = "innehall", what: str = "Ett nytt råd om ritualer.") -> Change:
    return Change(datum=date.fromisoformat(day), slag=kind, vad=what)


def record_of(site: Site) -> dict[str, changes.Recorded]:
    return {p.source: changes.record_of(p) for p in changes.editor_pages(site)}


def test_the_record_in_the_repository_matches_every_edition():
    record = changes.load_record()
    for kommun in ("", "goteborg"):
        loaded, errors = load_site(DOCS, DATA, kommun)
        assert not errors
        assert changes.unrecorded(loaded, record) == [], kommun
        assert {p.source for p in changes.editor_pages(loaded)} <= set(record), kommun


def test_a_changed_page_without_a_new_line_is_named(site):
    record = record_of(site)
    changed = edited(site, OCD, body=site.pages[OCD].body + "\nEn ny mening.\n")
    errors = changes.unrecorded(changed, record)
    assert [e.path for e in errors] == [f"docs/{OCD}"]
    assert "ingen ny rad i andringar" in errors[0].message


def test_rewrapping_review_dates_and_search_words_are_not_content(site):
    record = record_of(site)
    page = site.pages[OCD]
    changed = edited(
        site,
        OCD,
        body=page.body.replace(" ", "\n", 3),
        senast_granskad=date(2026, 1, 2),
        sokord=[*page.meta.sokord, "ett nytt sökord"],
    )
    assert changes.unrecorded(changed, record) == []


def test_a_new_line_lets_the_change_through_and_its_day_is_checked(site):
    before = edited(site, OCD, andringar=[line("2026-11-01")])
    record = record_of(before)
    body = site.pages[OCD].body + "\nEn ny mening.\n"
    with_line = edited(before, OCD, body=body, andringar=[line("2026-12-01"), line("2026-11-01")])
    assert changes.unrecorded(with_line, record) == []
    back_dated = edited(before, OCD, body=body, andringar=[line("2026-10-01"), line("2026-11-01")])
    assert ["före den senast publicerade" in e.message for e in changes.unrecorded(back_dated, record)] == [True]


def test_a_line_in_the_history_is_not_taken_away(site):
    record = record_of(edited(site, OCD, andringar=[line("2026-11-01")]))
    errors = changes.unrecorded(site, record)
    assert [e.path for e in errors] == [f"docs/{OCD}"] and "tas inte bort" in errors[0].message


def test_the_record_is_written_and_read_back(site, tmp_path: Path):
    with_history = edited(site, OCD, andringar=[line("2026-11-01")])
    written = changes.write_record(tmp_path, [with_history])
    assert len(written) == len(changes.editor_pages(site))
    assert changes.load_record(tmp_path) == record_of(with_history)
    assert changes.write_record(tmp_path, [with_history]) == []  # nothing new the second time
    body = site.pages[OCD].body + "\nEn ny mening.\n"
    with pytest.raises(ContentErrors) as refused:
        changes.write_record(tmp_path, [edited(with_history, OCD, body=body)])
    assert [e.path for e in refused.value.errors] == [f"docs/{OCD}"]
    recorded = edited(with_history, OCD, body=body, andringar=[line("2026-12-01"), line("2026-11-01")])
    assert changes.write_record(tmp_path, [recorded]) == [f"docs/{OCD}"]


def test_a_change_is_one_dated_line_of_a_known_kind():
    for bad in (
        {"datum": "2026-11-01", "slag": "stor", "vad": "Nytt råd."},
        {"datum": "2026-11-01", "slag": "innehall", "vad": "Två\nrader."},
        {"datum": "2026-11-01", "slag": "innehall", "vad": ""},
        {"datum": "2999-01-01", "slag": "innehall", "vad": "I framtiden."},
    ):
        with pytest.raises(ValidationError):
            Change.model_validate(bad)


def test_the_history_is_written_newest_first(site):
    page = site.pages[OCD]
    data = page.meta.model_dump(mode="json", exclude_defaults=False)
    data["andringar"] = [
        {"datum": "2026-10-01", "slag": "innehall", "vad": "Först."},
        {"datum": "2026-11-01", "slag": "innehall", "vad": "Sedan."},
    ]
    with pytest.raises(ValidationError, match="senaste ändringen först"):
        type(page.meta).model_validate(data)


def two_changed(site: Site) -> Site:
    ocd = edited(
        site,
        OCD,
        andringar=[
            line("2026-12-01", "redaktionell", "Rättade ett stavfel."),
            line("2026-11-15", "innehall", "Nytt råd: vänta ut tvivlet <tillsammans>."),
        ],
    )
    other = next(p for p in changes.editor_pages(site) if p.path.startswith("situationer/"))
    return edited(ocd, other.path, andringar=[line("2026-11-20", "innehall", "Ett nytt steg.")])


def test_nytt_och_andrat_lists_substantive_changes_only(site):
    changed = two_changed(site)
    [news] = changes.news_page(changed)
    assert news.path == changes.NEWS_PAGE
    assert "Rättade ett stavfel" not in news.body
    items = [x for x in news.body.splitlines() if x.startswith("- ")]
    assert len(items) == 2 and "Ett nytt steg." in items[0] and "&lt;tillsammans&gt;" in items[1]
    assert "## November 2026" in news.body
    [empty] = changes.news_page(site)
    assert "Inga ändringar i sak ännu." in empty.body


def test_the_feed_is_atom_with_substantive_changes_newest_first(site):
    root = ET.fromstring(changes.feed(two_changed(site), "https://example.se/"))
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2026-11-20T00:00:00Z", "2026-11-15T00:00:00Z"]
    ocd = entries[1]
    assert ocd.findtext(f"{ATOM}title") == "Tvångssyndrom (OCD)"
    assert ocd.findtext(f"{ATOM}summary") == "Nytt råd: vänta ut tvivlet <tillsammans>."
    assert ocd.find(f"{ATOM}link").get("href") == "https://example.se/malgrupper/svarigheter/tvangssyndrom.html"
    assert ocd.findtext(f"{ATOM}id").endswith("#andring-1")
    assert root.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00Z"
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)


def test_the_page_shows_its_history_with_stable_anchors(site):
    page: Page = two_changed(site).pages[OCD]
    soup = BeautifulSoup("\n".join(render.page_history(page)), "html.parser")
    items = soup.select("details#andringar li")
    assert [li["id"] for li in items] == ["andring-2", "andring-1"]
    assert "Språk och form: Rättade ett stavfel." in items[0].get_text()
    assert "Ändrat i sak" in items[1].get_text() and "<tillsammans>" in items[1].get_text()
    assert render.page_history(site.pages[OCD]) == []


def test_validate_names_the_page_that_changed_without_a_line(project_copy: Path):
    source = project_copy / "docs" / OCD
    source.write_text(source.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scripts", "validate"], cwd=project_copy, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert re.search(rf"^docs/{re.escape(OCD)}:\d+: sidan har ändrats", result.stderr, re.M), result.stderr


def test_the_build_shows_a_recorded_change_everywhere(project_copy: Path):
    source = project_copy / "docs" / OCD
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "stod:\n",
        "andringar:\n  - datum: 2026-12-01\n    slag: innehall\n    vad: Ett nytt råd om att vänta ut tvivlet.\n"
        "stod:\n  - Vänta ut tvivlet tillsammans i stället för att kontrollera igen.\n",
        1,
    )
    source.write_text(text, encoding="utf-8")
    result = run_build(project_copy)
    assert result.returncode == 0, result.stderr
    site_dir = project_copy / "site"
    html = BeautifulSoup((site_dir / OCD.replace(".md", ".html")).read_text(encoding="utf-8"), "html.parser")
    assert "Ett nytt råd om att vänta ut tvivlet." in html.select_one("#andring-1").get_text()
    news = BeautifulSoup((site_dir / "om" / "nytt-och-andrat.html").read_text(encoding="utf-8"), "html.parser")
    assert "Ett nytt råd om att vänta ut tvivlet." in news.get_text()
    feed = ET.fromstring((site_dir / changes.FEED).read_bytes())
    assert "Ett nytt råd om att vänta ut tvivlet." in [
        e.findtext(f"{ATOM}summary") for e in feed.findall(f"{ATOM}entry")
    ]
    worker = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert "om/nytt-och-andrat.html" in worker and changes.FEED not in worker


def test_the_worker_gets_each_page_with_substantive_changes(site):
    changed = two_changed(site)
    pages = offline.changed_pages(changed)
    ocd = OCD.replace(".md", ".html")
    assert pages[ocd] == {"titel": "Tvångssyndrom (OCD)", "n": 1, "vad": "Nytt råd: vänta ut tvivlet <tillsammans>."}
    assert len(pages) == 2 and offline.changed_pages(site) == {}
    only_editorial = edited(site, OCD, andringar=[line("2026-12-01", "redaktionell", "Stavfel.")])
    assert offline.changed_pages(only_editorial) == {}
