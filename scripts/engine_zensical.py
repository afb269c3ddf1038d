"""The engine adapter for Zensical (PORTAL_ENGINE=zensical): the only module that imports it.

Zensical, the successor of Material for MkDocs, reads mkdocs.yml and keeps Material's templates,
so the portal's overrides/ apply unchanged. It runs no plugins or hooks, which the portal no longer
needs (its search is its own), and it wants its docs and site folders inside the project, so the
configuration for a build is written to the project root for that build. What still blocks the
switch is in README.md (Stack).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from .content import ROOT
from .engine import EngineError
from .sitemap import html_path

CONFIG = ROOT / "mkdocs.yml"
BUILD_CONFIG = ROOT / ".zensical.yml"  # written for each build: Zensical reads a file, not a dict


def build(
    stage: Path,
    nav: list,
    site_dir: Path,
    site_name: str,
    extra: dict | None = None,
    changed_only: bool = False,
    only: set[str] | None = None,
) -> None:
    """Staged Markdown + menu → HTML in site_dir, strict: any warning stops the build. `only`: the
    staged pages wanted; Zensical has no way to build some pages, so it builds all and keeps those."""
    import zensical

    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config.update(
        docs_dir=_inside_root(stage),
        site_dir=_inside_root(site_dir),
        nav=nav,
        site_name=site_name,
        extra={**config.get("extra", {}), **(extra or {})},
    )
    config["theme"]["custom_dir"] = "overrides"
    BUILD_CONFIG.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        zensical.build(str(BUILD_CONFIG), {"strict": True, "clean": False})  # clean would empty .cache, the study cards
    except Exception as exc:  # the Rust runtime raises its own kinds
        raise EngineError(f"Zensical stoppade bygget: {exc}") from None
    for unused in ("search.json", "assets/javascripts/workers"):  # Zensical's own search: the portal has its own
        path = site_dir / unused
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    if only is not None:
        wanted = {html_path(p) for p in only}
        for file in [f for f in site_dir.rglob("*") if f.is_file()]:
            if file.relative_to(site_dir).as_posix() not in wanted:
                file.unlink()


def _inside_root(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        raise EngineError(f"Zensical bygger bara inom projektet, inte i {path}") from None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(rebuild: Callable[[], None], watch: list[Path], site_dir: Path, host: str, port: int) -> None:
    """Serve site_dir; rebuild when a watched file changes (checked twice a second). Zensical's own
    server would watch only the staged folder, not the portal's content, so the portal watches."""
    handler = functools.partial(_Quiet, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"Portalen visas på http://{host}:{port}/ (Zensical; ladda om sidan efter en ändring)")
    seen = _stamps(watch)
    try:
        while True:
            time.sleep(0.5)
            now = _stamps(watch)
            if now != seen:
                seen = now
                rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()


def _stamps(paths: list[Path]) -> dict[str, int]:
    out = {}
    for path in paths:
        files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else []
        out.update({str(f): f.stat().st_mtime_ns for f in files})
    return out
