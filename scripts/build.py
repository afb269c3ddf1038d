"""The build: content → validate → generate → render → MkDocs → check → publish.

`python -m scripts build` is what `make build` runs. It builds into a temporary folder and
replaces site/ only when everything passed, so a failed build leaves the last good site.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import cards, compress, freshness, validate
from .content import DATA, DOCS, ROOT, ContentError, ContentErrors, Site, load_site
from .generate import generated_pages
from .nav import build_nav
from .render import render_page

SITE = ROOT / "site"
timings: dict[str, float] = {}  # seconds per step of the last build (read by bench/build.py)


@contextmanager
def timed(step: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started


@contextmanager
def long_lived():
    """Hide every object alive now from the cyclic garbage collector until the block ends.

    The content (and, later, MkDocs' pages) lives for the whole build. Without this, each full
    collection walks all of it again, so the build slows per page as the content grows
    (measured: laying out 96 cards took 2.7 s beside 50× content and 2.1 s with this; 2.0 s at 1×).
    Not nestable: the end of an inner block unfreezes everything (used inside only at a build's end)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class Prepared:
    """Validated content, ready for MkDocs: Markdown per page path, and the menu."""

    site: Site
    markdown: dict[str, str]
    nav: list


def prepare(docs_dir: Path = DOCS, data_dir: Path = DATA) -> Prepared:
    """Read, validate, generate and render everything; raise ContentErrors on any problem."""
    site, errors = load_site(docs_dir, data_dir)
    if errors:
        raise ContentErrors(errors)
    errors = validate.check_references(site) + validate.check_body(site)
    if errors:
        raise ContentErrors(errors)
    for path, page in generated_pages(site).items():
        if path in site.pages:
            raise ContentErrors([ContentError(f"docs/{path}", 1, "sidan skapas av bygget; ta bort filen")])
        site.pages[path] = page
    errors = validate.check_page_references(site) + validate.check_structure(site)
    if errors:
        raise ContentErrors(errors)
    rendered = {path: render_page(page, site) for path, page in site.pages.items()}
    errors = validate.check_links(site, rendered, docs_dir, cards.output_paths(site))
    if errors:
        raise ContentErrors(errors)
    return Prepared(site, rendered, build_nav(site))


class BuildFailed(Exception):
    pass


_handed_over: Prepared | None = None


def prepared_for_mkdocs() -> Prepared:
    """What the MkDocs hooks use: the content this build already prepared, or a fresh read (serve)."""
    global _handed_over
    prepared, _handed_over = _handed_over, None
    return prepared or prepare()


def run_mkdocs(prepared: Prepared, site_dir: Path, extra: dict | None = None) -> None:
    """MkDocs in this process, strict: any warning stops the build. `extra` overrides config.extra."""
    global _handed_over
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _console_logging()
    _handed_over = prepared
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        config.extra.update(extra or {})
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildFailed(f"MkDocs stoppade bygget: {exc}") from None
    finally:
        _handed_over = None


def _console_logging() -> None:
    """Show MkDocs' warnings (they stop a strict build) on stderr."""
    log = logging.getLogger("mkdocs")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def publish(new_site: Path, site_dir: Path = SITE) -> None:
    """Swap the new site in; the old one is removed only after the swap."""
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def build(site_dir: Path = SITE) -> float:
    """Build into a temporary folder beside site/, check it, then publish. Returns seconds taken."""
    from . import check_site

    started = time.perf_counter()
    timings.clear()
    with timed("prepare"):
        prepared = prepare()
    for warning in freshness.warnings(prepared.site):
        print(f"Varning: {warning}", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix=site_dir.name + ".tmp-", dir=site_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a web server's user must be able to read site/
    try:
        with timed("mkdocs"), long_lived():
            run_mkdocs(prepared, tmp)
        with timed("check"):
            problems = check_site.check(tmp)
        if problems:
            raise BuildFailed("Den byggda webbplatsen har fel:\n" + "\n".join(problems))
        with timed("compress"):
            compress.precompress(tmp)
        publish(tmp, site_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return time.perf_counter() - started


def main() -> int:
    try:
        seconds = build()
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        print(f"Bygget stoppades: {len(exc.errors)} fel. site/ är oförändrad.", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        print("Bygget stoppades. site/ är oförändrad.", file=sys.stderr)
        return 1
    print(f"Byggt till site/ på {seconds:.1f} s.")
    return 0
