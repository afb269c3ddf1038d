"""The portal's own scripts and style sheet made small after the engine: comments and spaces out
(rjsmin, rcssmin), so fewer bytes cross a slow line, before their names get their hashes
(fingerprint.py). The engine's files are minified already; vendored files and Material's small
scripts keep their licence notices as they are."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

from .fingerprint import ALREADY

OWN = ("assets/javascripts/portal*.js", "assets/css/portal*.css")


def minify_own_assets(site_dir: Path) -> list[Path]:
    """Minify the portal's own scripts and style sheets in a built site (not those that have their
    hash in the name already: a rebuild under make serve starts from the last site); returns the files."""
    files = sorted(f for pattern in OWN for f in site_dir.glob(pattern) if f.is_file() and not ALREADY.search(f.name))
    for file in files:
        text = file.read_text(encoding="utf-8")
        small = rjsmin.jsmin(text) if file.suffix == ".js" else rcssmin.cssmin(text)
        file.write_text(small, encoding="utf-8")
    return files
