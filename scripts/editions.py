"""Kommun editions: a thin layer over the national site.

The national site is built first, at the root. An edition then holds only what differs, under
k/<id>/ beside it: the pages whose rendered Markdown differs from the national page (local
boxes, filled routine slots, local sections), the kommun's own pages under kommun/, and
utgava.js — its name, its pages and every file with its hash — which the pages
(portal-kommun.js: the choice of kommun) and the service worker (offline use) read. The engine
renders only those pages, with the national menu; every link in them to anything the edition
does not have leads to the national file. Nothing national is copied.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .check_site import is_external
from .sitemap import html_path

FOLDER = "k"
DESCRIPTION = "utgava.js"  # a script, so that a page can read it from disk too (file://)
DESCRIPTION_NAME = "self.__portalUtgava"


def folder_of(kommun_id: str) -> str:
    """Where an edition lives in the site: k/goteborg."""
    return f"{FOLDER}/{kommun_id}"


def own_pages(national: dict[str, str], edition: dict[str, str]) -> dict[str, str]:
    """The pages an edition has of its own: new ones, and those rendered differently from the national page."""
    return {path: text for path, text in edition.items() if national.get(path) != text}


_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|action)=")([^"]*)(")')
_CONFIG_PATH = re.compile(r'("(?:base|search)": ")([^"]*)(")')


def relocate(html: str, page: str, kommun_id: str, own: set[str]) -> str:
    """A page the engine rendered as if at `page` (situationer/x.html), moved to the edition's
    folder: every relative address that leads to a file the edition does not have (`own`, paths
    within the edition) is made to lead to the national file instead."""
    folder = posixpath.dirname(page)
    here = posixpath.join(folder_of(kommun_id), folder)

    def fix(match: re.Match) -> str:
        url = match[2]
        if not url or url.startswith(("#", "/")) or is_external(url):
            return match[0]
        path, tail = re.match(r"([^?#]*)(.*)", url, re.S).groups()  # type: ignore[union-attr]
        target = posixpath.normpath(posixpath.join(folder, path or "."))
        if target in own:
            return match[0]
        moved = posixpath.relpath(target, here) + ("/" if path.endswith("/") or path in ("", ".") else "")
        return f"{match[1]}{moved}{tail}{match[3]}"

    return _CONFIG_PATH.sub(fix, _URL_ATTRIBUTE.sub(fix, html))


def describe(kommun, pages: list[str], site_dir: Path) -> dict:
    """utgava.js: the edition's name, its pages (as addresses) and every file with its hash."""
    base = site_dir / folder_of(kommun.id)
    files = {
        f.relative_to(site_dir).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()[:12]
        for f in sorted(base.rglob("*"))
        if f.is_file() and f.name != DESCRIPTION
    }
    return {
        "id": kommun.id,
        "namn": kommun.namn,
        "i_text": kommun.i_text,
        "sidor": sorted(html_path(p) for p in pages),
        "filer": files,
    }


def write(
    site_dir: Path,
    kommun,
    pages: dict[str, str],
    render: Callable[[dict[str, str], Path], None],
    finish: Callable[[str], str],
    files: Iterable[str] = (),
    index: Callable[[Path], None] | None = None,
) -> str:
    """Render an edition's own pages (`render(pages, folder)` writes their HTML, laid out as the
    national site), finish each (`finish`: the build's compaction and asset names), move them to
    k/<id>/ with their links relocated, and describe the edition. `files`: other files already
    in the edition's folder (its study cards), which its pages' links keep. `index(folder)`
    writes the edition's search additions from its pages there, before it is described (so that
    they are among its files). Returns the hash of utgava.js."""
    target = site_dir / folder_of(kommun.id)
    with tempfile.TemporaryDirectory(prefix="utgava-", dir=site_dir.parent) as work:
        render(pages, Path(work))
        rendered = {html_path(p) for p in pages}
        own = rendered | set(files)
        for rel in sorted(rendered):
            html = (Path(work) / rel).read_text(encoding="utf-8")
            out = target / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(relocate(finish(html), rel, kommun.id, own), encoding="utf-8")
    if index is not None:
        index(target)
    data = json.dumps(describe(kommun, list(pages), site_dir), ensure_ascii=False, separators=(",", ":"))
    text = f"{DESCRIPTION_NAME} = {data};\n"
    (target / DESCRIPTION).write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:12]
