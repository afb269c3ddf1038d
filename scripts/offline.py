"""Install and use offline on a phone: a web app manifest, its icons, and a service worker.

The worker (scripts/offline_worker.js) gets a precache manifest: every page, the search index
and the assets, each with its content hash. Its cache is named after the edition and a hash of
the manifest, so a new build makes a new cache, and an unchanged file is copied from the old
cache instead of downloaded again. Study-card PDFs are cached when opened, or all at once on
request. From file:// there are no service workers; the site works from disk as before.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image

from . import changes
from .content import DOCS, ROOT, Site
from .editions import DESCRIPTION, FOLDER
from .generate import EDITORS_REPORT
from .sitemap import html_path

WORKER_SOURCE = ROOT / "scripts" / "offline_worker.js"
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
ICON_SOURCE = DOCS / "assets" / "images" / "ikon.png"
ICONS = {
    "assets/images/ikon-192.png": 192,
    "assets/images/ikon-512.png": 512,
    "assets/images/apple-touch-icon.png": 180,
}
MASKABLE = "assets/images/ikon-maskable-512.png"
THEME = "#3f51b5"  # Material's indigo, the site's primary colour (mkdocs.yml)
NOT_PRECACHED = {".gz", ".br", ".pdf", ".map"}
# Not kept for offline use: the worker itself, files for crawlers and feed readers, and the editors'
# report (for editors at a desk; it changes with every edit, which every installed reader would pay).
SKIPPED = {WORKER, "sitemap.xml", "robots.txt", "nytt.xml", html_path(EDITORS_REPORT)}
ICON_SOURCE_IN_SITE = "assets/images/ikon."  # the source the icons are made from (its hashed name): no page loads it
# The content API is for other programs, not for reading offline; a kommun edition's files are
# saved only by those who choose the kommun (the worker reads its utgava.js).
NOT_PRECACHED_FOLDERS = ("api/", "k/")


def write_icons(site_dir: Path) -> None:
    """Every icon size from one source image; the maskable one with room for the launcher's mask."""
    source = Image.open(ICON_SOURCE).convert("RGBA")
    for path, size in ICONS.items():
        source.resize((size, size), Image.Resampling.LANCZOS).save(site_dir / path, optimize=True)
    padded = Image.new("RGBA", source.size, THEME)
    inner = source.resize((int(source.width * 0.8),) * 2, Image.Resampling.LANCZOS)
    padded.paste(inner, ((source.width - inner.width) // 2,) * 2, inner)
    padded.resize((512, 512), Image.Resampling.LANCZOS).save(site_dir / MASKABLE, optimize=True)


def manifest(site: Site) -> dict:
    k = site.kommun
    return {
        "name": f"Boendestödsportalen – {k.namn}" if k else "Boendestödsportalen",
        "short_name": "Boendestöd",
        "description": "Kunskap och vägledning om boendestöd, också utan nät.",
        "lang": "sv",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": "#ffffff",
        "icons": [
            *({"src": p, "sizes": f"{s}x{s}", "type": "image/png"} for p, s in ICONS.items() if s != 180),
            {"src": MASKABLE, "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }


def precache_list(site_dir: Path) -> dict[str, str]:
    """Every file the site needs offline → a hash of its content."""
    out = {}
    for file in sorted(site_dir.rglob("*")):
        rel = file.relative_to(site_dir).as_posix()
        skipped = rel in SKIPPED or rel.startswith(ICON_SOURCE_IN_SITE) or rel.startswith(NOT_PRECACHED_FOLDERS)
        if file.is_file() and file.suffix not in NOT_PRECACHED and not skipped:
            out[rel] = hashlib.sha256(file.read_bytes()).hexdigest()[:12]
    return out


def write(site_dir: Path, site: Site, editions: dict[str, str] | None = None) -> dict:
    """Icons, manifest and worker into the built site; returns the precache manifest.
    `editions`: each kommun edition's id → the hash of its utgava.js."""
    write_icons(site_dir)
    (site_dir / MANIFEST).write_text(json.dumps(manifest(site), ensure_ascii=False, indent=1), encoding="utf-8")
    return write_worker(site_dir, "nationell", changed_pages(site), editions)


def changed_pages(site: Site) -> dict[str, dict]:
    """Pages with substantive changes → {titel, n: how many, vad: the newest}: the worker compares
    n with the version a reader had, to show what changed since (nothing is sent anywhere)."""
    out = {}
    for page in changes.editor_pages(site):
        found = [c for c in changes.changes_of(page) if c.slag == changes.SUBSTANTIVE]
        if found:
            out[html_path(page.path)] = {"titel": page.meta.titel, "n": len(found), "vad": found[0].vad}
    return dict(sorted(out.items()))


def write_worker(
    site_dir: Path, edition: str, pages: dict[str, dict] | None = None, editions: dict[str, str] | None = None
) -> dict:
    """The service worker with the precache manifest of the site as it is now; returns the manifest.
    `pages`: changed_pages (none: no page has a substantive change). `editions`: id → hash of each
    kommun edition's utgava.js, so that a changed edition is a new version too."""
    files = precache_list(site_dir)
    pdfs = sorted(
        rel for f in site_dir.rglob("*.pdf") if not (rel := f.relative_to(site_dir).as_posix()).startswith("k/")
    )
    sidor = pages or {}
    utgavor = dict(sorted((editions or {}).items()))
    version = hashlib.sha256(json.dumps([files, utgavor], sort_keys=True).encode()).hexdigest()[:12]
    precache = {
        "edition": edition,
        "version": version,
        "files": files,
        "pdfs": pdfs,
        "sidor": sidor,
        "utgavor": utgavor,
    }
    worker = WORKER_SOURCE.read_text(encoding="utf-8")
    payload = json.dumps(precache, ensure_ascii=False, separators=(",", ":"))
    (site_dir / WORKER).write_text(f"{PRECACHE_NAME} = {payload};\n{worker}", encoding="utf-8")
    return precache


PRECACHE_NAME = "self.__portalPrecache"


def join_editions(site_dir: Path) -> dict:
    """sw.js written again for the editions now under k/ (each named by the hash of its utgava.js),
    the rest of its manifest as the build wrote it: for a site whose editions were built on several
    machines (a CI matrix) and put together. Returns the new manifest."""
    text = (site_dir / WORKER).read_text(encoding="utf-8")
    start = text.index("=", len(PRECACHE_NAME)) + 1
    old = json.loads(text[start : text.index(";\n", start)])
    editions = {
        f.parent.name: hashlib.sha256(f.read_bytes()).hexdigest()[:12]
        for f in sorted((site_dir / FOLDER).glob(f"*/{DESCRIPTION}"))
    }
    return write_worker(site_dir, old["edition"], old["sidor"], editions)
