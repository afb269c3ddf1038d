"""The statute text kept in data/lagtext/: each checked provision's wording exists there, is shown
on its page as a marked quote, and a changed law names the provisions and pages to review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import lagtext
from scripts.build import prepare
from scripts.content import ContentErrors

FIXTURE = Path(__file__).parent / "fixtures" / "site"
LAW = "data/lagtext/sol-2025.md"


@pytest.fixture()
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    return root


def built(root: Path):
    return prepare(root / "docs", root / "data")


def test_a_checked_provision_shows_its_wording_as_a_marked_quote(site_copy: Path):
    page = built(site_copy).markdown["lagrum/sol-11-1.md"]
    assert "Socialtjänstlag (2025:400) i lydelse t.o.m. SFS 2025:1501" in page
    assert "> **11 kap. 1 §** En enskild som inte själv kan tillgodose sina personliga behov" in page
    assert "Kontrollerad mot lagtexten 2026-12-07" in page


def test_replacing_the_law_names_the_changed_provision_and_the_pages_that_cite_it(site_copy: Path):
    law = site_copy / LAW
    law.write_text(law.read_text().replace("skäliga levnadsförhållanden", "goda levnadsförhållanden"))
    prepared = built(site_copy)
    (warning,) = prepared.warnings
    assert (
        warning.startswith("data/lagrum.yml:") and "sol-11-1" in warning and "har ändrats sedan kontrollen" in warning
    )
    assert "Lagtexten har ändrats sedan kontrollen" in prepared.markdown["lagrum/sol-11-1.md"]
    report = prepared.markdown["om/redaktion.md"]
    assert "11 kap. 1 § SoL" in report and "Personen öppnar inte dörren" in report
    # an unchanged law warns of nothing
    assert built(FIXTURE).warnings == []


def test_a_new_check_is_tied_to_the_wording_by_the_command_and_a_changed_one_only_when_named(site_copy: Path):
    pins = site_copy / "data/lagtext/kontrollerat.yml"
    pins.unlink()
    with pytest.raises(ContentErrors, match="kontrollen är inte knuten till en lydelse"):
        built(site_copy)
    assert lagtext.record(site_copy / "data") == ["sol-11-1"]
    assert built(site_copy).warnings == []
    law = site_copy / LAW
    law.write_text(law.read_text().replace("skäliga", "goda"))
    assert lagtext.record(site_copy / "data") == []  # a changed law is not silently re-approved
    assert built(site_copy).warnings
    assert lagtext.record(site_copy / "data", recheck=("sol-11-1",)) == ["sol-11-1"]
    assert built(site_copy).warnings == []


def test_a_check_against_text_that_is_not_kept_is_refused_at_its_line(site_copy: Path):
    register = site_copy / "data/lagrum.yml"
    register.write_text(
        register.read_text().replace('kapitel: 11\n    paragraf: "1"', 'kapitel: 11\n    paragraf: "2"')
    )
    with pytest.raises(ContentErrors) as caught:
        built(site_copy)
    (error,) = caught.value.errors
    assert error.path == "data/lagrum.yml" and "har inte 11 kap. 2 §" in error.message
    assert "kontrollerad:" in register.read_text().split("\n")[error.line - 1]


def test_a_law_file_with_a_bad_heading_is_refused_at_its_line(site_copy: Path):
    law = site_copy / LAW
    law.write_text(law.read_text().replace("### 9 §", "### paragraf 9"))
    with pytest.raises(ContentErrors) as caught:
        built(site_copy)
    (error,) = caught.value.errors
    assert error.path == LAW and law.read_text().split("\n")[error.line - 1] == "### paragraf 9"


def test_statute_text_passes_the_content_gate(site_copy: Path):
    law = site_copy / LAW
    law.write_text(law.read_text().replace("genom insatserna.", "genom <script>alert(1)</script>."))
    with pytest.raises(ContentErrors) as caught:
        built(site_copy)
    assert any(e.path == LAW and "<script>" in e.message for e in caught.value.errors)


def test_ranges_and_lettered_paragraphs():
    assert lagtext.numbers("6–7") == ["6", "7"]
    assert lagtext.numbers("3-5") == ["3", "4", "5"]
    assert lagtext.numbers("20 a") == ["20 a"]
    quoted = "\n".join(lagtext.quote([("2 §", "Med socialtjänst avses\n1. verksamhet *enligt* lagen,\n2. annan")]))
    assert quoted == "> **2 §** Med socialtjänst avses\n>\n> 1. verksamhet \\*enligt\\* lagen,\n> 2. annan"
