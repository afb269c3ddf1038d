"""Derived pages: built from the content, never written by hand.

Each generator takes the Site and returns Pages (front matter as a model, body as Markdown);
they then go through the same rendering, menu and checks as the editors' pages.
"""
from __future__ import annotations

from collections.abc import Callable

from . import cards, lagrum
from .content import Located, Page, Site
from .nav import link, sort_key
from .schema import InfoPage

Generator = Callable[[Site], Page]


def make_page(path: str, body: str, **meta) -> Page:
    return Page(path, InfoPage(typ="sida", **meta), body, 0, Located(None, {}))


def pages_citing(site: Site, provision_id: str) -> list[Page]:
    return sorted((p for p in site.pages.values() if provision_id in getattr(p.meta, "lagrum", [])), key=sort_key)


def lagrum_index(site: Site) -> Page:
    """lagrum/index.md: every provision by law, chapter and paragraph, with backlinks."""
    path = lagrum.INDEX_PAGE
    out: list[str] = []
    for law in site.laws.values():
        provisions = sorted((p for p in site.provisions.values() if p.lag == law.id),
                            key=lambda p: (p.kapitel or 0, lagrum.paragraph_number(p.paragraf)))
        if not provisions:
            continue
        out += [f"## {law.namn}", ""]
        if not law.gallande:
            out += ['!!! warning "Upphävd lag"', f"    {law.namn} gäller inte längre. Numren nedan finns i äldre material.", ""]
        for p in provisions:
            out += provision_section(site, path, p)
    return make_page(
        path, "\n".join(out),
        titel="Lagrum", ordning=1,
        sammanfattning="Alla lagrum som portalen hänvisar till, ordnade efter lag, kapitel och paragraf. "
                       "Här ser du också äldre paragrafnummer och vilka sidor som hänvisar till varje lagrum.",
        senast_granskad=site.register.senast_granskad, nasta_granskning=site.register.nasta_granskning)


def provision_section(site: Site, path: str, p) -> list[str]:
    cite = lagrum.citation(p, site.laws)
    out = [f"### {cite} – {p.rubrik} {{#{lagrum.anchor(p)}}}", "", p.sammanfattning, ""]
    if p.citat:
        quote = "\n".join(f"> {line}" if line else ">" for line in p.citat.splitlines())
        out += ["Lagtexten, som källan citerar den:", "", quote, ">", f"> — {site.laws[p.lag].namn}", ""]
    for old in p.aldre:
        state = "" if old.kalla else " **Overifierad koppling:** ingen av våra källor bekräftar den."
        out += [f"Äldre nummer: **{lagrum.old_citation(old, site.laws)}**.{state}", ""]
    for other in lagrum.collisions(p, site.provisions):
        out += ['!!! warning "Samma nummer, olika innehåll"',
                f"    {cite} ({site.laws[p.lag].sfs}) är inte samma sak som "
                f"[{lagrum.citation(other, site.laws)} ({site.laws[other.lag].sfs})](#{lagrum.anchor(other)}): "
                f"{other.rubrik.lower()}. Kontrollera vilken lag en text hänvisar till.", ""]
    law = site.laws[p.lag]
    links = [f"[Hela lagen hos riksdagen.se (officiell text)]({law.url})"]
    if lagrum.deep_link(p, site.laws) != law.url:
        links.insert(0, f"[Paragrafen hos lagen.nu]({lagrum.deep_link(p, site.laws)})")
    out += [" · ".join(links), ""]
    citing = pages_citing(site, p.id)
    if citing:
        out += ["**Sidor som hänvisar hit:** " + ", ".join(f"[{c.meta.titel}]({link(path, c.path)})" for c in citing), ""]
    sources = "; ".join(f"{site.sources[r.dokument].kortnamn}, {r.avsnitt}" for r in p.kallor)
    out += [f"<small>Källa: {sources}.</small>", ""]
    return out


def review_span(pages: list[Page]) -> dict:
    """A derived page is as fresh as its oldest input."""
    return {"senast_granskad": min(p.meta.senast_granskad for p in pages),
            "nasta_granskning": min(p.meta.nasta_granskning for p in pages)}


def deck_index(site: Site) -> Page:
    """studiekort/index.md: every deck, as A6 and as A4 with cut marks."""
    path = f"{cards.FOLDER}/index.md"
    out = ["## Så skriver du ut", "",
           "- **A6**: ett kort per sida, framsidan först och sedan baksidan. Skriv ut dubbelsidigt på "
           "A6-papper, eller enkelsidigt och vik.",
           "- **A4**: fyra kort per ark. Skriv ut dubbelsidigt och vänd längs långsidan. Klipp där "
           "skärmärkena visar.", ""]
    for deck in cards.decks(site):
        if not deck.cards:
            continue
        a6, a4 = link(path, deck.a6()), link(path, deck.a4())
        out += [f"## {deck.title}", "", f"{deck.description} {len(deck.cards)} kort.", "",
                f'<p><a class="md-button md-button--primary" href="{a6}" download>{deck.title}, A6 (PDF)</a> '
                f'<a class="md-button" href="{a4}" download>{deck.title}, A4 med skärmärken (PDF)</a></p>', ""]
    out += ["Korten skapas av bygget ur samma innehåll som sidorna. Ändras en sida, ändras kortet.", ""]
    sources = [p for p in site.pages.values() if p.meta.typ in cards.CARD_KINDS]
    return make_page(path, "\n".join(out), titel="Studiekort", ordning=3,
                     sammanfattning="Utskrivbara kort för reflektionsträffar och introduktion: målgrupper, "
                                    "förhållningssätt, reflektionsfrågor och lagrum.",
                     sokord=["studiekort", "kort", "skriv ut", "utskrift", "pdf"],
                     **review_span(sources or list(site.pages.values())))


GENERATORS: list[Generator] = [lagrum_index, deck_index]


def generated_pages(site: Site) -> dict[str, Page]:
    return {page.path: page for page in (g(site) for g in GENERATORS)}
