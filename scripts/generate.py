"""Derived pages: built from the content, never written by hand.

Each generator takes the Site and returns Pages (front matter as a model, body as Markdown);
they then go through the same rendering, menu and checks as the editors' pages.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from collections.abc import Callable, Iterable

from . import cards, changes, freshness, lagrum, lagtext, national_basis, readability
from .content import LOCAL_FOLDER, Located, Page, Site
from .markup import escape, first_sentence, inline
from .nav import SWEDISH_ORDER, html_link, link, sort_key
from .render import SEARCH_PAGE, checklist, search_form, slug
from .schema import InfoPage, IntroductionStep, Provision

Generator = Callable[[Site], Iterable[Page]]


def make_page(path: str, body: str, **meta) -> Page:
    return Page(path, InfoPage(typ="sida", **meta), body, 0, Located(None, {}))


def review_span(pages: list[Page]) -> dict:
    """A derived page is as fresh as its oldest input."""
    return {
        "senast_granskad": min(p.meta.senast_granskad for p in pages),
        "nasta_granskning": min(p.meta.nasta_granskning for p in pages),
    }


def pages_citing(site: Site, provision_id: str) -> list[Page]:
    def cites(p: Page) -> bool:
        steps = getattr(p.meta, "process", [])
        return provision_id in getattr(p.meta, "lagrum", []) or any(provision_id in s.lagrum for s in steps)

    return sorted((p for p in site.pages.values() if cites(p)), key=sort_key)


def by_law(site: Site) -> list[tuple]:
    """(law, its provisions in chapter and paragraph order), laws in register order."""
    out = []
    for law in site.laws.values():
        provisions = sorted(
            (p for p in site.provisions.values() if p.lag == law.id),
            key=lambda p: (p.kapitel or 0, lagrum.paragraph_number(p.paragraf)),
        )
        if provisions:
            out.append((law, provisions))
    return out


# --- lagrum ------------------------------------------------------------------------------------


def lagrum_pages(site: Site) -> list[Page]:
    """lagrum/index.md (by law, chapter, paragraph) and one page per provision with backlinks."""
    assert site.register, "load_site reads data/lagrum.yml"
    register = {"senast_granskad": site.register.senast_granskad, "nasta_granskning": site.register.nasta_granskning}
    out = [
        "Varje lagrum har en egen sida med en sammanfattning, lagens lydelse där en källa citerar den, "
        "äldre paragrafnummer och vilka sidor i portalen som hänvisar dit.",
        "",
    ]
    for law, provisions in by_law(site):
        out += [f"## {law.namn}", ""]
        if not law.gallande:
            out += [
                '!!! warning "Upphävd lag"',
                f"    {law.namn} gäller inte längre. Numren nedan finns i äldre material.",
                "",
            ]
        for p in provisions:
            old = "".join(f" (äldre: {lagrum.old_citation(o, site.laws)})" for o in p.aldre)
            out.append(
                f"- [{lagrum.citation(p, site.laws)}]({link(lagrum.INDEX_PAGE, lagrum.page_path(p))}) – {p.rubrik}{old}"
            )
        out.append("")
    unchecked = [p for p in site.provisions.values() if p.kontrollerad is None]
    if unchecked:
        out += [
            f"## {UNCHECKED}",
            "",
            f"{len(unchecked)} av {len(site.provisions)} lagrum har ännu inte jämförts "
            "med lagtexten. De bygger på källorna som står på varje sida:",
            "",
            ", ".join(
                f"[{lagrum.citation(p, site.laws)}]({link(lagrum.INDEX_PAGE, lagrum.page_path(p))})" for p in unchecked
            ),
            "",
        ]
    index = make_page(
        lagrum.INDEX_PAGE,
        "\n".join(out),
        titel="Lagrum",
        ordning=1,
        sammanfattning="Alla lagrum som portalen hänvisar till, ordnade efter lag, kapitel och paragraf.",
        sokord=["lagrum", "paragraf", "lag", "SFS", "socialtjänstlagen", "SoL"],
        **register,
    )
    return [index, *(provision_page(site, p, register) for p in site.provisions.values())]


UNCHECKED = "Inte kontrollerad mot lagtexten"


CHANGED = "Lagtexten har ändrats sedan kontrollen"


def statute_check(site: Site, p: Provision) -> list[str]:
    """The register rule: a provision shows its check, against the kept statute text or an
    authority's text, or that it has none; and when the law changed after the check, that."""
    c = p.kontrollerad
    if c is None:
        return [
            f'!!! warning "{UNCHECKED}"',
            "    Numret bygger på källorna nedan. Ingen har ännu jämfört det med lagtexten.",
            "",
        ]
    if c.kalla is not None:
        return [
            f"Kontrollerad {c.datum} mot {site.sources[c.kalla].kortnamn}: {c.vad}. "
            "Lagens egen text finns inte i portalen.",
            "",
        ]
    if lagtext.changed_since_check(p, site):
        return [
            f'!!! warning "{CHANGED}"',
            f"    Lagtexten nedan är nyare än kontrollen {c.datum}. Lagrummet och sidorna som hänvisar hit granskas.",
            "",
        ]
    return [f"Kontrollerad mot lagtexten {c.datum}: {c.vad}", ""]


def statute_quote(site: Site, p: Provision) -> list[str]:
    """The provision's wording from data/lagtext/, as a marked quote with its source."""
    parts = lagtext.wording(p, site)
    if parts is None:
        return []
    meta = site.statutes[p.lag].meta
    source = site.links[meta.lank]
    return [
        f"Lagtexten, {meta.rubrik} i lydelse t.o.m. {meta.lydelse_tom}:",
        "",
        *lagtext.quote(parts),
        "",
        f"Källa: [{source.titel}](lank:{source.id}) ({source.agare}), hämtad {meta.last}.",
        "{: .portal-lagtext-kalla }",
        "",
    ]


def provision_page(site: Site, p: Provision, register: dict) -> Page:
    path = lagrum.page_path(p)
    law = site.laws[p.lag]
    cite = lagrum.citation(p, site.laws)
    out = [f"**{law.namn}**", ""]
    kept = statute_quote(site, p)
    out += kept
    if p.citat and not kept:
        quote = "\n".join(f"> {line}" if line else ">" for line in p.citat.splitlines())
        out += ["Lagtexten, som källan citerar den:", "", quote, ">", f"> — {cite}, {law.namn}", ""]
    out += statute_check(site, p)
    if p.anmarkning:
        out += ['!!! warning "Att kontrollera"', f"    {p.anmarkning}", ""]
    for old in p.aldre:
        state = "" if old.kalla else " **Overifierad koppling:** ingen av portalens källor bekräftar den."
        out += [f"Äldre nummer: **{lagrum.old_citation(old, site.laws)}**.{state}", ""]
    for other in lagrum.collisions(p, site.provisions):
        out += [
            '!!! warning "Samma nummer, olika innehåll"',
            f"    {cite} ({law.sfs}) är inte samma sak som "
            f"[{lagrum.citation(other, site.laws)} ({site.laws[other.lag].sfs})]({link(path, lagrum.page_path(other))}): "
            f"{other.rubrik[0].lower() + other.rubrik[1:]}. Kontrollera vilken lag en text hänvisar till.",
            "",
        ]
    whole = site.links[law.lank]
    links = [f"[{whole.titel}](lank:{whole.id}) ({whole.agare})"]
    if deep := lagrum.deep_link(p, site.laws):
        links.insert(0, f"[{cite} direkt]({deep}) (lagen.nu, privat drivet)")
    out += ["## Lagtexten", "", *(f"- {x}" for x in links), ""]
    citing = pages_citing(site, p.id)
    out += ["## Sidor som hänvisar hit", ""]
    out += [f"- [{c.meta.titel}]({link(path, c.path)})" for c in citing] or ["Inga sidor hänvisar hit ännu."]
    out.append("")
    return make_page(
        path,
        "\n".join(out),
        titel=f"{cite}: {p.rubrik}",
        i_menyn=False,
        sammanfattning=p.sammanfattning,
        kallor=list(p.kallor),
        sokord=[*lagrum.citation_variants(p, site.laws), *p.sokord],
        **register,
    )


# --- study cards -------------------------------------------------------------------------------


def deck_index(site: Site) -> list[Page]:
    """studiekort/index.md: every deck, as A6 and as A4 with cut marks."""
    path = f"{cards.FOLDER}/index.md"
    out = [
        "## Så skriver du ut",
        "",
        "- **A6**: ett kort per sida, framsidan först och sedan baksidan. Skriv ut dubbelsidigt på "
        "A6-papper, eller enkelsidigt och vik.",
        "- **A4**: fyra kort per ark. Skriv ut dubbelsidigt och vänd längs långsidan. Klipp där skärmärkena visar.",
        "",
    ]
    groups: dict[str, list] = {}
    for deck in (d for d in cards.decks(site) if d.cards):
        groups.setdefault(deck.group, []).append(deck)
    for group, group_decks in groups.items():
        out += [f"## {group}", "", group_decks[0].description, ""]
        for deck in group_decks:
            a6, a4 = link(path, deck.a6()), link(path, deck.a4())
            title = deck.title if len(group_decks) > 1 else group
            sheets = 2 * -(-len(deck.cards) // 4)
            out += [
                f'<p class="portal-lek"><strong>{escape(title)}</strong> ({len(deck.cards)} kort) '
                f'<a class="md-button md-button--primary" href="{a6}" download>A6 (PDF, {2 * len(deck.cards)} sidor'
                f"{cards.size_slot(deck.a6())})</a> "
                f'<a class="md-button" href="{a4}" download>A4 med skärmärken (PDF, {sheets} sidor'
                f"{cards.size_slot(deck.a4())})</a></p>",
                "",
            ]
    out += [
        "Korten skapas av bygget ur samma innehåll som sidorna. Ändras en sida, ändras kortet.",
        "",
        "## Utan nät",
        "",
        "Ett studiekort du har öppnat finns kvar i telefonen. Vill du ha alla med dig:",
        "",
        '<p><button type="button" class="md-button" data-portal-spara-kort hidden>'
        "Spara alla studiekort för användning utan nät</button></p>",
        '<p data-portal-spara-status role="status"></p>',
        "",
    ]
    sources = [p for p in site.pages.values() if p.meta.typ in cards.CARD_KINDS]
    return [
        make_page(
            path,
            "\n".join(out),
            titel="Studiekort",
            ordning=3,
            sammanfattning="Utskrivbara kort för arbetet, reflektionsträffar och introduktion: målgrupper, "
            "situationer, förhållningssätt, reflektionsfrågor och lagrum.",
            sokord=["studiekort", "kort", "skriv ut", "utskrift", "pdf"],
            **review_span(sources or list(site.pages.values())),
        )
    ]


# --- question bank -----------------------------------------------------------------------------

QUESTION_BANK = "reflektion/fragebank.md"


def _question_item(path: str, page: Page, q, theme_id: str) -> str:
    text = getattr(q, "fraga", None) or str(q)
    return (
        f'<li data-portal-fraga data-portal-tema="{theme_id}">{inline(text)} <span class="portal-fragekalla">'
        f'(<a href="{html_link(path, page.path)}">{escape(page.meta.titel)}</a>)</span></li>'
    )


def draw_box(themes: list[tuple[str, str]]) -> list[str]:
    """'Dra en fråga', by theme when there are themes to choose from (portal.js makes it work)."""
    choice = ""
    if len(themes) > 1:
        options = "".join(f'<option value="{t}">{escape(name)}</option>' for t, name in themes)
        choice = (
            '<label for="portal-dra-tema">Tema</label> <select id="portal-dra-tema" data-portal-dra-tema>'
            f'<option value="">Alla teman</option>{options}</select> '
        )
    return [
        '<div class="portal-dra" hidden>',
        f"<p>{choice}"
        '<button type="button" class="md-button md-button--primary" data-portal-dra>Dra en fråga</button></p>',
        '<p class="portal-dragen" aria-live="polite"></p>',
        "</div>",
    ]


def question_bank(site: Site) -> list[Page]:
    """reflektion/fragebank.md: every page's reflektionsfrågor, by theme and by page, never copied by hand."""
    path = QUESTION_BANK
    found = site.questions(sort_key)
    if not found:
        return []
    themes: dict[str, list] = {}
    for page, _, q, theme in found:
        themes.setdefault(theme or "allmant", []).append((page, q))
    themes_in_order = [
        (t, site.tags[t].namn if t in site.tags else "Allmänt")
        for t in sorted(themes, key=lambda t: list(site.tags).index(t) if t in site.tags else 999)
    ]
    out = [
        f"Här finns alla {len(found)} reflektionsfrågor från portalens sidor. Frågebanken skapas av "
        "bygget: skriv en ny fråga på en sida, så kommer den med här.",
        "",
        *draw_box(themes_in_order),
        "",
        "## Efter tema",
        "",
        " · ".join(f"[{name}](#{slug(name)})" for _, name in themes_in_order),
        "",
        '<p class="portal-filter" hidden><label for="portal-filter-falt">Visa bara frågor som innehåller</label> '
        '<input id="portal-filter-falt" type="search" data-portal-filter></p>',
        "",
    ]
    for theme_id, name in themes_in_order:
        out += [
            f"### {name}",
            "",
            '<ol class="portal-fragebank">',
            *(_question_item(path, page, q, theme_id) for page, q in themes[theme_id]),
            "</ol>",
            "",
        ]
    out += ["## Efter sida", "", '<div class="portal-efter-sida" markdown>', ""]
    pages: dict[str, list] = {}
    for page, _, q, _ in found:
        pages.setdefault(page.path, []).append(q)
    for page_path, qs in pages.items():
        page = site.pages[page_path]
        out += [
            f"**[{page.meta.titel}]({link(path, page_path)})**",
            "",
            *(f"{i}. {getattr(q, 'fraga', None) or q}" for i, q in enumerate(qs, 1)),
            "",
        ]
    out += ["</div>", ""]
    return [
        make_page(
            path,
            "\n".join(out),
            titel="Frågebank",
            ordning=50,
            sammanfattning="Alla reflektionsfrågor från portalens sidor, ordnade efter tema och efter sida. "
            "Dra en slumpad fråga till nästa reflektionsträff.",
            sokord=["frågebank", "reflektionsfrågor", "frågor", "dra en fråga", "slumpa"],
            **review_span([p for p, *_ in found]),
        )
    ]


# --- introduction programme --------------------------------------------------------------------

PRINT_PROGRAMME = "introduktion/utskrift.md"


def introduction_print(site: Site) -> list[Page]:
    """introduktion/utskrift.md: the whole programme on paper, with empty boxes."""
    steps = sorted(site.pages_of(IntroductionStep), key=lambda p: p.meta.vecka)
    if not steps:
        return []
    path = PRINT_PROGRAMME
    out = [
        '<p class="portal-verktyg"><button type="button" class="md-button md-button--primary" '
        "data-portal-skriv-ut hidden>Skriv ut programmet</button></p>",
        "",
        "Hela introduktionsprogrammet på en sida, med tomma rutor att bocka i på papper.",
        "",
        '<div class="portal-underskrift"><p>Namn: ______________________________</p>'
        "<p>Mentor: ______________________________</p><p>Startdatum: ____________</p></div>",
        "",
    ]
    for step in steps:
        m = step.meta
        out += [
            f"## Vecka {m.vecka}: {m.titel}",
            "",
            first_sentence(m.sammanfattning),
            "",
            "**Läs**",
            "",
            *(f"- [{site.pages[p].meta.titel}]({link(path, p)})" for p in m.las),
            "",
            "**Prata igenom med din mentor**",
            "",
            *(f"- {t}" for t in m.samtala),
            "",
        ]
        if m.studiekort:
            out += ["**Studiekort**", "", *(f"- {site.pages[p].meta.titel}" for p in m.studiekort), ""]
        out += ["**Checklista**", "", *checklist(f"utskrift-{m.vecka}", m.checklista, stored=False), ""]
        if m.sjalvtest:  # for a group session on paper: the questions without the answers
            out += [
                "**Testa dig själv**",
                "",
                *(
                    f"{n}. {q.fraga} " + " · ".join(f"☐ {a}" for a in q.alternativ)
                    for n, q in enumerate(m.sjalvtest, 1)
                ),
                "",
            ]
        out += [
            '<p class="portal-underskrift">Klart vecka '
            + str(m.vecka)
            + ". Datum: ____________ Signatur, ny medarbetare: ____________________ Signatur, mentor: ____________________</p>",
            "",
        ]
    return [
        make_page(
            path,
            "\n".join(out),
            titel="Introduktionsprogrammet att skriva ut",
            ordning=90,
            sammanfattning="Alla veckor i introduktionsprogrammet på en sida, med tomma rutor att bocka i.",
            sokord=["skriv ut", "utskrift", "introduktion", "checklista"],
            **review_span(steps),
        )
    ]


CERTIFICATE = "introduktion/intyg.md"


def check_id(page: Page) -> str:
    """A self-check's id in the browser's storage (as render.self_check names it)."""
    return page.path.removesuffix(".md").replace("/", "-")


def programme_version(site: Site, steps: list[Page]) -> str:
    """The introduction programme's version: the newest review date of its weeks and the first seven
    hex digits of a SHA-256 over their content (front matter and text, and a kommun's additions to
    them), e.g. '20261123-3fa9c21'. Any change to a week, its questions included, gives a new version."""
    digest = hashlib.sha256()
    paths = {step.path for step in steps}
    for doc in [*steps, *(a for a in site.additions if a.meta.sida in paths)]:
        meta = json.dumps(doc.meta.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        digest.update(f"{doc.path}\n{meta}\n{doc.body}\n".encode())
    newest = max(step.meta.senast_granskad for step in steps)
    return f"{newest:%Y%m%d}-{digest.hexdigest()[:7]}"


def introduction_certificate(site: Site) -> list[Page]:
    """introduktion/intyg.md: when every week's self-check is passed in this browser, a certificate
    to print with the name typed here, the date, each week's result and the programme's version.
    portal.js reads the answers the self-checks keep in localStorage and fills it in; nothing is sent
    or stored (not the name). Passed: every question answered with the right answer."""
    steps = sorted((p for p in site.pages_of(IntroductionStep) if p.meta.sjalvtest), key=lambda p: p.meta.vecka)
    if not steps:
        return []
    path = CERTIFICATE
    version = programme_version(site, steps)
    weeks = "".join(
        f'<li data-portal-intyg-vecka="{check_id(s)}"><a href="{html_link(path, s.path, "testa-dig-sjalv")}">'
        f"Vecka {s.meta.vecka}: {escape(s.meta.titel)}</a>: <span>inte påbörjat</span></li>"
        for s in steps
    )
    rows = "".join(
        f'<tr data-portal-intyg-rad="{check_id(s)}" data-fragor="{" ".join(q.id for q in s.meta.sjalvtest)}" '
        f'data-ratt="{" ".join(str(q.ratt) for q in s.meta.sjalvtest)}">'
        f"<td>Vecka {s.meta.vecka}</td><td>{escape(s.meta.titel)}</td><td data-portal-intyg-resultat></td></tr>"
        for s in steps
    )
    body = [
        f"Programmets version just nu: **{version}**. Ett intyg med en annan version gäller en tidigare version "
        "av programmet.",
        "",
        f'<div class="portal-intyg" data-portal-intyg data-version="{version}">',
        "<p data-portal-intyg-utan-js>Intyget behöver JavaScript. Det läser dina resultat i självtesterna, "
        "och de finns bara i den här webbläsaren.</p>",
        "<div data-portal-intyg-kvar hidden><p><strong>Det här är kvar innan du kan skriva ut intyget.</strong> "
        "Ett självtest är klart när du har rätt svar på alla frågor.</p>"
        f'<ul class="portal-intyg__veckor">{weeks}</ul></div>',
        "<div data-portal-intyg-klart hidden><p><strong>Du har klarat självtesterna i alla veckor.</strong> "
        "Skriv ditt namn och skriv ut intyget. Namnet sparas inte: det finns bara på sidan och på utskriften.</p>"
        '<p><label for="portal-intyg-namn">Ditt namn</label>'
        '<input type="text" id="portal-intyg-namn" autocomplete="name" data-portal-intyg-namnfalt></p>'
        '<p><button type="button" class="portal-knapp portal-knapp--huvud" data-portal-intyg-skriv-ut>'
        "Skriv ut intyget</button></p>"
        '<p role="status" data-portal-intyg-status></p></div>',
        '<section class="portal-intyg__blad" aria-labelledby="portal-intyg-rubrik" data-portal-intyg-blad hidden>'
        '<h2 id="portal-intyg-rubrik">Intyg</h2>'
        "<p>Introduktionsprogrammet för nya boendestödjare i Boendestödsportalen: självtesterna är klarade.</p>"
        "<dl><dt>Namn</dt><dd data-portal-intyg-namn></dd>"
        "<dt>Datum</dt><dd data-portal-intyg-datum></dd>"
        f"<dt>Programmets version</dt><dd>{version}</dd></dl>"
        '<table><thead><tr><th scope="col">Vecka</th><th scope="col">Innehåll</th><th scope="col">Resultat</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
        "<p>Intyget visar att självtesterna i alla veckor har klarats i en webbläsare på en enhet: varje fråga "
        "har till slut rätt svar. Självtesterna visar rätt svar efter varje fråga, och svaren går att ändra. "
        "Intyget är alltså inte ett prov, och ingen har kontrollerat vem som svarade. Versionen visar vilken "
        "version av programmet frågorna kom från.</p>"
        "</section>",
        "</div>",
    ]
    return [
        make_page(
            path,
            "\n".join(body),
            titel="Intyg om introduktionen",
            ordning=95,
            sammanfattning="När du har klarat självtesterna i alla veckor kan du skriva ut ett intyg med ditt namn, "
            "datum och resultaten. Allt sker i den här webbläsaren: ingenting skickas och namnet sparas inte.",
            sokord=["intyg", "certifikat", "bevis", "introduktion", "självtest", "skriv ut"],
            **review_span(steps),
        )
    ]


# --- glossary ----------------------------------------------------------------------------------


def glossary(site: Site) -> list[Page]:
    """om/ordlista.md: every abbreviation in data/ordlista.yml, explained once, with its source."""
    if not site.glossary:
        return []
    out = [
        "Förkortningarna nedan förklaras också i en ruta när du håller pekaren över dem, eller "
        "trycker på dem, på portalens sidor.",
        "",
    ]
    for term in sorted(site.glossary, key=lambda t: t.term.lower()):
        source = site.sources[term.kalla.dokument].kortnamn
        out += [
            f"{term.term}",
            f":   {term.forklaring} <small>(Källa: {escape(source)}, {escape(term.kalla.avsnitt)}.)</small>",
            "",
        ]
    sources = [p for p in site.pages.values() if p.path.startswith("om/")] or list(site.pages.values())
    return [
        make_page(
            "om/ordlista.md",
            "\n".join(out),
            titel="Ordlista",
            ordning=5,
            sammanfattning="Förkortningar som du möter i arbetet med boendestöd, som SoL, LSS, SIP och KBT, förklarade.",
            sokord=["ordlista", "förkortningar", "begrepp", "termer"],
            kallor=[t.kalla for t in site.glossary],
            **review_span(sources),
        )
    ]


# --- the editors' report -------------------------------------------------------------------------

EDITORS_REPORT = "om/redaktion.md"
KOMMUN_REPORT = f"{LOCAL_FOLDER}/redaktion.md"  # a kommun edition's report to its editors (kommun_report)


def editors_report(site: Site) -> list[Page]:
    """om/redaktion.md: review dates due, readability (LIX) per page and what the portal holds."""
    path = EDITORS_REPORT
    day = freshness.today()
    late, soon = freshness.overdue(site, day), freshness.due_soon(site, day)
    # pages written by the national editors (a kommun's have their own report: kommun_report)
    editors = [p for p in site.pages.values() if p.located.lines and p.source.startswith("docs/")]
    out = [
        f"Rapport från bygget {day.isoformat()}: vad som behöver granskas och hur lättläst varje sida är.",
        "",
        "## Granskning",
        "",
    ]
    if late:
        out += [
            "**Försenad granskning:**",
            "",
            *(f"- [{p.meta.titel}]({link(path, p.path)}) – skulle granskas {p.meta.nasta_granskning}" for p in late),
            "",
        ]
    else:
        out += ["Ingen sida är försenad.", ""]
    if soon:
        out += [
            f"**Ska granskas inom {freshness.SOON.days} dagar:**",
            "",
            *(f"- [{p.meta.titel}]({link(path, p.path)}) – {p.meta.nasta_granskning}" for p in soon),
            "",
        ]
    changed = [p for p in site.provisions.values() if lagtext.changed_since_check(p, site)]
    if changed:
        out += [
            f"**{CHANGED}:** granska lagrummet och sidorna som hänvisar dit.",
            "",
            *(
                f"- [{lagrum.citation(p, site.laws)}]({link(path, lagrum.page_path(p))}) – "
                + (
                    ", ".join(f"[{c.meta.titel}]({link(path, c.path)})" for c in pages_citing(site, p.id))
                    or "inga sidor"
                )
                for p in changed
            ),
            "",
        ]
    scored = sorted(((readability.lix(readability.prose(p)), p) for p in editors), key=lambda x: -x[0])
    targets = [v for v, p in scored if p.meta.typ == "malgrupp"]
    out += [
        "## Läsbarhet (LIX)",
        "",
        "LIX är antalet ord per mening plus andelen långa ord (fler än sex bokstäver) i procent. "
        "Under 40 är lätt, 40–50 medelsvårt och över 50 svårt. Målet för målgruppssidorna är en median "
        f"på högst 40 och ingen sida över 50. Median för målgruppssidorna nu: "
        f"{statistics.median(targets):.1f}."
        if targets
        else "",
        "",
        "| Sida | Typ | LIX |",
        "|---|---|---|",
        *(f"| [{p.meta.titel}]({link(path, p.path)}) | {p.meta.typ} | {v:.1f} |" for v, p in scored),
        "",
    ]
    kinds = Counter(p.meta.typ for p in site.pages.values() if not p.source.startswith("kommuner/"))
    out += [
        "## Innehåll",
        "",
        "| Typ | Sidor |",
        "|---|---|",
        *(f"| {k} | {n} |" for k, n in sorted(kinds.items())),
        "",
        f"Reflektionsfrågor: {len(site.questions(sort_key))}. Lagrum i registret: {len(site.provisions)}. "
        f"Studiekort: {sum(len(d.cards) for d in cards.decks(site))}.",
        "",
    ]
    return [
        make_page(
            path,
            "\n".join(out),
            titel="Redaktionens översikt",
            ordning=90,
            sammanfattning="För redaktionen: sidor som ska granskas, läsbarhet per sida och vad portalen innehåller.",
            sokord=["redaktion", "granskning", "LIX", "läsbarhet"],
            **review_span(editors),
        )
    ]


# --- a kommun edition -----------------------------------------------------------------------------


def kommun_report(site: Site) -> list[Page]:
    """kommun/redaktion.md in a kommun edition: for its editors, every local addition and whether the
    national text under it changed after the addition was reviewed; the routines and contacts."""
    k = site.kommun
    if k is None:
        return []
    path = KOMMUN_REPORT
    stale = [a for a, _ in national_basis.stale(site)]
    additions = sorted((a for a in site.additions if a.meta.sida in site.pages), key=lambda a: a.meta.nasta_granskning)
    out = [f"Rapport från bygget {freshness.today().isoformat()} för redaktionen av {k.namn}s utgåva.", ""]
    out += ["## Nationell text ändrad efter ert tillägg", ""]
    out += (
        [
            "Granska tilläggen nedan mot den nationella texten och skriv in granskningen med "
            f"`python -m scripts tillagg {k.id}`.",
            "",
            *(
                f"- {a.source} – [{site.pages[a.meta.sida].meta.titel}]({link(path, a.meta.sida)}), {a.meta.avsnitt}"
                for a in additions
                if a in stale
            ),
        ]
        if stale
        else ["Ingen: den nationella texten är som när tilläggen granskades."]
    )
    out += [
        "",
        "## Lokala tillägg",
        "",
        "| Tillägg | Sida | Avsnitt | Nästa granskning | Den nationella texten |",
        "|---|---|---|---|---|",
        *(
            f"| {a.source} | [{site.pages[a.meta.sida].meta.titel}]({link(path, a.meta.sida)}) | {a.meta.avsnitt} | "
            f"{a.meta.nasta_granskning} | {'**ändrad: granska tillägget**' if a in stale else 'som vid granskningen'} |"
            for a in additions
        ),
        "",
        "## Rutiner och kontakter",
        "",
        f"Ifyllda rutiner: {len(k.rutiner)} av {len(site.slots)} (de andra visar den nationella texten). "
        f"Kontakter: {len(k.kontakter)}, varav {sum('behöver verifieras' in c.nummer for c in k.kontakter)} "
        "utan verifierat nummer.",
        "",
    ]
    return [
        make_page(
            path,
            "\n".join(out),
            titel=f"Redaktionen: {k.namn}",
            i_menyn=False,
            sammanfattning=f"För redaktionen av {k.namn}s utgåva: lokala tillägg att granska, rutiner och kontakter.",
            sokord=["redaktion", "lokala tillägg", "granskning"],
            senast_granskad=k.senast_granskad,
            nasta_granskning=k.nasta_granskning,
        )
    ]


def kommun_picker(site: Site) -> Page:
    """kommun/index.md of the national site: "Välj kommun", every kommun with an edition. Without
    JavaScript each is a link to its edition; with it (portal-kommun.js) the choice is saved."""
    path = f"{LOCAL_FOLDER}/index.md"
    items = [
        f'<li data-portal-kommun="{escape(k.id)}"><a href="../k/{escape(k.id)}/kommun/index.html">{escape(k.namn)}</a></li>'
        for k in sorted(site.kommuner.values(), key=lambda k: k.namn.lower().translate(SWEDISH_ORDER))
    ]
    body = [
        "Portalens text gäller i hela landet. En kommun kan lägga till egna rutiner och kontakter, till exempel "
        "vem du ringer när ingen öppnar dörren. Välj din kommun, så visas dess rutiner på de sidor där den har egna.",
        "",
        "Valet sparas bara i den här webbläsaren. Inget skickas någonstans. Du kan byta eller ta bort valet när du vill.",
        "",
        '<p class="portal-kommunval__status" role="status" aria-live="polite" data-portal-kommunval-status></p>',
        "",
        f'<ul class="portal-kommunval" data-portal-kommunval>{"".join(items)}</ul>'
        if items
        else "Ingen kommun har en egen utgåva ännu.",
        "",
        "Finns inte din kommun med? Då gäller den nationella texten. Fråga din chef vilka rutiner som gäller hos er.",
    ]
    return make_page(
        path,
        "\n".join(body),
        titel="Välj kommun",
        i_menyn=False,
        sammanfattning="Välj din kommun, så visar portalen kommunens egna rutiner och kontakter.",
        sokord=["kommun", "välj kommun", "lokala rutiner", "min kommun"],
        **review_span([site.pages["index.md"]]),
    )


def kommun_index(site: Site) -> list[Page]:
    """kommun/index.md: in a kommun edition its contacts and where its local additions are; in the
    national site the choice of kommun."""
    k = site.kommun
    if k is None:
        return [kommun_picker(site)]
    path = f"{LOCAL_FOLDER}/index.md"
    out = [
        f"Den här utgåvan av portalen har egna rutiner och kontakter för {k.namn} ({k.organisation}). "
        f"Lokala tillägg visas i rutor märkta ”{k.i_text}”. Ansvarig för utgåvan: {k.agare}.",
        "",
    ]
    if k.kontakter:
        out += [
            "## Kontakter",
            "",
            "| Vem | Nummer eller adress | När |",
            "|---|---|---|",
            *(f"| {c.namn} | {c.nummer} | {c.nar or ''} |" for c in k.kontakter),
            "",
        ]
    pages = sorted(
        {a.meta.sida for a in site.additions if a.meta.sida in site.pages}, key=lambda p: sort_key(site.pages[p])
    )
    if pages:
        out += [
            "## Sidor med lokala tillägg",
            "",
            *(f"- [{site.pages[p].meta.titel}]({link(path, p)})" for p in pages),
            "",
        ]
    return [
        make_page(
            path,
            "\n".join(out),
            titel=k.namn,
            ordning=0,
            sammanfattning=f"Rutiner, kontakter och lokala regler för boendestöd i {k.namn}.",
            sokord=[k.namn, "lokalt", "kontakter", "rutiner"],
            senast_granskad=k.senast_granskad,
            nasta_granskning=k.nasta_granskning,
        )
    ]


# --- search -------------------------------------------------------------------------------------


SEARCH_SCRIPTS = (
    "search/portal-index.js",
    "assets/javascripts/portal-sok.js",
)


def search_page(site: Site) -> list[Page]:
    """sok.html: the form, a status line read out as it changes, and the results."""
    body = [
        search_form(SEARCH_PAGE, autofocus=True),
        "",
        '<p class="portal-sok__status" role="status" aria-live="polite" data-portal-sok-status></p>',
        "",
        '<ol class="portal-traffar" data-portal-traffar></ol>',
        "",
        "<noscript><p>Sökningen behöver JavaScript. Utan det hittar du alla sidor i menyn.</p></noscript>",
        "",
        # Right after the form, not at the end of the page behind the theme's scripts: the index starts
        # loading as soon as the form is there (the first query on a slow line). The manifest names
        # the index's parts.
        *(f'<script src="{src}"></script>' for src in SEARCH_SCRIPTS),
    ]
    return [
        make_page(
            SEARCH_PAGE,
            "\n".join(body),
            titel="Sök",
            i_menyn=False,
            sammanfattning="Sök bland portalens sidor: situationer, målgrupper, förhållningssätt, lagrum och lättläst.",
            sokord=["sök", "söka"],
            **review_span([site.pages["index.md"]]),
        )
    ]


GENERATORS: list[Generator] = [
    search_page,
    lagrum_pages,
    deck_index,
    question_bank,
    introduction_print,
    introduction_certificate,
    glossary,
    kommun_index,
    kommun_report,
    editors_report,
    changes.news_page,
]


# The generated pages that read the kommun: a kommun's edition makes these again (build.prepare_edition).
LOCAL_GENERATORS: list[Generator] = [kommun_index, kommun_report, changes.news_page]


def generated_pages(site: Site, generators: list[Generator] = GENERATORS) -> dict[str, Page]:
    return {page.path: page for g in generators for page in g(site)}
