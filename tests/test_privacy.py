"""Privacy: no request to another host, no cookie, nothing stored but the checklist ticks."""

from __future__ import annotations

from pathlib import Path


def test_no_page_contacts_another_host_or_sets_a_cookie(desktop_sweep, phone_sweep):
    """Every page, on a desktop and on a phone, then a search: no request leaves the site's own host
    (the service worker's included), no cookie is set and nothing is stored (tests/sweep.py)."""
    for name, found in (("desktop", desktop_sweep), ("phone", phone_sweep)):
        assert len(found.pages) > 100
        assert not found.foreign, "\n".join(f"{name}, {page}: {urls[:5]}" for page, urls in found.foreign.items())
        assert found.cookies == [], (name, found.cookies)
        assert found.storage == {"sessionStorage": [], "localStorage": []}, (name, found.storage)


def test_only_the_checklist_is_stored(page, server):
    page.goto(f"{server}/introduktion/vecka-1.html")
    page.locator(".portal-checklista input").first.check()
    assert page.evaluate("() => Object.keys(localStorage)") == ["boendestodsportalen.checklistor"]


def test_privacy_statement_names_what_is_stored(site_dir: Path):
    text = (site_dir / "om" / "integritet.html").read_text(encoding="utf-8")
    assert "localStorage" in text and "kakor" in text
