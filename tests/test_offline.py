"""Installable and offline: the real service worker in Chromium, over HTTP on loopback."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import _QuietHandler

from scripts import offline

WAIT_CACHED = """async () => {
    const reg = await navigator.serviceWorker.ready;
    for (let i = 0; i < 600; i++) {
        for (const name of await caches.keys()) {
            if (!name.startsWith('boendestod-nationell-') || name.endsWith('-studiekort')) continue;
            const cache = await caches.open(name);
            if (await cache.match(location.origin + '/__portal-precache.json')) return name;
        }
        await new Promise(r => setTimeout(r, 100));
    }
    return null;
}"""


@pytest.fixture()
def served_copy(tmp_path: Path, site_dir: Path):
    """A copy of the built site on its own loopback server (so a test can publish a 'new build')."""
    root = tmp_path / "site"
    shutil.copytree(site_dir, root)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def first_visit(chromium, url: str):
    """A new browser profile opens `url` and waits until the worker has cached the whole site."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(url)
    cache = page.evaluate(WAIT_CACHED)
    assert cache, "the service worker never finished caching the site"
    return context, page, cache


def precache(site_dir: Path) -> dict:
    first = (site_dir / offline.WORKER).read_text(encoding="utf-8").split("\n", 1)[0]
    return json.loads(first.removeprefix("self.__portalPrecache = ").removesuffix(";"))


def test_every_page_links_the_manifest_and_the_manifest_is_installable(site_dir: Path):
    pages = list(site_dir.rglob("*.html"))
    missing = [p for p in pages if 'rel="manifest"' not in p.read_text(encoding="utf-8")]
    assert not missing, missing[:5]
    manifest = json.loads((site_dir / offline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["display"] == "standalone" and manifest["lang"] == "sv" and manifest["short_name"]
    for icon in manifest["icons"]:
        assert (site_dir / icon["src"]).is_file(), icon
    assert {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}


def test_precache_lists_every_page_and_the_search_index_with_hashes(site_dir: Path):
    files = precache(site_dir)["files"]
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert pages <= set(files)
    assert "search/portal-index.js" in files and all(re.fullmatch(r"[0-9a-f]{12}", h) for h in files.values())
    assert not [f for f in files if f.endswith((".pdf", ".br", ".gz"))]


def test_whole_site_works_offline_after_the_first_visit(chromium, served_copy):
    root, base = served_copy
    context, page, _ = first_visit(chromium, f"{base}/index.html")
    context.set_offline(True)
    page.goto(f"{base}/situationer/personen-oppnar-inte-dorren.html")
    assert "öppnar inte" in page.locator("h1").inner_text()
    page.goto(f"{base}/malgrupper/svarigheter/tvangssyndrom.html")
    page.goto(f"{base}/sok.html")
    page.locator("#portal-sok-falt").press_sequentially("hoarding")
    page.wait_for_selector(".portal-traff__lank[href*='samlarsyndrom']", timeout=10_000)
    context.close()


def test_a_new_build_is_offered_and_replaces_the_old_cache(chromium, served_copy):
    root, base = served_copy
    context, page, old_cache = first_visit(chromium, f"{base}/index.html")
    # publish a "new build": one page changed, so its hash and the version change
    start = root / "index.html"
    start.write_text(start.read_text(encoding="utf-8").replace("</h1>", " (ny version)</h1>", 1), encoding="utf-8")
    data = precache(root)
    data["files"]["index.html"] = "0" * 12
    data["version"] = "1" * 12
    worker = (root / offline.WORKER).read_text(encoding="utf-8").split("\n", 1)[1]
    (root / offline.WORKER).write_text(f"self.__portalPrecache = {json.dumps(data)};\n{worker}", encoding="utf-8")
    page.goto(f"{base}/om/index.html")  # a navigation makes the browser look for a new worker
    page.wait_for_selector(".portal-ny-version button", timeout=20_000)
    assert "(ny version)" not in page.goto(f"{base}/index.html").text(), "the old version must stay until chosen"
    page.wait_for_selector(".portal-ny-version button", timeout=20_000)
    with page.expect_navigation():
        page.locator(".portal-ny-version button").click()
    assert "(ny version)" in page.locator("h1").inner_text()
    names = page.evaluate("caches.keys()")
    assert old_cache not in names and any(n.endswith("1" * 12) for n in names)
    context.close()


def test_study_cards_can_be_saved_for_offline_use(chromium, served_copy):
    root, base = served_copy
    context, page, _ = first_visit(chromium, f"{base}/studiekort/index.html")
    page.locator("[data-portal-spara-kort]").click()
    page.wait_for_selector("[data-portal-spara-status]:has-text('Klart')", timeout=30_000)
    context.set_offline(True)
    pdf = precache(root)["pdfs"][0]
    status = page.evaluate(f"fetch('{base}/{pdf}').then(r => r.status)")
    assert status == 200
    context.close()


def test_from_disk_there_is_no_worker_and_no_error(chromium, site_dir: Path):
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site_dir / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
    assert not errors
    page.close()
