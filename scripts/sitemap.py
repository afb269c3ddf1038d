"""sitemap.xml with every page and a robots.txt that names it, for the site's public address.

The address comes from SITE_URL (for example `SITE_URL=https://boendestod.kommun.se/ make build`);
without it, the address `make serve` uses.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from .content import Site

DEFAULT_URL = "http://127.0.0.1:8000/"


def site_url() -> str:
    """The site's address, always ending in '/'."""
    url = os.environ.get("SITE_URL", "").strip() or DEFAULT_URL
    return url if url.endswith("/") else url + "/"


def html_path(page_path: str) -> str:
    """docs/ path of a page → its address under the site (use_directory_urls is off)."""
    return page_path.removesuffix(".md") + ".html"


def sitemap(site: Site, base: str) -> str:
    entries = []
    for path in sorted(site.pages):
        reviewed = getattr(site.pages[path].meta, "senast_granskad", None)
        lastmod = f"<lastmod>{reviewed.isoformat()}</lastmod>" if reviewed else ""
        entries.append(f"<url><loc>{escape(base + html_path(path))}</loc>{lastmod}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n"
    )


def write(site_dir: Path, site: Site) -> None:
    """Replace the engine's sitemap (if any) with the portal's, and write robots.txt."""
    base = site_url()
    (site_dir / "sitemap.xml").write_text(sitemap(site, base), encoding="utf-8")
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)  # the engine's copy; compress makes .gz/.br
    (site_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n", encoding="utf-8")
