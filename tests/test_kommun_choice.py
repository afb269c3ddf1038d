"""Välj kommun, in Chromium: the choice is made once on the national page kommun/index.html and kept
in the browser; a national page the kommun has its own version of then shows that version
(k/<id>/<same path>), the header says whose routines are shown, and the offline copy keeps the
edition's pages. Over HTTP with the real service worker, and from disk."""

from __future__ import annotations

import json
from pathlib import Path

from test_offline import WAIT_CACHED

DOOR = "situationer/personen-oppnar-inte-dorren.html"  # Göteborg has its own version
GAS = "situationer/det-luktar-gas.html"  # Göteborg has none
KEY = "boendestodsportalen.kommun"


def choose_goteborg(page, base: str) -> None:
    page.goto(f"{base}/kommun/index.html")
    page.get_by_role("button", name="Välj").first.click()
    page.wait_for_function(
        "() => document.querySelector('[data-portal-kommunval-status]').textContent.includes('Göteborgs Stad')"
    )


def test_a_chosen_kommun_shows_its_version_of_a_page_and_says_so(page, server):
    page.goto(f"{server}/{DOOR}")
    assert page.locator("[data-portal-kommun-knapp]").inner_text() == "Välj kommun"
    assert page.locator(".portal-rutin[data-kommun]").count() == 0
    choose_goteborg(page, server)
    assert page.get_by_role("button", name="Vald").get_attribute("aria-pressed") == "true"

    page.goto(f"{server}/{DOOR}")
    assert page.url == f"{server}/k/goteborg/{DOOR}"  # replaced before it was drawn
    assert "3-dagarsrutinen" in page.locator('.portal-rutin[data-kommun="goteborg"]').inner_text()
    assert page.locator("[data-portal-kommun-knapp]").inner_text() == "Göteborgs Stad"
    assert "rutiner för Göteborgs Stad" in page.locator(".portal-utgava").inner_text()

    page.goto(f"{server}/{GAS}")  # no version of its own: the national page, with the kommun in the header
    assert page.url == f"{server}/{GAS}"
    assert page.locator("[data-portal-kommun-knapp]").inner_text() == "Göteborgs Stad"

    page.goto(f"{server}/k/goteborg/{DOOR}")
    page.get_by_role("link", name="Visa bara den nationella texten").click()
    page.wait_for_load_state()
    assert page.url == f"{server}/{DOOR}?nationell" and page.locator(".portal-rutin[data-kommun]").count() == 0


def test_the_choice_can_be_removed(page, server):
    choose_goteborg(page, server)
    page.get_by_role("button", name="Ta bort valet").click()
    assert "Ingen kommun vald" in page.locator("[data-portal-kommunval-status]").inner_text()
    assert page.evaluate(f"() => localStorage.getItem('{KEY}')") is None
    page.goto(f"{server}/{DOOR}")
    assert page.url == f"{server}/{DOOR}"
    assert page.locator("[data-portal-kommun-knapp]").inner_text() == "Välj kommun"


def test_the_chosen_editions_pages_work_without_network(chromium, server):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server}/index.html")
        assert page.evaluate(WAIT_CACHED), "the national copy was not saved"
        choose_goteborg(page, server)
        saved = """async (path) => {
            for (let i = 0; i < 300; i++) {
                for (const name of await caches.keys()) {
                    if (!name.startsWith('boendestod-nationell-') || name.endsWith('-studiekort')) continue;
                    if (await (await caches.open(name)).match(location.origin + path)) return true;
                }
                await new Promise(r => setTimeout(r, 100));
            }
            return false;
        }"""
        assert page.evaluate(saved, f"/k/goteborg/{DOOR}"), "the edition's page was not saved for use without network"
        context.set_offline(True)
        page.goto(f"{server}/{DOOR}")
        assert page.url == f"{server}/k/goteborg/{DOOR}"
        assert "3-dagarsrutinen" in page.locator('.portal-rutin[data-kommun="goteborg"]').inner_text()
        page.goto(f"{server}/k/goteborg/kommun/kontakter.html")
        assert page.locator("article a[href^='tel:']").count() >= 2
    finally:
        context.close()


def test_the_choice_works_from_disk(page, site_dir: Path):
    page.goto((site_dir / "kommun" / "index.html").as_uri())
    page.get_by_role("button", name="Välj").first.click()
    page.wait_for_function(
        "() => document.querySelector('[data-portal-kommunval-status]').textContent.includes('Vald')"
    )
    page.goto((site_dir / DOOR).as_uri())
    assert page.url.endswith(f"/k/goteborg/{DOOR}")
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')"))
    assert stored["id"] == "goteborg" and DOOR in stored["sidor"]
