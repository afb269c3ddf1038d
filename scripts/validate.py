"""Checks across files: references, structure and internal links.

content.py already checked each file on its own (UTF-8, YAML, schema). Here every id a page
uses must exist, every folder must be in the menu, and every link must reach a page and anchor.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import cache
from pathlib import Path

import markdown

from . import cards, schema
from .content import ContentError, Page, Site
from .nav import folder_of, index_of

MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_LINK = re.compile(r"""\b(?:href|src)=["'](?P<target>[^"']+)["']""")
LINK_ID = re.compile(r"\]\(lank:(?P<id>[a-z0-9-]+)\)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
ANCHOR_EXTENSIONS = [
    "toc",
    "attr_list",
    "md_in_html",
    "admonition",
    "def_list",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
]


def check_references(site: Site) -> list[ContentError]:
    """Ids used in front matter and data files must exist."""
    errors: list[ContentError] = []

    def need(ok: bool, where, loc: tuple, message: str):
        """`where` is a Page or the path of a data file ('data/lagrum.yml')."""
        if ok:
            return
        if isinstance(where, Page):
            errors.append(ContentError(where.source, where.line(*loc), message))
        else:
            errors.append(ContentError(where, site.data_lines[where.removeprefix("data/")].line(loc), message))

    registers: dict[str, tuple[dict, str, str]] = {
        "kalla": (site.sources, "okänd källa", "data/kallor.yml"),
        "tagg": (site.tags, "okänd tagg", "data/taggar.yml"),
        "lagrum": (site.provisions, "okänt lagrum", "data/lagrum.yml"),
        "rutin": (site.slots, "okänd rutin", "data/rutiner.yml"),
        "lank": (site.links, "okänd länk", "data/lankar.yml"),
    }
    documents: list[Page] = [*site.pages.values(), *site.additions]
    for page in documents:
        for loc, kind, value in schema.values(page.meta):
            if kind in registers:
                known, noun, file = registers[kind]
                need(value in known, page, loc, f"{noun} '{value}' (finns inte i {file})")
        for _, line, text in prose(page):
            for m in LINK_ID.finditer(text):
                if m["id"] not in site.links:
                    errors.append(
                        ContentError(page.source, line, f"okänd länk 'lank:{m['id']}' (finns inte i data/lankar.yml)")
                    )
    for i, doc in enumerate(site.sources.values()):
        need(
            doc.lank is None or doc.lank in site.links,
            "data/kallor.yml",
            ("kallor", i, "lank"),
            f"{doc.id}: okänd länk '{doc.lank}'",
        )
    for i, law in enumerate(site.laws.values()):
        need(
            law.lank in site.links,
            "data/lagrum.yml",
            ("lagar", i, "lank"),
            f"{law.id}: okänd länk '{law.lank}' (finns inte i data/lankar.yml)",
        )
    used = (
        {law.lank for law in site.laws.values()}
        | {d.lank for d in site.sources.values()}
        | {m["id"] for p in site.pages.values() for _, _, text in prose(p) for m in LINK_ID.finditer(text)}
    )
    for i, entry in enumerate(site.links.values()):
        need(
            entry.id in used,
            "data/lankar.yml",
            ("lankar", i, "id"),
            f"länken '{entry.id}' används inte av någon sida eller lag; ta bort den",
        )
    seen_terms: set[str] = set()
    for i, term in enumerate(site.glossary):
        where = "data/ordlista.yml"
        need(
            term.kalla.dokument in site.sources,
            where,
            ("ordlista", i, "kalla", "dokument"),
            f"{term.term}: okänd källa '{term.kalla.dokument}'",
        )
        need(term.term not in seen_terms, where, ("ordlista", i, "term"), f"termen '{term.term}' finns redan")
        seen_terms.add(term.term)

    reg = "data/lagrum.yml"
    seen: dict[tuple, str] = {}
    for i, p in enumerate(site.provisions.values()):
        need(p.lag in site.laws, reg, ("lagrum", i, "lag"), f"{p.id}: okänd lag '{p.lag}'")
        for j, ref in enumerate(p.kallor):
            need(ref.dokument in site.sources, reg, ("lagrum", i, "kallor", j), f"{p.id}: okänd källa '{ref.dokument}'")
        for j, old in enumerate(p.aldre):
            need(old.lag in site.laws, reg, ("lagrum", i, "aldre", j, "lag"), f"{p.id}: okänd lag '{old.lag}'")
        number = (p.lag, p.kapitel, p.paragraf)
        need(number not in seen, reg, ("lagrum", i, "id"), f"{p.id}: samma paragraf som '{seen.get(number)}'")
        seen.setdefault(number, p.id)
    return errors


def check_page_references(site: Site) -> list[ContentError]:
    """Pages named in front matter must exist (generated pages included, so this runs after generation)."""
    errors: list[ContentError] = []
    for page in site.pages.values():
        for loc, kind, target in schema.values(page.meta):
            if kind != "sida":
                continue
            where = (page.source, page.line(*loc))
            if target not in site.pages:
                errors.append(ContentError(*where, f"sidan '{target}' i '{loc[0]}' finns inte under docs/"))
            elif loc[0] == "studiekort" and site.pages[target].meta.typ not in cards.CARD_KINDS:
                errors.append(
                    ContentError(
                        *where, f"sidan '{target}' har inget studiekort (bara {', '.join(cards.CARD_KINDS)} har det)"
                    )
                )
    return errors


def prose(page: Page):
    """(location, file line, text) of every text readers see on the page: its body line by line,
    then every field the schema calls prose."""
    for n, text in enumerate(page.body.splitlines()):
        yield ("body", n), page.body_line + n, text
    for loc, kind, text in schema.values(page.meta):
        if kind == "prosa":
            yield loc, page.line(*loc), text


def fold(text: str) -> str:
    """Lower case without accents: 'Tvångssyndrom.md' and 'tvangssyndrom.md' fold alike."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def check_additions(site: Site) -> list[ContentError]:
    """A kommun edition: additions attach to a page and section that exist; its slots and sources exist."""
    errors: list[ContentError] = []
    for add in site.additions:
        target = site.pages.get(add.meta.sida)
        if target is None:
            errors.append(ContentError(add.source, add.line("sida"), f"sidan '{add.meta.sida}' finns inte under docs/"))
        elif add.meta.avsnitt != "inledning" and not getattr(target.meta, add.meta.avsnitt, None):
            have = [n for n, _, _ in render_sections() if getattr(target.meta, n, None)]
            errors.append(
                ContentError(
                    add.source,
                    add.line("avsnitt"),
                    f"sidan '{add.meta.sida}' har inget avsnitt '{add.meta.avsnitt}' (har: inledning, {', '.join(have)})",
                )
            )
    k = site.kommun
    if k is not None:
        where = f"kommuner/{k.id}/kommun.yml"
        lines = site.data_lines[where]
        for slot in k.rutiner:
            if slot not in site.slots:
                errors.append(
                    ContentError(
                        where, lines.line(("rutiner", slot)), f"okänd rutin '{slot}' (finns inte i data/rutiner.yml)"
                    )
                )
        for i, doc in enumerate(k.kallor):
            if doc not in site.sources:
                errors.append(
                    ContentError(
                        where, lines.line(("kallor", i)), f"okänd källa '{doc}' (finns inte i data/kallor.yml)"
                    )
                )
    return errors


def render_sections():
    from .render import SECTIONS

    return [s for s in SECTIONS if s[2] is not None]


def check_structure(site: Site) -> list[ContentError]:
    """Menu, folder kinds, index pages, unique titles and addresses."""
    errors: list[ContentError] = []
    menu_folders = {f for section in site.menu for f in section.mappar}
    slugs: dict[str, str] = {}
    titles: dict[str, str] = {}
    for path, page in site.pages.items():
        where = page.source
        top = path.split("/", 1)[0] if "/" in path else ""
        if top and top not in menu_folders:
            errors.append(ContentError(where, 1, f"mappen '{top}' finns inte i data/meny.yml"))
        allowed = schema.FOLDER_KINDS.get(top)
        if allowed and page.meta.typ not in allowed:
            errors.append(
                ContentError(where, page.line("typ"), f"en sida i {top}/ ska ha typ {' eller '.join(sorted(allowed))}")
            )
        if page.folder and index_of(page.folder) not in site.pages:
            errors.append(ContentError(where, 1, f"mappen '{page.folder}' saknar index.md"))
        slug = fold(path)
        if slug in slugs:
            errors.append(
                ContentError(
                    where, 1, f"samma adress som docs/{slugs[slug]} (skiljer bara i stora/små bokstäver eller å ä ö)"
                )
            )
        slugs.setdefault(slug, path)
        title = fold(page.meta.titel)
        if title in titles:
            errors.append(ContentError(where, page.line("titel"), f"samma titel som docs/{titles[title]}"))
        titles.setdefault(title, path)
    for folder in sorted(menu_folders):
        if index_of(folder) not in site.pages:
            errors.append(ContentError("data/meny.yml", 1, f"mappen '{folder}' har ingen docs/{folder}/index.md"))
    if "index.md" not in site.pages:
        errors.append(ContentError("docs/index.md", 0, "startsidan saknas"))
    return errors


def check_body(site: Site) -> list[ContentError]:
    """The editor's text: the title comes from front matter, so no '# ' heading of its own."""
    errors = []
    for page in site.pages.values():
        for n, line in enumerate(page.body.splitlines()):
            if re.match(r"#\s", line):
                errors.append(
                    ContentError(
                        page.source,
                        page.body_line + n,
                        "skriv inte en egen '# '-rubrik: titeln kommer från 'titel'; börja med '## '",
                    )
                )
    return errors


def anchors_of(markdown_text: str) -> set[str]:
    """Every id the Markdown produces (headings and attr_list ids), as MkDocs will render them."""
    html = markdown.Markdown(extensions=ANCHOR_EXTENSIONS).convert(markdown_text)
    return set(re.findall(r'\sid="([^"]+)"', html))


ACTIVE = [
    (re.compile(r"<\s*script\b", re.I), "<script> är inte tillåtet i innehållet"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "attribut som on…= (skript) är inte tillåtna"),
    (
        re.compile(r"\]\(\s*<?\s*javascript:|(?:href|src)\s*=\s*[\"']?\s*javascript:", re.I),
        "javascript:-länkar är inte tillåtna",
    ),
    (re.compile(r"\]\(\s*<?\s*data:|(?:href|src)\s*=\s*[\"']?\s*data:", re.I), "data:-länkar är inte tillåtna"),
]


def check_active_content(site: Site) -> list[ContentError]:
    """No scripts from pages: the site must be safe from file://, where no CSP protects it."""
    return [
        ContentError(page.source, line, message)
        for page in site.pages.values()
        if page.located.lines
        for _, line, text in prose(page)
        for pattern, message in ACTIVE
        if pattern.search(text)
    ]


def check_links(
    site: Site, rendered: dict[str, str], docs_dir: Path, produced: frozenset[str] | set[str] = frozenset()
) -> list[ContentError]:
    """Every relative link in a page's body and prose fields reaches a page (and its anchor), a file
    under docs/ or a file the build produces (`produced`, e.g. the study-card PDFs)."""
    anchors = cache(lambda path: anchors_of(rendered[path]))
    errors: list[ContentError] = []
    documents: list[tuple[str, Page]] = [*site.pages.items(), *((add.meta.sida, add) for add in site.additions)]
    for path, page in documents:
        if path not in site.pages:
            continue  # an addition to a page that does not exist: check_additions says so
        for _, line, text in prose(page):
            for m in (*MARKDOWN_LINK.finditer(text), *HTML_LINK.finditer(text)):
                target = m["target"].strip("<>")
                if target.startswith("lank:"):
                    continue  # checked with the other ids, before rendering
                if target.startswith(("http://", "https://", "//")) and page.located.lines:  # editors' pages
                    errors.append(
                        ContentError(
                            page.source,
                            line,
                            f"extern länk '{target}': lägg den i data/lankar.yml och skriv [text](lank:id)",
                        )
                    )
                    continue
                if EXTERNAL.match(target):
                    continue
                problem = link_problem(path, target, site, docs_dir, anchors, produced)
                if problem:
                    errors.append(ContentError(page.source, line, problem))
    return errors


def link_problem(path: str, target: str, site: Site, docs_dir: Path, anchors, produced=frozenset()) -> str | None:
    file, _, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(folder_of(path), file)) if file else path
    if resolved.endswith(".html") and resolved[:-5] + ".md" in site.pages:
        resolved = resolved[:-5] + ".md"  # raw HTML links to the page MkDocs will build
    if file and resolved.endswith(".md"):
        if resolved not in site.pages:
            return f"länken '{target}' går till en sida som inte finns ({resolved})"
    elif file:
        if resolved not in produced and not (docs_dir / resolved).is_file():
            return f"länken '{target}' går till en fil som inte finns ({resolved})"
        return None
    if fragment and fragment not in anchors(resolved):
        return f"länken '{target}' går till ett ankare som inte finns på {resolved}"
    return None
