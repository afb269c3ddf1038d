"""Site structure from the content: menu order, folder listings and relative links."""

from __future__ import annotations

import posixpath

from .content import Page, Site

SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "u"})


def sort_key(page: Page) -> tuple:
    """Pages sort by `ordning`, then by title in Swedish alphabetical order (å ä ö last)."""
    order = page.meta.ordning if page.meta.ordning is not None else 10_000
    return order, page.meta.titel.lower().translate(SWEDISH_ORDER)


def folder_of(path: str) -> str:
    return posixpath.dirname(path)


def children(site: Site, folder: str) -> list[Page]:
    """The pages directly in `folder` plus the index pages of its subfolders, in menu order."""
    found = []
    for path, page in site.pages.items():
        parent = folder_of(path)
        if page.is_index:
            if folder_of(parent) == folder and parent != folder:
                found.append(page)
        elif parent == folder:
            found.append(page)
    return sorted(found, key=sort_key)


def index_of(folder: str) -> str:
    return f"{folder}/index.md" if folder else "index.md"


def menu_title(page: Page) -> str:
    """The title in the menu: a week of the introduction says which week it is."""
    week = getattr(page.meta, "vecka", None)
    return f"Vecka {week}: {page.meta.titel}" if week else page.meta.titel


def folder_nav(site: Site, folder: str) -> list:
    """MkDocs nav entries for a folder: its index page first, then its pages and subfolders."""
    entries: list = [index_of(folder)]
    for page in (c for c in children(site, folder) if c.meta.i_menyn):
        if page.is_index:
            entries.append({page.meta.titel: folder_nav(site, page.folder)})
        else:
            entries.append({menu_title(page): page.path})
    return entries


def build_nav(site: Site) -> list:
    """The whole menu: start page, then one section per user group (data/meny.yml)."""
    nav: list = [{site.pages["index.md"].meta.titel: "index.md"}]
    for section in site.menu:
        if len(section.mappar) == 1:
            nav.append({section.rubrik: folder_nav(site, section.mappar[0])})
        else:
            nav.append(
                {section.rubrik: [{site.pages[index_of(f)].meta.titel: folder_nav(site, f)} for f in section.mappar]}
            )
    return nav


def link(from_path: str, to_path: str, fragment: str = "") -> str:
    """Relative Markdown link from one page to another (MkDocs resolves .md links)."""
    rel = posixpath.relpath(to_path, folder_of(from_path) or ".")
    return f"{rel}#{fragment}" if fragment else rel


def html_link(from_path: str, to_path: str, fragment: str = "") -> str:
    """The same link for raw HTML, which MkDocs leaves alone: to the built .html file."""
    target = to_path[:-3] + ".html" if to_path.endswith(".md") else to_path
    return link(from_path, target, fragment)
