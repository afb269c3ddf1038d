"""Swedish search: a prebuilt index for the portal's own search (the page sok.html, its script
docs/assets/javascripts/portal-sok.js and the worker docs/assets/javascripts/portal-search.js).

At build time this module cuts the built pages into sections and, with the content model
(sökord, lagrum citations), makes a compact inverted index, so no browser builds one on page load.
The index is written in parts: a small first part answers at once on a slow line, the rest follows,
by page, so that an edit changes the first part only when a title or sökord changes, and one other.

Both sides normalise words the same way: lower case, then the Snowball Swedish stem (without the
definite endings -et and -an it leaves); å, ä and ö
are kept in the keys; the worker maps a form typed without them to the keys that have them.
The JS worker has the same stemmer; tests check that both give the same stems.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import lxml.html
import snowballstemmer

from . import lagrum
from .content import LOCAL_FOLDER, Site
from .generate import EDITORS_REPORT, KOMMUN_REPORT, SEARCH_SCRIPTS
from .markup import escape
from .nav import sort_key
from .render import SEARCH_PAGE
from .sitemap import html_path

WORKER = "assets/javascripts/portal-search.js"
STEMMER = "assets/javascripts/vendor/snowball-swedish.js"
INDEX_FILE = "search/portal-index.js"  # names the parts; small, read fresh (the parts are named by hash)
INDEX_VERSION = 4  # the shape of the parts, as portal-search.js reads them (4: keys without -et/-an, the person rule)
WORD = re.compile(r"[0-9a-zåäöéüæø§]+", re.I)
SNIPPET = 260  # characters of section text kept for result display

# Field weights: how much a match in each field counts.
WEIGHTS = {
    "title": 10.0,
    "sokord": 8.0,
    "cite": 12.0,
    "citeold": 9.0,
    "sfs": 3.0,
    "heading": 4.0,
    "text": 1.0,
    "concept": 2.5,
}
PRIOR_LAGRUM = 0.6  # lagrum pages rank below guidance pages unless the query is a citation
PRIOR_KIND = {"reflektionstraff": 0.8, "situation": 1.25}  # a guide first for a situation; a plan after its topic
# A query in the first person ("jag", "mig", "min" …, spoken forms read as written first) is most often the
# person who has boendestöd asking about their own stöd: the easy-read pages, written for them, count
# PERSON_BOOST times. A question in everyday form, or a sentence without its "jag" ("vill inte ha hjälp",
# "orkar inte städa"), starts with one of PERSON_START: those pages count PERSON_START_BOOST times. Neither
# when the query names the one who is supported as staff do ("personen", "brukaren"): that is staff asking
# about their work ("vad gör jag om personen inte öppnar"). Applied at query time by portal-search.js, with
# these words from the index. The law's own pages (Lagrum) count as much less: the person's question is
# answered in plain words, seldom by a provision. A query that cites a provision is left as it is.
PERSON_WORDS = {"jag", "mig", "min", "mitt", "mina", "vi", "oss", "vår", "våra"}
PERSON_START = set(
    "vem vad hur när var vart varför får kan måste ska finns vill orkar mår fick behöver känner tycker".split()
)
STAFF_WORDS = {"personen", "personens", "brukaren", "brukarens", "brukare", "brukarna", "klienten", "klient"}
PERSON_KIND = "lattlast"
PERSON_BOOST = 2.0
PERSON_START_BOOST = 1.5
LAGRUM_LABEL = "Lagrum"
KIND_LABELS = {
    "situation": "Situation",
    "malgrupp": "Målgrupp",
    "tema": "Förhållningssätt",
    "handlaggare": "Handläggare",
    "chef": "Chef",
    "reflektionstraff": "Reflektionsträff",
    "introduktion": "Introduktion",
    "lattlast": "Lättläst",
    "sida": "Sida",
}

STOPWORDS = set(
    """
och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan
man när år säga hon under också efter eller nu sin där vid mot ska skulle kunna få bli blir är var
hur vad vem vilken vilka vilket varför någon något några hen dig du mig min mitt mina din ditt dina
sin sitt sina hans hennes deras dem ni er oss vår våra i ut upp in än då sedan mycket mer mest
ha hade haft göra gör gjorde vill ville bara även alla allt andra annan annat samma varje detta
dessa denna sådan sådant sådana här dit hit the of and
henne honom dom nån nåt nåra mej dej sej måste
""".split()
)

_SWEDISH = snowballstemmer.stemmer("swedish")


@cache
def stem(word: str) -> str:
    """Snowball Swedish (the snowballstemmer package), on a lower-case word. The worker runs the
    same algorithm (docs/assets/javascripts/vendor/snowball-swedish.js); a test compares them."""
    return _SWEDISH.stemWord(word)


def fold(text: str) -> str:
    """Lower case without diacritics: 'Ångest' → 'angest'."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


# The stopwords typed without å, ä and ö too ("ar", "pa", "nar"), except where that is another word
# (vara, nära → nara, nät → nat).
STOPWORDS |= {fold(w) for w in STOPWORDS} - {"vara", "nara", "nat"}


# How the person writes when they text: spoken and shortened forms → the written word ("mej" → mig,
# "dom" → de, "ngn" → någon), and an intensifier before a word dropped ("jättedåligt" → dåligt).
# Queries are read so (the worker has the same map, from the index, and the same prefixes), and so are
# the thesaurus and the sökord when they are compared with a query.
SPOKEN = {
    "dom": "de",
    "mej": "mig",
    "dej": "dig",
    "sej": "sig",
    "nån": "någon",
    "nan": "någon",
    "ngn": "någon",
    "nåt": "något",
    "ngt": "något",
    "nånting": "något",
    "nanting": "något",
    "nåra": "några",
    "nåran": "några",
    "e": "är",
    "mkt": "mycket",
    "sån": "sådan",
    "sånt": "sådant",
    "sånna": "sådana",
    "int": "inte",
    "ba": "bara",
    "me": "med",
    "o": "och",
    "morron": "morgon",
    "morronen": "morgonen",
    "imorron": "imorgon",
    "soc": "socialtjänsten",
    "socialen": "socialtjänsten",
    "handläggarn": "handläggaren",
    "boendestödjarn": "boendestödjaren",
    "läkarn": "läkaren",
    "lgh": "lägenhet",
}
INTENSIFIER = re.compile(r"^(?:jätte|jatte|skit)(?=[a-zåäö]{3})")  # the same in portal-search.js


def spoken(word: str) -> str:
    """A lower-case word as written: 'mej' → 'mig', 'jättedåligt' → 'dåligt'."""
    return SPOKEN.get(word) or INTENSIFIER.sub("", word)


# The person asks in the first person, the pages answer in the second ("Kan du ställa in ett besök?",
# "Om du inte håller med", "minska ditt stöd"): where phrases are compared (titles, sökord, the easy-read
# pages' headings, the thesaurus, with the query) jag and du are the same word, and so are mig/dig,
# min/din, mitt/ditt and mina/dina. The worker has the same map, from the index.
PERSPECTIVE = {"jag": "du", "mig": "dig", "min": "din", "mitt": "ditt", "mina": "dina"}


def phrase_word(word: str) -> str:
    """A lower-case word as a phrase compares it: as written, and in the pages' second person."""
    written = spoken(word)
    return PERSPECTIVE.get(written, written)


@cache
def key(word: str) -> str:
    """The index key of a word: its stem, with å, ä and ö kept ('saker' → 'sak', 'säker' → 'säk'), and
    without the definite endings -et and -an that Snowball leaves, on a stem of five letters or more
    ('boendestödet' is 'boendestöd', 'ansökan' 'ansöka', 'beslutet' 'beslut'). The same in the worker."""
    word = word.lower()
    if not word.isalpha():
        return word
    found = stem(word)
    return found[:-2] if len(found) >= 5 and found.endswith(("et", "an")) else found


def phrase(text: str) -> str:
    """A title or sökord as a comparable phrase: folded words, stopwords kept ('vem kan fa boendestod')."""
    return " ".join(fold(phrase_word(w)) for w in words(text))


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def keys(text: str) -> list[str]:
    return [key(w) for w in words(text) if w not in STOPWORDS and len(w) > 1 or w.isdigit()]


# --- law citations ---------------------------------------------------------------------------

CITATION = re.compile(
    r"(?:(?P<law1>[a-zåäö]+)\s+)?(?P<kap>\d+)\s*(?:kap\.?|kapitlet|:)\s*(?P<par>\d+\s?[a-z]?)\s*(?:§+)?(?:\s+(?P<law2>[a-zåäö]+))?",
    re.I,
)


def citation_key(kapitel: int | None, paragraf: str | None) -> str:
    """'k11p1' for 11 kap. 1 §; 'p1' for 1 §; paragraphs like '20 a' become 'p20a'."""
    par = re.split(r"[–-]", paragraf or "")[0].replace(" ", "").lower()
    return f"k{kapitel}p{par}" if kapitel is not None else f"p{par}"


# --- documents -------------------------------------------------------------------------------


@dataclass
class Doc:
    location: str
    title: str
    text: str
    page: int  # index of the page doc (itself for a page)
    kind: str = "Sida"  # shown with the result: Situation, Målgrupp, Lagrum …
    fields: dict[str, list[str]] = field(default_factory=dict)  # field -> keys
    prior: float = 1.0  # multiplies every field except citations
    phrases: list[str] = field(default_factory=list)  # title and sökord as typed: a whole-query match wins


SKIP = {"script", "style", "button", "nav"}  # not text a reader searches for


def sections(file: Path) -> list[tuple[str, str, str]]:
    """A built page's article, cut at each h2 and h3 that has an id: [(anchor, title, text)]."""
    found: list[list[str]] = []

    def add(text: str | None, in_heading: bool) -> None:
        if text and found:
            found[-1][1 if in_heading else 2] += text

    def visit(element, in_heading: bool) -> None:
        classes = (element.get("class") or "").split()
        if element.tag in SKIP or "headerlink" in classes or "portal-lyssna" in classes:  # Lyssna's controls
            return
        if element.tag == "h1" or (element.tag in ("h2", "h3") and element.get("id")):
            found.append([element.get("id", "") if element.tag != "h1" else "", "", ""])
            in_heading = True
        add(element.text, in_heading)
        for child in element:
            if isinstance(child.tag, str):  # not a comment
                visit(child, in_heading)
            add(child.tail, in_heading)

    for article in lxml.html.fromstring(file.read_bytes()).xpath("//article[not(ancestor::article)]"):
        visit(article, False)
    return [(anchor, " ".join(title.split()), " ".join(text.split())) for anchor, title, text in found]


def page_docs(site_dir: Path, site: Site) -> list[Doc]:
    """One doc per page and per section of its built HTML, with the page's sökord and lagrum citations."""
    provision_of = {lagrum.page_path(p): p for p in site.provisions.values()}
    docs: list[Doc] = []
    for path, page in sorted(site.pages.items(), key=lambda item: sort_key(item[1])):  # menu order breaks ties
        if path == EDITORS_REPORT:  # the build's report to editors: a table of every page, not an answer
            continue
        url = path.removesuffix(".md") + ".html"
        file = site_dir / url
        if not file.is_file():
            continue
        first = len(docs)
        kind = LAGRUM_LABEL if path.startswith(lagrum.FOLDER + "/") else KIND_LABELS.get(page.meta.typ, "Sida")
        for anchor, title, text in sections(file):
            doc = Doc(f"{url}#{anchor}" if anchor else url, title, text, first, kind)
            doc.fields = {"heading" if anchor else "title": keys(title), "text": keys(text)}
            doc.prior = PRIOR_KIND.get(page.meta.typ, 1.0)
            docs.append(doc)
        if len(docs) == first:
            continue
        head = docs[first]
        head.fields["sokord"] = keys(" ".join(page.meta.sokord)) + sokord_concepts(page.meta.sokord, site.thesaurus)
        own = [page.meta.titel, *page.meta.sokord]
        if page.meta.typ == PERSON_KIND:  # the person's own questions: a query that is one finds the page
            own += [d.title for d in docs[first + 1 :] if keys(d.title)]
        head.phrases = sorted({phrase(t) for t in own} - {""})
        if (provision := provision_of.get(path)) is not None:
            for doc in docs[first:]:
                doc.prior = PRIOR_LAGRUM
            head.fields.update(provision_citation_keys(site, provision))
            if (
                provision.kapitel is None and provision.paragraf is None
            ):  # the law itself: its SFS number finds it first
                sfs = site.laws[provision.lag].sfs
                head.phrases = sorted({*head.phrases, phrase(sfs), phrase(f"SFS {sfs}")})
        if path == f"{lagrum.FOLDER}/index.md":  # each law's section there is found by its SFS number
            by_name = {law.namn: law for law in site.laws.values()}
            for doc in docs[first:]:
                if doc.title in by_name:
                    doc.fields["cite"] = [sfs_key(by_name[doc.title].sfs)]
    add_concepts(docs, site.thesaurus)
    return docs


def sfs_key(number: str) -> str:
    """'2025:400' → 'sfs2025x400' (one index key; ':' would split it)."""
    return "sfs" + number.replace(":", "x").replace(" ", "").lower()


def concept_key(concept) -> str:
    return f"c:{concept.begrepp}"


def phrase_keys(text: str) -> str:
    """A phrase as the keys of all its words (stopwords kept: 'vill inte leva' is not 'leva')."""
    return " ".join(key(phrase_word(w)) for w in words(text))


def sokord_concepts(sokord: list[str], thesaurus) -> list[str]:
    """The concepts a page has a sökord for (a sökord that is one of the concept's terms, or one of its
    everyday phrases): the page is found by every everyday word for them as by its sökord. An everyday
    word on its own ('städa', 'handla', 'kompis') names too many things to tie a page to the concept: a
    staff page with the sökord 'städning' is not for 'orkar inte städa'."""
    own = {phrase_keys(s) for s in sokord}
    return [
        concept_key(c)
        for c in thesaurus
        if any(phrase_keys(w) in own for w in [*c.termer, *(v for v in c.vardagsord if len(words(v)) > 1)])
    ]


def add_concepts(docs: list[Doc], thesaurus) -> None:
    """A doc that uses a concept's term gets the concept's key, so every everyday word for it finds the doc."""
    terms = {c.begrepp: [phrase_keys(t) for t in c.termer] for c in thesaurus}
    for doc in docs:
        own = f" {phrase_keys(doc.title)} {phrase_keys(doc.text)} "
        found = [concept_key(c) for c in thesaurus if any(f" {t} " in own for t in terms[c.begrepp])]
        if found:
            doc.fields["concept"] = found


def concept_phrases(thesaurus) -> list[list[str]]:
    """[phrase keys, concept key] for every term and everyday word, longest phrases first; each
    also as typed without å, ä and ö ('sager upp' finds 'säger upp')."""
    pairs = {
        (phrase_keys(v), concept_key(c)) for c in thesaurus for w in [*c.termer, *c.vardagsord] for v in (w, fold(w))
    }
    return [list(p) for p in sorted(pairs, key=lambda p: (-len(p[0].split()), p))]


def law_key(law) -> str:
    return fold(law.kortnamn.lower())


def provision_citation_keys(site: Site, p) -> dict[str, list[str]]:
    """A provision is found by its own number, and better by its number with its law ('lss/p10');
    older numbers and repealed laws count a little less; the law's SFS number a little."""
    law = site.laws[p.lag]
    if p.kapitel is None and p.paragraf is None:  # the law itself (or a whole föreskrift): found by its SFS number
        return {"cite": [sfs_key(law.sfs), law_key(law)]}
    number = citation_key(p.kapitel, p.paragraf)
    own = [number, f"{law_key(law)}/{number}", f"{law_key(law)}/{number}", *keys(law.kortnamn)]
    older = [
        k
        for o in p.aldre
        for k in (
            citation_key(o.kapitel, o.paragraf),
            f"{law_key(site.laws[o.lag])}/{citation_key(o.kapitel, o.paragraf)}",
        )
    ]
    out = {"cite": own, "citeold": older} if law.gallande else {"citeold": own + older}
    out["sfs"] = [sfs_key(law.sfs)]
    return out


def law_words(site: Site) -> dict[str, str]:
    """Every way a query names a law → its key: the abbreviation, and the name's '-lag' words
    ('förvaltningslagen' → fl, 'sekretesslagen' → osl). For repealed laws only the abbreviation."""
    out: dict[str, str] = {}
    for law in sorted(site.laws.values(), key=lambda law: not law.gallande):  # current laws win a shared word
        out.setdefault(key(law.kortnamn), law_key(law))
        for w in words(law.namn):
            if w.endswith(("lag", "lagen")) and w not in ("lag", "lagen"):
                out.setdefault(key(w), law_key(law))
    return out


# --- the index -------------------------------------------------------------------------------

HEAD_FIELDS = {"title", "sokord", "cite", "citeold", "sfs", "concept"}  # what the first part answers from
PARTS = 24  # the rest of the index: the pages spread over this many files by a hash of their address
SLOTS = 4096  # a doc's id is its part × SLOTS + its place in the part


def part_of(location: str) -> int:
    """The part a page's docs go in, by its address: a new or edited page changes no other part."""
    return int(hashlib.sha256(location.split("#")[0].encode()).hexdigest()[:8], 16) % PARTS


def doc_ids(docs: list[Doc]) -> list[int]:
    """Each doc's id: its part × SLOTS + its place among the part's docs (pages by address, each
    page's sections in order). Ids stay the same when a page in another part changes."""
    ids = [0] * len(docs)
    placed: dict[int, int] = Counter()
    for i in sorted(range(len(docs)), key=lambda i: (docs[docs[i].page].location, i)):
        part = part_of(docs[i].location)
        if placed[part] >= SLOTS:
            raise ValueError(f"del {part} av sökindexet har fler än {SLOTS} avsnitt: öka PARTS")
        ids[i] = part * SLOTS + placed[part]
        placed[part] += 1
    return ids


def term_weights(docs: list[Doc], fields: set[str] | None = None, only: set[int] | None = None) -> dict:
    """key -> {doc position: weight}, BM25-like, before the key's idf: a match in a field counts
    its WEIGHTS, the text's by how often the word occurs against the section's length."""
    lengths = [max(1, len(d.fields.get("text", []))) for d in docs]
    avg = _rounded(sum(lengths) / max(len(docs), 1))
    weights: dict[str, dict[int, float]] = defaultdict(dict)
    for i, d in enumerate(docs):
        if only is not None and i not in only:
            continue
        for name, ks in d.fields.items():
            if fields is not None and name not in fields:
                continue
            for k, tf in Counter(ks).items():
                sat = tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[i] / avg)) if name == "text" else 1.0
                prior = 1.0 if name.startswith("cite") else d.prior
                weights[k][i] = weights[k].get(i, 0.0) + WEIGHTS[name] * sat * prior
    return weights


def idf(n: int, df: int) -> float:
    """How rare a key is among n docs, df of which have it (the same formula in portal-search.js)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _rounded(x: float) -> float:
    """Two significant figures: the average section length stays the same through small edits, so
    an edit does not change every weight in the index."""
    return float(f"{x:.2g}") if x else 1.0


def _doc(d: Doc, ids: list[int]) -> list:
    return [d.location, d.title, d.text[:SNIPPET], ids[d.page], d.kind]


def head_fields(d: Doc, thesaurus) -> dict[str, list[str]]:
    """A page's fields for the first part: its title, sökord and citations, and the concepts its
    title names; nothing from its text, so an edit of the text leaves the first part as it was."""
    fields = {name: ks for name, ks in d.fields.items() if name in HEAD_FIELDS - {"concept"}}
    own = f" {phrase_keys(d.title)} "
    found = [concept_key(c) for c in thesaurus if any(f" {phrase_keys(t)} " in own for t in c.termer)]
    return fields | ({"concept": found} if found else {})


def first_part(docs: list[Doc], ids: list[int], site: Site | None = None) -> dict:
    """Every page (address, title, kind, place in the menu for ties; no snippet: that is text), the
    keys of titles, sökord and citations, the phrases, the thesaurus: enough to answer most queries
    on a slow line, and small. Its weights come from those fields of the pages alone, idf included,
    so an edit of a page's text leaves it as it was."""
    thesaurus = site.thesaurus if site else []
    pages = [i for i, d in enumerate(docs) if d.page == i]
    heads = [replace(d, fields=head_fields(d, thesaurus)) if d.page == i else d for i, d in enumerate(docs)]
    weights = term_weights(heads, HEAD_FIELDS, set(pages))
    return {
        "docs": {
            ids[i]: [docs[i].location, docs[i].title, "", ids[i], docs[i].kind, order] for order, i in enumerate(pages)
        },
        "terms": {
            k: [x for i in sorted(p, key=ids.__getitem__) for x in (ids[i], round(p[i] * idf(len(pages), len(p)), 2))]
            for k, p in sorted(weights.items())
        },
        "phrases": {ids[i]: docs[i].phrases for i in pages if docs[i].phrases},  # title and sökord as typed
        "stop": sorted(STOPWORDS),
        "spoken": SPOKEN,
        "perspective": PERSPECTIVE,
        "concepts": concept_phrases(thesaurus),
        "laws": law_words(site) if site else {},
        "person": person_rule(),
    }


def person_rule() -> dict:
    """How the worker tells a query from the person who has boendestöd, and what it does then."""
    return {
        "words": sorted(PERSON_WORDS),
        "start": sorted(PERSON_START),
        "not": sorted(STAFF_WORDS),
        "kind": KIND_LABELS[PERSON_KIND],
        "lawKind": LAGRUM_LABEL,
        "boost": PERSON_BOOST,
        "startBoost": PERSON_START_BOOST,
    }


def person_boost(query: str) -> float:
    """How much the easy-read pages count for a query (as portal-search.js decides it): PERSON_BOOST
    for a first-person word, as written ('mej' is mig), PERSON_START_BOOST for an everyday question or
    a sentence without its 'jag', 1 for a word by which staff name the one they support, or else."""
    own = [spoken(w) for w in words(query)]
    if not own or set(own) & STAFF_WORDS:
        return 1.0
    if set(own) & PERSON_WORDS:
        return PERSON_BOOST
    return PERSON_START_BOOST if own[0] in PERSON_START else 1.0


def other_parts(docs: list[Doc], ids: list[int]) -> list[dict]:
    """The whole index, by page: each part holds its pages' docs with their snippets (the pages'
    own, which the first part leaves out, too) and the postings of all its docs, every field,
    weighted before idf. The worker joins a key's postings from all parts and weighs them by idf
    over all docs (the manifest says how many), so a part depends on its own pages only (and on
    the rounded average section length)."""
    parts: list[dict] = [{"docs": {}, "terms": {}} for _ in range(PARTS)]
    for i, d in enumerate(docs):
        parts[ids[i] // SLOTS]["docs"][ids[i]] = _doc(d, ids)
    for k, p in sorted(term_weights(docs).items()):
        for i in sorted(p, key=ids.__getitem__):
            parts[ids[i] // SLOTS]["terms"].setdefault(k, []).extend([ids[i], round(p[i], 2)])
    return parts


def write_index(site_dir: Path, site: Site) -> NationalIndex:
    """The portal's search index, from the built pages: search/portal-index.js names the first
    part and the rest, each a file named by its content's hash (search/del-<hash>.js), so a reader
    who has them downloads only what an edit changed. Returns what a kommun edition's search
    additions are weighed against."""
    docs = page_docs(site_dir, site)
    ids = doc_ids(docs)
    folder = site_dir / "search"
    folder.mkdir(exist_ok=True)
    names = [_write_part(folder, "huvud", first_part(docs, ids, site))]
    names += [_write_part(folder, "del", part) for part in other_parts(docs, ids)]
    manifest = {"version": INDEX_VERSION, "head": names[0], "parts": names[1:], "docs": len(docs)}
    payload = json.dumps(manifest, separators=(",", ":"))
    (site_dir / INDEX_FILE).write_text(f"self.__portalIndexManifest={payload};\n", encoding="utf-8")
    page = site_dir / html_path(SEARCH_PAGE)
    if page.is_file():
        page.write_text(name_the_index(page.read_text(encoding="utf-8"), payload, names[0]), encoding="utf-8")
    return national_index(docs, site)


def _write_part(folder: Path, prefix: str, data: dict) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(payload.encode()).hexdigest()[:12]
    name = f"search/{prefix}-{digest}.js"
    (folder / f"{prefix}-{digest}.js").write_text(f"self.__portalIndexPart({payload});\n", encoding="utf-8")
    return name


# --- a kommun edition's search additions -------------------------------------------------------

EDITION_INDEX = "sok.js"  # in the edition's folder (k/<id>/sok.js); a script, so that it is read from disk too
EDITION_IDS = PARTS * SLOTS  # an edition's docs are numbered after every national doc


@dataclass
class NationalIndex:
    """What an edition's search additions are weighed against, so that their scores compare with
    the national docs' in the worker."""

    docs: list[Doc]  # the national docs (their sections' lengths)
    df: dict[str, int]  # key → how many national docs have it (all fields: the whole index)
    head_df: dict[str, int]  # key → how many national pages have it in the first part's fields
    pages: dict[str, int]  # each national page's address → its place in the menu (ties)
    thesaurus: list = field(default_factory=list)


def _head_weights(docs: list[Doc], thesaurus) -> dict:
    """The first part's weights of the page docs among `docs` (before idf), as first_part makes them."""
    pages = {i for i, d in enumerate(docs) if d.page == i}
    heads = [replace(d, fields=head_fields(d, thesaurus)) if i in pages else d for i, d in enumerate(docs)]
    return term_weights(heads, HEAD_FIELDS, pages)


def national_index(docs: list[Doc], site: Site | None = None) -> NationalIndex:
    """The national index's frequencies, for weighing an edition's additions (edition_index)."""
    thesaurus = site.thesaurus if site else []
    pages = [i for i, d in enumerate(docs) if d.page == i]
    return NationalIndex(
        docs=docs,
        df={k: len(p) for k, p in term_weights(docs).items()},
        head_df={k: len(p) for k, p in _head_weights(docs, thesaurus).items()},
        pages={docs[i].location: order for order, i in enumerate(pages)},
        thesaurus=thesaurus,
    )


def edition_index(docs: list[Doc], national: NationalIndex, folder: str) -> dict:
    """A kommun edition's search additions (k/<id>/sok.js), from the docs of its own pages: only
    what differs from the national index. A doc at a national doc's address replaces it when it
    differs (the chosen kommun's version of the page opens at the national address); the national
    docs of those pages that the edition's version lacks are dropped (`drop`); a page under
    kommun/ is new, at its address in the edition's `folder` (k/<id>). A doc's page is an id in
    the file, or the address of a national page that is left as it is. Weighed as the national
    docs are, with the national frequencies (a key no national doc has counts as in one): `head`
    while only the first part is in, `terms` for the whole index (the average section length is
    that of national and edition docs together, rounded as the national). Ids from EDITION_IDS."""
    before = {d.location: d for d in national.docs}
    kept = [i for i, d in enumerate(docs) if _is_new(d.location, national) or not _same(d, before.get(d.location))]
    place = {i: n for n, i in enumerate(kept)}
    own = [replace(docs[i], page=place.get(docs[i].page, -1)) for i in kept]  # -1: its page is the national one
    ids = [EDITION_IDS + n for n in range(len(own))]
    pages = [n for n, d in enumerate(own) if d.page == n]
    new = [own[n].location for n in pages if _is_new(own[n].location, national)]
    order = {**national.pages, **{url: len(national.pages) + k for k, url in enumerate(new)}}
    replaced = {d.location for i, d in enumerate(docs) if d.page == i and not _is_new(d.location, national)}
    present = {d.location for d in docs}
    drop = sorted(
        d.location for d in national.docs if d.location.split("#")[0] in replaced and d.location not in present
    )

    def entry(n: int, d: Doc) -> list:
        """[address, title, snippet, page, kind], and for a page its place in the menu."""
        address = f"{folder}/{d.location}" if _is_new(d.location, national) else d.location
        page = ids[d.page] if d.page >= 0 else d.location.split("#")[0]
        return [address, d.title, d.text[:SNIPPET], page, d.kind] + ([order[d.location]] if d.page == n else [])

    n = len(national.docs)
    whole = term_weights([*national.docs, *own], only=set(range(n, n + len(own))))
    return {
        "version": INDEX_VERSION,
        "docs": {ids[i]: entry(i, d) for i, d in enumerate(own)},
        "drop": drop,
        "head": _weighed(_head_weights(own, national.thesaurus), ids, len(national.pages), national.head_df),
        "terms": _weighed({k: {i - n: w for i, w in p.items()} for k, p in whole.items()}, ids, n, national.df),
        "phrases": {ids[i]: own[i].phrases for i in pages if own[i].phrases},
    }


def _same(doc: Doc, other: Doc | None) -> bool:
    """Whether an edition's doc is the national doc at its address as the index sees it."""
    return other is not None and all(
        getattr(doc, name) == getattr(other, name) for name in ("title", "text", "kind", "fields", "prior", "phrases")
    )


def _is_new(location: str, national: NationalIndex) -> bool:
    """Whether an edition's doc is on a page that replaces no national page: the kommun's own
    (kommun/), or one the national index lacks."""
    url = location.split("#")[0]
    return url.startswith(f"{LOCAL_FOLDER}/") or url not in national.pages


def _weighed(weights: dict, ids: list[int], n: int, df: dict[str, int]) -> dict[str, list]:
    """Postings [id, weight, …] per key, each weight times the key's idf among n national docs."""
    return {
        k: [x for i in sorted(p) for x in (ids[i], round(p[i] * idf(n, max(df.get(k, 0), 1)), 2))]
        for k, p in sorted(weights.items())
    }


def write_edition_index(folder: Path, site: Site, pages: list[str], national: NationalIndex, address: str) -> None:
    """An edition's search additions into its folder (k/<id>/sok.js), from its own pages (`pages`,
    paths in site.pages) built there; `address`: the folder's address in the site (k/<id>). Its
    report to its editors is left out, as the national one is."""
    own = {p: site.pages[p] for p in pages if p in site.pages and p != KOMMUN_REPORT}
    data = edition_index(page_docs(folder, replace(site, pages=own)), national, address)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (folder / EDITION_INDEX).write_text(f"self.__portalEditionIndex({payload});\n", encoding="utf-8")


# --- the search page on a slow line ----------------------------------------------------------


def _script_tag(src: str) -> str:
    """A pattern for the page's <script> tag for `src`, by its name with or without a content hash."""
    stem, suffix = src.rsplit(".", 1)
    return f'<script src="{re.escape(stem)}(?:\\.[0-9a-f]{{8}})?\\.{suffix}"></script>\\n?'


_SEARCH_SCRIPT = re.compile("|".join(_script_tag(s) for s in SEARCH_SCRIPTS))
_THEME_SCRIPT = re.compile(r'<script src="([^"]+)"([^>]*)></script>')
LATER = "data-portal-senare"  # a theme script the search page loads once the first part of the index is in


def arrange_search_page(html: str) -> str:
    """sok.html for a slow line: portal-sok.js first in the head, before the style sheets, so the
    worker and the first part of the index load beside them; every other script of the page (the
    theme's: Material's bundle, portal.js, Lyssna, the kommun choice) not loaded with the page but
    by portal-sok.js once the first part is in, in the page's order (type text/plain, the address in
    data-src, other attributes kept): they would share the line with it, and the form is drawn as
    soon as the style sheets are in. Without JavaScript nothing changes."""
    scripts = "".join(m.group(0).strip() for m in _SEARCH_SCRIPT.finditer(html))
    head_end = html.find("</head>")
    styles = html.find('<link rel="stylesheet"')
    if not scripts or not 0 <= styles < head_end or LATER in html:  # arranged already
        return html
    rest = _SEARCH_SCRIPT.sub("", html[styles:])
    rest = _THEME_SCRIPT.sub(rf'<script type="text/plain" {LATER} data-src="\1"\2></script>', rest)
    return html[:styles] + scripts + rest


_INDEX_SCRIPT = re.compile(_script_tag(INDEX_FILE))
_PRELOAD = re.compile(r'<link rel="preload" href="search/huvud-[0-9a-f]+\.js" as="fetch" crossorigin>')
_SEARCH_SCRIPT_TAG = re.compile(
    r'<script src="assets/javascripts/portal-sok\.(?:[0-9a-f]{8}\.)?js"(?: data-index="[^"]*")?'
)


def name_the_index(html: str, manifest: str, head: str) -> str:
    """sok.html with the index's manifest in portal-sok.js's tag (data-index) instead of its own
    script, and the first part asked for as soon as the head is read (a preload, which
    portal-sok.js's fetch then uses): on a slow line neither waits for a script."""
    html = _PRELOAD.sub("", _INDEX_SCRIPT.sub("", html))
    html = _SEARCH_SCRIPT_TAG.sub(lambda m: m[0].split(" data-index=")[0] + f' data-index="{escape(manifest)}"', html)
    at = html.find("<title>")
    tag = f'<link rel="preload" href="{head}" as="fetch" crossorigin>'
    return html if at < 0 else html[:at] + tag + html[at:]


def add_stemmer_to_worker(site_dir: Path) -> None:
    """The stemmer at the end of the search worker's script: on a slow line one request less before
    the first results (the worker loads vendor/snowball-swedish.js itself when it is not there)."""
    worker = site_dir / WORKER
    text = worker.read_text(encoding="utf-8")
    stemmer = (site_dir / STEMMER).read_text(encoding="utf-8")
    if stemmer not in text:
        worker.write_text(text.rstrip("\n") + "\n" + stemmer, encoding="utf-8")
