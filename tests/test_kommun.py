"""Kommun editions: `make build` puts each kommun's edition beside the national site (k/<id>/), with
only the pages it has its own version of: local boxes, routines and pages added to the national
text. The national pages have none of it; bad editions stop the build with path:line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, page_cards, run_build

from scripts import offline

KOMMUN = "goteborg"


def build_edition(project: Path, kommun: str) -> object:
    os.environ["PORTAL_KOMMUN"] = kommun
    try:
        return run_build(project)
    finally:
        del os.environ["PORTAL_KOMMUN"]


@pytest.fixture(scope="module")
def edition(site_dir: Path) -> Path:
    """The Göteborg edition: the thin layer `make build` puts under k/goteborg/ beside the national site."""
    return site_dir / "k" / KOMMUN


def soup(folder: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((folder / page).read_text(encoding="utf-8"), "html.parser")


def test_national_pages_have_no_local_text(site_dir: Path):
    local = [
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if not p.relative_to(site_dir).as_posix().startswith("k/") and "data-kommun=" in p.read_text(encoding="utf-8")
    ]
    assert not local
    assert [p.name for p in (site_dir / "kommun").iterdir() if p.suffix == ".html"] == ["index.html"]  # the picker


def test_an_edition_holds_only_the_pages_that_differ(site_dir: Path, edition: Path):
    """Every page of the edition differs from the national page at the same path (or has none);
    the national pages it does not have are not copied, and its links lead to them."""
    pages = sorted(p.relative_to(edition).as_posix() for p in edition.rglob("*.html"))
    assert 10 <= len(pages) < len(list(site_dir.glob("**/*.html"))) / 4, len(pages)
    for page in pages:
        national = site_dir / page
        if national.is_file():
            assert (
                soup(edition, page).select_one("article").get_text()
                != soup(site_dir, page).select_one("article").get_text()
            ), page
    door = soup(edition, "situationer/personen-oppnar-inte-dorren.html")
    assert door.select_one('a[href="../../../index.html"]'), "a link to a national page leads out of the edition"


def test_the_edition_is_described_for_the_picker_and_the_offline_copy(site_dir: Path, edition: Path):
    import hashlib

    text = (edition / "utgava.js").read_text(encoding="utf-8")
    described = json.loads(text.removeprefix("self.__portalUtgava = ").rstrip(";\n"))
    assert (
        described["namn"] == "Göteborgs Stad" and "situationer/personen-oppnar-inte-dorren.html" in described["sidor"]
    )
    on_disk = {
        p.relative_to(site_dir).as_posix()
        for p in edition.rglob("*")
        if p.suffix in (".html", ".pdf", ".js") and p.name != "utgava.js"
    }
    assert set(described["filer"]) == on_disk and f"k/{KOMMUN}/sok.js" in on_disk  # its search additions too
    for path, digest in described["filer"].items():
        assert hashlib.sha256((site_dir / path).read_bytes()).hexdigest()[:12] == digest, path
    worker = (site_dir / "sw.js").read_text(encoding="utf-8").split("\n", 1)[0]
    precache = json.loads(worker.removeprefix("self.__portalPrecache = ").rstrip(";"))
    assert precache["utgavor"][KOMMUN] == hashlib.sha256(text.encode()).hexdigest()[:12]
    assert not [f for f in precache["files"] if f.startswith("k/")], "an edition is saved only when it is chosen"


def test_the_words_the_search_tests_find_only_with_the_kommun_are_only_in_its_edition(site_dir: Path, edition: Path):
    """tests/test_kommun_choice.py searches for them: no national page has them, the edition's pages do."""
    from test_kommun_choice import LOCAL_PAGE, LOCAL_WORD, OWN_PAGE, OWN_WORD

    from scripts import search

    def words(file: Path) -> set[str]:
        return {w for _, title, text in search.sections(file) for w in search.words(f"{title} {text}")}

    national = [p for p in site_dir.rglob("*.html") if not p.relative_to(site_dir).as_posix().startswith("k/")]
    assert not [p for p in national if {OWN_WORD, LOCAL_WORD.lower()} & words(p)]
    assert OWN_WORD in words(site_dir / OWN_PAGE) and LOCAL_WORD.lower() in words(edition / LOCAL_PAGE)


def test_edition_has_at_least_ten_marked_additions_on_five_pages(edition: Path):
    pages = {}
    for file in edition.rglob("*.html"):
        boxes = soup(edition, file.relative_to(edition).as_posix()).select(f'.portal-lokalt[data-kommun="{KOMMUN}"]')
        if boxes:
            pages[file.relative_to(edition).as_posix()] = boxes
    assert sum(map(len, pages.values())) >= 10 and len(pages) >= 5, {k: len(v) for k, v in pages.items()}
    for boxes in pages.values():
        for box in boxes:
            text = box.get_text(" ", strip=True)
            assert text.startswith("I Göteborgs Stad:") and "Ansvarig:" in text and "Källa:" in text, text[:120]


def test_edition_fills_a_routine_slot_and_keeps_the_national_default_elsewhere(edition: Path, site_dir: Path):
    filled = [
        f for f in edition.rglob("*.html") if 'class="portal-rutin" data-kommun=' in f.read_text(encoding="utf-8")
    ]
    assert filled, "no routine slot shows the kommun's own routine"
    national = filled[0].relative_to(edition)
    assert "data-kommun" not in (site_dir / national).read_text(encoding="utf-8")
    assert "portal-rutin" in (site_dir / national).read_text(encoding="utf-8")


def test_edition_has_its_own_start_page_and_editors_report(edition: Path):
    start = soup(edition, "kommun/index.html")
    assert "Göteborgs Stad" in start.select_one("h1").get_text()
    report = soup(edition, "kommun/redaktion.html").get_text(" ")
    assert "Lokala tillägg" in report and "Nationell text ändrad efter ert tillägg" in report


ADDITION = """---
sida: {sida}
avsnitt: {avsnitt}
agare: Testare
kallor:
  - dokument: goteborg
    avsnitt: Test
senast_granskad: 2026-12-02
nasta_granskning: 2027-12-02
---
Text.
"""


@pytest.mark.parametrize(
    "name, sida, avsnitt, message",
    [
        ("missing page", "malgrupper/finns-inte.md", "stod", r"sidan 'malgrupper/finns-inte.md' finns inte"),
        ("missing section", "malgrupper/svarigheter/tvangssyndrom.md", "steg", r"visar inget avsnitt 'steg'"),
    ],
)
def test_bad_addition_stops_the_edition_build(project_copy: Path, name, sida, avsnitt, message):
    before = sorted(p.name for p in (project_copy / "site").iterdir())
    bad = project_copy / "kommuner" / KOMMUN / "tillagg" / "trasig.md"
    bad.write_text(ADDITION.format(sida=sida, avsnitt=avsnitt), encoding="utf-8")
    result = build_edition(project_copy, KOMMUN)
    assert result.returncode != 0
    line = next(x for x in result.stderr.splitlines() if x.startswith(f"kommuner/{KOMMUN}/tillagg/trasig.md:"))
    assert re.search(message, line), line
    assert int(line.split(":")[1]) == (2 if name == "missing page" else 3)
    assert sorted(p.name for p in (project_copy / "site").iterdir()) == before


def test_unknown_kommun_is_named(project_copy: Path):
    result = build_edition(project_copy, "finns-inte")
    assert result.returncode != 0 and "kommunen 'finns-inte' finns inte" in result.stderr


def test_every_built_page_of_the_edition_passes_the_final_check(site_dir: Path):
    from scripts import check_site

    assert [p for p in check_site.check(site_dir) if p.startswith("k/")] == []


def test_an_addition_written_as_a_list_stays_a_list(edition: Path):
    """The kommun's name on a line of its own, so an addition that is a list is not run together."""
    boxes = soup(edition, "situationer/personen-oppnar-inte-dorren.html").select(".portal-lokalt")
    listed = [box for box in boxes if box.select("li")]
    assert listed, [box.get_text(" ", strip=True)[:80] for box in boxes]
    for box in listed:
        assert not any(" - " in p.get_text() for p in box.select("p")), box


def test_the_door_routine_slot_holds_the_kommuns_routine(edition: Path, site_dir: Path):
    page = "situationer/personen-oppnar-inte-dorren.html"
    local = soup(edition, page).select_one('.portal-rutin[data-kommun="goteborg"]')
    assert local and "3-dagarsrutinen" in local.get_text() and "ring din chef" in local.get_text()
    assert "3-dagarsrutinen" not in soup(site_dir, page).get_text()


def test_every_kommun_number_is_one_tap(edition: Path):
    """Phone numbers on the kommun's pages are links that call; 112 is one too."""
    for page in ("kommun/index.html", "kommun/kontakter.html"):
        calls = {a["href"] for a in soup(edition, page).select("article a[href^='tel:']")}
        assert {"tel:0313650000", "tel:112"} <= calls, (page, calls)


def test_an_edition_on_top_of_the_national_content_is_the_edition_read_whole(prepared, goteborg):
    """The build prepares an edition from the national content, reading and rendering only what the
    kommun can change; that gives the same pages as reading the whole content with the kommun."""
    from scripts.build import prepare_edition
    from scripts.editions import own_pages

    layered = prepare_edition(prepared, KOMMUN)
    assert own_pages(prepared.markdown, layered.markdown) == own_pages(prepared.markdown, goteborg.markdown)
    assert layered.warnings == [w for w in goteborg.warnings if w not in prepared.warnings]


@pytest.fixture(scope="module")
def goteborg():
    from scripts.build import prepare

    return prepare(kommun=KOMMUN)


def test_a_changed_national_section_is_named_under_every_addition_it_carries(goteborg, tmp_path: Path):
    """The kommun is told when the national text above its box changes, at the addition's line,
    in the build's warnings and the editors' report; recording the review ends it."""
    from scripts import national_basis
    from scripts.generate import kommun_report

    site = goteborg.site
    before = [a for a, _ in national_basis.stale(site)]  # a national edit the kommun has not reviewed yet
    add = next(a for a in site.additions if a.meta.avsnitt == "efterat" and a not in before)
    target = site.pages[add.meta.sida]
    original = target.meta
    target.meta = original.model_copy(update={"efterat": [*original.efterat[:-1]]})  # one point less
    try:
        named = national_basis.stale(site)
        carried = [a for a in site.additions if a.meta.sida == add.meta.sida and a.meta.avsnitt == "efterat"]
        assert [a for a, _ in named if a not in before] == carried
        message = next(m for a, m in named if a is add)
        assert message.startswith(f"{add.source}:{add.line('nationell_text')}: den nationella texten")
        assert f"python -m scripts tillagg {KOMMUN}" in message
        report = kommun_report(site)[0].body
        assert "ändrad: granska tillägget" in report
        # Reviewed: record writes the new fingerprint into the addition's own file.
        copy = tmp_path / add.source
        copy.parent.mkdir(parents=True)
        copy.write_text((ROOT / add.source).read_text(encoding="utf-8"), encoding="utf-8")
        national_basis.record(site, (Path(add.source).name,), root=tmp_path)
        recorded = re.search(r"^nationell_text: (\w+)$", copy.read_text(encoding="utf-8"), re.M)
        assert recorded and recorded[1] == national_basis.fingerprint(target, "efterat") != add.meta.nationell_text
    finally:
        target.meta = original


def card_text(site: Path, card_id: str) -> str:
    from pypdf import PdfReader

    from scripts import cards

    text = " ".join(p.extract_text() for p in PdfReader(site / cards.card_pdf(card_id)).pages)
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).lower()


def test_the_door_card_of_the_edition_carries_the_kommuns_routine(edition: Path, site_dir: Path):
    """The study card of a page that shows a filled routine slot shows the kommun's routine, marked
    as local; the national card has no local text."""
    local = card_text(edition, "situationer-personen-oppnar-inte-dorren")
    assert "i göteborgs stad: svarar personen inte" in local and "dagarsrutinen" in local, local[-600:]
    national = card_text(site_dir, "situationer-personen-oppnar-inte-dorren")
    assert "i göteborgs stad:" not in national and "dagarsrutinen" not in national


def test_cards_carry_each_filled_routine_of_their_page_and_no_other(goteborg):
    site = goteborg.site
    checked = 0
    for card, page in page_cards(site):
        filled = [s for s in getattr(page.meta, "rutiner", []) if s in site.kommun.rutiner]
        local = [text for _, text in card.back.blocks if isinstance(text, str) and text.startswith("I Göteborgs")]
        assert local == [f"I Göteborgs Stad: {site.kommun.rutiner[s]}" for s in filled], card.id
        assert bool(card.local) == bool(filled), card.id
        checked += bool(filled)
    assert checked >= 3


def test_a_routine_too_long_for_its_card_is_named(goteborg):
    """A card that does not fit with the kommun's routine names kommun.yml as well as the page."""
    from dataclasses import replace

    from scripts import cards

    site = goteborg.site
    original = site.kommun
    site.kommun = original.model_copy(update={"rutiner": {"dorren-stangd": "Ring din chef. " * 60}})
    try:
        deck = next(d for d in cards.decks(site) if d.id == "situationer")
        card = next(c for c in deck.cards if c.id == "situationer-personen-oppnar-inte-dorren")
        _, problems = cards.render_joined(replace(deck, cards=[card]))
    finally:
        site.kommun = original
    assert problems == [
        "studiekortet 'Personen öppnar inte dörren eller svarar inte' (situationer, baksida) får inte plats "
        "på ett A6-kort; korta texten i docs/situationer/personen-oppnar-inte-dorren.md eller kommunens rutin "
        "i kommuner/goteborg/kommun.yml"
    ]


# --- a new kommun: make kommun NY=<id> ----------------------------------------------------------------


def test_a_new_kommun_has_every_routine_slot_commented_out_with_its_national_default(tmp_path: Path):
    from datetime import date

    import yaml

    from scripts import schema
    from scripts.scaffold import new_kommun, routine_slots

    base = new_kommun("ny-kommun", tmp_path, today=date(2026, 12, 7))
    assert sorted(p.relative_to(base).as_posix() for p in base.rglob("*")) == [
        "kommun.yml",
        "sidor",
        "sidor/.gitkeep",
        "tillagg",
        "tillagg/.gitkeep",
    ]
    text = (base / "kommun.yml").read_text(encoding="utf-8")
    kommun = schema.Kommun.model_validate(yaml.safe_load(text))
    assert kommun.id == "ny-kommun" and kommun.rutiner == {} and kommun.kallor == []
    assert (kommun.senast_granskad, kommun.nasta_granskning) == (date(2026, 12, 7), date(2027, 12, 7))
    comments = re.sub(r"\s+", " ", " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#")))
    slots = routine_slots().rutiner
    for slot in slots:
        assert f"{slot.rubrik}. Nationellt standardsvar: {slot.standard}" in comments, slot.id
    # Uncommented as the file says ('rutiner:' once, then each slot's id) and filled in, every slot is there.
    filled = re.sub(r"^# (rutiner:)$", r"\1", text, flags=re.M)
    filled = re.sub(r"^# (  [a-z0-9-]+:)$", r"\1 Kommunens rutin.", filled, flags=re.M)
    filled = filled.replace("kallor: []", "kallor: [goteborg]")
    assert list(schema.Kommun.model_validate(yaml.safe_load(filled)).rutiner) == [s.id for s in slots]


def test_review_a_year_on_from_a_leap_day():
    from datetime import date

    from scripts.scaffold import one_year_on

    assert one_year_on(date(2028, 2, 29)) == date(2029, 2, 28)


def test_a_new_kommun_builds_as_it_is_and_shows_the_national_defaults(tmp_path: Path):
    """Scaffolded into a copy of the content, the new edition passes every check of the build
    (prepare), and the national build with it there too."""
    import shutil

    from scripts.build import prepare
    from scripts.scaffold import new_kommun

    for name in ("docs", "data", "kommuner"):
        shutil.copytree(ROOT / name, tmp_path / name)
    new_kommun("ny-kommun", tmp_path / "kommuner")
    prepared = prepare(tmp_path / "docs", tmp_path / "data", "ny-kommun")
    assert prepared.site.kommun and prepared.site.kommun.namn == "Ny kommun (ny-kommun)"
    door = prepared.markdown["situationer/personen-oppnar-inte-dorren.md"]
    assert "data-kommun" not in door and prepared.site.slots["dorren-stangd"].standard in door
    assert not prepared.unrecorded and "kommun/index.md" in prepared.markdown


@pytest.mark.parametrize(
    "kommun_id, message",
    [
        ("Malmö", r"'Malmö' går inte att använda som id: det får bara innehålla a–z, 0–9 och '-'"),
        ("ny_kommun", r"går inte att använda som id"),
        ("-malmo", r"går inte att använda som id"),
        ("ny kommun", r"går inte att använda som id"),
        ("goteborg", r"kommuner/goteborg finns redan"),
        ("nationell", r"den nationella utgåvan"),
    ],
)
def test_a_new_kommun_refuses_a_bad_or_taken_id(kommun_id, message, tmp_path: Path, capsys):
    import shutil

    from scripts import scaffold

    shutil.copytree(ROOT / "kommuner", tmp_path / "kommuner")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    with pytest.raises(scaffold.Refused, match=message):
        scaffold.new_kommun(kommun_id, tmp_path / "kommuner")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_make_kommun_says_why_it_refuses(capsys):
    from scripts import scaffold

    assert scaffold.main(["goteborg"]) == 1
    assert capsys.readouterr().err.startswith("Skapade ingen kommun: kommuner/goteborg finns redan")
    assert scaffold.main([]) == 2
    assert "make kommun NY=" in capsys.readouterr().err


def test_an_edition_page_leads_to_the_national_file_for_anything_it_does_not_have():
    from scripts.editions import relocate

    own = {"situationer/dorren.html", "kommun/index.html"}
    html = (
        '<a href="../tema/x.html#a"></a><a href="dorren.html"></a><a href="#top"></a><img src="../assets/a.png">'
        '<a href="../kommun/index.html"></a><a href="https://x.se/"></a><a href="tel:112"></a>'
        '<script id="__config" type="application/json">{"base": "..", "search": "../assets/w.js"}</script>'
    )
    moved = relocate(html, "situationer/dorren.html", "goteborg", own)
    assert moved == (
        '<a href="../../../tema/x.html#a"></a><a href="dorren.html"></a><a href="#top"></a>'
        '<img src="../../../assets/a.png"><a href="../kommun/index.html"></a><a href="https://x.se/"></a>'
        '<a href="tel:112"></a>'
        '<script id="__config" type="application/json">{"base": "../../..", "search": "../../../assets/w.js"}</script>'
    )


def test_sw_js_is_written_again_for_editions_built_on_several_machines(site_dir: Path, tmp_path: Path):
    """A CI matrix builds the editions on several machines and puts their k/<id>/ folders into one
    site; `python -m scripts utgavor` then writes its sw.js for every edition there: for the editions
    the build had, the build's own sw.js; with one more, a new version that names it too."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    built = (site / "sw.js").read_text(encoding="utf-8")
    assert offline.join_editions(site) and (site / "sw.js").read_text(encoding="utf-8") == built
    other = site / "k" / "annan"
    shutil.copytree(site / "k" / "goteborg", other)
    described = (other / "utgava.js").read_text(encoding="utf-8")
    (other / "utgava.js").write_text(described.replace('"id":"goteborg"', '"id":"annan"'), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "scripts", "utgavor", str(site)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    worker = (site / "sw.js").read_text(encoding="utf-8")
    precache = json.loads(worker.split(" = ", 1)[1].split(";\n", 1)[0])
    assert sorted(precache["utgavor"]) == ["annan", "goteborg"], precache["utgavor"]
    assert precache["version"] not in built
    assert brotli.decompress((site / "sw.js.br").read_bytes()).decode() == worker
