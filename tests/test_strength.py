"""How binding each point is: derived from its source's kind or its lagrum, shown on every point."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scripts import render, schema
from scripts.build import prepare

FIXTURE = Path(__file__).parent / "fixtures" / "site"
GUIDE = "docs/situationer/dorren.md"


@pytest.fixture()
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    return root


def section(markdown: str, heading: str) -> str:
    return markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def labels(markdown: str, heading: str) -> list[list[tuple[str, str]]]:
    """Each point's strength as the page shows it: its own mark, or the list's note (guidance)."""
    text = section(markdown, heading)
    items = [line for line in text.split("\n") if re.match(r"(- |\d+\. )", line)]
    marks = [re.findall(r'class="portal-styrka portal-styrka--(\w+)"[^>]*>([^<]+)<', item) for item in items]
    noted = render.GUIDANCE_NOTE in text
    return [m or ([render.GUIDANCE] if noted else []) for m in marks]


def test_each_point_takes_its_strength_from_its_source_or_its_lagrum(site_copy: Path):
    guide = site_copy / GUIDE
    text = guide.read_text()
    text = text.replace("  - Ring personen.\n", "  - text: Ring personen.\n    kalla: foreskrift\n")
    text = text.replace(
        "  - text: Kontakta din chef.\n    kalla: webbsida\n",
        "  - text: Kontakta din chef.\n    kalla: webbsida\n  - text: Du har rätt till insatser.\n    lagrum: sol-11-1\n"
        "  - text: Skriv ner det.\n    kalla: allmanna-rad\n",
    )
    guide.write_text(text)
    sources = site_copy / "data/kallor.yml"
    sources.write_text(
        sources.read_text()
        + "".join(
            f"  - id: {kind}\n    slag: {kind}\n    titel: En {kind}\n    utgivare: Socialstyrelsen\n    ar: '2014'\n"
            f"    kortnamn: En {kind}\n    fil: 000_9db64aa771dfb614.txt\n"
            for kind in ("foreskrift", "allmanna-rad")
        )
    )
    steps = labels(prepare(site_copy / "docs", site_copy / "data").markdown["situationer/dorren.md"], "Gör så här")
    assert steps == [
        [("kan", "Vägledning")],  # the page's first source is the vägledning
        [("ska", "Föreskrift")],
        [("kan", "Vägledning")],  # a web page of an authority: guidance
        [("ska", "Lag")],
        [("bor", "Allmänt råd")],
    ]
    page = prepare(site_copy / "docs", site_copy / "data").markdown["situationer/dorren.md"]
    assert (
        "Du har rätt till insatser." in page
        and "(../lagrum/sol-11-1.md)" in page.split("Du har rätt till insatser.")[1][:300]
    )


def test_a_point_without_a_source_or_lagrum_is_refused(site_copy: Path):
    from scripts.content import ContentErrors

    guide = site_copy / GUIDE
    guide.write_text(guide.read_text().replace("    kalla: webbsida\n", "", 1))
    with pytest.raises(ContentErrors, match="behöver kalla eller lagrum"):
        prepare(site_copy / "docs", site_copy / "data")


def test_every_point_of_every_page_shows_one_strength(prepared):
    """On every advice and rule list of the real content."""
    fields = {"stod", "att_gora", "i_vardagen", "steg", "efterat", "tank_pa", "samtala"}
    headings = [h for name, h, _ in render.SECTIONS if name in fields and h]
    checked = 0
    for path, markdown in prepared.markdown.items():
        for heading in headings:
            if f"## {heading}\n" in markdown:
                for found in labels(markdown, heading):
                    assert len(found) == 1, f"{path}, {heading}: {found}"
                    checked += 1
    assert checked > 500


def test_every_source_kind_has_a_strength():
    for kind in schema.SOURCE_KINDS:
        level, label = render.STRENGTH.get(kind, render.GUIDANCE)
        assert level in render.STRENGTH_TITLE and label
