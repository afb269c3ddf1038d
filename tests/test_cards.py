"""Study cards: real PDFs opened with pypdf, and a print view in Chromium."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import page_cards, run_build
from pypdf import PdfReader

from scripts import cards
from scripts.build import prepare

A6 = (297.64, 419.53)  # points
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def site():
    return prepare().site


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip().lower()


def size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.width), float(box.height)


def assert_size(page, expected):
    w, h = size(page)
    assert abs(w - expected[0]) < 1 and abs(h - expected[1]) < 1, (w, h)


def test_each_deck_has_cards_times_two_a6_pages_and_a4_sheets(site, site_dir):
    for deck in (d for d in cards.decks(site) if d.cards):
        a6 = PdfReader(site_dir / deck.a6())
        assert len(a6.pages) == 2 * len(deck.cards), deck.id
        for page in a6.pages:
            assert_size(page, A6)
        a4 = PdfReader(site_dir / deck.a4())
        assert len(a4.pages) == 2 * math.ceil(len(deck.cards) / 4), deck.id
        for page in a4.pages:
            assert_size(page, A4)


def _quadrant_texts(page) -> dict[tuple[int, int], str]:
    """The text of an A4 sheet per quadrant: (column, row), from the top left."""
    parts: dict[tuple[int, int], list[str]] = {}

    def visit(text, cm, tm, font, size):
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        if text.strip():
            parts.setdefault((int(x > A4[0] / 2), int(y < A4[1] / 2)), []).append(text)

    page.extract_text(visitor_text=visit)
    return {q: norm(" ".join(t)) for q, t in parts.items()}


def test_a4_sheets_put_each_back_behind_its_front(site, site_dir):
    """Fronts in reading order; on the next sheet the columns are swapped (long-edge duplex)."""
    deck = next(d for d in cards.decks(site) if d.id == "situationer")
    reader = PdfReader(site_dir / deck.a4())
    for sheet in range(0, len(reader.pages), 2):
        fronts, backs = _quadrant_texts(reader.pages[sheet]), _quadrant_texts(reader.pages[sheet + 1])
        for n, card in enumerate(deck.cards[2 * sheet : 2 * sheet + 4]):
            column, row = n % 2, n // 2
            title = norm(card.title)
            assert "framsida" in fronts[column, row] and title in fronts[column, row], (card.id, fronts)
            assert "baksida" in backs[1 - column, row] and title in backs[1 - column, row], (card.id, backs)


def test_card_pdfs_are_tagged_swedish_and_titled(site, site_dir):
    deck = next(d for d in cards.decks(site) if d.id == "situationer")
    for path in (deck.a6(), deck.a4()):
        reader = PdfReader(site_dir / path)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "sv" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path
        assert deck.title in reader.metadata.title, (path, reader.metadata.title)


def test_card_title_and_first_point_are_in_the_pdf(site, site_dir):
    deck = next(d for d in cards.decks(site) if d.id == "malgrupper")
    reader = PdfReader(site_dir / deck.a6())
    for i, card in enumerate(deck.cards):
        front = norm(reader.pages[2 * i].extract_text())
        back = norm(reader.pages[2 * i + 1].extract_text())
        page = site.pages[card.page]
        assert norm(page.meta.titel) in front
        first = page.meta.stod[0]
        first = getattr(first, "text", first)
        assert norm(first)[:60] in back, f"{card.title}: first support point missing on the back"


def test_every_card_with_a_safety_line_prints_it(site, site_dir):
    """Target and situation cards print their first tank_pa (the safety line) on one of their faces."""
    checked = 0
    for deck in (d for d in cards.decks(site) if d.id in ("malgrupper", "situationer")):
        reader = PdfReader(site_dir / deck.a6())
        for i, card in enumerate(deck.cards):
            meta = site.pages[card.page].meta
            if not meta.tank_pa:
                continue
            faces = norm(reader.pages[2 * i].extract_text() + reader.pages[2 * i + 1].extract_text())
            text = getattr(meta.tank_pa[0], "text", meta.tank_pa[0])
            line = norm(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", ""))
            assert line[:60] in faces, f"{card.page}: the card lacks its safety line"
            checked += 1
    assert checked >= 20


def test_swedish_letters_and_embedded_fonts(site_dir):
    reader = PdfReader(site_dir / "studiekort" / "malgrupper-a6.pdf")
    text = reader.pages[1].extract_text()
    assert "SÅ KAN DU STÖDJA" in text and "ä" in text
    fonts = {}
    for page in reader.pages[:2]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor.get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"
        assert "DejaVu" in name


def test_every_card_shows_portal_source_and_review_date(site_dir):
    reader = PdfReader(site_dir / "studiekort" / "lagrum-a6.pdf")
    for page in reader.pages:
        text = norm(page.extract_text())
        assert "boendestödsportalen" in text and "källa:" in text and "senast granskad" in text


def test_pages_link_to_their_own_card(site, site_dir):
    for path, page in site.pages.items():
        if page.meta.typ not in cards.CARD_KINDS:
            continue
        html = site_dir / path.replace(".md", ".html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        link = soup.find("a", string=re.compile("Skriv ut studiekort"))
        assert link, f"{path} has no study-card link"
        pdf = (html.parent / link["href"]).resolve()
        reader = PdfReader(pdf)
        assert len(reader.pages) == 2
        assert norm(page.meta.titel) in norm(reader.pages[0].extract_text())


def test_deck_page_links_every_deck(site, site_dir):
    soup = BeautifulSoup((site_dir / "studiekort" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.select("a[href$='.pdf']")}
    for deck in (d for d in cards.decks(site) if d.cards):
        for path in (deck.a6(), deck.a4()):
            name = path.split("/")[-1]
            assert name in hrefs
            assert (site_dir / path).is_file()


def test_overlong_card_stops_the_build_naming_it(project_copy: Path):
    ocd = project_copy / "docs/malgrupper/svarigheter/tvangssyndrom.md"
    text = ocd.read_text(encoding="utf-8")
    long_point = "  - " + " ".join(["Skapa en trygg och förutsägbar struktur för besöken."] * 40) + "\n"
    text = text.replace("stod:\n", "stod:\n" + long_point, 1)
    ocd.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in (project_copy / "site").rglob("*"))
    result = run_build(project_copy)
    assert result.returncode != 0
    assert "Tvångssyndrom (OCD)" in result.stderr and "får inte plats" in result.stderr, result.stderr
    assert sorted(p.name for p in (project_copy / "site").rglob("*")) == before


def print_text(page, site_dir: Path, path: str) -> str:
    page.goto((site_dir / path).as_uri())
    page.emulate_media(media="print")
    out = site_dir.parent / ".cache" / "print-test.pdf"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(page.pdf(format="A4"))
    return norm(" ".join(p.extract_text() for p in PdfReader(out).pages))


def test_print_view_hides_navigation_and_keeps_lists_whole(page, site_dir):
    text = print_text(page, site_dir, "malgrupper/svarigheter/tvangssyndrom.html")
    for selector in (".md-sidebar--primary", ".md-header", ".portal-sok-knapp", ".portal-verktyg"):
        assert not page.locator(selector).first.is_visible(), f"{selector} prints"
    assert "så kan du stödja" in text
    assert "innehållsförteckning" not in text
    assert norm("Vilka små steg framåt har du sett") in text, "list cut off in print"


def test_print_view_writes_out_link_targets(page, site_dir):
    text = print_text(page, site_dir, "lagrum/sol-11-1.html")
    assert "riksdagen.se/sv/dokument-och-lagar" in text.replace(" ", ""), "external link target not printed"


FIELD_OF_BLOCK = {
    "Gör så här": "steg",
    "Ring": "ring",
    "Efteråt": "efterat",
    "Så kan du stödja": "stod",
    "Så kan du göra": "stod",
    "Att samtala om": "reflektionsfragor",
    "Det här kan du märka": "i_vardagen",
}


def test_no_card_drops_a_point_of_its_page_silently(site):
    """Each list on a card is its page's list: whole, or its first points and a line that says how
    many more the page has. Every call is on a guide's card, with its number."""
    checked = 0
    for card, page in page_cards(site):
        for heading, items in card.front.blocks + card.back.blocks:
            field = FIELD_OF_BLOCK.get(heading)
            if field is None or not isinstance(items, list):
                continue
            expected = [cards.call_line(i) if field == "ring" else cards._text(i) for i in getattr(page.meta, field)]
            shown, more = items, 0
            if items and (m := re.fullmatch(r"\+ (\d+) till på sidan", items[-1])):
                shown, more = items[:-1], int(m[1])
            assert shown == expected[: len(shown)], f"{card.id}, {heading}: not the page's points"
            assert len(shown) + more == len(expected), (
                f"{card.id}, {heading}: {len(expected) - len(shown) - more} dropped"
            )
            if field in ("ring", "steg"):
                assert more == 0, f"{card.id}: a guide's card leaves out a {heading.lower()} line"
            checked += 1
    assert checked > 100
