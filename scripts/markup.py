"""Small helpers for writing HTML from content text (used where Markdown cannot go: raw HTML
blocks in pages, and the study cards)."""
from __future__ import annotations

import html

import markdown

escape = html.escape


MARKUP = set("*_[`{<&\\")


def inline(text: str) -> str:
    """Content text as inline HTML: Markdown emphasis, links and {lang=en} kept, the rest escaped."""
    if not MARKUP & set(text):
        return html.escape(text, quote=False)  # plain text, the common case: no Markdown run needed
    rendered = markdown.markdown(html.escape(text, quote=False), extensions=["attr_list"])
    return rendered.removeprefix("<p>").removesuffix("</p>")
