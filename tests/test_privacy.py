"""Privacy: no request to another host, no cookie, nothing stored but the checklist ticks."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit


def test_no_page_contacts_another_host_or_sets_a_cookie(chromium, server, site_dir: Path):
    context = chromium.new_context()
    page = context.new_page()
    origin = urlsplit(server).netloc
    foreign: list[str] = []
    page.on("request", lambda r: urlsplit(r.url).netloc not in (origin, "") and foreign.append(r.url))
    pages = sorted(site_dir.rglob("*.html"))
    for html in pages:
        page.goto(f"{server}/{html.relative_to(site_dir).as_posix()}")
    page.goto(f"{server}/sok.html")
    page.locator("#portal-sok-falt").press_sequentially("boendestöd")
    page.wait_for_selector("[data-portal-traffar][data-komplett=true] .portal-traff")
    page.wait_for_load_state("networkidle")
    assert len(pages) > 100
    assert foreign == [], foreign[:10]
    assert context.cookies() == []
    assert page.evaluate("() => Object.keys(sessionStorage)") == []
    assert page.evaluate("() => Object.keys(localStorage)") == []
    context.close()


def test_only_the_checklist_is_stored(page, server):
    page.goto(f"{server}/introduktion/vecka-1.html")
    page.locator(".portal-checklista input").first.check()
    assert page.evaluate("() => Object.keys(localStorage)") == ["boendestodsportalen.checklistor"]


def test_privacy_statement_names_what_is_stored(site_dir: Path):
    text = (site_dir / "om" / "integritet.html").read_text(encoding="utf-8")
    assert "localStorage" in text and "kakor" in text
