"""Shared fixtures: the built site, a throwaway project copy, and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
PROJECT_FILES = ["docs", "data", "kommuner", "overrides", "scripts", "schema", "mkdocs.yml"]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The site `make build` made (make test builds first)."""
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ saknas: kör `make test` (den bygger först) eller `make build`.")
    return SITE


@pytest.fixture()
def project_copy(tmp_path: Path, site_dir: Path) -> Path:
    """A copy of the project with the current good site/ in it, to break and rebuild."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in PROJECT_FILES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, copy / name)
    shutil.copytree(site_dir, copy / "site")
    if (ROOT / ".cache").is_dir():  # reuse rendered study cards: same input, same PDF
        shutil.copytree(ROOT / ".cache", copy / ".cache")
    return copy


def run_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def prepared():
    """The validated, rendered content (what the build hands to MkDocs)."""
    from scripts.build import prepare

    return prepare()


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium driven by Playwright. Never skipped: a missing browser is a failure."""
    from scripts import chromium as driver

    if hint := driver.missing():
        pytest.fail(hint)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = driver.launch(p)
        yield browser
        browser.close()


@pytest.fixture()
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def desktop_sweep(chromium, server, site_dir):
    """Every page once at 1280 × 900 with every desktop check (tests/sweep.py); what it found."""
    import sweep

    return sweep.desktop(chromium, server, site_dir)


@pytest.fixture(scope="session")
def phone_sweep(chromium, server, site_dir):
    """Every page once on a 390 × 844 touch phone with every phone check (tests/sweep.py); what it found."""
    import sweep

    return sweep.phone(chromium, server, site_dir)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        """A browser that closes a connection early (a page left while loading) is no error."""
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@pytest.fixture(scope="session")
def server(site_dir):
    """The built site over HTTP on a loopback port (like any static web server)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def need_shared(path: Path) -> None:
    """The shared sources and tools live beside the project. Locally a missing folder skips the
    test; in CI (CI=1) it fails, so these checks can never silently stop running."""
    if path.exists():
        return
    message = f"{path} saknas (källorna och verktygen ska ligga i ../shared)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def page_cards(site):
    """(card, page) for every study card made from a page (not the question cards)."""
    from scripts import cards

    for deck in cards.decks(site):
        for card in deck.cards:
            page = site.pages.get(card.page or "")
            if page is not None and not card.id.startswith("fraga-"):
                yield card, page
