"""Checks on the built site: every internal link and anchor resolves; nothing loads from another host.

Runs over the HTML MkDocs wrote, so it also covers links from templates, the menu and
generated pages. Used by the build (which then refuses to publish) and by the tests.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

# Elements whose URL the browser fetches by itself when the page loads.
LOADED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}
NOT_FETCHED_LINK_RELS = {"canonical", "alternate", "author", "license", "help", "search"}


@dataclass
class HtmlFacts:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href of <a>
    loads: list[str] = field(default_factory=list)  # URLs fetched on load


def facts(file: Path) -> HtmlFacts:
    found = HtmlFacts()
    for element in lxml.html.fromstring(file.read_bytes()).iter(tag=etree.Element):
        tag, a = element.tag, element.attrib
        if a.get("id"):
            found.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            found.ids.add(a["name"])
        if tag == "a" and a.get("href"):
            found.links.append(a["href"])
        for t, attr in LOADED:
            if tag == t and a.get(attr):
                if tag == "link" and set((a.get("rel") or "").split()) & NOT_FETCHED_LINK_RELS:
                    continue
                found.loads.append(a[attr])
    return found


def is_external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I))


def check(site_dir: Path) -> list[str]:
    """All problems found, as 'page: problem' lines (empty when the site is sound)."""
    pages = sorted(site_dir.rglob("*.html"))
    get = cache(lambda p: facts(site_dir / p))
    # pages in one folder share their menu links: each (folder, path) is looked up once
    target_of = cache(lambda folder, path: _target(site_dir, folder, path))
    problems = []
    for file in pages:
        rel = file.relative_to(site_dir).as_posix()
        page = get(rel)
        for url in page.loads:
            if is_external(url) and not url.startswith("data:"):
                problems.append(f"{rel}: laddar in från en annan värd: {url}")
        for url in page.links:
            if is_external(url):
                continue
            problem = _resolve(rel, url, target_of, get)
            if problem:
                problems.append(f"{rel}: {problem}")
    return problems


def _target(site_dir: Path, folder: str, path: str) -> str | None:
    """The built file a link path from `folder` points to, or None when there is none."""
    base = "" if path.startswith("/") else folder  # 404.html links from the root
    target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if path.endswith("/") or (site_dir / target).is_dir():
        target = posixpath.join(target, "index.html")
    if target.startswith("../") or not (site_dir / target).is_file():
        return None
    return target


def _resolve(rel: str, url: str, target_of, get) -> str | None:
    parts = urlsplit(url)
    path = unquote(parts.path)
    target = target_of(posixpath.dirname(rel), path) if path else rel
    if target is None:
        return f"trasig länk {url}"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html") and fragment not in get(target).ids:
        return f"länken {url} går till ett ankare som inte finns"
    return None
