"""Reflektionsträffar and the introduction programme: the question bank, ticks that survive a reload,
the printable programme."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from scripts.build import prepare
from scripts.generate import PRINT_PROGRAMME, QUESTION_BANK

ROOT = Path(__file__).resolve().parent.parent


def test_question_bank_is_generated_from_the_pages(tmp_path: Path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    page = docs / "malgrupper/svarigheter/samlarsyndrom.md"
    new = "Vilken sak i ditt eget hem skulle du ha svårast att slänga, och varför?"
    page.write_text(
        page.read_text(encoding="utf-8").replace("reflektionsfragor:\n", f"reflektionsfragor:\n  - {new}\n", 1),
        encoding="utf-8",
    )
    assert new in prepare(docs_dir=docs).markdown[QUESTION_BANK]


def test_bank_holds_every_question_once_per_grouping(prepared, site_dir: Path):
    total = sum(len(getattr(p.meta, "reflektionsfragor", [])) for p in prepared.site.pages.values())
    soup = BeautifulSoup((site_dir / "reflektion/fragebank.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("li[data-portal-fraga]")) == total >= 150
    assert len(soup.select(".portal-efter-sida li")) == total
    assert soup.select("h2#efter-tema") and soup.select("h2#efter-sida")


def test_draw_a_question_works_from_disk(page, site_dir: Path):
    page.goto((site_dir / "reflektion/fragebank.html").as_uri())
    button = page.locator("[data-portal-dra]")
    assert button.is_visible()
    button.click()
    drawn = page.locator(".portal-dragen").inner_text().strip()
    questions = page.locator("li[data-portal-fraga]").all_inner_texts()
    assert drawn and any(drawn == q.strip() for q in questions)


def test_checklist_ticks_survive_a_reload(page, site_dir: Path):
    url = (site_dir / "introduktion/vecka-2.html").as_uri()
    page.goto(url)
    boxes = page.locator(".portal-checklista input[type=checkbox]")
    assert boxes.count() >= 5
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.reload()
    boxes = page.locator(".portal-checklista input[type=checkbox]")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    boxes.nth(0).uncheck()
    page.reload()
    assert not page.locator(".portal-checklista input[type=checkbox]").nth(0).is_checked()


def test_print_programme_has_every_week_with_empty_boxes(prepared, page, site_dir: Path):
    weeks = sorted(
        (p for p in prepared.site.pages.values() if p.meta.typ == "introduktion"), key=lambda p: p.meta.vecka
    )
    assert len(weeks) >= 4
    page.goto((site_dir / PRINT_PROGRAMME.replace(".md", ".html")).as_uri())
    boxes = page.locator("article input[type=checkbox]")
    assert boxes.count() == sum(len(w.meta.checklista) for w in weeks)
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.emulate_media(media="print")
    out = site_dir.parent / ".cache" / "programme.pdf"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(page.pdf(format="A4"))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out).pages))
    for week in weeks:
        assert f"Vecka {week.meta.vecka}" in text
        assert re.sub(r"\s+", " ", week.meta.checklista[-1].text)[:40] in text


def test_session_plans_link_their_pages_study_cards(site_dir: Path):
    soup = BeautifulSoup((site_dir / "reflektion/maktobalans.html").read_text(encoding="utf-8"), "html.parser")
    cards = [a["href"] for a in soup.select("h2#las-ocksa + ul a[href$='.pdf']")]
    assert cards and all((site_dir / "reflektion" / href).resolve().is_file() for href in cards)
