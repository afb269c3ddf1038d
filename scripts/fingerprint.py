"""Content hashes in the names of the assets pages load: portal.css becomes portal.3f9a1c2e.css, and
every page is rewritten to ask for that name. A file that changes gets a new name, so a web server
may tell browsers to keep every asset for a year (nginx: immutable) and a page never runs with a
stale script or style sheet. Files that scripts ask for by name (the search worker and what it
loads) keep their names and are served to be checked every time.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

SUFFIXES = {".css", ".js", ".svg", ".png"}
# Loaded by scripts, by name: the search worker, what it loads, and the worker shim for disk.
BY_NAME = ("assets/javascripts/portal-search.js", "assets/javascripts/vendor/", "assets/js/iframe-worker-shim.js")
# Hashed before: this build's own names, the engine's bundles, the search index's parts.
ALREADY = re.compile(r"\.[0-9a-f]{8}\.(min\.)?[a-z]+$|-[0-9a-f]{12}\.")


def rename_assets(site_dir: Path) -> dict[str, str]:
    """Give every asset under assets/ a name with its content's hash; returns old → new site path."""
    renamed = {}
    for file in sorted((site_dir / "assets").rglob("*")):
        rel = file.relative_to(site_dir).as_posix()
        if not file.is_file() or file.suffix not in SUFFIXES or ALREADY.search(file.name) or rel.startswith(BY_NAME):
            continue
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:8]
        target = file.with_name(f"{file.stem}.{digest}{file.suffix}")
        file.rename(target)
        renamed[rel] = target.relative_to(site_dir).as_posix()
    return renamed


def rewriter(renamed: dict[str, str]):
    """A function that rewrites a page's references to the renamed assets (relative, with or without
    ./ as the engines write them, or from the root)."""
    if not renamed:
        return lambda html: html

    def replace(match: re.Match) -> str:
        prefix = _RELATIVE_PREFIX.search(match.string, max(0, match.start() - 80), match.start())
        return renamed.get(match[0], match[0]) if prefix else match[0]

    return lambda html: _ASSET.sub(replace, html)


_ASSET = re.compile(r"assets/[^\"'?#) ]+(?=[\"'?#) ])")
# What may stand before assets/ in a reference the engines write: ./ ../ or / after a delimiter.
_RELATIVE_PREFIX = re.compile(r"(?<![\w/.-])(?:\./)?(?:\.\./)*$|(?<![\w/.-])/$")
