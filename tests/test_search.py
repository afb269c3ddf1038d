"""Search: the core queries from bench/search-queries.yml through the real UI, from disk."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from scripts import chromium, search

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from search import load_queries, rank

CORE = load_queries(core_only=True)


@pytest.fixture(scope="module")
def search_page(chromium, site_dir: Path):
    page = chromium.new_page()
    page.goto((site_dir / "sok.html").as_uri())
    yield page
    page.close()


def test_core_set_is_large_enough():
    assert len(CORE) >= 25


@pytest.mark.parametrize("query", CORE, ids=[str(q["q"]) for q in CORE])
def test_core_query_finds_the_right_page_in_top_3(search_page, site_dir: Path, query):
    base = site_dir.as_uri()
    run = chromium.search(search_page, str(query["q"]), base)
    position = rank(run.pages, query["svar"])
    assert position is not None and position <= 3, f"{query['q']!r}: got {run.pages[:5]}"


def test_the_index_is_prebuilt_in_a_small_first_part_and_hashed_parts(site_dir: Path):
    manifest = json.loads((site_dir / search.INDEX_FILE).read_text(encoding="utf-8").split("=", 1)[1].rstrip(";\n"))
    head = site_dir / manifest["head"]
    parts = [site_dir / p for p in manifest["parts"]]
    assert head.stat().st_size < 0.3 * sum(p.stat().st_size for p in parts), "the first part is the small one"
    for file in [head, *parts]:
        text = file.read_text(encoding="utf-8")
        payload = text.removeprefix("self.__portalIndexPart(").removesuffix(");\n")
        assert file.stem.split("-")[1] == __import__("hashlib").sha256(payload.encode()).hexdigest()[:12]
    assert not (site_dir / "search" / "search_index.json").exists(), "no index of the engine's own"


def test_question_url_opens_results(chromium, site_dir: Path):
    page = chromium.new_page()
    page.goto((site_dir / "sok.html").as_uri() + "?q=hoarding")
    page.wait_for_selector(".portal-traff__lank[href*='samlarsyndrom']", timeout=10_000)
    page.close()


def test_a_query_typed_before_the_index_has_loaded_is_answered(chromium, server):
    """The worker keeps the newest query and answers it when the index is in: no second keystroke."""
    context = chromium.new_context()
    held: list = []
    context.route("**/search/huvud-*.js", lambda route: held.append(route))  # the first part waits for the query
    page = context.new_page()
    page.goto(f"{server}/sok.html")
    page.locator("#portal-sok-falt").fill("ångest")  # one event, as when pasting
    page.wait_for_timeout(300)
    assert held and page.locator(".portal-traff").count() == 0, "the index was not held back"
    held[0].continue_()
    page.wait_for_selector(".portal-traff__lank[href*='depression-och-angest']", timeout=15_000)
    context.close()


HOLD_ANSWERS = """(() => {
  const Real = window.Worker;
  window.__held = [];
  window.Worker = function (url, options) {
    const worker = new Real(url, options);
    const listen = worker.addEventListener.bind(worker);
    worker.addEventListener = (type, handler, o) => listen(type, type !== "message" ? handler : (event) => {
      if (event.data && event.data.type === "svar") window.__held.push({text: event.data.text, show: () => handler(event)});
      else handler(event);
    }, o);
    return worker;
  };
})();"""


def test_an_answer_is_shown_while_a_newer_question_is_on_its_way(chromium, server):
    """Typing faster than the worker answers: the answer to an earlier keystroke is shown (not
    dropped because a newer question was asked), and an older one never replaces a newer."""
    context = chromium.new_context(service_workers="block")
    context.add_init_script(HOLD_ANSWERS)
    page = context.new_page()
    page.goto(f"{server}/sok.html")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-portal-sok-klar')")
    page.locator("#portal-sok-falt").press_sequentially("naloxon")
    page.wait_for_function("() => window.__held.some(a => a.text === 'naloxon')", timeout=10_000)
    show = "text => window.__held.filter(a => a.text === text).forEach(a => a.show())"
    page.evaluate(show, "naloxo")  # an earlier keystroke's answer, while 'naloxon' is asked
    page.wait_for_selector(".portal-traff__lank[href*='overdos']", timeout=5_000)
    assert "naloxo”" in page.locator("[data-portal-sok-status]").text_content()
    page.evaluate(show, "naloxon")
    page.evaluate(show, "nal")  # too late: older than what is shown
    assert "naloxon”" in page.locator("[data-portal-sok-status]").text_content()
    context.close()


def test_an_sfs_number_finds_its_laws_page_first(search_page, site_dir: Path):
    for query, law in [("2025:400", "lagrum/sol-2025"), ("SFS 1993:387", "lagrum/lss")]:
        run = chromium.search(search_page, query, site_dir.as_uri())
        assert run.pages[:1] == [law], (query, run.pages[:3])


JS = ROOT / "docs/assets/javascripts"
WORKER = (JS / "portal-search.js").read_text(encoding="utf-8")
STEMMER = (JS / "vendor/snowball-swedish.js").read_text(encoding="utf-8")
LOAD_WORKER = """([stemmer, source, arg, call]) => {
    new Function(stemmer)();  // the vendored Snowball build sets globalThis.snowballFactory
    const self_ = {snowballFactory: globalThis.snowballFactory};
    new Function('self', 'addEventListener', 'postMessage', 'importScripts', source)(self_, () => {}, () => {}, () => {});
    return new Function('api', 'arg', 'return ' + call)(self_.portalSearch, arg);
}"""


def worker(page, call: str, arg):
    """Evaluate `call` (with `api` = the worker's functions, `arg`) in Chromium."""
    return page.evaluate(LOAD_WORKER, [STEMMER, WORKER, arg, call])


def test_javascript_and_python_normalise_words_the_same_way(search_page, site_dir: Path):
    """The worker (vendored Snowball JS) stems and folds every word of the built site exactly as the
    index builder (snowballstemmer) did."""
    words = sorted(
        {w for f in site_dir.rglob("*.html") for _, t, x in search.sections(f) for w in search.words(t + " " + x)}
    )
    keys = worker(search_page, "arg.map(w => api.key(w))", words)
    mismatches = [(w, k, search.key(w)) for w, k in zip(words, keys) if k != search.key(w)]
    assert len(words) > 2000 and not mismatches, mismatches[:10]


@pytest.mark.parametrize(
    "query, key",
    [
        ("11 kap. 1 § SoL", "k11p1"),
        ("11 kap 1 §", "k11p1"),
        ("11:1 SoL", "k11p1"),
        ("SoL 11 kap. 1 §", "k11p1"),
        ("10 kap 20 a § OSL", "k10p20a"),
        ("1 § LSS", "p1"),
    ],
)
def test_citation_forms_are_recognised(search_page, query, key):
    assert worker(search_page, "api.citations(arg).map(c => c.key)", query) == [key]


def test_typing_without_diacritics_does_not_match_other_words(search_page, site_dir: Path):
    """'saker' (things) must not match or highlight 'säkerhet' (safety); 'angest' still finds 'ångest'."""
    run = chromium.search(search_page, "saker", site_dir.as_uri())
    marks = search_page.locator("[data-portal-traffar] mark").all_inner_texts()
    assert marks and not [m for m in marks if m.lower().startswith("säker")], marks
    assert (
        rank(
            chromium.search(search_page, "angest", site_dir.as_uri()).pages,
            ["malgrupper/svarigheter/depression-och-angest"],
        )
        == 1
    )
    assert run.pages


def test_results_say_what_kind_of_page_they_are(search_page, site_dir: Path):
    chromium.search(search_page, "öppnar inte dörren", site_dir.as_uri())
    kinds = search_page.locator(".portal-traff .portal-sokart").all_text_contents()
    assert kinds and kinds[0] == "Situation", kinds
    chromium.search(search_page, "11 kap. 1 § SoL", site_dir.as_uri())
    assert "Lagrum" in search_page.locator(".portal-traff .portal-sokart").all_text_contents()


def test_the_search_page_loads_the_first_part_before_the_theme(chromium, server, site_dir: Path):
    """sok.html starts the worker and the first part of the index from its head, before the style
    sheets; the worker brings its stemmer; the page's other scripts wait until the first part is in
    (the form is there before them), and Material then starts as on any other page."""
    head = (site_dir / "sok.html").read_text(encoding="utf-8").split("</head>")[0]
    assert head.index("search/huvud-") < head.index("portal-sok.") < head.index('rel="stylesheet"')
    context = chromium.new_context(service_workers="block")
    held: list = []
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    context.route("**/search/huvud-*.js", lambda route: held.append(route))
    page = context.new_page()
    page.goto(f"{server}/sok.html")
    page.locator("#portal-sok-falt").fill("ångest")
    page.wait_for_timeout(500)
    theme = ("bundle.", "portal.", "portal-lyssna.", "portal-kommun.", "md-scope.", "md-content.")
    theme = tuple(f"javascripts/{name}" for name in theme)
    assert held and not [u for u in asked if any(name in u for name in theme)], asked
    held[0].continue_()
    page.wait_for_selector(".portal-traff__lank[href*='depression-och-angest']", timeout=15_000)
    page.wait_for_function("() => typeof document$ !== 'undefined'", timeout=15_000)  # the theme's scripts come after
    assert page.evaluate("() => new Promise(started => document$.subscribe(() => started(true)))")
    assert all(any(name in u for u in asked) for name in theme), asked
    assert not [u for u in asked if "snowball" in u], "the stemmer comes with the worker's script"
    context.close()


def test_the_search_page_asks_for_the_first_part_at_once(chromium, server):
    """sok.html names the index itself and asks for its first part before any script has come (a
    preload, which portal-sok.js's fetch then uses: one request)."""
    context = chromium.new_context(service_workers="block")
    asked: list[str] = []
    held: list = []
    context.on("request", lambda request: asked.append(request.url))
    context.route("**/javascripts/portal-sok.*js", lambda route, _: held.append(route))
    page = context.new_page()
    page.goto(f"{server}/sok.html", wait_until="commit")
    page.wait_for_timeout(1000)
    assert held and [u for u in asked if "/search/huvud-" in u], asked
    for route in held:
        route.continue_()
    page.locator("#portal-sok-falt").fill("ångest")
    page.wait_for_selector(".portal-traff__lank[href*='depression-och-angest']", timeout=15_000)
    page.wait_for_function("() => document.readyState === 'complete'")
    assert len([u for u in asked if "/search/huvud-" in u]) == 1, asked
    assert not [u for u in asked if search.INDEX_FILE in u], "sok.html names the index itself"
    context.close()


def test_first_answers_have_no_snippets_until_the_rest_of_the_index_is_in(chromium, server):
    """The first part answers with titles (it holds no page text); the answer comes again, complete
    and with snippets, when the other parts are in. Queries are answered while the parts come."""
    context = chromium.new_context(service_workers="block")
    held: list = []
    holding = [True]
    for part in ("**/search/huvud-*.js", "**/search/del-*.js"):
        context.route(part, lambda route: held.append(route) if holding[0] else route.continue_())
    page = context.new_page()
    page.goto(f"{server}/sok.html")
    page.locator("#portal-sok-falt").fill("ångest")
    page.wait_for_timeout(300)
    assert [r.request.url for r in held if "/huvud-" in r.request.url], "the first part was not held back"
    held.pop().continue_()
    page.wait_for_selector(".portal-traff__lank[href*='depression-och-angest']", timeout=15_000)
    assert page.locator("[data-portal-traffar]").get_attribute("data-komplett") == "false"
    assert page.locator(".portal-traff__text").count() == 0
    page.locator("#portal-sok-falt").fill("naloxon")  # answered while a part is on its way (fetch, not importScripts)
    page.wait_for_selector(".portal-traff__lank[href*='personen-ar-paverkad-eller-overdos']", timeout=5_000)
    assert [r for r in held if "/del-" in r.request.url], "no part was held back"
    holding[0] = False
    for route in held:
        route.continue_()
    page.wait_for_selector("[data-portal-traffar][data-komplett=true] .portal-traff__text", timeout=30_000)
    context.close()


def test_the_first_part_comes_from_titles_sokord_and_citations_only(site_dir: Path, prepared):
    """An edit of pages' text (here: a thesaurus term added to every section) leaves the first part
    as it was: its content and weights come from titles, sökord and citations."""
    site = prepared.site
    docs = search.page_docs(site_dir, site)
    ids = search.doc_ids(docs)
    edited = [replace(d, text="ångest " + d.text, fields=dict(d.fields)) for d in docs]
    search.add_concepts(edited, site.thesaurus)
    assert [d.fields.get("concept") for d in edited] != [d.fields.get("concept") for d in docs]
    assert search.first_part(edited, ids, site) == search.first_part(docs, ids, site)


def test_spoken_forms_are_read_as_written():
    """The person's texted words ('dom', 'mej', 'nån', 'jättedåligt') compare with the thesaurus and
    the sökord as the written words do."""
    assert [search.spoken(w) for w in ["mej", "dom", "nån", "ngt", "jättedåligt", "skitsur", "skit"]] == [
        "mig",
        "de",
        "någon",
        "något",
        "dåligt",
        "sur",
        "skit",
    ]
    assert search.phrase_keys("skriver dom om mej") == search.phrase_keys("skriver de om mig")
    assert search.phrase("vem får veta om mej") == search.phrase("vem får veta om mig")


def test_a_thesaurus_phrase_matches_in_question_order_and_in_spoken_words(search_page, site_dir: Path):
    """'grannarna vet' is the thesaurus's 'vet grannarna' in another order; 'mej' is mig."""
    for query, page in [
        ("grannarna vet att jag har boendestöd", "lattlast/tystnadsplikt"),
        ("dom lyssnar aldrig på mej", "lattlast/om-du-inte-haller-med"),
    ]:
        run = chromium.search(search_page, query, site_dir.as_uri())
        assert page in run.pages[:3], (query, run.pages[:5])


def _doc(location: str, title: str, text: str, page: int) -> search.Doc:
    doc = search.Doc(location, title, text, page)
    doc.fields = {"heading" if "#" in location else "title": search.keys(title), "text": search.keys(text)}
    return doc


def test_an_editions_additions_hold_what_differs_by_address_weighed_with_national_frequencies():
    """A kommun edition's search additions (k/<id>/sok.js): a doc that differs from the national doc
    at its address replaces it (a section keeps its national page by address), one the edition's
    page lacks is dropped, one that is the same is left out, and the kommun's own page goes to the
    edition's folder. Every weight is the one the worker gives a national doc: the key's idf among
    the national docs (a key only the edition has counts as in one)."""
    national = [
        _doc("a.html", "Ångest", "oro ångest vardagen", 0),
        _doc("a.html#hjalp", "Hjälp", "ring chefen oro", 0),
        _doc("a.html#gammal", "Gammalt", "gamla rutinen gäller", 0),
        _doc("b.html", "Dörren", "personen öppnar inte dörren", 3),
        _doc("b.html#gor", "Gör så", "ring vänta stund", 3),
    ]
    basis = search.national_index(national)
    edition = [
        _doc("a.html", "Ångest", "oro ångest vardagen", 0),  # as the national page: left out
        _doc("a.html#hjalp", "Hjälp", "ring socialkontoret oro", 0),
        _doc("kommun/kontakter.html", "Kontakter", "socialkontoret svarar vardagar", 2),
        _doc("kommun/kontakter.html#gor", "Gör så", "ring vänta stund", 2),  # the text of b.html#gor
    ]
    data = search.edition_index(edition, basis, "k/test")
    hjalp, page, section = (search.EDITION_IDS + i for i in range(3))
    assert data["docs"] == {
        hjalp: ["a.html#hjalp", "Hjälp", "ring socialkontoret oro", "a.html", "Sida"],
        page: ["k/test/kommun/kontakter.html", "Kontakter", "socialkontoret svarar vardagar", page, "Sida", 2],
        section: ["k/test/kommun/kontakter.html#gor", "Gör så", "ring vänta stund", page, "Sida"],
    }
    assert data["drop"] == ["a.html#gammal"]

    n, whole = len(national), search.term_weights(national)
    for k in search.keys("ring vänta stund"):  # the same text as a national doc: the same weights
        assert [section, round(whole[k][4] * search.idf(n, len(whole[k])), 2)] == data["terms"][k][-2:], k
    raw = search.term_weights(edition)
    own = search.key("socialkontoret")  # no national doc has it: counted as in one
    assert data["terms"][own] == [
        hjalp,
        round(raw[own][1] * search.idf(n, 1), 2),
        page,
        round(raw[own][2] * search.idf(n, 1), 2),
    ]
    title = search.key("kontakter")  # while only the first part is in: idf among the national pages
    assert data["head"][title] == [page, round(search.WEIGHTS["title"] * search.idf(2, 1), 2)]


PERSON_QUERIES = [
    "jag vill sluta med boendestöd",  # first person
    "får boendestödjaren ha nyckel till min lägenhet",
    "kan vi ses ute istället",
    "vill inte ha hjälp längre",  # a sentence without its "jag"
    "hur överklagar man",  # an everyday question
    "vad gör jag om personen inte öppnar",  # staff: "personen"
    "brukaren vill ge mig en present",
    "ocd",
    "boendestödjaren kom inte",
]


def test_the_person_s_own_question_counts_the_easy_read_pages_more():
    """A first-person word counts the easy-read pages most; an everyday question or a sentence without
    its 'jag' a little; a word by which staff name the one they support, not at all."""
    boosts = [search.person_boost(q) for q in PERSON_QUERIES]
    assert boosts == [2.0, 2.0, 2.0, 1.5, 1.5, 1.0, 1.0, 1.0, 1.0]
    assert search.person_boost("mej lyssnar ingen på") == search.PERSON_BOOST  # spoken forms read as written


def test_javascript_and_python_tell_the_person_s_question_the_same_way(search_page):
    rule = search.person_rule()
    found = worker(search_page, "arg[0].map(q => api.personBoost(q, arg[1]))", [PERSON_QUERIES, rule])
    assert found == [search.person_boost(q) for q in PERSON_QUERIES]


def test_phrases_read_the_person_s_first_person_as_the_pages_second():
    """'om jag inte håller med' is the title 'Om du inte håller med'; the thesaurus compares the same way."""
    assert search.phrase("om jag inte håller med") == search.phrase("Om du inte håller med")
    assert search.phrase_keys("minska mitt stöd") == search.phrase_keys("minska ditt stöd")
    assert search.phrase("vem får veta om mej") == search.phrase("vem får veta om dig")


def test_keys_drop_the_definite_endings_snowball_leaves():
    assert search.key("boendestödet") == search.key("boendestöd")
    assert search.key("ansökan") == search.key("ansöka")
    assert search.key("beslutet") == search.key("beslut")
    assert search.key("huset") == search.key("hus")
    assert search.key("plan") == "plan"  # a stem of four letters keeps them


def test_a_sokord_ties_its_page_to_a_concept_by_a_term_or_an_everyday_phrase():
    """A single everyday word names too many things: a page with the sökord 'städa' is not tied to the
    concept of help at home by it; one with a term or an everyday phrase of it is."""
    from scripts.schema import Concept

    help_at_home = Concept(begrepp="stod-med", termer=["stöd i vardagen"], vardagsord=["städa", "hjälp hemma"])
    assert search.sokord_concepts(["städa"], [help_at_home]) == []
    assert search.sokord_concepts(["hjälp hemma"], [help_at_home]) == ["c:stod-med"]
    assert search.sokord_concepts(["stöd i vardagen"], [help_at_home]) == ["c:stod-med"]


def test_the_person_s_first_person_finds_the_easy_read_page_s_title(search_page, site_dir: Path):
    run = chromium.search(search_page, "om jag inte håller med", site_dir.as_uri())
    assert run.pages[:1] == ["lattlast/om-du-inte-haller-med"], run.pages[:3]


def test_a_question_that_cites_a_provision_finds_the_provision(search_page, site_dir: Path):
    """An everyday question counts the law's own pages less, but not when it cites a provision."""
    for query, page in [
        ("vad säger 11 kap 1 § sol", "lagrum/sol-11-1"),
        ("vad står i 44 § förvaltningslagen", "lagrum/fl-44"),
    ]:
        run = chromium.search(search_page, query, site_dir.as_uri())
        assert run.pages[:1] == [page], (query, run.pages[:3])
