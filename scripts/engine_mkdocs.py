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
from .sitemap import html_path

CONFIG = ROOT / "mkdocs.yml"
TEMPLATE_CACHE = ROOT / ".cache" / "mallar"


def build(
    stage: Path,
    nav: list,
    site_dir: Path,
    site_name: str,
    extra: dict | None = None,
    changed_only: bool = False,
    only: set[str] | None = None,
) -> None:
    """Staged Markdown + menu → HTML in site_dir, strict: any engine warning is an error.
    `extra` reaches the templates as config.extra. `changed_only`: site_dir holds the last build
    with the same menu; only staged pages newer than their HTML are redone (MkDocs' dirty build).
    `only`: an empty site_dir gets these staged pages alone, rendered with the whole menu."""
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
        with _dirty_warning_dropped(), _only(config, site_dir, only):
            mkdocs_build(config, dirty=changed_only or only is not None)
    except (MkDocsException, SystemExit) as exc:
        raise EngineError(f"MkDocs stoppade bygget: {exc}") from None
    for unused in ("assets/javascripts/lunr", "assets/javascripts/workers"):  # Material's search, which is off
        shutil.rmtree(site_dir / unused, ignore_errors=True)


@contextmanager
def _only(config, site_dir: Path, pages: set[str] | None):
    """A dirty build that renders `pages` alone: every other file gets an empty stand-in, newer
    than its source, so MkDocs counts it as done; the stand-ins and what MkDocs writes on every
    build (404.html, sitemap.xml) are removed afterwards."""
    if pages is None:
        yield
        return
    wanted = {html_path(p) for p in pages}

    def stand_ins(files, config):
        for file in files:
            if file.dest_uri not in wanted:
                target = Path(file.abs_dest_path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.touch()
        return files

    config.plugins.events["files"].append(stand_ins)
    try:
        yield
    finally:
        for file in sorted(site_dir.rglob("*"), reverse=True):  # files before their folders
            if file.is_dir() and not any(file.iterdir()):
                file.rmdir()
            elif file.is_file() and file.relative_to(site_dir).as_posix() not in wanted:
                file.unlink()


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
