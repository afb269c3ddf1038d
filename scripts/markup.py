"""Small helpers for HTML: content text as inline HTML (used where Markdown cannot go: raw HTML
blocks in pages, and the study cards), and compacting the pages MkDocs writes."""

from __future__ import annotations

import html
import re

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

escape = html.escape


MARKUP = set("*_[`{<&\\")


def first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def inline(text: str) -> str:
    """Content text as inline HTML: Markdown emphasis, links and {lang=en} kept, the rest escaped."""
    if not MARKUP & set(text):
        return html.escape(text, quote=False)  # plain text, the common case: no Markdown run needed
    rendered = markdown.markdown(html.escape(text, quote=False), extensions=["attr_list"])
    return rendered.removeprefix("<p>").removesuffix("</p>")


# Whitespace between two tags, unless inside an element whose whitespace matters (or is not HTML).
_BETWEEN_TAGS = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)|(?<=>)\s+(?=<)", re.S | re.I)


def compact(page: str) -> str:
    """The page with each run of whitespace between two tags cut to one character.

    The theme's templates indent every menu entry on many blank lines: this takes a target page
    from 46 KB to 33 KB and keeps the growth per menu entry small. The page renders the same
    (a run of whitespace between tags counts as one space, and a newline is kept as a newline)."""
    return _BETWEEN_TAGS.sub(lambda m: m[1] or ("\n" if "\n" in m[0] else " "), page)


STANDALONE = "portal-ensam-lank"  # the style sheet gives these links a 44 px touch target
_LINK_HOLDERS = {"li", "td", "th", "dt", "dd", "p"}


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


class _MarkStandaloneLinks(Treeprocessor):
    def run(self, root):
        for holder in root.iter():
            if holder.tag not in _LINK_HOLDERS:
                continue
            links = list(holder.iter("a"))
            if len(links) == 1 and _text(links[0]) == _text(holder):
                links[0].set("class", " ".join(filter(None, [links[0].get("class"), STANDALONE])))


class StandaloneLinks(Extension):
    """Marks a link that is the whole text of its list item, table cell or paragraph.

    Such a link is a tap target of its own; a link inside a sentence is left alone (WCAG 2.5.8
    exempts inline links, and a taller inline box would break the line)."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_MarkStandaloneLinks(md), "portal_standalone_links", 1)
