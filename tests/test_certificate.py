"""The introduction certificate: printed from the browser when every week's self-check is passed on
this device, with the name typed there, the date, each week's result and the programme's version.
Read back from a PDF Chromium prints with print media."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from scripts.generate import CERTIFICATE, programme_version
from scripts.render import MONTHS

URL = CERTIFICATE.replace(".md", ".html")
NAME = "Saga Lindqvist-Öberg"


def weeks(prepared):
    return sorted((p for p in prepared.site.pages.values() if p.meta.typ == "introduktion"), key=lambda p: p.meta.vecka)


def answer_week(page, server, week, right: bool = True) -> None:
    """Answer every question of a week's self-check by clicking, as a person would."""
    page.goto(f"{server}/{week.path.replace('.md', '.html')}")
    questions = page.locator(".portal-sjalvtest__fraga")
    assert questions.count() == len(week.meta.sjalvtest)
    for i, q in enumerate(week.meta.sjalvtest):
        choice = q.ratt if right else (q.ratt % len(q.alternativ)) + 1
        questions.nth(i).locator(f"input[value='{choice}']").check()


def pdf_text(page, out: Path) -> str:
    page.emulate_media(media="print")
    out.write_bytes(page.pdf(format="A4"))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out).pages))


def test_before_all_are_passed_it_says_what_is_left(page, server, prepared):
    all_weeks = weeks(prepared)
    assert len(all_weeks) == 4
    page.goto(f"{server}/{URL}")
    left = page.locator("[data-portal-intyg-kvar]")
    assert left.is_visible() and not page.locator("[data-portal-intyg-blad]").is_visible()
    assert not page.locator("[data-portal-intyg-skriv-ut]").is_visible()
    items = left.locator("li").all_inner_texts()
    assert items == [f"Vecka {w.meta.vecka}: {w.meta.titel}: inte påbörjat" for w in all_weeks]

    answer_week(page, server, all_weeks[0])
    answer_week(page, server, all_weeks[1], right=False)
    page.goto(f"{server}/{URL}")
    items = page.locator("[data-portal-intyg-kvar] li").all_inner_texts()
    n1, n2 = len(all_weeks[0].meta.sjalvtest), len(all_weeks[1].meta.sjalvtest)
    assert items[0].endswith(f"klart ({n1} av {n1} rätt)")
    assert items[1].endswith(f"{n2} av {n2} frågor besvarade, 0 rätt")
    assert items[2].endswith("inte påbörjat") and items[3].endswith("inte påbörjat")
    assert not page.locator("[data-portal-intyg-blad]").is_visible()
    page.locator("[data-portal-intyg-kvar] li a").nth(1).click()
    assert page.url.endswith(all_weeks[1].path.replace(".md", ".html") + "#testa-dig-sjalv")


def test_all_passed_prints_a_certificate_with_name_date_weeks_results_and_version(
    chromium, server, prepared, tmp_path: Path
):
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    origin = urlsplit(server).netloc
    foreign: list[str] = []
    page.on("request", lambda r: urlsplit(r.url).netloc not in (origin, "") and foreign.append(r.url))
    all_weeks = weeks(prepared)
    for week in all_weeks:
        answer_week(page, server, week)
    page.goto(f"{server}/{URL}")
    assert not page.locator("[data-portal-intyg-kvar]").is_visible()
    sheet = page.locator("[data-portal-intyg-blad]")
    assert sheet.is_visible()

    page.locator("[data-portal-intyg-skriv-ut]").click()  # no name yet: it asks for one instead
    assert page.locator("[data-portal-intyg-status]").inner_text() == "Skriv ditt namn först."
    assert page.evaluate("document.activeElement.id") == "portal-intyg-namn"
    page.fill("#portal-intyg-namn", NAME)
    assert sheet.locator("[data-portal-intyg-namn]").inner_text() == NAME

    today = date.today()
    version = programme_version(prepared.site, all_weeks)
    assert re.fullmatch(r"\d{8}-[0-9a-f]{7}", version)
    text = pdf_text(page, tmp_path / "intyg.pdf")
    assert NAME in text
    assert f"{today.day} {MONTHS[today.month - 1]} {today.year}" in text
    assert version in text
    for week in all_weeks:
        n = len(week.meta.sjalvtest)
        assert re.search(rf"Vecka {week.meta.vecka} .{{0,120}}{n} av {n} rätt", text), week.path
    assert "inte ett prov" in text
    assert "Det här är kvar" not in text and "Lyssna" not in text, "the certificate prints alone"
    assert len(PdfReader(tmp_path / "intyg.pdf").pages) == 1

    stored = page.evaluate("Object.keys(localStorage)")
    assert stored == ["boendestodsportalen.sjalvtest"], "the answers only; the name is not stored"
    assert NAME not in page.evaluate("JSON.stringify(localStorage)")
    assert foreign == [] and context.cookies() == []
    context.close()


def test_the_version_follows_the_content_of_the_weeks(prepared):
    all_weeks = weeks(prepared)
    version = programme_version(prepared.site, all_weeks)
    newest = max(w.meta.senast_granskad for w in all_weeks)
    assert version.startswith(f"{newest:%Y%m%d}-")
    assert programme_version(prepared.site, all_weeks) == version, "the same content, the same version"
    changed = [*all_weeks[:-1], replace(all_weeks[-1], body=all_weeks[-1].body + " ")]
    assert programme_version(prepared.site, changed) != version


@pytest.mark.parametrize("needle", ["intyg.md", "inte ett prov", "en enhet"])
def test_the_managers_page_says_how_to_read_it(needle):
    text = (Path(__file__).resolve().parent.parent / "docs/introduktion/for-chefen.md").read_text(encoding="utf-8")
    assert needle in text


def test_the_certificate_page_has_no_wcag_violation_before_and_after(page, server, prepared):
    from axe_playwright_python.sync_playwright import Axe

    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    page.goto(f"{server}/{URL}")
    assert not Axe().run(page, options=wcag).response["violations"]
    for week in weeks(prepared):
        answer_week(page, server, week)
    page.goto(f"{server}/{URL}")
    page.fill("#portal-intyg-namn", NAME)
    assert page.locator("[data-portal-intyg-blad]").is_visible()
    violations = Axe().run(page, options=wcag).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
