"""The engine adapter: the only module that knows MkDocs and Material for MkDocs.

The build hands it a staged folder (rendered Markdown and assets) and the menu, and gets a
folder of HTML back. Moving to another engine (Zensical, say) means one new module with the
same three names: `build`, `serve`, `EngineError`. Material-specific repairs live here too:
its search worker is swapped for the portal's own, and its search index is emptied (the
portal builds its own from the HTML).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .content import ROOT

CONFIG = ROOT / "mkdocs.yml"
PORTAL_WORKER = "assets/javascripts/portal-search.js"
TEMPLATE_CACHE = ROOT / ".cache" / "mallar"


class EngineError(Exception):
    """The engine stopped or wrote something the portal cannot use."""


def material_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def material_worker() -> str:
    """Material's hashed search-worker path; fails loudly if a Material update changes the layout."""
    workers = sorted((material_templates() / "assets/javascripts/workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise EngineError(
            f"Material har {len(workers)} sökarbetare (väntade 1): se över overrides/main.html och {__name__}"
        )
    return f"assets/javascripts/workers/{workers[0].name}"


def build(
    stage: Path, nav: list, site_dir: Path, site_name: str, extra: dict | None = None, changed_only: bool = False
) -> None:
    """Staged Markdown + menu → HTML in site_dir, strict: any engine warning is an error.
    `extra` reaches the templates as config.extra. `changed_only`: site_dir holds the last build
    with the same menu; only staged pages newer than their HTML are redone (MkDocs' dirty build)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _console_logging()
    try:
        config = load_config(
            str(CONFIG), docs_dir=str(stage), site_dir=str(site_dir), nav=nav, site_name=site_name, strict=True
        )
        config.extra.update({"material_search_worker": material_worker(), **(extra or {})})
        if config.extra.get("portal_search", True):  # off only for the benchmark's stock-Material site
            _unplug_material_indexing(config)
        config.plugins.events["env"].append(_cache_compiled_templates)
        with _dirty_warning_dropped():
            mkdocs_build(config, dirty=changed_only)
    except (MkDocsException, SystemExit) as exc:
        raise EngineError(f"MkDocs stoppade bygget: {exc}") from None
    if config.extra.get("portal_search", True):
        _use_portal_search(site_dir)


@contextmanager
def _dirty_warning_dropped():
    """MkDocs warns that a dirty build may leave the menu stale, which stops a strict build. The
    caller only asks for one when the menu is unchanged, so that one warning is dropped."""

    def keep(record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()

    log = logging.getLogger("mkdocs.commands.build")
    log.addFilter(keep)
    try:
        yield
    finally:
        log.removeFilter(keep)


def _cache_compiled_templates(env, config, files):
    """Jinja keeps the compiled templates on disk: otherwise each build compiles them again."""
    from jinja2 import FileSystemBytecodeCache

    TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(TEMPLATE_CACHE))
    return env


def _unplug_material_indexing(config) -> None:
    """Keep Material's search plugin (its search box and settings), but not its page indexing:
    it parsed every page again (a sixth of the engine's time) for an index the portal replaces."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        raise EngineError("Materials sökplugin saknas i mkdocs.yml: sökrutan behöver den")
    events = config.plugins.events["page_context"]
    events[:] = [handler for handler in events if getattr(handler, "__self__", None) is not search]


def _use_portal_search(site_dir: Path) -> None:
    """Check the pages start the portal's worker; drop Material's worker and lunr, and keep only
    the config in Material's index (its UI reads that)."""
    start = (site_dir / "index.html").read_text(encoding="utf-8")
    if PORTAL_WORKER not in start or material_worker() in start:
        raise EngineError(
            "sidorna startar inte portalens sökarbetare: Materials mall har ändrats (overrides/main.html)"
        )
    for unused in ("assets/javascripts/lunr", "assets/javascripts/workers"):  # Material's search, replaced
        shutil.rmtree(site_dir / unused, ignore_errors=True)
    index = site_dir / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"] = []
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index.write_text(payload, encoding="utf-8")
    offline = index.with_suffix(".js")  # Material's offline plugin: the same index for file://
    if offline.exists():
        offline.write_text(f"var __index = {payload}", encoding="utf-8")


def _console_logging() -> None:
    """Show MkDocs' warnings (they stop a strict build) on stderr."""
    log = logging.getLogger("mkdocs")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def serve(rebuild: Callable[[], None], watch: list[Path], site_dir: Path, host: str, port: int) -> None:
    """Serve site_dir with live reload; `rebuild` runs the whole pipeline after each change."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir), polling_interval=0.2)
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
