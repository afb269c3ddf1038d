"""Installable and offline: the real service worker in Chromium, over HTTP on loopback.

Two versions of the site: the build, and a second version made from it as a deploy would change it
(every page marked "version 2", the search index changed, one new page) with its worker written by
the build's own code (offline.write_worker). The server can switch versions in the middle of a visit.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

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


VERSION_MARK = '<meta name="portal-prov-version" content="2">'
NEW_PAGE = "ny-sida-i-version-2.html"
PAGE_VERSION = "document.querySelector('meta[name=portal-prov-version]') ? 2 : 1"

# Every cache of the national edition: complete or not, and the files whose content is not the one
# its own manifest names (a complete cache must have none: that would be a mixed version).
CACHES = """async () => {
    const out = [];
    const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
    for (const name of await caches.keys()) {
        if (!name.startsWith('boendestod-nationell-') || name.endsWith('-studiekort')) continue;
        const cache = await caches.open(name);
        const stored = await cache.match(location.origin + '/__portal-precache.json');
        if (!stored) { out.push({name, complete: false}); continue; }
        const manifest = await stored.json(), wrong = [];
        for (const [path, hash] of Object.entries(manifest.files)) {
            const r = await cache.match(location.origin + '/' + path);
            const got = r ? hex(await crypto.subtle.digest('SHA-256', await r.arrayBuffer())).slice(0, 12) : 'saknas';
            if (got !== hash) wrong.push(path);
        }
        out.push({name, complete: true, version: manifest.version, wrong});
    }
    return out;
}"""


class SwitchingServer(http.server.ThreadingHTTPServer):
    """A loopback web server whose site folder can be swapped while a browser is busy with it."""

    def __init__(self, root: Path):
        self.root, self.paths, self.switch = root, [], None  # switch: (after n more requests, to folder)

        class Handler(_QuietHandler):
            def __init__(handler, request, address, server):
                super().__init__(request, address, server, directory=str(server.root))

            def do_GET(handler):
                del handler.headers["If-Modified-Since"]  # whole seconds: two versions a second apart look alike
                self.paths.append(handler.path.split("?")[0])
                if self.switch and handler.path.split("?")[0] == "/" + offline.WORKER:
                    self.switch = (0, self.switch[1])  # count from the worker's first request
                elif self.switch and self.switch[0] is not None:
                    left, folder = self.switch
                    if left >= 30:
                        self.root, self.switch = folder, None  # the deploy
                    else:
                        self.switch = (left + 1, folder)
                super().do_GET()

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def make_version_2(root: Path) -> dict:
    """Change a copy of the site as a deploy of a new build would, and write its worker."""
    for html in root.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        html.write_text(text.replace("<head>", "<head>" + VERSION_MARK, 1), encoding="utf-8")
    start = root / "index.html"
    start.write_text(start.read_text(encoding="utf-8").replace("</h1>", " (version 2)</h1>", 1), encoding="utf-8")
    new = (root / "om" / "index.html").read_text(encoding="utf-8").replace("<h1", "<h1 data-ny-sida", 1)
    (root / NEW_PAGE).write_text(new.replace('href="../', 'href="').replace('src="../', 'src="'), encoding="utf-8")
    index = root / "search" / "portal-index.js"
    index.write_text(index.read_text(encoding="utf-8") + "\n// version 2\n", encoding="utf-8")
    for stale in [*root.rglob("*.br"), *root.rglob("*.gz")]:
        stale.unlink()
    return offline.write_worker(root, "nationell")


def one_version(page, version: dict | None = None) -> dict:
    """The complete cache: exactly one, every file as its manifest says (and the given version)."""
    complete = [c for c in page.evaluate(CACHES) if c["complete"]]
    assert len(complete) == 1, complete
    assert not complete[0]["wrong"], f"mixed version: {complete[0]['wrong'][:5]}"
    if version:
        assert complete[0]["version"] == version["version"]
    return complete[0]


def search_offline(context, page, base: str) -> None:
    context.set_offline(True)
    page.goto(f"{base}/sok.html")
    page.locator("#portal-sok-falt").press_sequentially("hoarding")
    page.wait_for_selector(".portal-traff__lank[href*='samlarsyndrom']", timeout=10_000)
    context.set_offline(False)


@pytest.fixture()
def two_versions(tmp_path: Path, site_dir: Path):
    """The build (version 1) and version 2 made from it, each in its own folder, on one server."""
    first, second = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(site_dir, first)
    shutil.copytree(site_dir, second)
    v1 = precache(first)
    v2 = make_version_2(second)
    server = SwitchingServer(first)
    yield server, first, second, v1, v2
    server.shutdown()


def deploy(server: SwitchingServer, second: Path) -> None:
    server.root = second


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
    """Every national page but the editors' report (for editors at a desk; it changes with every
    edit); a kommun's edition is saved only by those who choose it (test_kommun_choice.py)."""
    files = precache(site_dir)["files"]
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    pages = {p for p in pages if not p.startswith("k/")}
    assert pages - set(files) == {"om/redaktion.html"}
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


def test_a_deploy_during_the_first_visit_never_leaves_a_mixed_version(chromium, two_versions):
    server, _, second, v1, v2 = two_versions
    server.switch = (None, second)  # the deploy: 30 requests after the worker's own
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/om/anvand-utan-nat.html")
    status = page.locator("[data-portal-lagring]")
    status.filter(has_text="Det gick inte att spara").wait_for(timeout=60_000)
    assert server.root == second, "the deploy did not happen during the install"
    assert not [c for c in page.evaluate(CACHES) if c["complete"]], "a version was installed half old, half new"
    page.get_by_role("button", name="Försök igen").click()
    status.filter(has_text="fungerar utan nät").wait_for(timeout=60_000)
    one_version(page, v2)
    search_offline(context, page, server.url)
    context.set_offline(True)
    assert "(version 2)" in page.goto(f"{server.url}/index.html").text()
    context.close()


def test_a_missing_file_is_told_and_a_new_try_fetches_only_what_failed(chromium, two_versions):
    server, first, _, v1, _ = two_versions
    missing = first / "lattlast" / "index.html"
    kept = missing.read_bytes()
    missing.unlink()
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/om/anvand-utan-nat.html")
    status = page.locator("[data-portal-lagring]")
    status.filter(has_text="Det gick inte att spara").wait_for(timeout=60_000)
    assert "sparad" not in status.inner_text()
    assert not [c for c in page.evaluate(CACHES) if c["complete"]]
    server.paths.clear()
    by_the_page: set[str] = set()
    page.on("request", lambda r: by_the_page.add(urlsplit(r.url).path))
    page.goto(f"{server.url}/om/index.html")  # another page view: not the whole portal again
    page.wait_for_timeout(3000)
    by_the_worker = [p for p in server.paths if p.lstrip("/") in v1["files"] and p not in by_the_page]
    assert len(by_the_worker) < 10, by_the_worker
    missing.write_bytes(kept)
    page.goto(f"{server.url}/om/anvand-utan-nat.html")
    button = page.get_by_role("button", name="Försök igen")
    if button.count():  # the page view itself may already have tried again
        button.click()
    status.filter(has_text="fungerar utan nät").wait_for(timeout=60_000)
    one_version(page, v1)
    search_offline(context, page, server.url)
    context.close()


def new_version_offered(server, page, folder: Path) -> None:
    """Deploy the other version and look at a page: the browser finds the new worker and offers it."""
    deploy(server, folder)
    page.goto(f"{server.url}/om/index.html")  # a navigation makes the browser look for a new worker
    page.wait_for_selector(".portal-ny-version button", timeout=30_000)


def test_two_open_tabs_switch_to_the_new_version_together(chromium, two_versions):
    server, _, second, v1, v2 = two_versions
    context, tab_a, _ = first_visit(chromium, f"{server.url}/index.html")
    one_version(tab_a, v1)
    tab_b = context.new_page()
    tab_b.goto(f"{server.url}/situationer/index.html")
    new_version_offered(server, tab_b, second)
    assert tab_a.evaluate(PAGE_VERSION) == 1, "the old version stays until the reader chooses"
    assert "(version 2)" not in tab_b.goto(f"{server.url}/index.html").text()
    tab_b.wait_for_selector(".portal-ny-version button", timeout=30_000)
    with tab_a.expect_navigation(), tab_b.expect_navigation():
        tab_b.locator(".portal-ny-version button").click()
    for tab in (tab_a, tab_b):
        tab.wait_for_load_state()
        assert tab.evaluate(PAGE_VERSION) == 2, "a tab kept the old version's page beside the new files"
    assert "(version 2)" in tab_a.locator("h1").inner_text()
    one_version(tab_a, v2)
    search_offline(context, tab_a, server.url)
    context.close()


def test_a_page_new_in_the_waiting_version_is_not_shown_with_the_old_one(chromium, two_versions):
    server, _, second, v1, v2 = two_versions
    context, page, _ = first_visit(chromium, f"{server.url}/index.html")
    new_version_offered(server, page, second)
    page.goto(f"{server.url}/{NEW_PAGE}")
    assert page.locator("h1").inner_text() == "Sidan finns i den nya versionen"
    search_offline(context, page, server.url)  # still the old version, whole, beside the waiting one
    old = {c["version"]: c for c in page.evaluate(CACHES)}[v1["version"]]
    assert old["complete"] and not old["wrong"] and page.evaluate(PAGE_VERSION) == 1
    context.set_offline(False)
    page.goto(f"{server.url}/index.html")
    page.wait_for_selector(".portal-ny-version button", timeout=30_000)
    with page.expect_navigation():
        page.locator(".portal-ny-version button").click()
    context.set_offline(True)
    page.goto(f"{server.url}/{NEW_PAGE}")
    assert page.locator("h1[data-ny-sida]").count() == 1 and page.evaluate(PAGE_VERSION) == 2
    context.set_offline(False)
    one_version(page, v2)
    search_offline(context, page, server.url)
    context.close()
