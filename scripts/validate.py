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
ANCHOR_EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "def_list", "tables",
                     "pymdownx.details", "pymdownx.superfences"]


def check_references(site: Site) -> list[ContentError]:
    """Ids used in front matter and data files must exist."""
    errors: list[ContentError] = []

    def need(ok: bool, where, loc: tuple, message: str):
        """`where` is a Page or the path of a data file ('data/lagrum.yml')."""
        if ok:
            return
        if isinstance(where, Page):
            errors.append(ContentError(f"docs/{where.path}", where.line(*loc), message))
        else:
            errors.append(ContentError(where, site.data_lines[where.removeprefix("data/")].line(loc), message))

    for page in site.pages.values():
        m = page.meta
        for i, tag in enumerate(m.taggar):
            need(tag in site.tags, page, ("taggar", i), f"okänd tagg '{tag}' (finns inte i data/taggar.yml)")
        for i, pid in enumerate(getattr(m, "lagrum", [])):
            need(pid in site.provisions, page, ("lagrum", i), f"okänt lagrum '{pid}' (finns inte i data/lagrum.yml)")
        for i, ref in enumerate(m.kallor):
            need(ref.dokument in site.sources, page, ("kallor", i, "dokument"), f"okänd källa '{ref.dokument}' (finns inte i data/kallor.yml)")
        for i, step in enumerate(getattr(m, "process", [])):
            for j, pid in enumerate(step.lagrum):
                need(pid in site.provisions, page, ("process", i, "lagrum", j), f"okänt lagrum '{pid}' (finns inte i data/lagrum.yml)")
            for j, ref in enumerate(step.kallor):
                need(ref.dokument in site.sources, page, ("process", i, "kallor", j, "dokument"), f"okänd källa '{ref.dokument}'")
        for name in ("stod", "att_gora", "i_vardagen", "tank_pa", "reflektionsfragor"):
            for i, item in enumerate(getattr(m, name, [])):
                source = getattr(item, "kalla", None)
                need(source is None or source in site.sources, page, (name, i, "kalla"), f"okänd källa '{source}'")
                theme = getattr(item, "tema", None)
                need(theme is None or theme in site.tags, page, (name, i, "tema"), f"okänd tagg '{theme}'")

    for page in site.pages.values():
        for n, line in enumerate(page.body.splitlines()):
            for m in LINK_ID.finditer(line):
                if m["id"] not in site.links:
                    errors.append(ContentError(f"docs/{page.path}", page.body_line + n,
                                               f"okänd länk 'lank:{m['id']}' (finns inte i data/lankar.yml)"))
    for i, law in enumerate(site.laws.values()):
        need(law.lank in site.links, "data/lagrum.yml", ("lagar", i, "lank"), f"{law.id}: okänd länk '{law.lank}' (finns inte i data/lankar.yml)")
    used = {law.lank for law in site.laws.values()} | {m["id"] for p in site.pages.values() for m in LINK_ID.finditer(p.body)}
    for i, entry in enumerate(site.links.values()):
        need(entry.id in used, "data/lankar.yml", ("lankar", i, "id"), f"länken '{entry.id}' används inte av någon sida eller lag; ta bort den")
    seen_terms: set[str] = set()
    for i, term in enumerate(site.glossary):
        where = "data/ordlista.yml"
        need(term.kalla.dokument in site.sources, where, ("ordlista", i, "kalla", "dokument"), f"{term.term}: okänd källa '{term.kalla.dokument}'")
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
        m = page.meta
        for name in ("relaterat", "las", "studiekort"):
            for i, target in enumerate(getattr(m, name, [])):
                if target not in site.pages:
                    errors.append(ContentError(f"docs/{page.path}", page.line(name, i), f"sidan '{target}' i '{name}' finns inte under docs/"))
                elif name == "studiekort" and site.pages[target].meta.typ not in cards.CARD_KINDS:
                    errors.append(ContentError(f"docs/{page.path}", page.line(name, i),
                                               f"sidan '{target}' har inget studiekort (bara målgrupps- och temasidor har det)"))
        for i, step in enumerate(getattr(m, "process", [])):
            if step.sida is not None and step.sida not in site.pages:
                errors.append(ContentError(f"docs/{page.path}", page.line("process", i, "sida"), f"sidan '{step.sida}' finns inte under docs/"))
    return errors


def fold(text: str) -> str:
    """Lower case without accents: 'Tvångssyndrom.md' and 'tvangssyndrom.md' fold alike."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def check_structure(site: Site) -> list[ContentError]:
    """Menu, folder kinds, index pages, unique titles and addresses."""
    errors: list[ContentError] = []
    menu_folders = {f for section in site.menu for f in section.mappar}
    slugs: dict[str, str] = {}
    titles: dict[str, str] = {}
    for path, page in site.pages.items():
        where = f"docs/{path}"
        top = path.split("/", 1)[0] if "/" in path else ""
        if top and top not in menu_folders:
            errors.append(ContentError(where, 1, f"mappen '{top}' finns inte i data/meny.yml"))
        allowed = schema.FOLDER_KINDS.get(top)
        if allowed and page.meta.typ not in allowed:
            errors.append(ContentError(where, page.line("typ"), f"en sida i {top}/ ska ha typ {' eller '.join(sorted(allowed))}"))
        if page.folder and index_of(page.folder) not in site.pages:
            errors.append(ContentError(where, 1, f"mappen '{page.folder}' saknar index.md"))
        slug = fold(path)
        if slug in slugs:
            errors.append(ContentError(where, 1, f"samma adress som docs/{slugs[slug]} (skiljer bara i stora/små bokstäver eller å ä ö)"))
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
                errors.append(ContentError(f"docs/{page.path}", page.body_line + n,
                                           "skriv inte en egen '# '-rubrik: titeln kommer från 'titel'; börja med '## '"))
    return errors


def anchors_of(markdown_text: str) -> set[str]:
    """Every id the Markdown produces (headings and attr_list ids), as MkDocs will render them."""
    html = markdown.Markdown(extensions=ANCHOR_EXTENSIONS).convert(markdown_text)
    return set(re.findall(r'\sid="([^"]+)"', html))


def check_links(site: Site, rendered: dict[str, str], docs_dir: Path, produced: set[str] = frozenset()) -> list[ContentError]:
    """Every relative link in a page body reaches a page (and its anchor), a file under docs/ or a
    file the build produces (`produced`, e.g. the study-card PDFs)."""
    anchors = cache(lambda path: anchors_of(rendered[path]))
    errors: list[ContentError] = []
    for path, page in site.pages.items():
        for n, line in enumerate(page.body.splitlines()):
            for m in (*MARKDOWN_LINK.finditer(line), *HTML_LINK.finditer(line)):
                target = m["target"].strip("<>")
                if target.startswith("lank:"):
                    continue  # checked with the other ids, before rendering
                if target.startswith(("http://", "https://", "//")) and page.located.lines:  # editors' pages
                    errors.append(ContentError(f"docs/{path}", page.body_line + n,
                                               f"extern länk '{target}': lägg den i data/lankar.yml och skriv [text](lank:id)"))
                    continue
                if EXTERNAL.match(target):
                    continue
                problem = link_problem(path, target, site, docs_dir, anchors, produced)
                if problem:
                    errors.append(ContentError(f"docs/{path}", page.body_line + n, problem))
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
