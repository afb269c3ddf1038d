"""The content gate: every text an editor writes passes here before it can reach a page.

A text is rendered with the engine's own Markdown settings (mkdocs.yml), and the HTML is parsed
as a browser parses it (justhtml: an HTML5 parser with a sanitizer tested against thousands of
XSS vectors). Its sanitizer, set to the allow-list below, reports everything outside it, and the
gate refuses each report: it never strips silently. Allowed: the elements Markdown makes and a few
more, no scripts, event handlers, styles, frames, forms or embedded objects; links that are
relative, `lank:` (the link register), `mailto:` or `tel:` with a valid number; images from the
site itself. A refusal carries a needle (the offending text) so the caller can name the editor's
own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from urllib.parse import unquote, urlsplit

import markdown
import yaml
from justhtml import JustHTML, SanitizationPolicy, Sanitize, UrlPolicy, UrlRule

from .content import ROOT

ELEMENTS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure "
    "h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s small span strong sub summary sup "
    "table tbody td tfoot th thead time tr u ul".split()
)
ATTRIBUTES = {
    "*": ["id", "class", "title", "lang", "dir"],
    "a": ["href"],
    "img": ["src", "alt", "width", "height"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "ol": ["start", "reversed", "type"],
    "li": ["value"],
    "time": ["datetime"],
    "details": ["open"],
    "p": ["hidden", "data-portal-lagring"],  # om/anvand-utan-nat.md: portal.js writes the saved size there
}
# Classes an editor's text may carry: those Markdown itself gives (admonitions, the heading
# permalink, a link standing alone, a phone number). Others could pass local text off as the
# national safety box.
ADMONITIONS = {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug"}
CLASSES = {
    "admonition",
    "admonition-title",
    "headerlink",
    "portal-ensam-lank",
    "portal-tel",
    *ADMONITIONS,
    "example",
    "quote",
}
SCHEMES = ("mailto", "tel", "lank")
POLICY = SanitizationPolicy(
    allowed_tags=ELEMENTS,
    allowed_attributes=ATTRIBUTES,
    url_policy=UrlPolicy(
        default_handling="allow",  # for the rules below; a URL attribute without a rule is refused
        default_allow_relative=True,
        allow_rules={
            ("a", "href"): UrlRule(allowed_schemes=SCHEMES, allow_relative=True, resolve_protocol_relative=None),
            ("img", "src"): UrlRule(allowed_schemes=(), allow_relative=True, resolve_protocol_relative=None),
        },
    ),
    drop_content_tags=frozenset({"script", "style"}),
    drop_comments=False,  # a comment shows nothing and runs nothing
    unsafe_handling="collect",
)
TEL = re.compile(r"\+?[0-9]{3,15}")
MARKUP = set("<>[]{}&:`\\*_")  # a text without any of these renders to plain text
MAX_INDENT = 48  # columns: a list nested about 12 deep; deeper input exhausts the Markdown renderer
MAX_QUOTE_DEPTH = 8
MAX_LINE = 3000  # characters on one line (today's longest is under 600): longer lines make Markdown slow
MAX_BRACKETS = 500  # '[' in one text (today's most is under 100): each may start a link Markdown tries to close
# A document's own tags: the HTML parser folds a stray one into the page's real <html> or <body>,
# attributes (and their scripts) included, so it is refused before parsing.
DOCUMENT_TAG = re.compile(r"<\s*/?\s*(html|head|body|frameset)\b", re.I)


@dataclass(frozen=True)
class Finding:
    """What the gate found in a text, and the text to look for to find its line."""

    message: str
    needle: str
    at: int | None = None  # the line within the text, when the gate knows it


@dataclass
class Checked:
    refusals: list[Finding] = field(default_factory=list)
    links: list[Finding] = field(default_factory=list)  # every href, with the href as message


@lru_cache(maxsize=1 << 15)
def check(text: str) -> Checked:
    """Render the text as the engine will, parse the HTML as a browser does, and refuse what the
    allow-list does not name. Links are returned for the link checks. Kept per text (read it, do
    not change it): a data file's string shown on many pages, or a page unchanged between two
    rebuilds under `make serve`, is checked once."""
    result = Checked()
    if problem := _too_big(text):
        result.refusals.append(problem)
        return result
    if not MARKUP & set(text):
        return result
    try:
        html = render_markdown(text)
    except RecursionError:
        result.refusals.append(Finding("texten är för djupt nästlad för att visas", text.lstrip()[:20]))
        return result
    if tag := DOCUMENT_TAG.search(html):
        result.refusals.append(
            Finding(f"<{tag[1].lower()}> är inte tillåtet i innehållet (sidans ram kommer från portalen)", f"<{tag[1]}")
        )
    for node in _elements(JustHTML(html, fragment=True, sanitize=False).root):
        _own_rules(node, result)
    report = Sanitize(POLICY, report=lambda message, node=None: _refuse(message, node, result))
    JustHTML(html, fragment=True, sanitize=False, transforms=[report])
    return result


def _elements(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(getattr(node, "name", None), str) and not node.name.startswith("#"):
            yield node
        stack.extend(reversed(getattr(node, "children", None) or []))


def _own_rules(node, result: Checked) -> None:
    """What the sanitizer does not decide: classes, tel: numbers; and every link, for the link checks."""
    attrs = node.attrs or {}
    for name in (attrs.get("class") or "").split():
        if name not in CLASSES:
            result.refusals.append(Finding(f"klassen '{name}' är inte tillåten: utseendet kommer från portalen", name))
    href = (attrs.get("href") or "").strip()
    if node.name == "a" and href:
        result.links.append(Finding(href, _needle(href)))
        scheme = urlsplit(href).scheme.lower()
        if scheme == "tel" and not TEL.fullmatch(re.sub(r"[ -]", "", unquote(href[4:]))):
            result.refusals.append(
                Finding(f"telefonnumret i '{href}' är inte giltigt (bara siffror, mellanslag, '-' och '+')", href)
            )
    if node.name == "img" and attrs.get("src"):
        result.links.append(Finding(attrs["src"], _needle(attrs["src"])))


def _refuse(message: str, node, result: Checked) -> None:
    """Turn the sanitizer's report into a Swedish refusal with a needle."""
    tag = str(getattr(node, "name", "") or "").lower()
    attrs = getattr(node, "attrs", None) or {}
    named = re.search(r"'([^']+)'", message)
    name = named[1].lower() if named else tag
    if message.startswith("Unsafe tag"):
        finding = Finding(f"<{name}> är inte tillåtet i innehållet{_why(name)}", f"<{name}")
    elif message.startswith("Unsafe URL"):
        value = str(attrs.get(name) or attrs.get(name.upper()) or "")
        finding = Finding(_url_message(name, value), _needle(value) or name)
    elif message.startswith("Unsafe inline style") or name == "style":
        finding = Finding("style= är inte tillåtet: utseendet kommer från portalens stilmall", "style")
    elif message.startswith("Unsafe attribute"):
        what = "skript" if name.startswith("on") else f"på <{tag}>"
        finding = Finding(f"attributet {name}= är inte tillåtet ({what})", name)
    else:  # the sanitizer's other reports (raw text inside <style> and the like)
        finding = Finding(f"<{tag or name}> innehåller sådant som inte är tillåtet", f"<{tag or name}")
    if finding not in result.refusals:
        result.refusals.append(finding)


def _why(tag: str) -> str:
    return {
        "script": " (skript kommer bara från portalen)",
        "style": " (utseendet kommer från portalens stilmall)",
        "iframe": " (inga inbäddade sidor)",
        "form": " (inga formulär)",
        "svg": " (bilder läggs som filer)",
        "math": "",
    }.get(tag, "")


def _url_message(attribute: str, value: str) -> str:
    stripped = re.sub(r"[\x00-\x20]", "", value)
    scheme = urlsplit(stripped).scheme.lower()
    if scheme in ("http", "https") or stripped.startswith("//"):
        return f"extern adress '{value}': lägg den i data/lankar.yml och skriv [text](lank:id)"
    if scheme:
        return f"länktypen '{scheme}:' är inte tillåten ('{value}')"
    return f"adressen '{value}' i {attribute}= är inte tillåten"


def _needle(value: str) -> str:
    return value.strip()[:40]


def _too_big(text: str) -> Finding | None:
    """Input that would exhaust the Markdown renderer: deep nesting, overlong lines, a flood of '['."""
    if (brackets := text.count("[")) > MAX_BRACKETS:
        return Finding(f"texten har {brackets} '[' (högst {MAX_BRACKETS}): dela upp den", "[")
    for n, line in enumerate(text.split("\n")):
        if len(line) > MAX_LINE:
            return Finding(f"raden är {len(line)} tecken lång (högst {MAX_LINE}): bryt den", line[:20], n)
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        quotes = len(re.match(r"[ >]*", expanded)[0].replace(" ", ""))  # type: ignore[index]
        if indent > MAX_INDENT or quotes > MAX_QUOTE_DEPTH:
            return Finding(
                f"texten är för djupt nästlad (indrag {indent} tecken, {quotes} citatnivåer; högst "
                f"{MAX_INDENT} och {MAX_QUOTE_DEPTH})",
                line.strip()[:20],
                n,
            )
    return None


def render_markdown(text: str) -> str:
    """The text as HTML, rendered as the engine renders a page's Markdown."""
    return _markdown().reset().convert(text)


@cache
def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml: what the engine renders."""
    return markdown.Markdown(**markdown_settings())


def markdown_settings() -> dict:
    """mkdocs.yml's markdown_extensions as Python-Markdown's arguments (the one home of that list)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            settings[name] = options
    return {"extensions": names, "extension_configs": settings}
