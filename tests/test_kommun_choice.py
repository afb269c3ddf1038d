"""Välj kommun, in Chromium: the choice is made once on the national page kommun/index.html and kept
in the browser; a national page the kommun has its own version of then shows that version
(k/<id>/<same path>), the header says whose routines are shown, the search finds the edition's
words, and the offline copy keeps the edition's pages and search additions. Over HTTP with the real
service worker, and from disk."""

from __future__ import annotations

import json
from pathlib import Path

from test_offline import WAIT_CACHED

DOOR = "situationer/personen-oppnar-inte-dorren.html"  # Göteborg has its own version
GAS = "situationer/det-luktar-gas.html"  # Göteborg has none
KEY = "boendestodsportalen.kommun"
# Words only Göteborg's edition has (no national page has them; tests/test_kommun.py checks):
OWN_WORD = "socialkontoret"  # on its own page kommun/kontakter.html
OWN_PAGE = "k/goteborg/kommun/kontakter.html"
LOCAL_WORD = "bildskalan"  # in a local box on its version of the national page below
LOCAL_PAGE = "malgrupper/svarigheter/samlarsyndrom.html"


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
    back = page.get_by_role("link", name="Visa sidan med rutiner för Göteborgs Stad")  # the national page says so
    assert back.get_attribute("href") == f"{server}/k/goteborg/{DOOR}"


def result(page, href: str):
    """The search page's result that links to `href` (as written in the list), once it is shown."""
    return page.wait_for_selector(f".portal-traff__lank[href='{href}']", timeout=15_000)


def complete_results(page, base: str, query: str) -> list[str]:
    """The search page's result links for `query` once the whole index has answered."""
    page.goto(f"{base}/sok.html?q={query}")
    page.wait_for_selector("[data-portal-traffar][data-komplett=true]", state="attached", timeout=30_000)
    return page.eval_on_selector_all(".portal-traff__lank", "els => els.map(e => e.getAttribute('href'))")


def test_a_chosen_kommuns_words_are_found_and_lead_to_its_pages(page, server):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    for query in (OWN_WORD, LOCAL_WORD):  # no kommun chosen: the national index only, and nothing more loaded
        found = complete_results(page, server, query)
        assert OWN_PAGE not in found and LOCAL_PAGE not in found, (query, found)
    assert not [u for u in asked if "/k/" in u], "the search loaded an edition with no kommun chosen"

    choose_goteborg(page, server)
    page.goto(f"{server}/sok.html?q={OWN_WORD}")
    result(page, OWN_PAGE).click()  # the kommun's own page: its address in the edition
    page.wait_for_load_state()
    assert page.url == f"{server}/{OWN_PAGE}"

    page.goto(f"{server}/sok.html?q={LOCAL_WORD}")
    link = result(page, LOCAL_PAGE)  # the national address, which opens the kommun's version
    assert page.locator(f".portal-traff__lank[href='{LOCAL_PAGE}']").count() == 1, (
        "the edition's page replaces the national"
    )
    link.click()
    page.wait_for_url(f"{server}/k/goteborg/{LOCAL_PAGE}")
    assert LOCAL_WORD in page.locator("article").inner_text().lower()


def test_search_without_the_editions_additions_still_answers(page, server):
    """Additions that cannot be read leave the national index: the national page is found."""
    choose_goteborg(page, server)
    page.route("**/k/goteborg/sok.js", lambda route: route.fulfill(status=404))
    found = complete_results(page, server, "samlarsyndrom")
    assert LOCAL_PAGE in found and OWN_PAGE not in found, found


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
        assert page.evaluate(saved, "/k/goteborg/sok.js"), "the edition's search additions were not saved"
        context.set_offline(True)
        page.goto(f"{server}/{DOOR}")
        assert page.url == f"{server}/k/goteborg/{DOOR}"
        assert "3-dagarsrutinen" in page.locator('.portal-rutin[data-kommun="goteborg"]').inner_text()
        page.goto(f"{server}/k/goteborg/kommun/kontakter.html")
        assert page.locator("article a[href^='tel:']").count() >= 2
        page.goto(f"{server}/sok.html?q={OWN_WORD}")
        result(page, OWN_PAGE)
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
    page.goto((site_dir / "sok.html").as_uri() + f"?q={OWN_WORD}")  # the additions read by the worker from disk
    result(page, OWN_PAGE)
