""" "Ändrat sedan du var här senast": after an update, the worker compares the version this browser had
with the new one (the substantive changes per page in both precache manifests) and the pages list
what changed, until the reader says it is seen. Real worker in Chromium, two versions of the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_offline import PAGE_VERSION, VERSION_MARK, SwitchingServer, first_visit

from scripts import offline

OCD = "malgrupper/svarigheter/tvangssyndrom.html"
WHAT = "Nytt råd: vänta ut tvivlet tillsammans i stället för att kontrollera igen."


@pytest.fixture()
def two_versions(tmp_path: Path, site_dir: Path):
    """The build, and version 2 with one page changed in substance (its worker by the build's code)."""
    first, second = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(site_dir, first)
    shutil.copytree(site_dir, second)
    for html in second.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        html.write_text(text.replace("<head>", "<head>" + VERSION_MARK, 1), encoding="utf-8")
    for stale in [*second.rglob("*.br"), *second.rglob("*.gz")]:
        stale.unlink()
    offline.write_worker(second, "nationell", {OCD: {"titel": "Tvångssyndrom (OCD)", "n": 1, "vad": WHAT}})
    server = SwitchingServer(first)
    yield server, second
    server.shutdown()


def update(page, server: SwitchingServer, second: Path) -> None:
    server.root = second  # the deploy
    page.goto(f"{server.url}/om/index.html")
    page.wait_for_selector(".portal-ny-version button", timeout=30_000)
    with page.expect_navigation():
        page.locator(".portal-ny-version button").click()
    page.wait_for_load_state()
    assert page.evaluate(PAGE_VERSION) == 2


def test_changed_pages_are_listed_after_an_update_until_seen(chromium, two_versions):
    server, second = two_versions
    context, page, _ = first_visit(chromium, f"{server.url}/index.html")
    page.reload()
    page.wait_for_timeout(500)
    assert page.locator(".portal-andrat").count() == 0, "a first visit has nothing to compare with"

    update(page, server, second)
    box = page.wait_for_selector(".portal-andrat", timeout=10_000)
    assert "Ändrat sedan du var här senast" in box.inner_text()
    links = page.locator(".portal-andrat li a")
    assert links.count() == 1 and links.first.inner_text() == "Tvångssyndrom (OCD)"
    assert links.first.get_attribute("href").endswith(f"/{OCD}#andringar")
    assert WHAT in page.locator(".portal-andrat li").first.inner_text()

    page.goto(f"{server.url}/{OCD}")
    page.wait_for_selector(".portal-andrat [data-portal-den-har-sidan]", timeout=10_000)
    assert page.locator(".portal-andrat li").first.inner_text().startswith("Den här sidan:")
    page.locator(".portal-andrat button").click()
    assert page.locator(".portal-andrat").count() == 0
    page.goto(f"{server.url}/index.html")
    page.wait_for_timeout(1000)
    assert page.locator(".portal-andrat").count() == 0, "shown again after the reader said it was seen"
    keys = set(page.evaluate("() => Object.keys(localStorage)"))
    assert "boendestodsportalen.andrat-sett" in keys and keys <= {
        "boendestodsportalen.andrat-sett",
        "boendestodsportalen.spara-utan-nat",
    }
    context.close()


def test_a_version_saved_but_never_taken_is_not_what_the_list_compares_with(chromium, two_versions):
    """Version 2 is saved while the reader stays on version 1; version 3 (the same change) replaces it
    before the reader takes an update. The list compares with version 1, which the reader had: the
    page changed in version 2 is listed."""
    server, second = two_versions
    offline.write_worker(server.root, "nationell")  # version 1 with this worker's code too
    third = second.parent / "v3"
    shutil.copytree(second, third)
    (third / "om" / "index.html").write_text(
        (third / "om" / "index.html").read_text(encoding="utf-8") + "<!-- version 3 -->", encoding="utf-8"
    )
    offline.write_worker(third, "nationell", {OCD: {"titel": "Tvångssyndrom (OCD)", "n": 1, "vad": WHAT}})
    context, page, _ = first_visit(chromium, f"{server.url}/index.html")

    server.root = second
    page.goto(f"{server.url}/om/index.html")
    page.wait_for_selector(".portal-ny-version button", timeout=30_000)  # version 2 saved, not taken
    server.root = third
    page.evaluate(WAIT_FOR_NEW_WAITING_WORKER)  # version 3 saved: it replaces version 2 as the waiting one
    with page.expect_navigation():
        page.locator(".portal-ny-version button").click()
    page.wait_for_load_state()
    box = page.wait_for_selector(".portal-andrat", timeout=10_000)
    assert "Tvångssyndrom (OCD)" in box.inner_text()
    context.close()


# Asks the server for the worker again and waits until a new version is saved and waiting.
WAIT_FOR_NEW_WAITING_WORKER = """async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    const before = reg.waiting;
    await reg.update();
    for (let i = 0; i < 600; i++) {
        if (reg.waiting && reg.waiting !== before && reg.waiting.state === 'installed') return true;
        await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('no new version was saved');
}"""
