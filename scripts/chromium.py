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


# Watches the result list; resolves with the time of the last change after the list settles.
_WATCH = """(timeout) => {
  const list = document.querySelector('.md-search-result__list');
  window.__portalResults = new Promise(resolve => {
    let last = null, timer = null;
    const done = () => { observer.disconnect(); resolve(last); };
    const observer = new MutationObserver(() => {
      last = performance.now();
      clearTimeout(timer); timer = setTimeout(done, 250);
    });
    observer.observe(list, {childList: true, subtree: true});
    timer = setTimeout(done, timeout);
  });
}"""


def search(page, query: str, base: str, timeout_ms: int = 3000) -> SearchRun:
    """Type a query into Material's search box the way a user does; read the ranked result pages.

    `timeout_ms`: how long to wait for the list to change (the first query also loads the index)."""
    box = page.locator(".md-search__input")
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
    hrefs = page.eval_on_selector_all(".md-search-result__item > a:first-child", "els => els.map(e => e.href)")
    pages = []
    for href in hrefs:
        path = href.split("?")[0].split("#")[0]
        path = path[len(base) :].lstrip("/") if path.startswith(base) else path
        path = path.removesuffix(".html")
        if path not in pages:
            pages.append(path)
    return SearchRun(pages, (end - start) if end is not None else float("nan"))
