"""Review dates that warn when due, and the glossary's tooltips."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from scripts import freshness
from scripts.generate import EDITORS_REPORT


def test_overdue_pages_are_named_with_file_and_line(prepared):
    late = freshness.warnings(prepared.site, date(2030, 1, 1))
    assert len(late) == len(prepared.site.pages)
    first = late[0]
    path, line, message = first.split(":", 2)
    page = prepared.site.pages[path.removeprefix("docs/")]
    assert int(line) == page.line("nasta_granskning") and "försenad" in message
    assert freshness.warnings(prepared.site, date(2026, 11, 24)) == []


def test_the_editors_report_lists_overdue_pages(monkeypatch):
    """On a day after every page's next review (PORTAL_IDAG, as the build reads it), the report the
    build makes lists them (the warnings themselves: the test above)."""
    from scripts.build import prepare

    monkeypatch.setenv("PORTAL_IDAG", "2027-12-20")  # after every page's next review (the latest is 2027-12-02)
    report = prepare().markdown[EDITORS_REPORT]
    overdue = report.split("**Försenad granskning:**", 1)[1].split("\n\n##", 1)[0]
    assert "[Tvångssyndrom (OCD)](" in overdue


def test_editors_report_has_lix_for_every_page(prepared, site_dir: Path):
    soup = BeautifulSoup((site_dir / EDITORS_REPORT.replace(".md", ".html")).read_text(encoding="utf-8"), "html.parser")
    rows = soup.select_one("h2#lasbarhet-lix ~ table").select("tbody tr")
    editors_pages = {"".join(p.meta.titel.split()) for p in prepared.site.pages.values() if p.located.lines}
    assert {"".join(r.select_one("td").get_text().split()) for r in rows} == editors_pages  # <abbr> splits the text


def test_glossary_explains_each_term_once_and_pages_show_tooltips(prepared, site_dir: Path):
    glossary = (site_dir / "om" / "ordlista.html").read_text(encoding="utf-8")
    for term in prepared.site.glossary:
        assert f"<dt>{term.term}</dt>" in glossary or f">{term.term}</abbr></dt>" in glossary, term.term
    soup = BeautifulSoup(
        (site_dir / "malgrupper/svarigheter/tvangssyndrom.html").read_text(encoding="utf-8"), "html.parser"
    )
    titles = {a.get_text(): a["title"] for a in soup.select("article abbr")}
    assert "KBT" in titles and "kognitiv beteendeterapi" in titles["KBT"].lower()
    assert "SoL" in titles
