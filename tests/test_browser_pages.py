"""Pages as a reader sees them, in a real Chromium."""

from __future__ import annotations

from pathlib import Path

OCD = "malgrupper/svarigheter/tvangssyndrom.html"


def test_ocd_page_shows_support_questions_lagrum_and_sources(page, site_dir: Path):
    page.goto((site_dir / OCD).as_uri())
    assert page.locator("h1").inner_text().startswith("Tvångssyndrom (OCD)")
    support = page.locator("h2#sa-kan-du-stodja + ul > li")
    assert support.count() >= 5
    assert "trygg" in support.first.inner_text()
    assert page.locator("h2#reflektionsfragor + ol > li").count() >= 4
    sources = page.locator("h2#kallor + ul > li")
    assert "Socialstyrelsen" in sources.first.inner_text()
    assert "Senast granskad" in page.locator(".portal-granskning").inner_text()

    lagrum_link = page.locator("h2#lagrum + ul a", has_text="11 kap. 1 § SoL")
    assert lagrum_link.is_visible()
    lagrum_link.click()
    page.wait_for_load_state()
    assert page.url.endswith("lagrum/sol-11-1.html")
    assert "Rätt till insatser för personliga behov" in page.locator("h1").inner_text()
    backlinks = page.locator("h2#sidor-som-hanvisar-hit + ul a")
    assert "Tvångssyndrom (OCD)" in backlinks.all_inner_texts()


def test_site_works_from_disk_without_requests_to_other_hosts(page, site_dir: Path):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site_dir / OCD).as_uri())
    page.wait_for_load_state("networkidle")
    assert requests and all(u.startswith(("file://", "data:", "blob:")) for u in requests), requests


def test_no_page_logs_an_error_or_fails_to_load_a_file(desktop_sweep, phone_sweep):
    """Every page, on a desktop and on a phone (tests/sweep.py): no console error, no script error and
    no request answered with an error status."""
    for name, found in (("desktop", desktop_sweep), ("phone", phone_sweep)):
        assert not found.errors, "\n".join(f"{name}, {page}: {errors[:3]}" for page, errors in found.errors.items())
