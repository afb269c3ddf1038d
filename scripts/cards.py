"""Study cards (studiekort): printable PDFs generated from the same content as the pages.

Four decks: target groups, förhållningssätt, reflection questions and lagrum. Each deck is
written as A6 (one face per page, front then back) and as A4 (the same A6 pages, four per sheet,
cut marks, backs mirrored for duplex). A card whose text does not fit its A6 face stops the build.
"""

from __future__ import annotations

import gc
import hashlib
import html
import multiprocessing
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from . import lagrum
from .content import ROOT, Page, Site
from .markup import first_sentence, inline
from .nav import sort_key
from .process import worker_start

FOLDER = "studiekort"  # in the built site
CACHE = ROOT / ".cache" / "studiekort"
PORTAL = "Boendestödsportalen"
KEY_POINTS = 3  # support points on the back of a target card; the card says how many more the page has
CARD_QUESTIONS = 2
AFTERWARDS = 2  # 'Efteråt' points on a situation card (every step and every call is on it)
PDF_VARIANT = "pdf/ua-1"  # tagged PDF: a structure tree and the document language, for screen readers
CHUNK = 32  # cards per WeasyPrint layout
VOLUME = 200  # cards per PDF at most: larger decks come in parts (PDF writing slows as files grow)
MAX_CITING = 5  # pages named on the back of a lagrum card
CODE = Path(__file__).read_bytes()  # part of the cache key: a change here lays the cards out again


@dataclass
class Face:
    heading: str
    blocks: list[tuple[str, list[str] | str]] = field(default_factory=list)  # (subheading, text or items)


@dataclass
class Card:
    id: str
    title: str
    front: Face
    back: Face
    source: str
    reviewed: str
    page: str | None = None  # the page the card comes from (docs path)
    local: str = ""  # the kommun.yml whose routines the card carries (kommun editions only)


@dataclass
class Deck:
    id: str
    title: str
    description: str
    cards: list[Card]
    group: str = ""  # heading on the study-card page
    singles: bool = False  # each card also as its own PDF (pages link to their card)
    large_text: bool = False  # one question per card, in large type
    compact: bool = False  # a smaller type, so a guide's every step and call fit on its card

    def a6(self) -> str:
        return f"{FOLDER}/{self.id}-a6.pdf"

    def a4(self) -> str:
        return f"{FOLDER}/{self.id}-a4.pdf"


def output_paths(site: Site) -> set[str]:
    """Every PDF write_decks will put in the site (links to them are valid before they exist)."""
    paths = set()
    for deck in decks(site):
        if deck.cards:
            paths |= {deck.a6(), deck.a4()}
            if deck.singles:
                paths |= {card_pdf(c.id) for c in deck.cards}
    return paths


class CardTooLong(Exception):
    """A card face needs more than one A6 page."""


def card_pdf(card_id: str) -> str:
    """Site path of the single-card PDF (A6, front and back)."""
    return f"{FOLDER}/kort/{card_id}.pdf"


def _text(item) -> str:
    return getattr(item, "text", None) or getattr(item, "fraga", None) or str(item)


def _first(items: list, n: int) -> list[str]:
    """The first n items; when the page has more, a last line that says so (a card never drops
    anything silently)."""
    shown = [_text(i) for i in items[:n]]
    more = len(items) - n
    return shown + ([f"+ {more} till på sidan"] if more > 0 else [])


def call_line(call) -> str:
    """Who, the number, when: as the page's call list has it."""
    who = f"{call.vem} {call.nummer}" if call.nummer else call.vem
    return f"{who}: {call.nar}"


def _sources(site: Site, page: Page) -> str:
    return "; ".join(dict.fromkeys(site.sources[r.dokument].kortnamn for r in page.meta.kallor))


def card_id(page: Page) -> str:
    return page.path.removesuffix(".md").replace("/", "-")


def _citations(site: Site, page: Page) -> str:
    return " · ".join(lagrum.citation(site.provisions[i], site.laws) for i in page.meta.lagrum)


def with_local_routines(site: Site, page: Page, card: Card) -> Card:
    """In a kommun edition, each routine the kommun has filled among the slots the page shows goes
    on the back of the page's card, marked as the kommun's own as on the page ('I Göteborgs Stad:
    …'), and the card is set in the compact type to make room. The national cards are unchanged."""
    kommun = site.kommun
    filled = [slot for slot in getattr(page.meta, "rutiner", []) if kommun and slot in kommun.rutiner]
    if not kommun or not filled:
        return card
    routines: list[tuple[str, list[str] | str]] = [
        (site.slots[slot].rubrik, f"{kommun.i_text}: {kommun.rutiner[slot]}") for slot in filled
    ]
    back = replace(card.back, blocks=card.back.blocks + routines)
    return replace(card, back=back, local=f"kommuner/{kommun.id}/kommun.yml")


def target_card(site: Site, page: Page) -> Card:
    """Front: what it is, the safety line, what you may notice. Back: how to support, questions."""
    m = page.meta
    noticed = _first(m.i_vardagen, 3 - bool(m.tank_pa))
    front = Face(m.titel, [("", m.sammanfattning), *_safety(m), ("Det här kan du märka", noticed)])
    back = Face(
        m.titel,
        [
            ("Så kan du stödja", _first(m.stod, KEY_POINTS)),
            ("Att samtala om", _first(m.reflektionsfragor, CARD_QUESTIONS)),
        ],
    )
    if m.lagrum:
        back.blocks.append(("Lagrum", _citations(site, page)))
    return Card(card_id(page), m.titel, front, back, _sources(site, page), str(m.senast_granskad), page.path)


def _safety(meta) -> list[tuple[str, list[str]]]:
    """The safety line: a page's first tank_pa, printed on its card."""
    return [("Tänk på", [_text(meta.tank_pa[0])])] if getattr(meta, "tank_pa", None) else []


def situation_card(site: Site, page: Page) -> Card:
    """Front: what to do first and the first steps. Back: who to call, the safety line, afterwards."""
    m = page.meta
    front = Face(m.titel, [("Gör så här först", m.gor_forst), ("Gör så här", [_text(i) for i in m.steg])])
    back = Face(
        m.titel,
        [("Ring", [call_line(c) for c in m.ring]), *_safety(m), ("Efteråt", _first(m.efterat, AFTERWARDS))],
    )
    return Card(card_id(page), m.titel, front, back, _sources(site, page), str(m.senast_granskad), page.path)


def theme_card(site: Site, page: Page) -> Card:
    m = page.meta
    front = Face(m.titel, [("", m.sammanfattning)])
    if m.tank_pa:
        front.blocks.append(("Tänk på", [_text(m.tank_pa[0])]))
    back = Face(
        m.titel,
        [
            ("Så kan du göra", _first(m.stod, KEY_POINTS)),
            ("Att samtala om", _first(m.reflektionsfragor, CARD_QUESTIONS)),
        ],
    )
    return Card(card_id(page), m.titel, front, back, _sources(site, page), str(m.senast_granskad), page.path)


ADVICE_CHARS = 200  # a question card's back quotes the first sentence of the page's first advice, at most this long
PROMPT = "Ta ett exempel från ditt eget arbete. Vad hände, vad gjorde du, och vad kunde du ha gjort annorlunda?"


def question_card(site: Site, page: Page, n: int, q, theme: str | None) -> Card:
    """Front: the question, large. Back: a prompt to start the talk, and the page's case or first advice."""
    m = page.meta
    front = Face("Reflektionsfråga", [("", _text(q)), ("Tema", site.tags[theme].namn if theme else "Allmänt")])
    advice = getattr(m, "stod", None) or getattr(m, "att_gora", None) or getattr(m, "steg", None)
    example = (
        ("Fallet", m.fall)
        if getattr(m, "fall", None)
        else ("Ett råd från sidan", first_sentence(_text(advice[0]))[:ADVICE_CHARS])
        if advice
        else ("Om sidan", first_sentence(m.sammanfattning))
    )
    back = Face(m.titel, [("Att börja samtalet med", PROMPT), example, ("Fråga från sidan", m.titel)])
    return Card(
        f"fraga-{card_id(page)}-{n}",
        _text(q)[:60],
        front,
        back,
        _sources(site, page),
        str(page.meta.senast_granskad),
        page.path,
    )


def question_decks(site: Site) -> list[Deck]:
    """One deck per theme, so a team can take the questions on the theme of the day."""
    themes: dict[str | None, list[Card]] = {}
    for page, n, q, theme in site.questions(sort_key):
        themes.setdefault(theme, []).append(question_card(site, page, n, q, theme))
    order = list(site.tags)
    return [
        Deck(
            f"fragor-{theme or 'allmant'}",
            f"Reflektionsfrågor: {site.tags[theme].namn if theme else 'Allmänt'}",
            "En fråga per kort, med temat och sidan den kommer från.",
            cards,
            group="Reflektionsfrågor",
            large_text=True,
        )
        for theme, cards in sorted(themes.items(), key=lambda t: order.index(t[0]) if t[0] in order else 999)
    ]


def lagrum_cards(site: Site) -> list[Card]:
    cards = []
    for p in site.provisions.values():
        cite = lagrum.citation(p, site.laws)
        citing = [
            c.meta.titel for c in sorted(site.pages.values(), key=sort_key) if p.id in getattr(c.meta, "lagrum", [])
        ]
        front = Face(cite, [("", p.rubrik), ("Lag", site.laws[p.lag].namn)])
        back = Face(cite, [("Vad säger den?", p.sammanfattning)])
        if p.aldre:
            back.blocks.append(("Äldre nummer", [lagrum.old_citation(o, site.laws) for o in p.aldre]))
        if citing:
            shown = ", ".join(citing[:MAX_CITING])
            more = len(citing) - MAX_CITING
            back.blocks.append(("Här gäller den", shown + (f" och {more} sidor till" if more > 0 else "")))
        source = "; ".join(dict.fromkeys(site.sources[r.dokument].kortnamn for r in p.kallor))
        reviewed = site.register.senast_granskad if site.register else ""
        cards.append(Card(f"lagrum-{p.id}", cite, front, back, source, str(reviewed)))
    return cards


# (deck id, title, description, page kind) of the decks with one card per page
PAGE_DECKS = [
    (
        "situationer",
        "När det händer",
        "Ett kort per situation: vad du gör först, vem du ringer och vad du gör efteråt.",
        "situation",
    ),
    (
        "malgrupper",
        "Målgrupper",
        "Ett kort per målgrupp: vad det är, vad du kan märka och hur du kan stödja.",
        "malgrupp",
    ),
    ("forhallningssatt", "Förhållningssätt", "Ett kort per förhållningssätt, med frågor att samtala om.", "tema"),
]


def decks(site: Site) -> list[Deck]:
    pages = sorted(site.pages.values(), key=sort_key)
    whole = [
        *(
            Deck(
                deck_id,
                title,
                text,
                [with_local_routines(site, p, CARD_KINDS[kind](site, p)) for p in pages if p.meta.typ == kind],
                group=title,
                singles=True,
                compact=kind == "situation",
            )
            for deck_id, title, text, kind in PAGE_DECKS
        ),
        *question_decks(site),
        Deck(
            "lagrum",
            "Lagrum",
            "Ett kort per lagrum: hänvisningen på framsidan, innebörden på baksidan.",
            lagrum_cards(site),
            group="Lagrum",
        ),
    ]
    return [part for deck in whole for part in volumes(deck)]


def volumes(deck: Deck) -> list[Deck]:
    """A deck of more than VOLUME cards is split into parts: 'del 1', 'del 2' …"""
    if len(deck.cards) <= VOLUME:
        return [deck]
    count = -(-len(deck.cards) // VOLUME)
    return [
        replace(
            deck,
            id=f"{deck.id}-del{n}",
            title=f"{deck.title}, del {n} av {count}",
            cards=deck.cards[(n - 1) * VOLUME : n * VOLUME],
        )
        for n in range(1, count + 1)
    ]


CARD_KINDS = {
    "malgrupp": target_card,
    "tema": theme_card,
    "situation": situation_card,
}  # page kinds that have their own card


# --- HTML and PDF ---------------------------------------------------------------------------

CARD_W, CARD_H = 105, 148  # mm, A6
PAD_TOP, PAD_SIDE, PAD_BOTTOM = 9, 8, 15  # mm; the footer sits in the bottom padding

BASE_CSS = """
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 8.6pt; line-height: 1.32; color: #111; }
h1 { font-size: 12.5pt; margin: 0 0 2.5mm; line-height: 1.2; color: #1a237e; }
h2 { font-size: 8.6pt; margin: 2.6mm 0 1mm; text-transform: uppercase; letter-spacing: 0.03em; color: #333; }
p { margin: 0 0 1.5mm; }
ul { margin: 0; padding-left: 4mm; }
li { margin: 0 0 1mm; }
.side { font-size: 6.5pt; color: #555; text-transform: uppercase; letter-spacing: 0.05em; margin-bottom: 2mm; }
.question p.lead { font-size: 13pt; line-height: 1.35; margin-top: 6mm; }
.compact { font-size: 7.6pt; line-height: 1.25; }
.compact h1 { font-size: 11pt; margin-bottom: 1.8mm; }
.compact h2 { font-size: 7.6pt; margin: 2mm 0 0.8mm; }
.compact li { margin-bottom: 0.6mm; }
"""

A6_CSS = (
    BASE_CSS
    + f"""
@page {{
  size: {CARD_W}mm {CARD_H}mm;
  margin: {PAD_TOP}mm {PAD_SIDE}mm {PAD_BOTTOM}mm {PAD_SIDE}mm;
  @bottom-left {{
    content: string(foot); vertical-align: top; padding-top: 3mm; width: 100%;
    font-family: "DejaVu Sans", sans-serif; font-size: 6pt; color: #444; line-height: 1.25;
  }}
}}
section.face {{ break-before: page; }}
section.face:first-child {{ break-before: auto; }}
.side {{ string-set: foot attr(data-foot); }}
"""
)
# The footer is a string, not a running element: WeasyPrint lays out every page twice for
# running elements (measured: 0.64 s against 0.44 s for 32 cards).

SHEET_CSS = """
@page { size: A4; margin: 0; }
.mark { position: absolute; background: #000; }
"""


def _face_html(card: Card, face: Face, side: str, deck: Deck) -> str:
    foot = f"{PORTAL} · Källa: {card.source} · Senast granskad {card.reviewed}"
    parts = [
        f'<div class="side" data-foot="{html.escape(foot)}">{html.escape(deck.title)} · {side}</div>',
        f"<h1>{inline(face.heading)}</h1>",
    ]
    for heading, content in face.blocks:
        if heading:
            parts.append(f"<h2>{html.escape(heading)}</h2>")
        if isinstance(content, list):
            parts.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in content) + "</ul>")
        else:
            css = ' class="lead"' if deck.large_text and not heading else ""
            parts.append(f"<p{css}>{inline(content)}</p>")
    return "".join(parts)


def a6_html(deck: Deck) -> str:
    faces = []
    for card in deck.cards:
        for side, face in (("framsida", card.front), ("baksida", card.back)):
            cls = "face question" if deck.large_text else "face compact" if deck.compact or card.local else "face"
            faces.append(f'<section class="{cls}" id="{card.id}-{side}">{_face_html(card, face, side, deck)}</section>')
    return _document(deck.title, A6_CSS, "".join(faces))


def _cut_marks() -> str:
    """Short lines in the margins where the sheet is cut, plus a cross in the middle."""
    marks, w, h, x, y = [], 210, 297, 105, 148.5
    for top in (0, h - 8):
        marks.append(f'<div class="mark" style="left:{x - 0.1}mm;top:{top + 2}mm;width:0.2mm;height:6mm"></div>')
    for left in (0, w - 8):
        marks.append(f'<div class="mark" style="top:{y - 0.1}mm;left:{left + 2}mm;height:0.2mm;width:6mm"></div>')
    marks.append(f'<div class="mark" style="left:{x - 3}mm;top:{y - 0.1}mm;width:6mm;height:0.2mm"></div>')
    marks.append(f'<div class="mark" style="left:{x - 0.1}mm;top:{y - 3}mm;width:0.2mm;height:6mm"></div>')
    return "".join(marks)


MM = 96 / 25.4  # CSS pixels per millimetre
QUADRANTS = [(0, 0), (105, 0), (0, 148.5), (105, 148.5)]  # mm: where the four cards of a sheet go


def impose(a6, deck: Deck):
    """The A4 sheets: four cards per sheet, a sheet of fronts, then a sheet of backs with the
    columns swapped for long-edge duplex, so each back is behind its front.

    The laid-out A6 pages are moved onto the sheets rather than laid out again (that saved about
    a third of the cards' build time), so `a6` must be written before. WeasyPrint has no public API for this:
    it uses Page._page_box, and the tests read the sheets back."""
    from weasyprint.document import Page

    count = len(deck.cards)
    sheet = _render(_document(deck.title + " (A4)", SHEET_CSS, f"<div>{_cut_marks()}</div>"))
    template = sheet.pages[0]._page_box
    sheets = []
    for start in range(0, count, 4):
        for side in (0, 1):
            boxes = list(template.children)
            for n, (x, y) in zip(range(start, min(start + 4, count)), QUADRANTS):
                x = CARD_W - x if side else x
                for box in a6.pages[2 * n + side]._page_box.children:
                    box.translate(x * MM, y * MM)
                    boxes.append(box)
            sheets.append(Page(template.copy_with_children(boxes)))
    return sheet.copy(sheets)


def _document(title: str, css: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)} – studiekort</title>'
        f"<style>{css}</style></head><body>{body}</body></html>"
    )


def _render(source: str):
    from weasyprint import HTML

    return HTML(string=source, base_url=str(ROOT)).render()


def overflowing(deck: Deck, document) -> list[str]:
    """Faces that need more than one page (a face that spills over pushes the next one on)."""
    start: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            start.setdefault(anchor, number)
    faces = [(card, side) for card in deck.cards for side in ("framsida", "baksida")]
    ends = [start[f"{c.id}-{s}"] for c, s in faces[1:]] + [len(document.pages)]
    return [
        f"studiekortet '{card.title}' ({deck.id}, {side}) får inte plats på ett A6-kort; "
        f"korta texten i {'docs/' + card.page if card.page else 'data/lagrum.yml'}"
        + (f" eller kommunens rutin i {card.local}" if card.local and side == "baksida" else "")
        for (card, side), end in zip(faces, ends)
        if end - start[f"{card.id}-{side}"] > 1
    ]


def parts(deck: Deck) -> list[Deck]:
    """The deck in chunks: WeasyPrint's layout time grows faster than the document, so each chunk
    is laid out on its own and the pages are joined afterwards (linear in the number of cards)."""
    return [replace(deck, cards=deck.cards[i : i + CHUNK]) for i in range(0, len(deck.cards), CHUNK)]


def render_joined(deck: Deck) -> tuple[Any, list[str]]:
    """One A6 document with the pages of every chunk, and the faces that did not fit."""
    documents, problems = [], []
    for part in parts(deck):
        document = _render(a6_html(part))
        problems += overflowing(part, document)
        documents.append(document)
    return documents[0].copy([page for d in documents for page in d.pages]), problems


def _cached(source: str, name: str, make) -> Path:
    """A folder of PDFs made from exactly this HTML by this code; reused so rebuilds stay fast."""
    digest = hashlib.sha256(CODE + (PDF_VARIANT + source).encode()).hexdigest()[:20]
    folder = CACHE / f"{name}-{digest}"
    if not folder.is_dir():
        tmp = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=_cache_root()))
        try:
            with _collector_paused():
                make(tmp)
            tmp.rename(folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not folder.is_dir():  # not another build laying out the same deck at the same time
                raise
        except Exception:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return folder


@contextmanager
def _collector_paused():
    """Lay out and write a deck without the cyclic garbage collector.

    A deck's chunks stay alive until they are joined and written, and every collection walks
    them again: with the collector on, time per card grew with the deck (measured: 32 ms per card
    in a deck of 64, 39 ms in one of 200; 29 ms in both with it paused). Freed after the deck."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _cache_root() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    return CACHE


def _make(deck: Deck, folder: Path) -> None:
    document, problems = render_joined(deck)
    if problems:
        raise CardTooLong("\n".join(problems))
    document.write_pdf(folder / "a6.pdf", pdf_variant=PDF_VARIANT)
    for i, card in enumerate(deck.cards if deck.singles else []):
        document.copy(document.pages[2 * i : 2 * i + 2]).write_pdf(folder / f"{card.id}.pdf", pdf_variant=PDF_VARIANT)
    impose(document, deck).write_pdf(folder / "a4.pdf", pdf_variant=PDF_VARIANT)


SIZE_SLOT = re.compile(r'<span data-pdf-storlek="([^"]+)"></span>')


def size_slot(path: str) -> str:
    """A place in a page for a PDF's file size, filled in when the PDF exists (fill_sizes)."""
    return f'<span data-pdf-storlek="{path}"></span>'


def fill_sizes(site_dir: Path) -> None:
    """Write each PDF's size into the pages that announce it (', 84 kB')."""
    for file in site_dir.joinpath(FOLDER).glob("*.html"):
        text = file.read_text(encoding="utf-8")
        sized = SIZE_SLOT.sub(lambda m: f", {max(1, round((site_dir / m[1]).stat().st_size / 1024))} kB", text)
        if sized != text:
            file.write_text(sized, encoding="utf-8")


def _job(deck: Deck) -> tuple[str, Path]:
    """Lay out one deck (in a worker process) into the cache; returns its folder."""
    return deck.id, _cached(a6_html(deck) + SHEET_CSS, deck.id, lambda tmp: _make(deck, tmp))


@dataclass
class Layout:
    """Decks being laid out in worker processes, one per core, while the build goes on."""

    decks: list[Deck]
    pool: Pool
    jobs: list[AsyncResult]

    def write(self, site_dir: Path) -> list[Deck]:
        """Wait for the decks, then put every deck (A6 and A4) and each single card into the site."""
        try:
            folders = dict(job.get() for job in self.jobs)
        finally:
            self.cancel()
        (site_dir / FOLDER / "kort").mkdir(parents=True, exist_ok=True)
        for deck in self.decks:
            folder = folders[deck.id]
            shutil.copyfile(folder / "a6.pdf", site_dir / deck.a6())
            shutil.copyfile(folder / "a4.pdf", site_dir / deck.a4())
            for card in deck.cards if deck.singles else []:
                shutil.copyfile(folder / f"{card.id}.pdf", site_dir / card_pdf(card.id))
        return self.decks

    def cancel(self) -> None:
        """Stop the workers at once (a stopped build must not wait for a deck it will not use)."""
        self.pool.terminate()
        self.pool.join()


def lay_out(site: Site) -> Layout:
    """Start laying out every deck not in the cache, largest first (the workers fork from here)."""
    all_decks = sorted((d for d in decks(site) if d.cards), key=lambda d: len(d.cards), reverse=True)
    pool = multiprocessing.get_context("fork").Pool(os.cpu_count(), initializer=worker_start)
    return Layout(all_decks, pool, [pool.apply_async(_job, (deck,)) for deck in all_decks])


def local_deck(site: Site) -> Deck:
    """A kommun edition's own cards: those of its pages that carry a routine the kommun has filled."""
    pages = sorted(site.pages.values(), key=sort_key)
    found = [with_local_routines(site, p, CARD_KINDS[p.meta.typ](site, p)) for p in pages if p.meta.typ in CARD_KINDS]
    kommun = site.kommun.id if site.kommun else ""
    return Deck(f"kommun-{kommun}", "", "", [c for c in found if c.local], singles=True)


def write_local(site: Site, site_dir: Path) -> list[str]:
    """Each card of the edition's own (local_deck) as its single PDF, at its national place in
    site_dir (the edition's folder); returns their paths. Laid out here, and kept in the cache."""
    deck = local_deck(site)
    if not deck.cards:
        return []
    folder = _cached(a6_html(deck) + SHEET_CSS, deck.id, lambda tmp: _make(deck, tmp))
    (site_dir / FOLDER / "kort").mkdir(parents=True, exist_ok=True)
    for card in deck.cards:
        shutil.copyfile(folder / f"{card.id}.pdf", site_dir / card_pdf(card.id))
    return [card_pdf(card.id) for card in deck.cards]


def write_decks(site: Site, site_dir: Path) -> list[Deck]:
    """Write every deck and single card of the content into the built site."""
    return lay_out(site).write(site_dir)
