"""The engine: PORTAL_ENGINE chooses MkDocs with Material for MkDocs (`mkdocs`, the default) or
Zensical (`zensical`). Each adapter is one module with the same three names, `build`, `serve`
and `EngineError` (this one), and only it imports its engine. What the portal requires of any
engine's output is checked here, once for both.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from .sitemap import html_path

ENGINES = ("mkdocs", "zensical")
CONFIG_BUDGET = 2_000  # characters of the page config (today about 500)


class EngineError(Exception):
    """The engine stopped or wrote something the portal cannot use."""


def name() -> str:
    chosen = os.environ.get("PORTAL_ENGINE", "").strip() or "mkdocs"
    if chosen not in ENGINES:
        raise EngineError(f"PORTAL_ENGINE={chosen!r} finns inte (välj {' eller '.join(ENGINES)})")
    return chosen


def build(
    stage: Path,
    nav: list,
    site_dir: Path,
    site_name: str,
    extra: dict | None = None,
    changed_only: bool = False,
    only: set[str] | None = None,
) -> None:
    """Staged Markdown + menu → HTML in site_dir, with the chosen engine; then the portal's checks.
    `only`: the staged pages (paths of .md files) whose HTML is wanted; site_dir gets those alone
    (a kommun edition's pages, scripts/editions.py)."""
    if name() == "zensical":
        from . import engine_zensical as adapter
    else:
        from . import engine_mkdocs as adapter  # type: ignore[no-redef]
    adapter.build(stage, nav, site_dir, site_name, extra, changed_only, only)
    check_page_config(site_dir, only)


def serve(rebuild: Callable[[], None], watch: list[Path], site_dir: Path, host: str, port: int) -> None:
    if name() == "zensical":
        from . import engine_zensical as adapter
    else:
        from . import engine_mkdocs as adapter  # type: ignore[no-redef]
    adapter.serve(rebuild, watch, site_dir, host, port)


def check_page_config(site_dir: Path, only: set[str] | None = None) -> None:
    """A broken page configuration is an error, not a quiet failure: the start page's config (or
    the first page asked for) must be one short JSON object (a template change once filled it with
    thousands of copies of a path)."""
    first = html_path(min(only)) if only else "index.html"
    start = (site_dir / first).read_text(encoding="utf-8")
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', start, re.S)
    if match is None:
        raise EngineError("startsidan har ingen sidkonfiguration (__config): mallen har ändrats")
    try:
        config = json.loads(match[1])
    except ValueError:
        raise EngineError("startsidans sidkonfiguration är inte giltig JSON: mallen har ändrats") from None
    if len(match[1]) > CONFIG_BUDGET or not isinstance(config, dict):
        raise EngineError(f"startsidans sidkonfiguration är {len(match[1])} tecken (högst {CONFIG_BUDGET})")
