"""The moment of need, measured in Chromium: situation guides, phone-first pages, a start page that
leads, and the keyboard at 400 % zoom (320 px)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sweep import PHONE

ZOOMED = {"width": 320, "height": 640}  # 1280 px at 400 %


def kind(prepared, typ: str) -> list[str]:
    return sorted(p for p, page in prepared.site.pages.items() if page.meta.typ == typ)


def html(path: str) -> str:
    return path.removesuffix(".md") + ".html"


def test_there_are_at_least_twelve_situation_guides(prepared):
    assert len(kind(prepared, "situation")) >= 12


def test_first_three_steps_of_every_guide_are_on_the_first_phone_screen(phone_sweep, prepared):
    late = []
    for path in kind(prepared, "situation"):
        bottom = phone_sweep.layout[html(path)]["step3_bottom"]
        if bottom is None or bottom > PHONE["height"]:
            late.append(f"{path}: step 3 ends at {bottom and round(bottom)} px")
    assert not late, "\n".join(late)


def test_target_pages_put_support_within_one_screen_and_the_safety_line_before_it(phone_sweep, prepared):
    problems = []
    for path in kind(prepared, "malgrupp"):
        layout = phone_sweep.layout[html(path)]
        first = layout["support_top"]
        if first is None or first > 1000:
            problems.append(f"{path}: first support point at {first and round(first)} px")
        if prepared.site.pages[path].meta.tank_pa:
            safety = layout["safety_top"]
            if safety is None or first is None or safety > first:
                problems.append(f"{path}: the safety line is not above the support points")
    assert not problems, "\n".join(problems)


def test_target_pages_link_the_guides_that_build_on_them(site_dir: Path, prepared):
    linked = 0
    for guide in kind(prepared, "situation"):
        for target in prepared.site.pages[guide].meta.relaterat:
            if prepared.site.pages[target].meta.typ != "malgrupp":
                continue
            box = (site_dir / html(target)).read_text(encoding="utf-8").split('class="portal-om-det-hander"', 1)
            assert len(box) == 2 and Path(html(guide)).name in box[1].split("</div>", 1)[0], (target, guide)
            linked += 1
    assert linked >= 12


def test_start_page_leads_to_every_destination_and_its_search_box_works(page, server, prepared):
    page.goto(f"{server}/index.html")
    content = page.locator("article")
    for guide in kind(prepared, "situation"):
        assert content.locator(f".portal-situationer a[href='{html(guide)}']").count() == 1, guide
    for target in (
        "malgrupper/index.html",
        "tema/index.html",
        "handlaggare/index.html",
        "handlaggare/processkarta.html",
        "lagrum/index.html",
        "chef/index.html",
        "introduktion/index.html",
        "reflektion/index.html",
        "reflektion/fragebank.html",
        "studiekort/index.html",
    ):
        assert content.locator(f"a[href='{target}']").count() >= 1, target
    page.fill("#portal-sok-falt", "svarar inte när jag ringer på")
    page.press("#portal-sok-falt", "Enter")
    page.wait_for_selector(".portal-traff__lank[href*='personen-oppnar-inte-dorren']", timeout=10_000)


@pytest.fixture()
def zoomed(chromium):
    context = chromium.new_context(viewport=ZOOMED, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


VISIBLE_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    const seen = r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.right > 0 && r.left < innerWidth;
    return seen ? '' : (el.outerHTML || '').slice(0, 120);
}"""


def test_at_320px_tab_reaches_menu_and_search_and_never_a_hidden_element(zoomed, server):
    zoomed.goto(f"{server}/malgrupper/svarigheter/tvangssyndrom.html")
    reached, hidden = set(), []
    for _ in range(40):
        zoomed.keyboard.press("Tab")
        problem = zoomed.evaluate(VISIBLE_FOCUS)
        if problem and problem != "body":
            hidden.append(problem)
        reached.add(
            zoomed.evaluate(
                "document.activeElement.getAttribute('for') || "
                "(document.activeElement.classList.contains('portal-sok-knapp') ? 'sok' : '')"
            )
        )
    assert {"__drawer", "sok"} <= reached, reached
    assert not hidden, hidden[:5]


def test_menu_and_search_open_from_the_keyboard_at_320px(zoomed, server):
    zoomed.goto(f"{server}/index.html")
    zoomed.focus('.md-header label[for="__drawer"]')
    zoomed.keyboard.press("Enter")
    assert zoomed.evaluate("document.getElementById('__drawer').checked")
    zoomed.keyboard.press("Tab")
    assert zoomed.evaluate(VISIBLE_FOCUS) == "", "the opened menu must take focus in view"
    zoomed.goto(f"{server}/index.html")
    zoomed.focus(".portal-sok-knapp")
    zoomed.keyboard.press("Enter")
    zoomed.wait_for_url("**/sok.html")
    assert zoomed.evaluate("document.activeElement.id") == "portal-sok-falt", "the search field takes focus"


def test_every_tap_target_on_a_phone_is_at_least_44_px(phone_sweep):
    """On every page, and in the opened menu and the search results, of the phone the guides are
    written for (tests/sweep.py: SMALL_TAP_TARGETS says what counts)."""
    small = phone_sweep.small_targets
    assert not small, "\n".join(f"{page}: {items[:3]}" for page, items in small.items())


def test_abbreviations_explain_themselves_by_keyboard(page, server):
    page.goto(f"{server}/handlaggare/samverkan-och-sip.html")
    abbr = page.locator("article abbr[title]").first
    assert abbr.get_attribute("tabindex") == "0"
    abbr.focus()
    assert page.evaluate("document.activeElement.tagName") == "ABBR"
    tooltip = page.locator(".md-tooltip--active, .md-tooltip2--active")
    tooltip.first.wait_for(state="visible", timeout=3000)


def test_process_map_shows_every_step_at_once_and_prints_on_two_pages(page, server, prepared, tmp_path: Path):
    from pypdf import PdfReader

    steps = prepared.site.pages["handlaggare/processkarta.md"].meta.process
    page.goto(f"{server}/handlaggare/processkarta.html")
    links = page.locator(".portal-stegvis a")
    assert links.count() == len(steps) >= 7
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box and box["y"] + box["height"] <= 900, f"step {i + 1} is not on the first screen"
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "karta.pdf"), format="A4")
    assert len(PdfReader(tmp_path / "karta.pdf").pages) <= 2


SAFETY_PAGES = [
    "malgrupper/livssituationer/suicid.md",
    "malgrupper/svarigheter/sjalvskadebeteende.md",
    "malgrupper/svarigheter/psykossjukdom.md",
    "malgrupper/livssituationer/beroende.md",
    "malgrupper/livssituationer/destruktiva-relationer.md",
    "malgrupper/livssituationer/vald-och-brott.md",
    "malgrupper/svarigheter/atstorning.md",
    "malgrupper/svarigheter/samlarsyndrom.md",
    "malgrupper/livssituationer/foraldrar.md",
]


@pytest.mark.parametrize("path", SAFETY_PAGES)
def test_risky_pages_open_with_a_safety_line_that_says_what_to_do(prepared, site_dir: Path, path):
    first = prepared.site.pages[path].meta.tank_pa[0]
    text = getattr(first, "text", first)
    assert any(k in text for k in ("112", "1177", "jour", "chef", "anmälan")), (
        f"{path}: the first tank_pa says no action"
    )
    shown = (site_dir / html(path)).read_text(encoding="utf-8").split('class="portal-tank-pa portal-tank-pa--forst"')
    assert len(shown) == 2, f"{path}: the safety line is not shown first"
