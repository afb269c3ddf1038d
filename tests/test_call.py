"""At the door the call is one tap: every phone number is a tel: link, a guide that names 112 has a
call button on the first phone screen, no safety step is hedged, and the start page leads with
what is needed most."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from scripts import schema

# Independent of scripts/markup.PHONE: any Swedish number with an area code, and the short numbers.
NUMBER = re.compile(
    r"(?<![\d:/.§,-])(?:0\d{1,3}[- ]\d{2,3}(?:[ -]\d{2}){1,3}|0\d{1,3}-\d{5,8}|\+46[\d ]{7,14}\d|"
    r"112|1177|114 14|113 13|90101|116 ?\d{3})(?![\d:§/])"
)
# Not in a link's place: code, the document head; and the label of a checkbox or an answer, where
# a tel: link would call 112 when the person only meant to tick the box.
SKIPPED = {"a", "script", "style", "code", "pre", "title", "head", "template", "noscript", "time", "label", "legend"}
PHONE = {"width": 390, "height": 844}


def numbers_outside_links(file: Path) -> list[str]:
    tree = lxml_html.fromstring(file.read_bytes())
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        inside = any(a.tag in SKIPPED for a in element.iterancestors()) or element.tag in SKIPPED
        texts = [] if inside else [element.text]
        texts += [element.tail] if not any(a.tag in SKIPPED for a in element.iterancestors()) else []
        found += [m for t in texts if t for m in NUMBER.findall(t)]
    return found


def test_every_phone_number_in_the_built_site_is_a_tel_link(site_dir: Path):
    unlinked = {
        page.relative_to(site_dir).as_posix(): found
        for page in site_dir.rglob("*.html")
        if (found := numbers_outside_links(page))
    }
    assert not unlinked, unlinked


def test_the_detector_can_fail(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text('<p>Ring <a href="tel:112">112</a> eller 010-456 67 00, <b>Polisen 114 14</b>.</p>')
    assert numbers_outside_links(page) == ["010-456 67 00", "114 14"]


def guides(prepared):
    return prepared.site.pages_of(schema.SituationGuide)


HEDGES = re.compile(r"behöver verifieras|overifierad|osäkert om", re.I)


def test_no_hedge_in_a_guides_first_box_steps_or_safety_line(prepared):
    for guide in guides(prepared):
        m = guide.meta
        for where, text in [("gor_forst", m.gor_forst), ("tank_pa", getattr(m.tank_pa[0], "text", m.tank_pa[0]))] + [
            ("steg", getattr(s, "text", s)) for s in m.steg
        ]:
            assert not HEDGES.search(text), f"{guide.path} {where}: {text}"


def test_the_start_page_lists_the_guides_in_the_order_the_content_sets(prepared, site_dir: Path):
    ordered = sorted(guides(prepared), key=lambda g: (g.meta.ordning is None, g.meta.ordning or 0))
    assert all(g.meta.ordning is not None for g in ordered), "every guide sets its place on the start page"
    assert ordered[0].path == "situationer/personen-oppnar-inte-dorren.md"
    start = lxml_html.fromstring((site_dir / "index.html").read_bytes())
    tiles = [a.get("href") for a in start.cssselect(".portal-situationer a")]
    assert tiles == [g.path.replace(".md", ".html") for g in ordered]
    urgent = {a.get("href") for a in start.cssselect(".portal-situationer .portal-livsfara a")}
    assert urgent == {g.path.replace(".md", ".html") for g in ordered if g.meta.livsfara}
    assert all("Livsfara" in a.text_content() for a in start.cssselect(".portal-livsfara a")), "said in words"


def test_every_guide_that_names_112_has_the_call_button_on_the_first_phone_screen(chromium, server, prepared):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    named = [g for g in guides(prepared) if "112" in g.meta.gor_forst]
    assert len(named) >= 8
    for guide in named:
        page.goto(f"{server}/{guide.path.replace('.md', '.html')}")
        button = page.locator(".portal-akut a.portal-ring-knapp[href='tel:112']")
        assert button.count() == 1, guide.path
        box = button.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], f"{guide.path}: the call button is below the screen"
        assert box["height"] >= 44 and box["width"] >= 44
        assert button.inner_text().strip() == "Ring 112"
    context.close()


@pytest.mark.parametrize("target", ["Lättläst"])
def test_lattlast_is_on_the_first_phone_screen_of_the_start_page(chromium, server, target):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/index.html")
    link = page.locator(".portal-genvagar a", has_text=target).first
    box = link.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"]
    context.close()
