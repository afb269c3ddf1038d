"""The build: content → validate → generate → render → stage → engine → search, cards → check → compress → publish.

`python -m scripts build` is what `make build` runs. It builds into a temporary folder and
replaces site/ only when everything passed, so a failed build leaves the last good site.
The engine (scripts/engine_mkdocs.py) only turns the staged Markdown into HTML.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import (
    api,
    cards,
    changes,
    check_site,
    compress,
    editions,
    engine,
    fingerprint,
    freshness,
    lagtext,
    minify,
    national_basis,
    offline,
    search,
    sitemap,
    validate,
)
from .content import DATA, DOCS, KOMMUNER, ROOT, ContentError, ContentErrors, Site, load_kommun, load_site
from .generate import LOCAL_GENERATORS, generated_pages
from .markup import compact
from .nav import build_nav
from .process import die_with_parent, exchange, stop_on_term
from .render import SEARCH_PAGE, render_page
from .sitemap import html_path

SITE = ROOT / "site"
SITE_NAME = "Boendestödsportalen"  # also on an edition's pages: the header says whose routines they show
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
    produced: set[str] = field(default_factory=set)  # files the build makes that pages may link to (study cards)


def editions_to_build(folder: Path = KOMMUNER) -> list[str]:
    """Every kommun edition in kommuner/, or only the one `make build KOMMUN=goteborg` names."""
    chosen = os.environ.get("PORTAL_KOMMUN", "").strip()
    return [chosen] if chosen else sorted(p.name for p in folder.iterdir() if (p / "kommun.yml").is_file())


def prepare(docs_dir: Path = DOCS, data_dir: Path = DATA, kommun: str = "") -> Prepared:
    """Read, validate, generate and render everything, for the national site or one kommun's
    edition of it; raise ContentErrors on any problem."""
    site, errors = load_site(docs_dir, data_dir, kommun)
    if errors:
        raise ContentErrors(errors)
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
    produced = cards.output_paths(site)
    errors = validate.check_links(site, rendered, docs_dir, scanned, produced)
    errors += validate.check_pictures(site, rendered, docs_dir)
    if errors:
        raise ContentErrors(errors)
    unrecorded = changes.unrecorded(site, changes.load_record(data_dir))
    return Prepared(site, rendered, build_nav(site), warnings, unrecorded, produced)


def prepare_edition(national: Prepared, kommun_id: str, docs_dir: Path = DOCS, data_dir: Path = DATA) -> Prepared:
    """A kommun's edition on top of the prepared national content: only the kommun's own files are
    read and checked, and only the pages they can change are rendered again (those its additions
    attach to, those showing a routine it fills, its own pages, and the generated pages that read
    the kommun). Gives the same Markdown as prepare(kommun=...) (tested), in a fraction of the time."""
    site = replace(national.site, pages=dict(national.site.pages), additions=[], kommun=None)
    site.data, site.data_lines = dict(site.data), dict(site.data_lines)
    errors = load_kommun(site, kommun_id, docs_dir.parent / "kommuner")
    if errors:
        raise ContentErrors(errors)
    kommun = site.kommun
    assert kommun is not None
    own = {p: page for p, page in site.pages.items() if page.source.startswith("kommuner/")}
    local = replace(site, pages=own, data={k: v for k, v in site.data.items() if k.startswith("kommuner/")})

    def in_kommun(found: list[ContentError]) -> list[ContentError]:
        return [e for e in found if e.path.startswith("kommuner/")]  # the national files were checked before

    scanned = validate.scan(local)
    errors = scanned.refusals + in_kommun(validate.check_references(local, scanned))
    errors += validate.check_body(local) + validate.check_item_ids(local)
    if errors:
        raise ContentErrors(errors)
    generated = generated_pages(site, LOCAL_GENERATORS)
    site.pages.update(generated)
    errors = in_kommun(validate.check_page_references(replace(site, pages={**own, **site.pages})))
    errors += validate.check_additions(site) + in_kommun(validate.check_structure(site))
    if errors:
        raise ContentErrors(errors)
    changed = {a.meta.sida for a in site.additions} | set(own) | set(generated)
    changed |= {p for p, page in site.pages.items() if set(getattr(page.meta, "rutiner", [])) & set(kommun.rutiner)}
    rendered = {path: render_page(site.pages[path], site) for path in sorted(changed) if path in site.pages}
    markdown = {**national.markdown, **rendered}
    errors = validate.check_links(site, markdown, docs_dir, scanned, national.produced)
    errors += validate.check_pictures(replace(site, pages={p: site.pages[p] for p in rendered}), rendered, docs_dir)
    if errors:
        raise ContentErrors(errors)
    warnings = [message for _, message in national_basis.stale(site)]
    record = changes.load_record(data_dir)
    unrecorded = in_kommun(changes.unrecorded(replace(site, pages=own), record))
    return Prepared(site, markdown, national.nav, warnings, unrecorded, national.produced)


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
    staged = stage(prepared, changed_only=changed_only)
    try:
        engine.build(staged, prepared.nav, site_dir, SITE_NAME, extra, changed_only)
    except engine.EngineError as exc:
        raise BuildFailed(str(exc)) from None


def build_editions(
    national: Prepared,
    site_dir: Path,
    finish: Callable[[str], str],
    national_index: search.NationalIndex | None = None,
) -> tuple[dict[str, str], list[ContentError]]:
    """Each kommun edition as a thin layer under site_dir/k/<id>/ (scripts/editions.py): only its
    own pages, rendered with the national menu, and its search additions (weighed against
    `national_index`; none without it); one worker per core. Returns each edition's hash (of its
    utgava.js), and its local texts changed without a new line in their history (they stop a
    build as national ones do)."""
    ids = editions_to_build()
    _edition_job.context = (national, site_dir, finish, national_index)  # type: ignore[attr-defined]  # inherited by the workers
    if len(ids) > 1:
        with multiprocessing.get_context("fork").Pool(min(len(ids), os.cpu_count() or 1)) as pool:
            results = pool.map(_edition_job, ids, chunksize=1)
    else:
        results = [_edition_job(i) for i in ids]
    hashes, unrecorded, errors, failed = {}, [], [], []
    for kommun_id, digest, warnings, late, problems, failure in results:
        for warning in warnings:
            print(f"Varning: {warning}", file=sys.stderr)
        hashes[kommun_id] = digest
        unrecorded += late
        errors += problems
        failed += [failure] if failure else []
    if errors:
        raise ContentErrors(errors)
    if failed:
        raise BuildFailed("\n".join(failed))
    return hashes, unrecorded


def _edition_job(kommun_id: str) -> tuple[str, str, list[str], list[ContentError], list[ContentError], str]:
    """One edition, in a worker: (id, hash, warnings, unrecorded texts, content errors, engine failure)."""
    national, site_dir, finish, national_index = _edition_job.context  # type: ignore[attr-defined]
    try:
        edition = prepare_edition(national, kommun_id)
    except ContentErrors as exc:
        return kommun_id, "", [], [], exc.errors, ""
    warnings = [w for w in edition.warnings if w not in national.warnings]
    unrecorded = [e for e in edition.unrecorded if e not in national.unrecorded]
    kommun = edition.site.kommun
    assert kommun is not None

    def render(pages: dict[str, str], folder: Path) -> None:
        staged = stage_edition(pages, EDITION_STAGE / kommun_id)
        extra = {"kommun": kommun.id, "kommun_namn": kommun.namn}
        try:
            engine.build(staged, edition.nav, folder, SITE_NAME, extra, only=set(pages))
        finally:
            shutil.rmtree(staged, ignore_errors=True)

    pages = editions.own_pages(national.markdown, edition.markdown)

    def index(folder: Path) -> None:
        if national_index is not None:
            address = editions.folder_of(kommun_id)
            search.write_edition_index(folder, edition.site, list(pages), national_index, address)

    try:
        own_cards = cards.write_local(edition.site, site_dir / editions.folder_of(kommun_id))
        digest = editions.write(site_dir, kommun, pages, render, finish, own_cards, index)
    except (engine.EngineError, cards.CardTooLong) as exc:
        return kommun_id, "", warnings, unrecorded, [], f"kommuner/{kommun_id}: {exc}"
    return kommun_id, digest, warnings, unrecorded, [], ""


EDITION_STAGE = ROOT / ".stage-kommun"


def stage_edition(pages: dict[str, str], folder: Path) -> Path:
    """The national staging (linked, not copied) with an edition's own pages written over it."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(STAGE, folder, copy_function=os.link)
    for path, text in pages.items():
        target = folder / path
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def frame(prepared: Prepared) -> str:
    """What every page's HTML depends on besides its own Markdown: the menu (titles and order),
    the set of pages, the edition, the templates and mkdocs.yml. While it stays the same, a
    rebuild under `make serve` only redoes the pages whose Markdown changed."""
    templates = sorted(
        (str(f), f.stat().st_mtime_ns, f.stat().st_size)
        for f in [ROOT / "mkdocs.yml", *(ROOT / "overrides").rglob("*")]
        if f.is_file()
    )
    return repr((prepared.nav, sorted(prepared.markdown), templates))


def compact_pages(site_dir: Path) -> Callable[[str], str]:
    """Every page once after the engine: whitespace between tags cut short (smaller pages, same
    rendering), the portal's own scripts and style sheet minified (minify.py), and the assets a page
    loads asked for by their hashed names (fingerprint.py); the search
    page and its worker made ready for a slow line (search.py). Returns the same treatment for pages
    rendered later (a kommun edition's)."""
    minify.minify_own_assets(site_dir)
    rewrite = fingerprint.rewriter(fingerprint.rename_assets(site_dir))
    for file in site_dir.rglob("*.html"):
        html = compact(rewrite(file.read_text(encoding="utf-8")))
        if file.relative_to(site_dir).as_posix() == html_path(SEARCH_PAGE):
            html = search.arrange_search_page(html)
        file.write_text(html, encoding="utf-8")
    search.add_stemmer_to_worker(site_dir)
    return lambda html: compact(rewrite(html))


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
    # (an edition's own unrecorded texts are added after its build below; under make serve they only warn)
    tmp = new_build_folder(site_dir)
    current = frame(prepared)
    changed_only = not complete and current == last_frame["published"] and site_dir.is_dir()
    if changed_only:  # start from the last site, without what only a complete build has
        shutil.copytree(site_dir, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*COMPLETE_ONLY))
    national_index = None  # what an edition's search additions are weighed against (a complete build)
    try:
        with long_lived():
            layout = cards.lay_out(prepared.site) if complete else None  # runs beside the steps below
            try:
                with timed("engine"):
                    run_engine(prepared, tmp, changed_only=changed_only)
                with timed("compact"):
                    finish = compact_pages(tmp)
                sitemap.write(tmp, prepared.site)
                changes.write_feed(tmp, prepared.site)
                api.write(tmp, prepared.site)
                if layout:
                    with timed("search index"):
                        national_index = search.write_index(tmp, prepared.site)
                    with timed("study cards (waiting)"):
                        _write_cards(layout, tmp)
                elif not changed_only:  # a changed-only build started from a copy that has them
                    _carry_over(site_dir, tmp, [cards.FOLDER, search.INDEX_FILE])
            finally:
                if layout:
                    layout.cancel()
        with timed("editions"):
            shutil.rmtree(tmp / editions.FOLDER, ignore_errors=True)  # a changed-only build starts from a copy
            edition_hashes, local_unrecorded = build_editions(prepared, tmp, finish, national_index)
        prepared.unrecorded += local_unrecorded
        if complete:  # not under `make serve`: a service worker would keep serving the pages being edited
            with timed("offline"):
                offline.write(tmp, prepared.site, edition_hashes)
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
