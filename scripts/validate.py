"""Checks across files: references, structure, the content gate and internal links.

content.py already checked each file on its own (UTF-8, YAML, schema, the file tree). Here every
id a page uses must exist, every folder must be in the menu, every text an editor wrote must pass
the content gate (scripts/gate.py), and every link must reach a page and anchor.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import cards, gate, schema
from .content import LOCAL_FOLDER, ContentError, Page, Site, find_line
from .nav import folder_of, index_of
from .search import fold  # 'Tvångssyndrom.md' and 'tvangssyndrom.md' fold alike


@dataclass(frozen=True)
class Link:
    """A link an editor wrote: where (file, line), from which page (None in a data file), to what."""

    source: str
    line: int
    page: str | None
    href: str


@dataclass
class Scan:
    """What the gate found in every text an editor wrote: refusals, and the links to check."""

    refusals: list[ContentError] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def editor_texts(site: Site) -> Iterator[tuple[str, str | None, str, Callable[[str, int | None], int]]]:
    """(file, page, text, line_of) for every text an editor wrote, wherever it lives: each page's
    and local addition's body and every string in its front matter, and every string in the data
    files and kommun.yml. `page` is the page a link is read from; `line_of(needle, at)` gives the line
    in the editor's own file. Strings are found through the schema, so a new field is included."""
    documents: list[Page] = [*site.pages.values(), *site.additions]
    for page in documents:
        if not page.located.lines:
            continue  # made by the build
        base = getattr(page.meta, "sida", None) if page in site.additions else page.path
        yield page.source, base, page.body, partial(find_line, page.body.split("\n"), page.body_line)
        for loc, _, text in schema.values(page.meta):
            yield page.source, base, text, partial(page.located.find, loc)
    for rel, model in site.data.items():
        located = site.data_lines[rel.removeprefix("data/")]
        for loc, _, text in schema.values(model):
            yield rel, None, text, partial(located.find, loc)


def scan(site: Site) -> Scan:
    """Pass every editor text through the gate; refusals become errors at the editor's line."""
    result = Scan()
    for source, page, text, line_of in editor_texts(site):
        checked = gate.check(text)
        result.refusals += [ContentError(source, line_of(f.needle, f.at), f.message) for f in checked.refusals]
        result.links += [Link(source, line_of(f.needle, f.at), page, f.message) for f in checked.links]
    return result


def check_references(site: Site, scanned: Scan) -> list[ContentError]:
    """Ids used in front matter and data files must exist, and every lank:-id in any text."""
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
    for link in scanned.links:
        if link.href.startswith("lank:") and link.href[5:] not in site.links:
            errors.append(
                ContentError(link.source, link.line, f"okänd länk '{link.href}' (finns inte i data/lankar.yml)")
            )
    for i, doc in enumerate(site.sources.values()):
        need(
            doc.lank is None or doc.lank in site.links,
            "data/kallor.yml",
            ("kallor", i, "lank"),
            f"{doc.id}: okänd länk '{doc.lank}'",
        )
    for law_id, statute in site.statutes.items():
        rel = f"data/lagtext/{law_id}.md"
        need(
            statute.meta.lank in site.links,
            rel,
            ("lank",),
            f"okänd länk '{statute.meta.lank}' (finns inte i data/lankar.yml)",
        )
        need(law_id in site.laws, rel, ("lag",), f"lagen '{law_id}' finns inte i data/lagrum.yml")
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
        | {statute.meta.lank for statute in site.statutes.values()}
        | {link.href[5:] for link in scanned.links if link.href.startswith("lank:")}
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


def check_item_ids(site: Site) -> list[ContentError]:
    """Items an editor gives an id (checklist items, self-check questions): each id once in its
    list, since the browser keeps a tick or an answer by page and id."""
    errors: list[ContentError] = []
    documents: list[Page] = [*site.pages.values(), *site.additions]
    for page in documents:
        for name in type(page.meta).model_fields:
            items = getattr(page.meta, name)
            if not isinstance(items, list):
                continue
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                item_id = getattr(item, "id", None)
                if not isinstance(item_id, str):
                    continue
                line = page.line(name, i, "id")
                if item_id in seen:
                    errors.append(
                        ContentError(
                            page.source,
                            line,
                            f"id '{item_id}' finns redan i {name} (rad {seen[item_id]}): "
                            "varje punkt behöver ett eget id",
                        )
                    )
                seen.setdefault(item_id, line)
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


def check_additions(site: Site) -> list[ContentError]:
    """A kommun edition: additions attach to a page and section that exist; its slots and sources exist."""
    errors: list[ContentError] = []
    for add in site.additions:
        target = site.pages.get(add.meta.sida)
        if target is None:
            errors.append(ContentError(add.source, add.line("sida"), f"sidan '{add.meta.sida}' finns inte under docs/"))
        elif not target.located.lines:
            errors.append(
                ContentError(
                    add.source,
                    add.line("sida"),
                    f"sidan '{add.meta.sida}' skapas av bygget: ett tillägg hör till en sida under docs/",
                )
            )
        elif add.meta.avsnitt not in (shown := rendered_sections(target)):
            errors.append(
                ContentError(
                    add.source,
                    add.line("avsnitt"),
                    f"sidan '{add.meta.sida}' visar inget avsnitt '{add.meta.avsnitt}' (välj ett av: {', '.join(shown)})",
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
        if (k.rutiner or k.kontakter) and not k.kallor:  # a new edition has neither until it is filled in
            field = "rutiner" if k.rutiner else "kontakter"
            errors.append(
                ContentError(
                    where,
                    lines.line((field,)),
                    f"'{field}' behöver en källa: skriv dokumentet de bygger på i 'kallor' (id i data/kallor.yml)",
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


def rendered_sections(page: Page) -> list[str]:
    """The sections a local addition can follow on this page: 'inledning' and each section the
    page shows (a safety-first page shows its first tank_pa at the top, so Tänk på needs two)."""
    from .render import SAFETY_FIRST, SECTIONS

    shown = ["inledning"]
    for name, _, renderer in SECTIONS:
        value = getattr(page.meta, name, None)
        if name == "tank_pa" and page.meta.typ in SAFETY_FIRST:
            value = (value or [])[1:]
        if renderer is not None and value:
            shown.append(name)
    return shown


def check_structure(site: Site) -> list[ContentError]:
    """Menu, folder kinds, index pages, unique titles and addresses."""
    errors: list[ContentError] = []
    menu_folders = {f for section in site.menu for f in section.mappar}
    slugs: dict[str, str] = {}
    titles: dict[str, str] = {}
    for path, page in site.pages.items():
        where = page.source
        top = path.split("/", 1)[0] if "/" in path else ""
        if top == LOCAL_FOLDER:  # reached from the header, not the menu
            if where.startswith("docs/") and page.located.lines:  # written by an editor, not the build
                errors.append(
                    ContentError(
                        where,
                        1,
                        f"mappen {LOCAL_FOLDER}/ är till för kommunernas egna sidor "
                        "(kommuner/<id>/sidor/): flytta sidan",
                    )
                )
        elif top and top not in menu_folders:
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


def check_pictures(site: Site, rendered: dict[str, str], docs_dir: Path) -> list[ContentError]:
    """Lättläst pages: every section shown has a picture, every picture named in `bilder` is a file
    in docs/assets/bilder/lattlast/ and belongs to a heading the page has."""
    from .render import PICTURES, picture_of, section_headings

    folder = docs_dir / PICTURES
    errors: list[ContentError] = []
    for page in site.pages_of(schema.EasyReadPage):
        shown = [heading for _, heading in section_headings(rendered[page.path])]
        body_lines = {heading: n for n, heading in section_headings(page.body)}
        for heading, name in page.meta.bilder.items():
            where = page.line("bilder", heading)
            if heading not in shown:
                errors.append(ContentError(page.source, where, f"bilder: sidan har ingen rubrik '## {heading}'"))
            if not (folder / f"{name}.svg").is_file():
                errors.append(
                    ContentError(page.source, where, f"bilden '{name}' finns inte (filerna finns i docs/{PICTURES}/)")
                )
        for heading in shown:
            picture = picture_of(page, heading)
            line = page.body_line + body_lines[heading] if heading in body_lines else 1
            if picture is None:
                errors.append(
                    ContentError(
                        page.source,
                        line,
                        f"avsnittet '{heading}' har ingen bild: lägg till den i bilder: (rubriken: bildens namn)",
                    )
                )
            elif heading not in page.meta.bilder and not (folder / f"{picture}.svg").is_file():
                errors.append(ContentError(page.source, line, f"bilden '{picture}' finns inte i docs/{PICTURES}/"))
    return errors


@lru_cache(maxsize=4096)
def anchors_of(markdown_text: str) -> frozenset[str]:
    """Every id the Markdown produces (headings and attr_list ids), as MkDocs will render them
    (kept per text: `make serve` renders only changed pages again)."""
    html = gate.render_markdown(markdown_text)
    return frozenset(re.findall(r'\sid="([^"]+)"', html))


SVG_ALLOWED = frozenset(
    "svg g path rect circle ellipse line polyline polygon title desc defs symbol use lineargradient radialgradient stop clippath mask".split()
)


def check_images(docs_dir: Path) -> list[ContentError]:
    """SVG files under docs/ are documents a browser runs: only drawing, no script, no handler, no
    link or load outside the file (the icons the portal uses are plain paths)."""
    from lxml import etree

    errors = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    for file in sorted(docs_dir.rglob("*.svg")):
        rel = f"docs/{file.relative_to(docs_dir).as_posix()}"
        try:
            root = etree.fromstring(file.read_bytes(), parser)
        except etree.XMLSyntaxError as exc:
            errors.append(ContentError(rel, exc.lineno or 1, f"SVG-filen går inte att läsa: {exc.msg}"))
            continue
        if root.getroottree().docinfo.internalDTD:
            errors.append(ContentError(rel, 1, "SVG-filen har en egen DTD (entiteter): ta bort den"))
        for element in root.iter(tag=etree.Element):
            tag = etree.QName(element).localname.lower()
            line = element.sourceline or 1
            if tag not in SVG_ALLOWED:
                errors.append(ContentError(rel, line, f"<{tag}> är inte tillåtet i en SVG-fil"))
            for name, value in element.attrib.items():
                local = etree.QName(name).localname.lower()
                if local.startswith("on") or local == "style" and "url(" in value:
                    errors.append(ContentError(rel, line, f"attributet {local}= är inte tillåtet i en SVG-fil"))
                elif local == "href" and not value.startswith("#"):
                    errors.append(ContentError(rel, line, f"en SVG-fil får bara länka inom sig själv ({value[:40]})"))
    return errors


def check_links(
    site: Site,
    rendered: dict[str, str],
    docs_dir: Path,
    scanned: Scan,
    produced: frozenset[str] | set[str] = frozenset(),
) -> list[ContentError]:
    """Every relative link an editor wrote reaches a page (and its anchor), a file under docs/ or
    a file the build produces (`produced`, e.g. the study-card PDFs). A data file's text is shown
    on many pages, so it links out only through the link register."""
    anchors = cache(lambda path: anchors_of(rendered[path]))
    errors: list[ContentError] = []
    for link in scanned.links:
        if urlsplit(link.href).scheme:
            continue  # lank:, mailto:, tel: (the gate refused every other scheme)
        if link.page is None:
            errors.append(
                ContentError(link.source, link.line, f"länken '{link.href}': text i en datafil länkar bara med lank:id")
            )
        elif link.page in site.pages:  # else: an addition to a page that does not exist, said elsewhere
            problem = link_problem(link.page, unquote(link.href), site, docs_dir, anchors, produced)
            if problem:
                errors.append(ContentError(link.source, link.line, problem))
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
