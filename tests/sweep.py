"""One desktop and one phone sweep over every built page, shared by the tests that check a rule on
every page (conftest.py makes each a session fixture, so each runs once however many tests use it).

Each sweep opens every page once, in one browser context and one reused tab, runs every check that
belongs to its viewport on it and keeps what it found per page; the tests then assert one rule each
from the findings, naming the page and what is wrong.

- desktop (1280 × 900): axe-core (WCAG 2.1 A and AA), a visible focus on every control, requests to
  other hosts, console errors and failed loads, the pictures of the lättläst pages; then a search,
  and the cookies and storage left after it all.
- phone (390 × 844, touch): tap targets of 44 × 44 px, where the first steps, the support points and
  the safety line fall on the first screen, requests to other hosts, console errors and failed loads;
  then the opened menu and a search with results, and the cookies and storage left.

Axe on the theme's chrome. Most of axe's time on a page goes to the theme's parts around the content:
the header, the menu and the footer's statement line, rendered by the same templates from the same
data on every page. The menu (navigation.prune) is the same on every page of a folder, apart from
which entry is marked as the current one; the header differs only in its title text, set in the same
style. So axe checks the whole page on the representative pages: each folder's index and first page
(every page kind lives in a folder of its own: guides, target groups, lättläst, lagrum, handläggare,
chef, introduction weeks, reflection, themes, study cards, about pages) and the pages in the root (the
start page, the search page and the 404 page). On every other page it checks the whole document
except those three parts (CHROME): the article, the table of contents, the previous/next links, the
skip link and the document-level rules (title, language, landmarks, bypass, duplicate ids) still run
on every page. A mistake in the chrome shows on the representative page of its folder; a mistake in a
page's own content shows on that page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# The theme's parts that are the same on every page of a folder (see above).
CHROME = [".md-header", ".md-sidebar--primary", ".md-footer-meta"]
SEARCH_PAGE = "sok.html"

_AXE = """([context, options]) => axe.run(context || document, options).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target),
})))"""

# Every visible element tapped on its own that is smaller than 44 × 44 CSS px. A link inside a
# sentence does not count (WCAG 2.5.8 exempts it); a checkbox or radio button counts with its label.
SMALL_TAP_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary, label[for][tabindex]")) {
    if (el.closest(".md-skip") || el.closest("[inert]")) continue;  // the skip link appears on focus only
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const target = el.matches("input[type=checkbox], input[type=radio]") && el.closest("label") || el;
    const holder = el.closest("p, li, td, th, dt, dd, figcaption, blockquote, h1, h2, h3, h4");
    if (el.matches("a") && holder && holder.textContent.trim() !== el.textContent.trim()) continue;
    const r = target.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5)
      small.push(`${el.outerHTML.slice(0, 90)} ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  return small;
}"""

# After one Tab (so the browser is in keyboard mode, as for a keyboard user), every visible control
# outside `skip` is focused in turn; each must then draw a focus ring (an outline or a box shadow).
# The first Tab itself must reach the skip link, shown, on a page that has one (the theme leaves it out
# where the page has no headings: the 404 page) and that gave no field the focus on load (the search
# page gives it to its search field, `autofocus`).
FOCUS = """([skip, autofocus]) => {
  const problems = [], first = document.activeElement;
  const seen = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
  };
  const ring = el => {
    const s = getComputedStyle(el);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none"
      ? "" : `outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}`;
  };
  if (document.querySelector(".md-skip") && !autofocus) {
    if (!first.classList.contains("md-skip")) problems.push(`the first Tab reaches ${first.outerHTML.slice(0, 90)}, not the skip link`);
    else if (!seen(first) || ring(first)) problems.push(`the skip link is not shown with a focus ring: ${ring(first)}`);
  }
  const controls = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  for (const el of document.querySelectorAll(controls)) {
    if (el.disabled || el.closest("[inert]") || skip.some(s => el.closest(s))) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;  // not focusable after all
    const missing = ring(el);
    if (missing) problems.push(`${el.outerHTML.slice(0, 90)}: no focus ring (${missing})`);
  }
  document.activeElement.blur();
  return problems;
}"""

# Where a guide's third step ends, a target page's first support point and its safety line begin (px
# from the top of the first screen; null when the page has none).
LAYOUT = """() => {
  const box = sel => { const el = document.querySelector(sel); if (!el) return null; const r = el.getBoundingClientRect(); return (r.width || r.height) ? r : null; };
  const third = box("h2#gor-sa-har + ol > li:nth-child(3)"), first = box("h2#sa-kan-du-stodja + ul > li"),
        safety = box(".portal-tank-pa--forst");
  return {step3_bottom: third && third.bottom, support_top: first && first.top, safety_top: safety && safety.top};
}"""


@dataclass
class Sweep:
    """What one sweep found, per page (site-relative paths); a page with nothing wrong is absent."""

    pages: list[str]
    full_axe: list[str] = field(default_factory=list)  # pages axe checked with the theme's chrome
    axe: dict[str, list[dict]] = field(default_factory=dict)
    focus: dict[str, list[str]] = field(default_factory=dict)
    small_targets: dict[str, list[str]] = field(default_factory=dict)
    foreign: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    pictures_missing: list[str] = field(default_factory=list)
    layout: dict[str, dict] = field(default_factory=dict)
    cookies: list[dict] = field(default_factory=list)
    storage: dict[str, list[str]] = field(default_factory=dict)


def all_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def representative(pages: list[str]) -> list[str]:
    """Each folder's index and first page, and every page in the root."""
    chosen, folders = [], {}
    for page in pages:
        folder, _, name = page.rpartition("/")
        if not folder or name == "index.html" or folders.setdefault(folder, page) == page:
            chosen.append(page)
    return chosen


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations)


class _Watch:
    """Requests to other hosts, console errors and failed loads, each kept under the page being shown."""

    def __init__(self, context, page, server: str, found: Sweep):
        self.current, self.found, self.origin = "", found, urlsplit(server).netloc
        context.on("request", self._request)  # the context's: a service worker's requests count too
        page.on(
            "console", lambda m: m.type == "error" and self._error(f"console error: {m.text} ({m.location['url']})")
        )
        page.on("pageerror", lambda e: self._error(f"script error: {e}"))
        page.on("response", lambda r: r.status >= 400 and self._error(f"status {r.status}: {r.url}"))

    def _request(self, request) -> None:
        if urlsplit(request.url).netloc not in (self.origin, ""):
            self.found.foreign.setdefault(self.current, []).append(request.url)

    def _error(self, text: str) -> None:
        self.found.errors.setdefault(self.current, []).append(text)


def _search_and_storage(context, page, found: Sweep, watch: _Watch, server: str, query: str) -> None:
    watch.current = f"{SEARCH_PAGE} searching for ”{query}”"
    page.goto(f"{server}/{SEARCH_PAGE}")
    page.locator("#portal-sok-falt").press_sequentially(query)
    page.wait_for_selector("[data-portal-traffar][data-komplett=true] .portal-traff")
    page.wait_for_load_state("networkidle")
    found.cookies = context.cookies()
    found.storage = page.evaluate(
        "() => ({sessionStorage: Object.keys(sessionStorage), localStorage: Object.keys(localStorage)})"
    )


def desktop(browser, server: str, site_dir: Path) -> Sweep:
    found = Sweep(all_pages(site_dir))
    full = set(representative(found.pages))
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    context.add_init_script(Axe().axe_script)  # in every page before its own scripts: injected once
    page = context.new_page()
    watch = _Watch(context, page, server, found)
    for path in found.pages:
        watch.current = path
        page.goto(f"{server}/{path}")
        if path.startswith("lattlast/") and not page.locator(".portal-bild img").first.evaluate(
            "i => i.complete && i.naturalWidth > 0"
        ):
            found.pictures_missing.append(path)
        scope = None if path in full else {"exclude": CHROME}
        if path in full:
            found.full_axe.append(path)
        if violations := page.evaluate(_AXE, [scope, WCAG]):
            found.axe[path] = violations
        autofocus = page.evaluate("() => document.activeElement !== document.body")
        page.keyboard.press("Tab")
        if problems := page.evaluate(FOCUS, [[] if path in full else CHROME, autofocus]):
            found.focus[path] = problems
    _search_and_storage(context, page, found, watch, server, "boendestöd")
    context.close()
    return found


def phone(browser, server: str, site_dir: Path) -> Sweep:
    found = Sweep(all_pages(site_dir))
    context = browser.new_context(viewport=PHONE, locale="sv-SE", is_mobile=True, has_touch=True)
    page = context.new_page()
    watch = _Watch(context, page, server, found)
    for path in found.pages:
        watch.current = path
        page.goto(f"{server}/{path}")
        found.layout[path] = page.evaluate(LAYOUT)
        if small := page.evaluate(SMALL_TAP_TARGETS):
            found.small_targets[path] = small
    watch.current = "the opened menu (tema/kontinuitet.html)"
    page.goto(f"{server}/tema/kontinuitet.html")
    page.click('.md-header label[for="__drawer"]')
    page.wait_for_timeout(400)  # the theme slides the menu in
    if small := page.evaluate(SMALL_TAP_TARGETS):
        found.small_targets[watch.current] = small
    watch.current = f"{SEARCH_PAGE} with results"
    page.goto(f"{server}/{SEARCH_PAGE}?q=ångest")
    page.wait_for_selector("[data-portal-traffar][data-komplett=true] .portal-traff")
    if small := page.evaluate(SMALL_TAP_TARGETS):
        found.small_targets[watch.current] = small
    _search_and_storage(context, page, found, watch, server, "boendestöd")
    context.close()
    return found
