"""The build: content → validate → generate → render → stage → engine → search, cards → check → compress → publish.

`python -m scripts build` is what `make build` runs. It builds into a temporary folder and
replaces site/ only when everything passed, so a failed build leaves the last good site.
The engine (scripts/engine_mkdocs.py) only turns the staged Markdown into HTML.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    api,
    cards,
    changes,
    check_site,
    compress,
    engine,
    fingerprint,
    freshness,
    lagtext,
    national_basis,
    offline,
    search,
    sitemap,
    validate,
)
from .content import DATA, DOCS, LOCAL_FOLDER, ROOT, ContentError, ContentErrors, Site, load_site
from .generate import generated_pages
from .markup import compact
from .nav import build_nav
from .process import die_with_parent, exchange, stop_on_term
from .render import SEARCH_PAGE, render_page
from .schema import MenuSection

SEARCH_HTML = SEARCH_PAGE.removesuffix(".md") + ".html"

SITE = ROOT / "site"
STAGE = ROOT / ".stage"
WATCHED = [DOCS, DATA, ROOT / "overrides", ROOT / "kommuner", ROOT / "mkdocs.yml"]
timings: dict[str, float] = {}  # seconds per step of the last build (read by bench/build.py)
last_frame = {"published": ""}  # frame() of the site in site/, when this process built it


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

    The content lives for the whole build. Without this, each full collection walks all of it
    again, so the build slows per page as the content grows. Not nestable."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class Prepared:
    """Validated content, ready for the engine: Markdown per page path, and the menu."""

    site: Site
    markdown: dict[str, str]
    nav: list
    warnings: list[str] = field(default_factory=list)  # what editors should see but does not stop the build
    # pages changed since they were last published without a new line in their history
    # (scripts/changes.py): they stop `make build` and `make validate`, and are warnings under `make serve`
    unrecorded: list[ContentError] = field(default_factory=list)


def edition() -> str:
    """The kommun edition to build (`make build KOMMUN=goteborg`), or '' for the national one."""
    return os.environ.get("PORTAL_KOMMUN", "").strip()


def prepare(docs_dir: Path = DOCS, data_dir: Path = DATA, kommun: str | None = None) -> Prepared:
    """Read, validate, generate and render everything; raise ContentErrors on any problem."""
    site, errors = load_site(docs_dir, data_dir, edition() if kommun is None else kommun)
    if errors:
        raise ContentErrors(errors)
    if site.kommun:
        site.menu.insert(0, MenuSection(rubrik=site.kommun.namn, mappar=[LOCAL_FOLDER]))
    scanned = validate.scan(site)  # the content gate, over every text an editor wrote
    statute_errors, warnings = lagtext.check(site)
    errors = validate.check_references(site, scanned) + validate.check_body(site) + scanned.refusals + statute_errors
    errors += validate.check_item_ids(site)
    errors += validate.check_images(docs_dir)
    if errors:
        raise ContentErrors(errors)
    for path, page in generated_pages(site).items():
        if path in site.pages:
            raise ContentErrors([ContentError(site.pages[path].source, 1, "sidan skapas av bygget; döp om filen")])
        site.pages[path] = page
    errors = validate.check_page_references(site) + validate.check_additions(site) + validate.check_structure(site)
    if errors:
        raise ContentErrors(errors)
    warnings += [message for _, message in national_basis.stale(site)]
    rendered = {path: render_page(page, site) for path, page in site.pages.items()}
    errors = validate.check_links(site, rendered, docs_dir, scanned, cards.output_paths(site))
    errors += validate.check_pictures(site, rendered, docs_dir)
    if errors:
        raise ContentErrors(errors)
    unrecorded = changes.unrecorded(site, changes.load_record(data_dir))
    return Prepared(site, rendered, build_nav(site), warnings, unrecorded)


COMPLETE_ONLY = [offline.WORKER, offline.MANIFEST, "*.gz", "*.br"]  # not in a `make serve` rebuild


class BuildFailed(Exception):
    pass


def stage(prepared: Prepared, folder: Path = STAGE, docs_dir: Path = DOCS, *, changed_only: bool = False) -> Path:
    """The engine's input: every page's rendered Markdown, and the files under docs/ that are not pages.

    changed_only: the last staging is kept and only pages whose Markdown changed are written, so
    the engine can tell them by their time stamps (the set of pages is the same: see `frame`)."""
    if not changed_only:
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(docs_dir, folder, ignore=shutil.ignore_patterns("*.md"), dirs_exist_ok=True)
    for path, text in prepared.markdown.items():
        target = folder / path
        if changed_only and target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def run_engine(prepared: Prepared, site_dir: Path, extra: dict | None = None, *, changed_only: bool = False) -> None:
    """`changed_only`: site_dir holds the last build; only the pages whose Markdown changed are redone."""
    k = prepared.site.kommun
    name = f"Boendestödsportalen – {k.namn}" if k else "Boendestödsportalen"
    staged = stage(prepared, changed_only=changed_only)
    try:
        engine.build(staged, prepared.nav, site_dir, name, {"kommun": k.id if k else "", **(extra or {})}, changed_only)
    except engine.EngineError as exc:
        raise BuildFailed(str(exc)) from None


def frame(prepared: Prepared) -> str:
    """What every page's HTML depends on besides its own Markdown: the menu (titles and order),
    the set of pages, the edition, the templates and mkdocs.yml. While it stays the same, a
    rebuild under `make serve` only redoes the pages whose Markdown changed."""
    templates = sorted(
        (str(f), f.stat().st_mtime_ns, f.stat().st_size)
        for f in [ROOT / "mkdocs.yml", *(ROOT / "overrides").rglob("*")]
        if f.is_file()
    )
    kommun = prepared.site.kommun.id if prepared.site.kommun else ""
    return repr((prepared.nav, sorted(prepared.markdown), kommun, templates))


def compact_pages(site_dir: Path) -> None:
    """Every page once after the engine: whitespace between tags cut short (smaller pages, same
    rendering), and the assets it loads asked for by their hashed names (fingerprint.py); the search
    page and its worker made ready for a slow line (search.py)."""
    rewrite = fingerprint.rewriter(fingerprint.rename_assets(site_dir))
    for file in site_dir.rglob("*.html"):
        html = compact(rewrite(file.read_text(encoding="utf-8")))
        if file.relative_to(site_dir).as_posix() == SEARCH_HTML:
            html = search.arrange_search_page(html)
        file.write_text(html, encoding="utf-8")
    search.add_stemmer_to_worker(site_dir)


def versions_of(site_dir: Path) -> Path:
    """Where the builds live: site/ is a symbolic link to the published one."""
    return site_dir.with_name("." + site_dir.name)


def new_build_folder(site_dir: Path) -> Path:
    """An empty folder for a build, beside the published ones; what earlier builds left is removed."""
    versions = versions_of(site_dir)
    versions.mkdir(exist_ok=True)
    remove_leftovers(site_dir)
    folder = Path(tempfile.mkdtemp(prefix="bygge-", dir=versions))
    folder.chmod(0o755)  # mkdtemp makes it private; a web server's user must be able to read site/
    return folder


def remove_leftovers(site_dir: Path) -> None:
    """Everything in the builds folder but the published build (a killed build leaves its folder),
    and the two folders the former two-rename publishing could leave."""
    keep = site_dir.resolve() if site_dir.is_symlink() else None
    for entry in versions_of(site_dir).iterdir():
        if entry.resolve() != keep:
            _remove(entry)
    for entry in site_dir.parent.glob(site_dir.name + ".tmp-*"):
        _remove(entry)
    _remove(site_dir.with_name(site_dir.name + ".old"))


def publish(new_site: Path, site_dir: Path = SITE) -> None:
    """Point site/ at the new build in one step (a link renamed over a link), so a web server or
    browser reading site/ sees the complete old or the complete new site, never a mix or nothing.
    The builds it replaced are removed afterwards."""
    versions = versions_of(site_dir)
    link = versions / f"lank-{os.getpid()}"
    _remove(link)
    link.symlink_to(new_site.relative_to(site_dir.parent))  # read relative to where site/ is
    if site_dir.is_dir() and not site_dir.is_symlink():  # a site/ made before links (once)
        if not exchange(str(link), str(site_dir)):  # where the system cannot swap: a moment without site/
            site_dir.rename(versions / f"forra-{time.time_ns()}")
            link.rename(site_dir)
    else:
        os.replace(link, site_dir)
    remove_leftovers(site_dir)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def build(site_dir: Path = SITE, *, complete: bool = True, preview: bool = False) -> float:
    """Build into a temporary folder beside site/, check it, then publish. Returns seconds taken.

    Not complete (make serve's rebuilds): no study cards, search index, service worker or
    compression; the last site's cards and index are carried over until `follow_up` redoes them.
    A preview (make serve) shows a page changed without a new line in its history, with a warning;
    any other build refuses it (before publishing, once the other checks have had their say)."""
    started = time.perf_counter()
    timings.clear()
    with timed("prepare"):
        prepared = prepare()
    unrecorded = [] if not preview else [str(e) for e in prepared.unrecorded]
    for warning in prepared.warnings + freshness.warnings(prepared.site) + unrecorded:
        print(f"Varning: {warning}", file=sys.stderr)
    tmp = new_build_folder(site_dir)
    current = frame(prepared)
    changed_only = not complete and current == last_frame["published"] and site_dir.is_dir()
    if changed_only:  # start from the last site, without what only a complete build has
        shutil.copytree(site_dir, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*COMPLETE_ONLY))
    try:
        with long_lived():
            layout = cards.lay_out(prepared.site) if complete else None  # runs beside the steps below
            try:
                with timed("engine"):
                    run_engine(prepared, tmp, changed_only=changed_only)
                with timed("compact"):
                    compact_pages(tmp)
                sitemap.write(tmp, prepared.site)
                changes.write_feed(tmp, prepared.site)
                api.write(tmp, prepared.site)
                if layout:
                    with timed("search index"):
                        search.write_index(tmp, prepared.site)
                    with timed("study cards (waiting)"):
                        _write_cards(layout, tmp)
                elif not changed_only:  # a changed-only build started from a copy that has them
                    _carry_over(site_dir, tmp, [cards.FOLDER, search.INDEX_FILE])
            finally:
                if layout:
                    layout.cancel()
        if complete:  # not under `make serve`: a service worker would keep serving the pages being edited
            with timed("offline"):
                offline.write(tmp, prepared.site)
        with timed("check"):
            problems = [p for p in check_site.check(tmp, complete) if complete or cards.FOLDER not in p]
        if problems:
            raise BuildFailed("Den byggda webbplatsen har fel:\n" + "\n".join(problems))
        if prepared.unrecorded and not preview:  # after the other checks, so their errors come first
            raise ContentErrors(prepared.unrecorded)
        if complete:
            with timed("compress"):
                compress.precompress(tmp)
        publish(tmp, site_dir)
        last_frame["published"] = current
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return time.perf_counter() - started


def _carry_over(old_site: Path, new_site: Path, paths: list[str]) -> None:
    """Files of the last site the new one keeps until they are redone (not its pages: those are new)."""
    for path in paths:
        old = old_site / path
        if old.is_dir():
            shutil.copytree(old, new_site / path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.html"))
        elif old.is_file():
            (new_site / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(old, new_site / path)


def _write_cards(layout: cards.Layout, site_dir: Path) -> None:
    try:
        layout.write(site_dir)
        cards.fill_sizes(site_dir)
    except cards.CardTooLong as exc:
        raise BuildFailed(str(exc)) from None


def report(action) -> int:
    """Run a build step and turn its failure into `path:line: what` lines and exit code 1."""
    try:
        seconds = action()
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


def main() -> int:
    die_with_parent(signal.SIGTERM)  # make, or whoever started the build, ended: stop too
    stop_on_term()
    try:
        return report(build)
    except KeyboardInterrupt:
        print("Bygget avbröts. site/ är oförändrad.", file=sys.stderr)
        return 130


def serve(host: str = "127.0.0.1", port: int = 8000) -> int:
    """Build, then serve site/ with live reload. After a change the pages are rebuilt and reload
    at once; the search index and the study cards follow from a separate process
    (`python -m scripts follow-up`), stopped if the next change comes first."""
    if report(lambda: build(preview=True)):
        return 1
    follow_ups: list[subprocess.Popen] = []

    def stop_follow_ups() -> None:
        """Stop each follow-up with its card workers (its own process group): a worker whose
        parent is killed alone would wait for work forever."""
        for running in follow_ups:
            with suppress(ProcessLookupError):
                os.killpg(running.pid, signal.SIGKILL)
            running.wait()
        follow_ups.clear()

    def rebuild() -> None:
        stop_follow_ups()
        if report(lambda: build(complete=False, preview=True)) == 0:
            command = [sys.executable, "-m", "scripts", "follow-up"]
            follow_ups.append(subprocess.Popen(command, cwd=ROOT, start_new_session=True))

    stop_on_term()
    try:
        engine.serve(rebuild, WATCHED, SITE, host, port)
    finally:
        stop_follow_ups()
    return 0


def follow_up() -> float:
    """What a `make serve` rebuild leaves out, for the current content, written into site/:
    the study cards (laid out meanwhile) and the search index."""
    started = time.perf_counter()
    site = prepare().site
    layout = cards.lay_out(site)
    try:
        search.write_index(SITE, site)
        _write_cards(layout, SITE)
    finally:
        layout.cancel()
    return time.perf_counter() - started
