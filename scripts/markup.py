"""Small helpers for HTML: content text as inline HTML (used where Markdown cannot go: raw HTML
blocks in pages, and the study cards), compacting the pages MkDocs writes, and the Markdown
extensions that mark standalone links and turn phone numbers into tel: links."""

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


def inline(text: str, phones: bool = True) -> str:
    """Content text as inline HTML: Markdown emphasis, links and {lang=en} kept, the rest escaped;
    phone numbers become tel: links, except where `phones` is False: the label of a checkbox or an
    answer, where a tap must tick the box, never call."""
    if not MARKUP & set(text) and not (phones and PHONE.search(text)):
        return html.escape(text, quote=False)  # plain text, the common case: no Markdown run needed
    extensions: list[str | Extension] = ["attr_list", PhoneLinks()] if phones else ["attr_list"]
    rendered = markdown.markdown(html.escape(text, quote=False), extensions=extensions)
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


# A phone number in running text: the short national numbers the content names, and numbers with
# an area code ('010-456 67 00', '020-50 50 50', '08-123 456', '+46 31 365 00 00').
SHORT_NUMBERS = ["112", "1177", "114 14", "113 13", "90101", "116 006", "116 111"]
PHONE = re.compile(
    r"(?<![\w:/.§#-])(?:"
    r"(?:\+46 ?|0)\d{1,3}-\d{2,3}(?: \d{2}){1,3}|(?:\+46 ?|0)\d{1,3}-\d{5,8}|\+46(?: \d{1,3}){3,5}|"
    + "|".join(re.escape(n) for n in sorted(SHORT_NUMBERS, key=len, reverse=True))
    + r")(?![\w:§/]|[-–]\w)"
)
TEL = "portal-tel"
_NOT_INSIDE = {"a", "code", "pre", "script", "style", "abbr", "time"}


def tel_href(number: str) -> str | None:
    """'010-456 67 00' → 'tel:0104566700', '114 14' → 'tel:11414': the digits as dialled in Sweden
    (020 numbers cannot be dialled with +46). None when the text is not a phone number."""
    digits = re.sub(r"[ -]", "", number)
    return f"tel:{digits}" if re.fullmatch(r"\+?[0-9]{3,15}", digits) else None


class _LinkPhoneNumbers(Treeprocessor):
    def run(self, root):
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter()):
            if any(e.tag in _NOT_INSIDE for e in _ancestry(element, parents)):
                continue
            _split(element, "text")
            for child in list(element):  # the text after a child belongs to the element
                _split(child, "tail", parent=element)


def _ancestry(element, parents):
    while element is not None:
        yield element
        element = parents.get(element)


def _split(element, attribute: str, parent=None) -> None:
    """Wrap each phone number in element.text (or .tail) in a tel: link."""
    import xml.etree.ElementTree as etree

    text = getattr(element, attribute)
    if not text or not PHONE.search(text):
        return
    pieces = PHONE.split(text)
    numbers = PHONE.findall(text)
    setattr(element, attribute, pieces[0])
    holder = parent if attribute == "tail" else element
    at = list(holder).index(element) + 1 if attribute == "tail" else 0
    for number, after in zip(numbers, pieces[1:]):
        link = etree.Element("a", {"href": tel_href(number) or "", "class": TEL})
        link.text, link.tail = number, after
        holder.insert(at, link)
        at += 1


class PhoneLinks(Extension):
    """Every phone number in a page's text becomes a tel: link: one tap calls it on a phone."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_LinkPhoneNumbers(md), "portal_phone_links", 2)
