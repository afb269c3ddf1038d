"""The engine adapter for MkDocs and Material for MkDocs: the only module that imports them.

The build hands it a staged folder (rendered Markdown and assets) and the menu, and gets a
folder of HTML back. scripts/engine_zensical.py does the same with Zensical; PORTAL_ENGINE
chooses (scripts/engine.py, which also checks what both write). The engine's own search is off:
the portal has its own (sok.html).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .content import ROOT
from .engine import EngineError

CONFIG = ROOT / "mkdocs.yml"
TEMPLATE_CACHE = ROOT / ".cache" / "mallar"


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
        config.extra.update(extra or {})
        config.plugins.events["env"].append(_cache_compiled_templates)
        with _dirty_warning_dropped():
            mkdocs_build(config, dirty=changed_only)
    except (MkDocsException, SystemExit) as exc:
        raise EngineError(f"MkDocs stoppade bygget: {exc}") from None
    for unused in ("assets/javascripts/lunr", "assets/javascripts/workers"):  # Material's search, which is off
        shutil.rmtree(site_dir / unused, ignore_errors=True)


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
