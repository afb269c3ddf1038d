"""Läsbarhetsindex (LIX) for each page: words per sentence + percent long words (> 6 letters).

LIX under 30 is very easy, 30–40 easy (news, fiction), 40–50 medium, over 50 hard.
Counted over the prose a reader sees: summary, body and the structured points.
"""

from __future__ import annotations

import re

from .content import Page

WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|:\s|\n")
PROSE_FIELDS = ("i_vardagen", "stod", "att_gora", "tank_pa", "reflektionsfragor")


def plain(markdown: str) -> str:
    """Markdown without markup that would count as words (links' targets, HTML, attributes)."""
    text = re.sub(r"<[^>]+>", " ", markdown)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[:.#][^}]*\}|\{lang=[^}]*\}", " ", text)
    text = re.sub(r"^\s*(#+|[-*]|\d+\.|:)\s+", "", text, flags=re.M)
    return text


def prose(page: Page) -> str:
    m = page.meta
    parts = [m.sammanfattning, plain(page.body)]
    for name in PROSE_FIELDS:
        for item in getattr(m, name, []):
            parts.append(getattr(item, "text", None) or getattr(item, "fraga", None) or str(item))
    return "\n".join(parts)


def lix(text: str) -> float:
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = sum(1 for s in SENTENCE_END.split(text) if WORD.search(s))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / max(sentences, 1) + 100 * long_words / len(words)
