"""Swedish search: a prebuilt index for the portal's own search worker.

Material's search UI stays; only its worker is replaced (docs/assets/javascripts/portal-search.js).
At build time this module turns Material's section documents plus the content model (sökord,
lagrum citations) into a compact inverted index, so no browser builds an index on page load.

Both sides normalise words the same way: lower case, Snowball Swedish stem, then å/ä→a, ö→o.
The JS worker has the same stemmer; tests check that both give the same stems.
"""
from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import lagrum
from .content import Site

INDEX_FILE = "search/portal-index.js"
WORD = re.compile(r"[0-9a-zåäöéüæø§]+", re.I)
SNIPPET = 260  # characters of section text kept for result display

# Field weights: how much a match in each field counts.
WEIGHTS = {"title": 10.0, "sokord": 8.0, "cite": 12.0, "citeold": 9.0, "heading": 4.0, "text": 1.0}
PRIOR_LAGRUM = 0.6  # lagrum pages rank below guidance pages unless the query is a citation
PRIOR_KIND = {"reflektionstraff": 0.8}  # a session plan ranks below the guidance page on its topic

STOPWORDS = set("""
och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan
man när år säga hon under också efter eller nu sin där vid mot ska skulle kunna få bli blir är var
hur vad vem vilken vilka vilket varför någon något några hen dig du mig min mitt mina din ditt dina
sin sitt sina hans hennes deras dem ni er oss vår våra i ut upp in än då sedan mycket mer mest
ha hade haft göra gör gjorde vill ville bara även alla allt andra annan annat samma varje detta
dessa denna sådan sådant sådana här dit hit the of and
""".split())

VOWELS = set("aeiouyäåö")
STEP1 = sorted("""a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er heter
or as arnas ernas ornas es ades andes ens arens hetens erns at andet het ast""".split(), key=len, reverse=True)
S_ENDING = set("bcdfghjklmnoprtvy")
STEP2 = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")


def _r1(word: str) -> int:
    """Snowball R1: after the first non-vowel that follows a vowel, but at least 3 letters in."""
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return max(i + 1, 3)
    return len(word)


@cache
def stem(word: str) -> str:
    """The Snowball Swedish stemmer (snowballstem.org), on a lower-case word."""
    p1 = _r1(word)
    for suffix in STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= p1 and len(word) > 1 and word[-2] in S_ENDING:
            word = word[:-1]
    if any(word.endswith(s) and len(word) - 2 >= p1 for s in STEP2):
        word = word[:-1]
    for suffix, replacement in (("fullt", "full"), ("löst", "lös"), ("lig", ""), ("els", ""), ("ig", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            word = word[: -len(suffix)] + replacement
            break
    return word


def fold(text: str) -> str:
    """Lower case without diacritics: 'Ångest' → 'angest'."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


@cache
def key(word: str) -> str:
    """The index key of a word: stemmed, then folded."""
    word = word.lower()
    return fold(stem(word)) if word.isalpha() else fold(word)


def phrase(text: str) -> str:
    """A title or sökord as a comparable phrase: folded words, stopwords kept ('vem kan fa boendestod')."""
    return " ".join(fold(w) for w in words(text))


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def keys(text: str) -> list[str]:
    return [key(w) for w in words(text) if w not in STOPWORDS and len(w) > 1 or w.isdigit()]


# --- law citations ---------------------------------------------------------------------------

CITATION = re.compile(
    r"(?:(?P<law1>[a-zåäö]+)\s+)?(?P<kap>\d+)\s*(?:kap\.?|kapitlet|:)\s*(?P<par>\d+\s?[a-z]?)\s*(?:§+)?(?:\s+(?P<law2>[a-zåäö]+))?",
    re.I)


def citation_key(kapitel: int | None, paragraf: str | None) -> str:
    """'k11p1' for 11 kap. 1 §; 'p1' for 1 §; paragraphs like '20 a' become 'p20a'."""
    par = re.split(r"[–-]", paragraf or "")[0].replace(" ", "").lower()
    return f"k{kapitel}p{par}" if kapitel is not None else f"p{par}"


# --- documents -------------------------------------------------------------------------------


def strip_tags(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("¶", " ").strip()


@dataclass
class Doc:
    location: str
    title: str
    text: str
    page: int  # index of the page doc (itself for a page)
    fields: dict[str, list[str]] = field(default_factory=dict)  # field -> keys
    prior: float = 1.0  # multiplies every field except citations
    phrases: list[str] = field(default_factory=list)  # title and sökord as typed: a whole-query match wins


def page_docs(material_docs: list[dict], site: Site) -> list[Doc]:
    """Material's section docs, enriched with each page's sökord and the lagrum citations."""
    by_url = {path.replace(".md", ".html"): page for path, page in site.pages.items()}
    provision_by_url = {lagrum.page_path(p).replace(".md", ".html"): p for p in site.provisions.values()}
    docs: list[Doc] = []
    page_of: dict[str, int] = {}
    for raw in material_docs:
        location = raw["location"] or "index.html"
        url, _, anchor = location.partition("#")
        text = " ".join(strip_tags(raw["text"]).split())
        title = strip_tags(raw["title"])
        if not anchor:
            page_of[url] = len(docs)
        doc = Doc(location, title, text, page_of.get(url, len(docs)))
        doc.fields = {"title" if not anchor else "heading": keys(title), "text": keys(text)}
        page = by_url.get(url)
        if page is not None:
            doc.prior = PRIOR_KIND.get(page.meta.typ, 1.0)
            if not anchor:
                doc.fields["sokord"] = keys(" ".join(page.meta.sokord))
                doc.phrases = sorted({phrase(t) for t in [page.meta.titel, *page.meta.sokord]} - {""})
        provision = provision_by_url.get(url)
        if provision is not None:
            doc.prior = PRIOR_LAGRUM
            if not anchor:
                doc.fields.update(provision_citation_keys(site, provision))
        docs.append(doc)
    return docs


def provision_citation_keys(site: Site, p) -> dict[str, list[str]]:
    """A provision is found by its own number; older numbers and repealed laws count a little less."""
    law = site.laws[p.lag]
    own = [citation_key(p.kapitel, p.paragraf), *keys(law.kortnamn)]
    older = [citation_key(o.kapitel, o.paragraf) for o in p.aldre]
    return {"cite": own, "citeold": older} if law.gallande else {"citeold": own}


# --- the index -------------------------------------------------------------------------------


def build_index(docs: list[Doc]) -> dict:
    """Inverted index: key -> [doc, weight, doc, weight, ...] with BM25-like weights."""
    n = len(docs)
    doc_freq: Counter = Counter()
    for d in docs:
        doc_freq.update({k for ks in d.fields.values() for k in ks})
    lengths = [max(1, len(d.fields.get("text", []))) for d in docs]
    avg = sum(lengths) / max(n, 1)
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    for i, d in enumerate(docs):
        for name, ks in d.fields.items():
            counts = Counter(ks)
            for k, tf in counts.items():
                if name == "text":
                    sat = tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[i] / avg))
                else:
                    sat = 1.0
                idf = math.log(1 + (n - doc_freq[k] + 0.5) / (doc_freq[k] + 0.5))
                prior = 1.0 if name.startswith("cite") else d.prior
                postings[k][i] = postings[k].get(i, 0.0) + WEIGHTS[name] * sat * idf * prior
    return {
        "docs": [[d.location, d.title, d.text[:SNIPPET], d.page] for d in docs],
        "terms": {k: [x for i, w in sorted(p.items()) for x in (i, round(w, 2))] for k, p in sorted(postings.items())},
        "variants": variants(docs),
        "phrases": [[i, p] for i, d in enumerate(docs) for p in d.phrases],
        "stop": sorted(STOPWORDS),
    }


def variants(docs: list[Doc]) -> dict[str, list[str]]:
    """For keys that lost å/ä/ö when folded: the stems as written ('lagen' <- 'lagen', 'lägen').

    A query typed with å/ä/ö then matches only words written that way (lägenhet is not lagen)."""
    seen: dict[str, set] = defaultdict(set)
    for d in docs:
        for w in words(d.title + " " + d.text):
            if w.isalpha() and w not in STOPWORDS:
                seen[key(w)].add(stem(w))
    return {k: sorted(v) for k, v in sorted(seen.items()) if any(not x.isascii() for x in v)}


def write_index(site_dir: Path, site: Site) -> dict:
    """Replace Material's index: ours goes to search/portal-index.js; Material's UI gets config only."""
    material = site_dir / "search" / "search_index.json"
    data = json.loads(material.read_text(encoding="utf-8"))
    index = build_index(page_docs(data["docs"], site))
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (site_dir / INDEX_FILE).write_text(f"self.__portalIndex={payload};\n", encoding="utf-8")
    data["docs"] = []
    material.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return index
