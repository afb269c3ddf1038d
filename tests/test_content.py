"""The content itself: every promised page is there and has what users rely on."""

from __future__ import annotations

import statistics

from bs4 import BeautifulSoup

from scripts import readability

TARGET_PAGES = {
    "svarigheter": [
        "psykisk-ohalsa",
        "kognitiva-svarigheter",
        "samsjuklighet",
        "tvangssyndrom",
        "psykossjukdom",
        "samlarsyndrom",
        "depression-och-angest",
        "bipolar-sjukdom",
        "trauma",
        "forvarvad-hjarnskada",
        "sjalvskadebeteende",
        "atstorning",
        "intellektuell-funktionsnedsattning",
        "autism",
        "adhd",
        "sprakstorning",
    ],
    "livssituationer": [
        "foraldrar",
        "ofrivillig-ensamhet",
        "destruktiva-relationer",
        "vald-och-brott",
        "beroende",
        "djur",
        "hemloshet",
        "unga-vuxna",
        "suicid",
    ],
}


def pages_of(prepared, kind: str):
    return [p for p in prepared.site.pages.values() if p.meta.typ == kind]


def test_the_25_target_pages_are_complete(prepared):
    expected = {f"malgrupper/{group}/{name}.md" for group, names in TARGET_PAGES.items() for name in names}
    assert len(expected) == 25
    assert expected == {p.path for p in pages_of(prepared, "malgrupp")}
    for path in expected:  # (the fields each page must have are the schema's job)
        m = prepared.site.pages[path].meta
        assert "sol-11-1" in m.lagrum, f"{path}: the insats itself is granted under 11 kap. 1 § SoL"


def test_at_least_12_theme_pages_that_target_pages_link_to(prepared):
    themes = {p.path for p in pages_of(prepared, "tema")}
    assert len(themes) >= 12
    linked = {r for p in pages_of(prepared, "malgrupp") for r in p.meta.relaterat}
    assert len(themes & linked) >= 8


def test_overview_pages_list_their_pages_with_summaries(site_dir):
    for group, names in TARGET_PAGES.items():
        soup = BeautifulSoup((site_dir / f"malgrupper/{group}/index.html").read_text(encoding="utf-8"), "html.parser")
        listed = {a["href"].removesuffix(".html") for a in soup.select("h2#sidor-i-avsnittet + ul li a")}
        assert set(names) <= listed, set(names) - listed
        for li in soup.select("h2#sidor-i-avsnittet + ul li"):
            assert " – " in li.get_text(), "each entry has a one-line summary"


def test_handlaggare_chef_and_session_plans(prepared):
    assert len(pages_of(prepared, "handlaggare")) >= 8
    assert len(pages_of(prepared, "chef")) >= 6
    assert len(pages_of(prepared, "reflektionstraff")) >= 10


def test_at_least_150_reflection_questions(prepared):
    total = sum(len(getattr(p.meta, "reflektionsfragor", [])) for p in prepared.site.pages.values())
    assert total >= 150, total


def test_process_map_has_every_step_in_order(prepared):
    steps = [s.steg.lower() for s in prepared.site.pages["handlaggare/processkarta.md"].meta.process]
    for word in ("ansökan", "utredning", "beslut", "uppdrag", "genomförandeplan", "uppföljning", "avslut"):
        assert any(word in s for s in steps), word
    assert steps.index(next(s for s in steps if "ansökan" in s)) < steps.index(next(s for s in steps if "avslut" in s))


def test_review_dates_are_shown_on_every_page(prepared, site_dir):
    for path in prepared.site.pages:
        html = (site_dir / path.replace(".md", ".html")).read_text(encoding="utf-8")
        assert "Senast granskad" in html and "Nästa granskning" in html, path


def test_target_pages_are_easy_to_read(prepared):
    scores = {p.path: readability.lix(readability.prose(p)) for p in pages_of(prepared, "malgrupp")}
    assert statistics.median(scores.values()) <= 40, scores
    assert max(scores.values()) <= 50, {k: v for k, v in scores.items() if v > 50}


def test_lix_detects_hard_text():
    easy = "Du hjälper till. Ni gör det tillsammans. Det går bra."
    hard = (
        "Socialnämndens myndighetsutövning förutsätter förvaltningsrättsliga överväganden beträffande "
        "individens rättighetsförhållanden vid verkställighetsprocessens genomförandeplanering."
    )
    assert readability.lix(easy) < 30 < 60 < readability.lix(hard)
