"""Accessibility: axe-core (WCAG 2.1 A and AA) over every built page, and a keyboard walk."""

from __future__ import annotations

from pathlib import Path

import pytest
import sweep
from axe_playwright_python.sync_playwright import Axe

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# The best-practice rule stock Material fails (its search dialog has no name), kept as a regression check.
EXTRA_RULES = {"runOnly": {"type": "rule", "values": ["aria-dialog-name"]}, "resultTypes": ["violations"]}


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


def test_every_page_has_no_wcag_21_aa_violation(desktop_sweep, site_dir: Path):
    """axe-core on every built page at 1280 px (tests/sweep.py). The whole page on each folder's index
    and first page and on the root pages; on the others everything but the theme's header, menu and
    statement line, which are the same on every page of a folder (why that is enough: tests/sweep.py)."""
    assert desktop_sweep.pages == sweep.all_pages(site_dir) and len(desktop_sweep.pages) > 100
    folders = {p.rpartition("/")[0] for p in desktop_sweep.pages}
    assert folders == {p.rpartition("/")[0] for p in desktop_sweep.full_axe}, "a folder without a whole-page check"
    assert {"index.html", "sok.html", "404.html"} <= set(desktop_sweep.full_axe)
    found = desktop_sweep.axe
    assert not found, "\n\n".join(f"{page}:\n{sweep.describe(v)}" for page, v in found.items())


def test_every_control_on_every_page_shows_its_focus(desktop_sweep):
    """At 1280 px on every page (tests/sweep.py: FOCUS), every visible link, button and field draws a
    focus ring when it has the keyboard focus (WCAG 2.4.7), and the first Tab reaches the skip link,
    shown, where the page has one and gave no field the focus on load. The theme's header, menu and
    statement line are checked on the representative pages only, as for axe."""
    found = desktop_sweep.focus
    assert not found, "\n".join(f"{page}: {problems[:3]}" for page, problems in found.items())


def test_search_with_results_has_no_violations_and_announces_them(page, server):
    page.goto(f"{server}/sok.html")
    page.locator("#portal-sok-falt").press_sequentially("ocd")
    page.wait_for_selector("[data-portal-traffar][data-komplett=true] .portal-traff")
    axe = Axe()
    for options in (WCAG, EXTRA_RULES):
        violations = axe.run(page, options=options).response["violations"]
        assert not violations, describe(violations)
    status = page.locator("[data-portal-sok-status]")
    assert status.get_attribute("role") == "status" and "för ”ocd”" in status.inner_text()


def test_footer_contrast_and_statement_links(page, server):
    page.goto(f"{server}/malgrupper/svarigheter/tvangssyndrom.html")
    footer = page.locator(".md-copyright")
    violations = Axe().run(page, context=".md-copyright", options=WCAG).response["violations"]
    assert not violations, describe(violations)
    links = footer.locator("a")
    assert links.filter(has_text="Tillgänglighetsredogörelse").count() == 1
    links.filter(has_text="Tillgänglighetsredogörelse").click()
    assert page.url.endswith("om/tillganglighet.html")
    assert "DIGG" in page.locator("article").inner_text()


def focus_ring(page) -> str:
    return page.evaluate("""() => {
      const el = document.activeElement, s = getComputedStyle(el);
      return [s.outlineStyle, s.outlineWidth, s.boxShadow].join(' ');
    }""")


def tab_until(page, predicate: str, limit: int = 200) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return True
    return False


OCD = "malgrupper/svarigheter/tvangssyndrom.html"


@pytest.mark.parametrize(
    "path, target, predicate",
    [
        (OCD, "skip link", "() => document.activeElement.classList.contains('md-skip')"),
        (OCD, "search", "() => document.activeElement.classList.contains('portal-sok-knapp')"),
        (
            OCD,
            "menu link",
            "() => !!document.activeElement.closest('.md-nav--primary') && document.activeElement.tagName === 'A'",
        ),
        (OCD, "study card button", "() => (document.activeElement.textContent || '').includes('Skriv ut studiekort')"),
        (
            "introduktion/utskrift.html",
            "print button",
            "() => document.activeElement.hasAttribute('data-portal-skriv-ut')",
        ),
        (
            "reflektion/fragebank.html",
            "draw-a-question button",
            "() => document.activeElement.hasAttribute('data-portal-dra')",
        ),
    ],
)
def test_keyboard_reaches_with_visible_focus(page, server, path, target, predicate):
    page.goto(f"{server}/{path}")
    assert tab_until(page, predicate), f"{target} not reachable with Tab"
    ring = focus_ring(page)
    assert "none 0px none" not in ring and ring.strip() != "", f"{target} has no visible focus: {ring}"


def test_keyboard_ticks_a_checklist_box(page, server):
    page.goto(f"{server}/introduktion/vecka-1.html")
    assert tab_until(page, "() => document.activeElement.type === 'checkbox'")
    assert "none 0px none" not in focus_ring(page)
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")


def test_skip_link_moves_to_content(page, server):
    page.goto(f"{server}/handlaggare/processkarta.html")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash.length > 1")


def test_english_phrases_are_marked(site_dir: Path):
    html = (site_dir / "malgrupper/svarigheter/tvangssyndrom.html").read_text(encoding="utf-8")
    assert 'lang="en"' in html and "Obsessive Compulsive Disorder" in html
