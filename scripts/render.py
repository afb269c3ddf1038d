"""Turn a page's data into Markdown: the one place that decides how a page looks.

Every page renders in the same order: title, summary, the editor's text, then the structured
sections in SECTIONS order, then the review dates. Editors write data, not layout.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from . import cards, lagrum
from .content import Page, Site
from .markup import PHONE, STANDALONE, escape, first_sentence, inline, tel_href
from .nav import children, html_link, link, menu_title, sort_key
from .schema import ChecklistItem, EasyReadPage, Point, ProcessStep, Question, SituationGuide, SourceRef

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
RESPONSIBLE = {
    "myndighet": "Myndigheten (handläggaren)",
    "utforare": "Utföraren (boendestödet)",
    "bada": "Myndighet och utförare",
}


def swedish_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _source_name(site: Site, source_id: str | None) -> str:
    return site.sources[source_id].kortnamn if source_id in site.sources else str(source_id)


def _text(item) -> str:
    return getattr(item, "text", None) or getattr(item, "fraga", None) or str(item)


# How binding a point is, by the kind of its source (data/kallor.yml `slag`) or its lagrum:
# (level, label). Shown on every point, so a reader can tell a rule of law from good practice.
STRENGTH = {
    "lag": ("ska", "Lag"),
    "foreskrift": ("ska", "Föreskrift"),
    "allmanna-rad": ("bor", "Allmänt råd"),
    "praxis": ("praxis", "Rättspraxis"),
}
GUIDANCE = ("kan", "Vägledning")
STRENGTH_TITLE = {
    "ska": "Ska: en regel i lag, förordning eller föreskrift",
    "bor": "Bör: ett allmänt råd från en myndighet",
    "praxis": "Så har en domstol tolkat lagen",
    "kan": "Kan: vägledning och god praxis, inte en regel",
}


def strength(page: Page, site: Site, item) -> tuple[str, str]:
    """(level, label) of a point: a lagrum makes it law; else its source's kind decides, and a
    point without a source of its own has the page's first source."""
    if isinstance(item, Point) and item.lagrum:  # the kind of law the provision is in: lag, föreskrift, allmänna råd
        law = site.laws[site.provisions[item.lagrum].lag]
        return STRENGTH.get(law.slag, GUIDANCE)
    source = item.kalla if isinstance(item, Point) else next((r.dokument for r in page.meta.kallor), None)
    doc = site.sources.get(source or "")
    return STRENGTH.get(doc.slag, GUIDANCE) if doc else GUIDANCE


GUIDANCE_NOTE = "Punkterna är vägledning och god praxis (kan) där inget annat står."


def _point(page: Page, site: Site, item) -> str:
    """A point with its strength when it is more than guidance (the list says that its points are
    guidance otherwise); one from another source than the page's says which, one that states a
    rule cites its lagrum, and one from a local document says that it describes one kommun (a
    national page never passes a local rule off as national)."""
    level, label = strength(page, site, item)
    mark = (
        ""
        if (level, label) == GUIDANCE
        else f'<span class="portal-styrka portal-styrka--{level}" title="{STRENGTH_TITLE[level]}">{label}</span>'
    )
    if not isinstance(item, Point):
        return f"{item} {mark}".rstrip()
    extra = []
    if item.lagrum:
        extra.append(lagrum_link(page, site, item.lagrum))
    doc = site.sources.get(item.kalla or "")
    if doc is not None and doc.lokal:
        local = f"Lokalt exempel: {escape(doc.lokal)}, {escape(doc.kortnamn)}"
        return (
            f'{item.text} {mark} <span class="portal-kalla portal-kalla--lokal">({"; ".join([*extra, local])})</span>'
        )
    if item.kalla:
        extra.append(f"Källa: {escape(_source_name(site, item.kalla))}")
    return f'{item.text} {mark} <span class="portal-kalla">({"; ".join(extra)})</span>'


def strength_note(page: Page, site: Site, items) -> list[str]:
    """After a list with guidance among its points: that its points are guidance unless marked
    (after, not before: on a phone the first steps come first)."""
    if any(strength(page, site, i) == GUIDANCE for i in items):
        return ["", GUIDANCE_NOTE, "{: .portal-styrka-lista }"]
    return []


def _points(page: Page, site: Site, items) -> list[str]:
    return [*(f"- {_point(page, site, i)}" for i in items), *strength_note(page, site, items)]


def _numbered(page: Page, site: Site, items) -> list[str]:
    return [*(f"{n}. {_point(page, site, i)}" for n, i in enumerate(items, 1)), *strength_note(page, site, items)]


def _paragraph(page: Page, site: Site, text) -> list[str]:
    return [text]


def _warnings(page: Page, site: Site, items) -> list[str]:
    return ['<div class="portal-tank-pa" markdown>', "", *_points(page, site, items), "", "</div>"]


def _questions(page: Page, site: Site, items) -> list[str]:
    """The page's reflection questions, and 'Dra en fråga' among them (portal.js)."""
    out = ['<ol class="portal-fragor">']
    for q in items:
        mark = (
            f' <span class="portal-kalla">(Fråga ur {escape(_source_name(site, q.kalla))})</span>'
            if isinstance(q, Question) and q.kalla
            else ""
        )
        out.append(f"<li data-portal-fraga>{inline(_text(q))}{mark}</li>")
    return [
        *out,
        "</ol>",
        "",
        '<div class="portal-dra" hidden><p><button type="button" class="md-button" '
        'data-portal-dra>Dra en fråga från sidan</button></p><p class="portal-dragen" aria-live="polite"></p></div>',
    ]


def lagrum_link(page: Page, site: Site, provision_id: str) -> str:
    p = site.provisions[provision_id]
    return f"[{lagrum.citation(p, site.laws)}]({link(page.path, lagrum.page_path(p))})"


def _lagrum(page: Page, site: Site, ids) -> list[str]:
    return [f"- {lagrum_link(page, site, pid)} – {site.provisions[pid].rubrik}." for pid in ids]


def card_anchor(page: Page, target: Page) -> str:
    """Raw HTML link to a page's study card (the PDF is made after MkDocs reads the pages)."""
    href = link(page.path, cards.card_pdf(cards.card_id(target)))
    return f'<a href="{href}" download>studiekort (PDF)</a>'


def _related(page: Page, site: Site, paths) -> list[str]:
    out = []
    for p in paths:
        target = site.pages[p]
        line = f"- [{target.meta.titel}]({link(page.path, p)}) – {first_sentence(target.meta.sammanfattning)}"
        if target.meta.typ in cards.CARD_KINDS:
            line += f" · {card_anchor(page, target)}"
        out.append(line)
    return out


def _cards(page: Page, site: Site, paths) -> list[str]:
    return [f"- {site.pages[p].meta.titel}: {card_anchor(page, site.pages[p])}" for p in paths]


def _pages(page: Page, site: Site, paths) -> list[str]:
    return [f"- [{site.pages[p].meta.titel}]({link(page.path, p)})" for p in paths]


def checklist(list_id: str, items: list[ChecklistItem], stored: bool = True) -> list[str]:
    """Checkboxes; with `stored` the ticks are kept in the browser (assets/javascripts/portal.js),
    each by the item's id (data-portal-id), so a reworded or moved item keeps its tick."""
    attr = f' data-portal-checklista="{escape(list_id)}"' if stored else ""
    lines = [f'<ul class="portal-checklista"{attr}>']
    for item in items:
        box_id = f"bock-{list_id}-{item.id}".replace("/", "-").replace(".", "-")
        lines.append(
            f'<li><label for="{box_id}"><input type="checkbox" id="{box_id}" data-portal-id="{item.id}"> '
            f"{inline(item.text, phones=False)}</label></li>"
        )
    return lines + ["</ul>"]


def _checklist(page: Page, site: Site, items) -> list[str]:
    return checklist(page.path.removesuffix(".md"), items)


def self_check(page: Page, site: Site, questions) -> list[str]:
    """Multiple choice with native radio buttons: one fieldset per question, the explanation and a
    link to the page that teaches it shown after an answer (portal.js); results stay in the browser."""
    check_id = page.path.removesuffix(".md").replace("/", "-")
    out = [
        f'<form class="portal-sjalvtest" data-portal-sjalvtest="{check_id}">',
        '<p class="portal-sjalvtest__resultat" role="status" aria-live="polite"></p>',
    ]
    for n, q in enumerate(questions, 1):
        name = f"{check_id}-{q.id}"
        options = "".join(
            f'<label><input type="radio" name="{name}" value="{i}"{" data-ratt" if i == q.ratt else ""}> {inline(a, phones=False)}</label>'
            for i, a in enumerate(q.alternativ, 1)
        )
        teach = html_link(page.path, q.sida)
        out.append(
            f'<fieldset class="portal-sjalvtest__fraga" data-portal-id="{q.id}"><legend>{n}. {inline(q.fraga, phones=False)}</legend>{options}'
            f'<div class="portal-sjalvtest__svar" aria-live="polite" hidden><p class="portal-sjalvtest__bedomning"></p>'
            f'<p>{inline(q.forklaring)} <a href="{teach}">Läs mer: {escape(site.pages[q.sida].meta.titel)}</a></p></div>'
            "</fieldset>"
        )
    out += [
        '<p><button type="reset" class="md-button" data-portal-sjalvtest-nollstall>Börja om</button></p>',
        "</form>",
    ]
    return out


def process_map(page: Page, site: Site, steps: list[ProcessStep]) -> list[str]:
    """The handläggning as a flow of boxes: plain HTML and CSS, readable without JavaScript."""
    overview = "".join(
        f'<li><a href="#steg-{n}"><span>{n}</span> {escape(step.steg)}</a></li>' for n, step in enumerate(steps, 1)
    )
    out = [
        f'<nav class="portal-stegvis" aria-label="Stegen i översikt"><ol>{overview}</ol></nav>',
        '<ol class="portal-process">',
    ]
    for n, step in enumerate(steps, 1):
        items = "".join(f"<li>{inline(i)}</li>" for i in step.innehall)
        extra = []
        if step.tidsgrans:
            extra.append(f'<p class="portal-process__tid"><strong>Tidsgräns:</strong> {inline(step.tidsgrans)}</p>')
        if step.lagrum:
            cites = ", ".join(
                f'<a href="{html_link(page.path, lagrum.page_path(site.provisions[i]))}">'
                f"{escape(lagrum.citation(site.provisions[i], site.laws))}</a>"
                for i in step.lagrum
            )
            extra.append(f'<p class="portal-process__lag"><strong>Lagrum:</strong> {cites}</p>')
        if step.sida:
            extra.append(
                f'<p><a class="{STANDALONE}" href="{html_link(page.path, step.sida)}">Läs mer: {escape(site.pages[step.sida].meta.titel)}</a></p>'
            )
        out.append(
            f'<li id="steg-{n}" class="portal-process__steg portal-process__steg--{step.ansvarig}">'
            f'<h3 class="portal-process__namn">{escape(step.steg)}</h3>'
            f'<p class="portal-process__ansvar">{RESPONSIBLE[step.ansvarig]}</p>'
            f"<ul>{items}</ul>{''.join(extra)}</li>"
        )
    return out + ["</ol>"]


def source_lines(site: Site, refs: list[SourceRef]) -> list[str]:
    """One line per document, with every section the page uses from it."""
    sections: dict[str, list[str]] = {}
    for ref in refs:
        sections.setdefault(ref.dokument, []).append(ref.avsnitt)
    lines = []
    for doc_id, names in sections.items():
        doc = site.sources[doc_id]
        label = "Avsnitt" if len(names) == 1 else "Avsnitten"
        lines.append(f"{doc.utgivare}: *{doc.titel}*, {doc.ar}. {label}: {'; '.join(dict.fromkeys(names))}.")
    return lines


def _sources(page: Page, site: Site, refs) -> list[str]:
    return [f"- {line}" for line in source_lines(site, refs)]


def _first_do(page: Page, site: Site, text) -> list[str]:
    """What to do first, and a large button for each number it names: one tap calls it."""
    numbers = list(dict.fromkeys(PHONE.findall(text)))
    buttons = " ".join(f"[Ring {n}]({tel_href(n)}){{: .portal-ring-knapp }}" for n in numbers)
    calls = [buttons, '{: .portal-ring-knappar data-portal-las-inte="" }', ""] if buttons else []
    return ['<div class="portal-akut" markdown>', "", f"**Gör så här först:** {text}", "", *calls, "</div>"]


def _calls(page: Page, site: Site, calls) -> list[str]:
    """Who to call: name, number and when; the number is a tel: link, so a phone dials it with one tap."""
    out = []
    for call in calls:
        number = call.nummer or (call.vem if tel_href(call.vem) else None)
        who = f"**{call.vem}**" if call.nummer or not number else ""
        dial = f"[{number}]({tel_href(number)}){{: .portal-ring }}" if number else ""
        source = (
            f' <span class="portal-kalla">(Källa: {escape(_source_name(site, call.kalla))})</span>'
            if call.kalla
            else ""
        )
        out.append(f"- {' '.join(filter(None, [who, dial]))} – {call.nar}{source}")
    return out


def _role_end(page: Page, site: Site, text) -> list[str]:
    return [text]


def _routines(page: Page, site: Site, ids) -> list[str]:
    """Routine slots: the kommun's own routine in a kommun edition, else the neutral default."""
    out = []
    for slot_id in ids:
        slot = site.slots[slot_id]
        kommun = site.kommun
        local = kommun.rutiner.get(slot_id) if kommun else None
        text = local or slot.standard
        marker = f' data-kommun="{kommun.id}"' if kommun and local else ""
        label = f"{kommun.i_text}: " if kommun and local else ""
        out += [
            f'<div class="portal-rutin"{marker} markdown>',
            "",
            f"**{slot.rubrik}.** {label}{text}",
            "",
            "</div>",
            "",
        ]
    return out


# (field, heading, renderer). This order is the order on every page of every kind: what to do
# comes first (a phone shows it without scrolling), the explanation (BODY, the editor's text) after.
BODY = "body"
SECTIONS = [
    ("syfte", "Syfte", _paragraph),
    ("fall", "Fallet", _paragraph),
    ("gor_forst", None, _first_do),
    ("steg", "Gör så här", _numbered),
    ("ring", "Ring", _calls),
    ("upplagg", "Upplägg", _numbered),
    ("process", "Processen steg för steg", process_map),
    ("stod", "Så kan du stödja", _points),
    ("att_gora", "Så gör du", _points),
    ("i_vardagen", "Så kan det märkas i vardagen", _points),
    (BODY, None, None),
    ("efterat", "Efteråt", _points),
    ("din_roll", "Här slutar din roll", _role_end),
    ("rutiner", "Rutiner där du arbetar", _routines),
    ("las", "Läs", _pages),
    ("samtala", "Prata igenom med din mentor", _points),
    ("studiekort", "Studiekort", _cards),
    ("checklista", "Checklista", _checklist),
    ("sjalvtest", "Testa dig själv", self_check),
    ("tank_pa", "Tänk på", _warnings),
    ("reflektionsfragor", "Reflektionsfrågor", _questions),
    ("lagrum", "Lagrum", _lagrum),
    ("relaterat", "Läs också", _related),
    ("kallor", "Källor", _sources),
]
SAFETY_FIRST = {"malgrupp", "tema"}  # kinds whose first tank_pa is shown right under the summary


def situations_for(page: Page, site: Site) -> list[Page]:
    """The situation guides that build on this page (they name it in `relaterat`)."""
    return sorted(
        (p for p in site.pages.values() if p.meta.typ == "situation" and page.path in p.meta.relaterat),
        key=lambda p: p.meta.titel,
    )


def top_of_page(page: Page, site: Site) -> list[str]:
    """Under the summary: the safety line, and the situation guides for this subject."""
    out = []
    m = page.meta
    if m.typ in SAFETY_FIRST and getattr(m, "tank_pa", None):
        out += [
            '<div class="portal-tank-pa portal-tank-pa--forst" markdown>',
            "",
            f"**Tänk på först:** {_point(page, site, m.tank_pa[0])}",
            "",
            "</div>",
            "",
        ]
    if isinstance(m, EasyReadPage):
        target = site.pages[m.vanlig_sida]
        out += [
            '<p data-portal-las-inte><span class="portal-lattlast-markor">Lättläst</span> '
            f'Mer om samma sak för personal: <a href="{html_link(page.path, target.path)}">{escape(target.meta.titel)}</a></p>',
            "",
        ]
    easy = [p for p in site.pages_of(EasyReadPage) if p.meta.vanlig_sida == page.path]
    if easy:
        out += [
            '<p class="portal-lattlast-lank" data-portal-las-inte><span class="portal-lattlast-markor">Lättläst</span> '
            + " · ".join(f'<a href="{html_link(page.path, e.path)}" lang="sv">{escape(e.meta.titel)}</a>' for e in easy)
            + "</p>",
            "",
        ]
    guides = situations_for(page, site)
    if guides:
        links = " · ".join(f"[{g.meta.titel}]({link(page.path, g.path)})" for g in guides)
        out += [
            '<div class="portal-om-det-hander" data-portal-las-inte markdown>',
            "",
            f"**Om det händer:** {links}",
            "",
            "</div>",
            "",
        ]
    return out


def local_boxes(page: Page, site: Site, section: str) -> list[str]:
    """A kommun edition's additions to this section of this page, each marked with the kommun."""
    out = []
    for add in site.additions:
        if add.meta.sida != page.path or add.meta.avsnitt != section:
            continue
        a, k = add.meta, site.kommun
        assert k, "additions come only with a kommun edition"
        sources = "; ".join(f"{_source_name(site, r.dokument)}, {r.avsnitt}" for r in a.kallor)
        out += [
            "",
            f'<div class="portal-lokalt" data-kommun="{k.id}" markdown>',
            "",
            f"**{k.i_text}:**",  # a line of its own: a body that is a list stays a list
            "",
            add.body.strip(),
            "",
            f"*Lokalt tillägg. Ansvarig: {a.agare}. Källa: {sources}. "
            f"Granskad {swedish_date(a.senast_granskad)}, nästa granskning {swedish_date(a.nasta_granskning)}.*",
            "",
            "</div>",
        ]
    return out


def jump_list(page: Page, sections: list[tuple[str, str]]) -> list[str]:
    """In-page links to the sections, shown on phones only (where the table of contents is hidden)."""
    if len(sections) < 3:
        return []
    items = "".join(f'<li><a href="#{anchor}">{escape(heading)}</a></li>' for heading, anchor in sections)
    return [
        f'<nav class="portal-hopplista" aria-label="På sidan"><details><summary>På sidan</summary><ul>{items}</ul></details></nav>',
        "",
    ]


def folder_listing(page: Page, site: Site) -> list[str]:
    """An index page lists the pages in its folder with a one-line summary each."""
    if not page.is_index or not page.folder:
        return []
    shown = [c for c in children(site, page.folder) if c.meta.i_menyn]
    lines = [
        f"- **[{menu_title(c)}]({link(page.path, c.path)})** – {first_sentence(c.meta.sammanfattning)}" for c in shown
    ]
    checks = [c for c in shown if getattr(c.meta, "sjalvtest", None)]
    if checks:  # the introduction: how far the reader has come in the self-checks (portal.js fills it in)
        items = "".join(
            f'<li data-portal-sjalvtest-id="{c.path.removesuffix(".md").replace("/", "-")}" '
            f'data-fragor="{" ".join(q.id for q in c.meta.sjalvtest)}"><a href="{html_link(page.path, c.path)}#testa-dig-sjalv">'
            f"{escape(menu_title(c))}</a>: <span>inte påbörjad</span></li>"
            for c in checks
        )
        lines += [
            "",
            "## Dina självtester",
            "",
            "Resultaten sparas bara i den här webbläsaren.",
            "",
            f'<ul class="portal-sjalvtest-summering">{items}</ul>',
        ]
    return ["## Sidor i avsnittet", "", *lines] if lines else []


def card_link(page: Page) -> list[str]:
    """Pages with a study card get a button to its PDF, after the advice."""
    if page.meta.typ not in cards.CARD_KINDS:
        return []
    href = link(page.path, cards.card_pdf(cards.card_id(page)))
    return [
        f'<p class="portal-verktyg" data-portal-las-inte><a class="md-button" href="{href}" download>Skriv ut studiekort (PDF, A6)</a></p>',
        "",
    ]


# --- Lyssna: the page read aloud by the device's own Swedish voice -------------------------------
# docs/assets/javascripts/portal-lyssna.js shows the controls and does the reading; it says what the
# page's main text is. Reading stops at the first of these sections: they are references (laws,
# other pages, sources), not the page's text.
LISTEN_ENDS = ("lagrum", "relaterat", "kallor")


def listen_controls() -> list[str]:
    """The controls, hidden: without JavaScript there is no button that does nothing. Real buttons,
    each at least 44 × 44 px (portal.css); the speed is a group of three toggle buttons."""
    ends = " ".join(slug(heading) for name, heading, _ in SECTIONS if name in LISTEN_ENDS and heading)
    speeds = "".join(
        f'<button type="button" class="portal-knapp" data-portal-lyssna-takt="{rate}" '
        f'aria-pressed="{"true" if rate == "1" else "false"}">{label}</button>'
        for rate, label in (("0.75", "Långsamt"), ("1", "Normalt"), ("1.25", "Snabbt"))
    )
    return [
        f'<div class="portal-lyssna" data-portal-lyssna data-portal-lyssna-slut="{ends}" hidden>'
        '<div class="portal-lyssna__knappar">'
        '<button type="button" class="portal-knapp portal-knapp--huvud" data-portal-lyssna-start>'
        "Lyssna på sidan</button>"
        '<button type="button" class="portal-knapp" data-portal-lyssna-paus hidden>Pausa</button>'
        '<button type="button" class="portal-knapp" data-portal-lyssna-fortsatt hidden>Fortsätt</button>'
        '<button type="button" class="portal-knapp" data-portal-lyssna-sluta hidden>Sluta</button>'
        "</div>"
        '<div class="portal-lyssna__takter" role="group" aria-label="Hastighet" data-portal-lyssna-takter hidden>'
        f'<span class="portal-lyssna__etikett" aria-hidden="true">Hastighet:</span>{speeds}</div>'
        '<p class="portal-lyssna__mening" data-portal-lyssna-mening hidden></p>'
        '<p class="portal-lyssna__status" role="status" data-portal-lyssna-status></p>'
        "</div>",
        "",
    ]


# --- pictures on the lättläst pages ------------------------------------------------------------
# One picture per section, from Tabler Icons (MIT), vendored as SVG files; the editor names one per
# heading in `bilder`, the two sections the build adds have their own. A picture says the same as its
# heading, so it is decorative: alt="" (WCAG 2.1 SC 1.1.1, technique H67) and a screen reader skips
# it; the heading carries the meaning. An alt text would make a screen reader say everything twice.
PICTURES = "assets/bilder/lattlast"
PICTURE_LICENCE = f"{PICTURES}/tabler-icons-license.txt"
BUILT_SECTION_PICTURES = {"Källor": "book", "Sidor i avsnittet": "list"}
HEADING = re.compile(r"^## +(.+?)(?: +#+)?\s*$")


def section_headings(markdown_text: str) -> list[tuple[int, str]]:
    """(line number from 0, heading text) of every '## ' heading, outside fenced code."""
    found, fenced = [], False
    for n, line in enumerate(markdown_text.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            found.append((n, match[1]))
    return found


def picture_of(page: Page, heading: str) -> str | None:
    m = page.meta
    return (
        m.bilder.get(heading)
        if isinstance(m, EasyReadPage) and heading in m.bilder
        else BUILT_SECTION_PICTURES.get(heading)
    )


def with_pictures(page: Page, markdown_text: str) -> str:
    """A lättläst page's Markdown with its picture above each section heading."""
    if not isinstance(page.meta, EasyReadPage):
        return markdown_text
    lines = markdown_text.split("\n")
    for n, heading in reversed(section_headings(markdown_text)):
        name = picture_of(page, heading)
        if name:
            src = html_link(page.path, f"{PICTURES}/{name}.svg")
            lines[n:n] = ["", f'<div class="portal-bild"><img src="{src}" alt="" width="56" height="56"></div>', ""]
    return "\n".join(lines)


def picture_licence(page: Page) -> list[str]:
    if not isinstance(page.meta, EasyReadPage):
        return []
    href = html_link(page.path, PICTURE_LICENCE)
    return [
        "",
        '<p class="portal-bildlicens" data-portal-las-inte>Bilderna på sidan kommer från Tabler Icons och har '
        f'MIT-licensen. <a href="{href}" hreflang="en">Läs licensen (på engelska)</a>.</p>',
    ]


def review_footer(page: Page) -> list[str]:
    m = page.meta
    return [
        '<p class="portal-granskning">'
        f'Senast granskad: <time datetime="{m.senast_granskad}">{swedish_date(m.senast_granskad)}</time>. '
        f'Nästa granskning: <time datetime="{m.nasta_granskning}">{swedish_date(m.nasta_granskning)}</time>.'
        "</p>"
    ]


CHANGE_LABELS = {"innehall": "Ändrat i sak", "redaktionell": "Språk och form"}


def page_history(page: Page) -> list[str]:
    """The page's own history (`andringar`), the newest first; each line has an anchor
    (#andring-N, counted from the oldest, so it stays put) that the feed links to."""
    entries = list(getattr(page.meta, "andringar", []))
    if not entries:
        return []
    items = "".join(
        f'<li id="andring-{len(entries) - i}"><time datetime="{c.datum}">{swedish_date(c.datum)}</time>. '
        f"{CHANGE_LABELS[c.slag]}: {escape(c.vad)}</li>"
        for i, c in enumerate(entries)
    )
    return [
        "",
        '<details class="portal-historik" id="andringar" data-portal-las-inte>'
        f"<summary>Ändringar på sidan ({len(entries)})</summary><ul>{items}</ul></details>",
    ]


def resolve_links(markdown: str, site: Site) -> str:
    """[text](lank:id) → the address from data/lankar.yml (the one place external links live)."""
    return re.sub(r"\]\(lank:([a-z0-9-]+)\)", lambda m: f"]({site.links[m[1]].url})", markdown)


def abbreviations(markdown: str, site: Site) -> list[str]:
    """Markdown abbr definitions for the glossary terms this page uses: they become tooltips."""
    found = set(_glossary_pattern(tuple(t.term for t in site.glossary)).findall(markdown))
    return [f"*[{t.term}]: {t.forklaring}" for t in site.glossary if t.term in found]


@cache
def _glossary_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One pattern for every term, longest first, each standing as a word of its own."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?=({alternatives})(?![\w]))")  # zero-width: a term inside another counts too


def slug(heading: str) -> str:
    """The id Python-Markdown's toc gives a heading (lower case, words joined by '-')."""
    from markdown.extensions.toc import slugify

    return slugify(heading, "-")


def render_page(page: Page, site: Site) -> str:
    """The complete Markdown the engine gets for this page."""
    m = page.meta
    body: list[str] = []
    if page.body.strip():
        body += [page.body.strip(), ""]
    listing = folder_listing(page, site)
    if listing:
        body += [*listing, ""]
    sections: list[str] = []
    headings: list[tuple[str, str]] = []
    jump_at = 0
    first_end = 0  # where the first section ends
    for name, heading, renderer in SECTIONS:
        if name == BODY:
            sections += body
            first_end = first_end or len(sections)
            continue
        value = getattr(m, name, None)
        if m.typ in SAFETY_FIRST and name == "tank_pa":
            value = (value or [])[1:]
        if not value:
            continue
        if name == "kallor":
            sections += card_link(page)
        if heading:
            sections += [f"## {heading}", ""]
            headings.append((heading, slug(heading)))
        assert renderer, name  # only BODY has none
        sections += [*renderer(page, site, value), *local_boxes(page, site, name), ""]
        first_end = first_end or len(sections)
        if name == "steg":  # a guide's first steps come before anything else, the jump list after them
            jump_at = len(sections)
    summary = [m.sammanfattning, "{: .portal-ingress }", ""]
    # Lyssna under the title; where the advice must be on a phone's first screen (tested), after it:
    # after a guide's steps, after the first section of a target or theme page.
    listen = listen_controls()
    if m.typ == "situation":  # on a phone the first three steps come first; what the guide covers after them
        sections[jump_at:jump_at] = [*listen, *summary, *jump_list(page, headings)]
        summary, listen = [], []
    else:
        if m.typ in SAFETY_FIRST:
            sections[first_end:first_end] = listen
            listen = []
        sections[jump_at:jump_at] = jump_list(page, headings)
    out = [
        f"# {m.titel}",
        "",
        *listen,
        *summary,
        *local_boxes(page, site, "inledning"),
        *start_page(page, site),
        *top_of_page(page, site),
        *sections,
        *review_footer(page),
        *page_history(page),
        *picture_licence(page),
    ]
    text = resolve_links(with_pictures(page, "\n".join(out)) + "\n", site)
    terms = abbreviations(text, site)
    return text + ("\n" + "\n".join(terms) + "\n" if terms else "")


SEARCH_PAGE = "sok.md"
SEARCH_HINT = "Till exempel: öppnar inte dörren, ångest, 11 kap. 1 §"


def search_form(from_path: str, autofocus: bool = False) -> str:
    """The portal's search form: on the search page and the start page. Without JavaScript it is a
    form; with it, the search page answers as you type (assets/javascripts/portal-sok.js)."""
    focus = " autofocus" if autofocus else ""
    return (
        f'<form class="portal-sok" role="search" action="{html_link(from_path, SEARCH_PAGE)}" method="get"'
        f"{' data-portal-sok' if autofocus else ''}>"
        '<label for="portal-sok-falt">Sök i portalen</label>'
        f'<input id="portal-sok-falt" type="search" name="q" autocomplete="off" placeholder="{SEARCH_HINT}"{focus}>'
        '<button class="md-button md-button--primary" type="submit">Sök</button>'
        "</form>"
    )


def start_page(page: Page, site: Site) -> list[str]:
    """The start page leads: a search box in the page, then the situation guides as large entries."""
    if page.path != "index.md":
        return []
    guides = sorted(site.pages_of(SituationGuide), key=sort_key)
    out = [search_form(page.path), ""]
    if "lattlast/index.md" in site.pages:  # on the first phone screen, for the person who has boendestöd
        out += [
            f'<p class="portal-genvagar" data-portal-las-inte><a href="{html_link(page.path, "lattlast/index.md")}" lang="sv">'
            '<span class="portal-lattlast-markor">Lättläst</span> Om boendestöd med lätta ord</a></p>',
            "",
        ]
    if guides:
        out += ["## När det händer", "", '<ul class="portal-situationer">']
        out += [guide_tile(page, g) for g in guides]
        out += ["</ul>", ""]
    return out


def guide_tile(page: Page, guide: Page) -> str:
    """A guide on the start page: its title and first step; a guide for when a life may be at risk
    says so in words and a heavier frame, not by colour alone."""
    urgent = guide.meta.livsfara
    item = '<li class="portal-livsfara">' if urgent else "<li>"
    return (
        f'{item}<a href="{html_link(page.path, guide.path)}">'
        + ('<span class="portal-livsfara__markor">Livsfara</span>' if urgent else "")
        + f"<strong>{escape(guide.meta.titel)}</strong><span>{inline(first_sentence(guide.meta.gor_forst), phones=False)}</span></a></li>"
    )
