"""Driving the built site in Debian's Chromium (Playwright): shared by the tests and the benchmarks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

EXECUTABLE = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "Chromium saknas ({path}). Installera den med: sudo apt-get update && "
    "sudo apt-get install -y chromium fonts-dejavu-core libatomic1 (eller kör make test, som gör det)."
)


def missing() -> str | None:
    """A message saying how to install Chromium, or None when it is there."""
    return None if Path(EXECUTABLE).exists() else INSTALL_HINT.format(path=EXECUTABLE)


def launch(playwright):
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)


@dataclass
class SearchRun:
    pages: list[str]  # result pages, best first (site-relative paths without .html)
    latency_ms: float  # last keystroke -> result list updated


SEARCH_PAGE = "sok.html"
# Watches the result list; resolves with the time of the last change after the list settles and the
# answer is complete (the worker answers first from the first part of the index, then in full).
_WATCH = """(timeout) => {
  const list = document.querySelector('[data-portal-traffar]');
  window.__portalResults = new Promise(resolve => {
    let last = null, timer = null;
    const done = () => { observer.disconnect(); resolve(last); };
    const settle = () => { clearTimeout(timer); timer = setTimeout(done, list.dataset.komplett === 'true' ? 250 : timeout); };
    const observer = new MutationObserver(() => { last = performance.now(); settle(); });
    observer.observe(list, {childList: true, subtree: true, attributes: true});
    timer = setTimeout(done, timeout);
  });
}"""


def search(page, query: str, base: str, timeout_ms: int = 3000) -> SearchRun:
    """Type a query into the portal's search page the way a user does; read the ranked result pages.

    `timeout_ms`: how long to wait for the list to change (the first query also loads the index)."""
    if SEARCH_PAGE not in page.url:
        page.goto(f"{base}/{SEARCH_PAGE}")
    box = page.locator("#portal-sok-falt")
    box.click()
    box.fill("")
    page.wait_for_timeout(150)
    if len(query) > 1:
        box.press_sequentially(query[:-1])
        page.wait_for_timeout(300)
    page.evaluate(_WATCH, timeout_ms)
    start = page.evaluate("() => performance.now()")
    box.press_sequentially(query[-1])
    end = page.evaluate("() => window.__portalResults")
    return SearchRun(result_pages(page, base), (end - start) if end is not None else float("nan"))


def result_pages(page, base: str) -> list[str]:
    """The result pages shown, best first, as site paths without .html."""
    hrefs = page.eval_on_selector_all("[data-portal-traffar] .portal-traff__lank", "els => els.map(e => e.href)")
    pages = []
    for href in hrefs:
        path = href.split("?")[0].split("#")[0]
        path = path[len(base) :].lstrip("/") if path.startswith(base) else path
        path = path.removesuffix(".html")
        if path not in pages:
            pages.append(path)
    return pages
