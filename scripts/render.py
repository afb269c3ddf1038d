"""Turn a page's data into Markdown: the one place that decides how a page looks.

Every page renders in the same order: title, summary, the editor's text, then the structured
sections in SECTIONS order, then the review dates. Editors write data, not layout.
"""
from __future__ import annotations

import re
from datetime import date

from . import cards, lagrum
from .content import Page, Site
from .markup import escape, inline
from .nav import children, html_link, link
from .schema import Point, ProcessStep, Question, SourceRef

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]
RESPONSIBLE = {"myndighet": "Myndigheten (handläggaren)", "utforare": "Utföraren (boendestödet)",
               "bada": "Myndighet och utförare"}


def swedish_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _source_name(site: Site, source_id: str | None) -> str:
    return site.sources[source_id].kortnamn if source_id in site.sources else str(source_id)


def _text(item) -> str:
    return getattr(item, "text", None) or getattr(item, "fraga", None) or str(item)


def _point(site: Site, item) -> str:
    if isinstance(item, Point):
        return f"{item.text} *(Källa: {_source_name(site, item.kalla)})*"
    return item


def _points(page: Page, site: Site, items) -> list[str]:
    return [f"- {_point(site, i)}" for i in items]


def _numbered(page: Page, site: Site, items) -> list[str]:
    return [f"{n}. {_point(site, i)}" for n, i in enumerate(items, 1)]


def _paragraph(page: Page, site: Site, text) -> list[str]:
    return [text]


def _warnings(page: Page, site: Site, items) -> list[str]:
    return ['<div class="portal-tank-pa" markdown>', "", *_points(page, site, items), "", "</div>"]


def _questions(page: Page, site: Site, items) -> list[str]:
    out = []
    for n, q in enumerate(items, 1):
        mark = f" *(Fråga ur {_source_name(site, q.kalla)})*" if isinstance(q, Question) and q.kalla else ""
        out.append(f"{n}. {_text(q)}{mark}")
    return out


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


def checklist(list_id: str, items: list[str], stored: bool = True) -> list[str]:
    """Checkboxes; with `stored` the ticks are kept in the browser (assets/javascripts/portal.js)."""
    attr = f' data-portal-checklista="{escape(list_id)}"' if stored else ""
    lines = [f'<ul class="portal-checklista"{attr}>']
    for n, item in enumerate(items, 1):
        box_id = f"{list_id}-{n}".replace("/", "-").replace(".", "-")
        lines.append(f'<li><input type="checkbox" id="{box_id}"> <label for="{box_id}">{inline(item)}</label></li>')
    return lines + ["</ul>"]


def _checklist(page: Page, site: Site, items) -> list[str]:
    return checklist(page.path.removesuffix(".md"), items)


def process_map(page: Page, site: Site, steps: list[ProcessStep]) -> list[str]:
    """The handläggning as a flow of boxes: plain HTML and CSS, readable without JavaScript."""
    out = ['<ol class="portal-process">']
    for step in steps:
        items = "".join(f"<li>{inline(i)}</li>" for i in step.innehall)
        extra = []
        if step.tidsgrans:
            extra.append(f'<p class="portal-process__tid"><strong>Tidsgräns:</strong> {inline(step.tidsgrans)}</p>')
        if step.lagrum:
            cites = ", ".join(f'<a href="{html_link(page.path, lagrum.page_path(site.provisions[i]))}">'
                              f"{escape(lagrum.citation(site.provisions[i], site.laws))}</a>" for i in step.lagrum)
            extra.append(f'<p class="portal-process__lag"><strong>Lagrum:</strong> {cites}</p>')
        if step.sida:
            extra.append(f'<p><a href="{html_link(page.path, step.sida)}">Läs mer: {escape(site.pages[step.sida].meta.titel)}</a></p>')
        out.append(f'<li class="portal-process__steg portal-process__steg--{step.ansvarig}">'
                   f'<h3 class="portal-process__namn">{escape(step.steg)}</h3>'
                   f'<p class="portal-process__ansvar">{RESPONSIBLE[step.ansvarig]}</p>'
                   f'<ul>{items}</ul>{"".join(extra)}</li>')
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


# (field, heading, renderer). This order is the order on every page of every kind.
SECTIONS = [
    ("syfte", "Syfte", _paragraph),
    ("fall", "Fallet", _paragraph),
    ("upplagg", "Upplägg", _numbered),
    ("process", "Processen steg för steg", process_map),
    ("i_vardagen", "Så kan det märkas i vardagen", _points),
    ("stod", "Så kan du stödja", _points),
    ("att_gora", "Så gör du", _points),
    ("las", "Läs", _pages),
    ("samtala", "Prata igenom med din mentor", _points),
    ("studiekort", "Studiekort", _cards),
    ("checklista", "Checklista", _checklist),
    ("tank_pa", "Tänk på", _warnings),
    ("reflektionsfragor", "Reflektionsfrågor", _questions),
    ("lagrum", "Lagrum", _lagrum),
    ("relaterat", "Läs också", _related),
    ("kallor", "Källor", _sources),
]


def folder_listing(page: Page, site: Site) -> list[str]:
    """An index page lists the pages in its folder with a one-line summary each."""
    if not page.is_index or not page.folder:
        return []
    lines = [f"- **[{c.meta.titel}]({link(page.path, c.path)})** – {first_sentence(c.meta.sammanfattning)}"
             for c in children(site, page.folder) if c.meta.i_menyn]
    return ["## Sidor i avsnittet", "", *lines] if lines else []


def card_link(page: Page) -> list[str]:
    """Pages with a study card get a button to its PDF near the top."""
    if page.meta.typ not in cards.CARD_KINDS:
        return []
    href = link(page.path, cards.card_pdf(cards.card_id(page)))
    return [f'<p class="portal-verktyg"><a class="md-button" href="{href}" download>'
            "Skriv ut studiekort (PDF, A6)</a></p>", ""]


def review_footer(page: Page) -> list[str]:
    m = page.meta
    return ['<p class="portal-granskning">'
            f"Senast granskad: <time datetime=\"{m.senast_granskad}\">{swedish_date(m.senast_granskad)}</time>. "
            f"Nästa granskning: <time datetime=\"{m.nasta_granskning}\">{swedish_date(m.nasta_granskning)}</time>."
            "</p>"]


def resolve_links(markdown: str, site: Site) -> str:
    """[text](lank:id) → the address from data/lankar.yml (the one place external links live)."""
    return re.sub(r"\]\(lank:([a-z0-9-]+)\)", lambda m: f"]({site.links[m[1]].url})", markdown)


def abbreviations(markdown: str, site: Site) -> list[str]:
    """Markdown abbr definitions for the glossary terms this page uses: they become tooltips."""
    used = [t for t in site.glossary if re.search(rf"(?<![\w.]){re.escape(t.term)}(?![\w])", markdown)]
    return [f"*[{t.term}]: {t.forklaring}" for t in used]


def render_page(page: Page, site: Site) -> str:
    """The complete Markdown MkDocs gets for this page."""
    m = page.meta
    out = [f"# {m.titel}", "", m.sammanfattning, "{: .portal-ingress }", "", *card_link(page)]
    if page.body.strip():
        out += [resolve_links(page.body.strip(), site), ""]
    listing = folder_listing(page, site)
    if listing:
        out += [*listing, ""]
    for name, heading, renderer in SECTIONS:
        value = getattr(m, name, None)
        if value:
            out += [f"## {heading}", "", *renderer(page, site, value), ""]
    out += review_footer(page)
    text = "\n".join(out) + "\n"
    terms = abbreviations(text, site)
    return text + ("\n" + "\n".join(terms) + "\n" if terms else "")
