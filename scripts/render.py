"""Turn a page's data into Markdown: the one place that decides how a page looks.

Every page renders in the same order: title, summary, the editor's text, then the structured
sections in SECTIONS order, then the review dates. Editors write data, not layout.
"""
from __future__ import annotations

from datetime import date

from . import cards, lagrum
from .content import Page, Site
from .nav import children, link
from .schema import Point, Question, SourceRef

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]

# field -> heading. The order here is the order on every page.
SECTIONS: list[tuple[str, str]] = [
    ("i_vardagen", "Så kan det märkas i vardagen"),
    ("stod", "Så kan du stödja"),
    ("att_gora", "Så gör du"),
    ("tank_pa", "Tänk på"),
    ("reflektionsfragor", "Reflektionsfrågor"),
    ("lagrum", "Lagrum"),
    ("relaterat", "Läs också"),
    ("kallor", "Källor"),
]


def swedish_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _source_name(site: Site, source_id: str | None) -> str:
    return site.sources[source_id].kortnamn if source_id in site.sources else str(source_id)


def _point(site: Site, item) -> str:
    if isinstance(item, Point):
        return f"{item.text} *(Källa: {_source_name(site, item.kalla)})*"
    return item


def _points(page: Page, site: Site, items) -> list[str]:
    return [f"- {_point(site, i)}" for i in items]


def _warnings(page: Page, site: Site, items) -> list[str]:
    return ['<div class="portal-tank-pa" markdown>', "", *_points(page, site, items), "", "</div>"]


def _questions(page: Page, site: Site, items) -> list[str]:
    out = []
    for n, q in enumerate(items, 1):
        if isinstance(q, Question):
            mark = f" *(Fråga ur {_source_name(site, q.kalla)})*" if q.kalla else ""
            out.append(f"{n}. {q.fraga}{mark}")
        else:
            out.append(f"{n}. {q}")
    return out


def _lagrum(page: Page, site: Site, ids) -> list[str]:
    out = []
    for pid in ids:
        p = site.provisions[pid]
        cite = lagrum.citation(p, site.laws)
        target = link(page.path, lagrum.INDEX_PAGE, lagrum.anchor(p))
        out.append(f"- [{cite}]({target}) – {p.rubrik}. [Lagtexten]({lagrum.deep_link(p, site.laws)})")
    return out


def _related(page: Page, site: Site, paths) -> list[str]:
    return [f"- [{site.pages[p].meta.titel}]({link(page.path, p)}) – {first_sentence(site.pages[p].meta.sammanfattning)}"
            for p in paths]


def source_lines(site: Site, refs: list[SourceRef]) -> list[str]:
    """One line per document, with every section the page uses from it."""
    sections: dict[str, list[str]] = {}
    for ref in refs:
        sections.setdefault(ref.dokument, []).append(ref.avsnitt)
    lines = []
    for doc_id, names in sections.items():
        doc = site.sources[doc_id]
        label = "Avsnitt" if len(names) == 1 else "Avsnitten"
        lines.append(f"{doc.utgivare}: *{doc.titel}*, {doc.ar}. {label}: {'; '.join(names)}.")
    return lines


def _sources(page: Page, site: Site, refs) -> list[str]:
    return [f"- {line}" for line in source_lines(site, refs)]


RENDERERS = {
    "i_vardagen": _points, "stod": _points, "att_gora": _points, "tank_pa": _warnings,
    "reflektionsfragor": _questions, "lagrum": _lagrum, "relaterat": _related, "kallor": _sources,
}


def folder_listing(page: Page, site: Site) -> list[str]:
    """An index page lists the pages in its folder with a one-line summary each."""
    if not page.is_index or not page.folder:
        return []
    lines = [f"- **[{c.meta.titel}]({link(page.path, c.path)})** – {first_sentence(c.meta.sammanfattning)}"
             for c in children(site, page.folder)]
    return ["## Sidor i avsnittet", "", *lines] if lines else []


def card_link(page: Page) -> list[str]:
    """Pages with a study card link to its PDF (raw HTML: the PDF is made after MkDocs reads pages)."""
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


def render_page(page: Page, site: Site) -> str:
    """The complete Markdown MkDocs gets for this page."""
    m = page.meta
    out = [f"# {m.titel}", "", m.sammanfattning, "{: .portal-ingress }", "", *card_link(page)]
    if page.body.strip():
        out += [page.body.strip(), ""]
    listing = folder_listing(page, site)
    if listing:
        out += [*listing, ""]
    for name, heading in SECTIONS:
        value = getattr(m, name, None)
        if value:
            out += [f"## {heading}", "", *RENDERERS[name](page, site, value), ""]
    out += review_footer(page)
    return "\n".join(out) + "\n"
