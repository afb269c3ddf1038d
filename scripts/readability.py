"""Läsbarhetsindex (LIX) for each page: words per sentence + percent long words (> 6 letters).

LIX under 30 is very easy, 30–40 easy (news, fiction), 40–50 medium, over 50 hard.
Counted over the prose a reader sees: the title, the body and every prose field; a heading, a list
item or a paragraph ends a sentence, as do . ! ? and a colon.
"""

from __future__ import annotations

import re

from .content import Page
from .schema import values

WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|:\s|\n")  # a line is a block here: see `blocks`
BLOCK_START = re.compile(r"^\s*(#+|[-*]|\d+\.)\s+")


def plain(markdown: str) -> str:
    """Markdown without markup that would count as words (links' targets, HTML, attributes)."""
    text = re.sub(r"<[^>]+>", " ", markdown)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[:.#][^}]*\}|\{lang=[^}]*\}", " ", text)
    return blocks(text)


def blocks(text: str) -> str:
    """One line per block: a heading, a list item or a paragraph ends a sentence; a line break
    inside a paragraph does not (it is only where the editor wrapped the line)."""
    out: list[str] = []
    joining = False
    for line in text.splitlines():
        if not line.strip():
            joining = False
            continue
        starts_block = bool(BLOCK_START.match(line))
        if joining and not starts_block:
            out[-1] += " " + line.strip()
        else:
            out.append(BLOCK_START.sub("", line).strip())
        joining = not line.lstrip().startswith("#")
    return "\n".join(out)


def prose(page: Page) -> str:
    """The page's own text as a reader sees it: the title and every field that is prose (its role
    in the schema), the body included; not generated parts such as source lists."""
    parts = [page.meta.titel, plain(page.body)]
    parts += [plain(text) for _, role, text in values(page.meta) if role == "prosa"]
    return "\n".join(parts)


def lix(text: str) -> float:
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = sum(1 for s in SENTENCE_END.split(text) if WORD.search(s))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / max(sentences, 1) + 100 * long_words / len(words)
