"""Checks on the built site: every internal link and anchor resolves; nothing loads from another
host; nothing runs but the portal's own scripts.

Runs over the HTML the engine wrote, so it also covers templates, the menu and generated pages:
the backstop behind the content gate. Used by the build (which then refuses to publish) and by
the tests.
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

from .search import LATER

# Attributes whose URL the browser fetches by itself when the page loads (any element).
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "ping", "manifest", "formaction", "action"}
LOADING_HREF = {"link", "use", "image", "feimage"}  # elements whose href is fetched, not followed
NOT_FETCHED_LINK_RELS = {"canonical", "alternate", "author", "license", "help", "search", "sitemap"}
FORBIDDEN = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "style"}
SAFE_HREF_SCHEMES = {"https", "mailto", "tel"}
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]+)|@import\s+['\"]([^'\"]+)", re.I)


@dataclass
class HtmlFacts:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href of <a>
    loads: list[str] = field(default_factory=list)  # URLs fetched on load
    active: list[str] = field(default_factory=list)  # what runs or styles the page that must not


DOCUMENT_TAGS = re.compile(rb"<\s*(html|head|body)\b", re.I)
SVG_ACTIVE = re.compile(rb"<\s*(script|foreignobject)\b|\son[a-z]+\s*=|javascript:", re.I)


def facts(file: Path) -> HtmlFacts:
    found = HtmlFacts()
    raw = file.read_bytes()
    tags = [m[1].lower() for m in DOCUMENT_TAGS.finditer(raw)]
    if any(tags.count(t) > 1 for t in set(tags)):  # a second <body> hands its attributes to the first
        found.active.append("en sidas egen tagg (<html>, <head> eller <body>) står två gånger")
    for element in lxml.html.fromstring(raw).iter(tag=etree.Element):
        tag, a = str(element.tag).lower().rpartition("}")[2], element.attrib
        if a.get("id"):
            found.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            found.ids.add(a["name"])
        if tag == "a" and a.get("href"):
            found.links.append(a["href"])
            scheme = urlsplit(re.sub(r"[\x00-\x20]", "", a["href"])).scheme.lower()
            if scheme and scheme not in SAFE_HREF_SCHEMES:
                found.active.append(f"en länk av typen {scheme}: ({a['href'][:60]})")
        found.active += _active(tag, element)
        if _later(tag, element):  # loaded by the page's script: its address is checked as if loaded now
            found.loads.append(a["data-src"])
        for name, value in a.items():
            name = str(name).lower().rpartition("}")[2]
            if name in LOADING_ATTRIBUTES or (name == "href" and tag in LOADING_HREF):
                if tag == "link" and set((a.get("rel") or "").split()) & NOT_FETCHED_LINK_RELS:
                    continue
                found.loads += (
                    [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                )
    return found


def _active(tag: str, element) -> list[str]:
    """Scripts not from the portal's own files, event handlers, styles, frames, refreshes."""
    a = element.attrib
    problems = [f"attributet {n}= på <{tag}>" for n in a if str(n).lower().startswith("on")]
    if "style" in a:
        problems.append(f"style= på <{tag}>")
    if tag in FORBIDDEN:
        problems.append(f"<{tag}>")
    if tag == "script" and not a.get("src") and a.get("type") != "application/json" and not _later(tag, element):
        problems.append("ett skript i sidan (bara portalens egna skriptfiler får köras)")
    if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
        problems.append('<meta http-equiv="refresh">')
    return problems


def _later(tag: str, element) -> bool:
    """A theme script the search page loads when its index is in: empty, inert, its address in data-src."""
    a = element.attrib
    return (
        tag == "script"
        and LATER in a
        and a.get("type") == "text/plain"
        and bool(a.get("data-src"))
        and not element.text
    )


def is_external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I))


def check(site_dir: Path, complete: bool = True) -> list[str]:
    """All problems found, as 'page: problem' lines (empty when the site is sound). Not `complete`
    (a `make serve` rebuild, which writes no manifest, icons or cards): loads of local files that
    only a complete build writes are not checked."""
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
            elif (
                complete
                and url
                and not url.startswith("data:")
                and target_of(posixpath.dirname(rel), urlsplit(url).path) is None
            ):
                problems.append(f"{rel}: laddar in en fil som inte finns: {url}")
        problems += [f"{rel}: otillåtet i sidan: {what}" for what in page.active]
        for url in page.links:
            if is_external(url):
                continue
            problem = _resolve(rel, url, target_of, get)
            if problem:
                problems.append(f"{rel}: {problem}")
    for svg in sorted(site_dir.rglob("*.svg")):
        if SVG_ACTIVE.search(svg.read_bytes()):
            problems.append(f"{svg.relative_to(site_dir).as_posix()}: en SVG-fil med skript eller händelser")
    for css in sorted(site_dir.rglob("*.css")):
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = match[1] or match[2]
            if is_external(url) and not url.startswith("data:"):
                problems.append(f"{css.relative_to(site_dir).as_posix()}: laddar in från en annan värd: {url}")
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
