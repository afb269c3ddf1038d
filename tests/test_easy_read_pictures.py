"""Pictures on the lättläst pages: one per section, from the vendored Tabler Icons (MIT), decorative
(alt=""), the licence named on every page; an editor's mistake stops the build at its line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from scripts.build import prepare
from scripts.content import ContentErrors
from scripts.render import PICTURE_LICENCE, PICTURES

ROOT = Path(__file__).resolve().parent.parent


def easy_pages(site_dir: Path) -> list[Path]:
    return sorted((site_dir / "lattlast").glob("*.html"))


def test_every_section_of_every_easy_read_page_has_a_picture_that_exists(site_dir: Path):
    pages = easy_pages(site_dir)
    assert len(pages) == 11
    problems = []
    for html in pages:
        rel = html.relative_to(site_dir).as_posix()
        article = lxml.html.fromstring(html.read_bytes()).xpath("//article")[0]
        headings = article.xpath(".//h2")
        assert len(headings) >= 3, rel
        for h2 in headings:
            before = h2.getprevious()
            images = before.xpath("self::div[@class='portal-bild']/img") if before is not None else []
            if len(images) != 1:
                problems.append(f"{rel}: '{h2.text_content().strip()}' has no picture")
                continue
            img = images[0]
            src = (html.parent / img.get("src")).resolve()
            if not src.is_file() or src.parent != (site_dir / PICTURES).resolve() or src.suffix != ".svg":
                problems.append(f"{rel}: picture {img.get('src')} is not a vendored file")
            if img.get("alt") != "" or not img.get("width") or not img.get("height"):
                problems.append(f"{rel}: picture {img.get('src')} must be decorative (alt='') with a size")
    assert not problems, "\n".join(problems)


def test_only_easy_read_pages_have_section_pictures(site_dir: Path):
    ordinary = site_dir / "handlaggare" / "utredning.html"
    assert 'class="portal-bild"' not in ordinary.read_text(encoding="utf-8")


def test_the_pictures_are_tabler_outline_icons_named_by_the_rule_with_the_licence(site_dir: Path):
    folder = ROOT / "docs" / PICTURES
    files = sorted(folder.iterdir())
    assert all(re.fullmatch(r"[a-z0-9.-]+", f.name) for f in files)
    svgs = [f for f in files if f.suffix == ".svg"]
    assert len(svgs) >= 20
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert "icon-tabler" in text and "icons-tabler-outline" in text, svg.name
        assert not re.search(r"<script|\son\w+=|href=", text), svg.name
    licence = (folder / Path(PICTURE_LICENCE).name).read_text(encoding="utf-8")
    assert "MIT License" in licence and "Paweł Kuna" in licence and "@tabler/icons@3.51.0" in licence
    used = set()
    for html in easy_pages(site_dir):
        used |= {
            re.sub(r"\.[0-9a-f]{8}(?=\.svg$)", "", Path(src).name)  # as built: with its content hash
            for src in re.findall(r'class="portal-bild"><img src="([^"]+)"', html.read_text("utf-8"))
        }
    assert used == {f.name for f in svgs}, "every vendored picture is used, and only those"


def test_every_easy_read_page_names_the_licence(site_dir: Path):
    for html in easy_pages(site_dir):
        doc = lxml.html.fromstring(html.read_bytes())
        line = doc.cssselect("article .portal-bildlicens")
        assert len(line) == 1, html.name
        assert "Tabler Icons" in line[0].text_content() and "MIT" in line[0].text_content()
        target = (html.parent / line[0].cssselect("a")[0].get("href")).resolve()
        assert target == (site_dir / PICTURE_LICENCE).resolve() and target.is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Tabler Icons" in readme and "@tabler/icons@3.51.0" in readme and "MIT" in readme


def test_easy_read_pages_with_pictures_have_no_wcag_violation(desktop_sweep, site_dir: Path):
    """From the desktop sweep (tests/sweep.py): each lättläst page's first picture has loaded, and axe
    finds nothing on the page."""
    easy = [html.relative_to(site_dir).as_posix() for html in easy_pages(site_dir)]
    assert easy and set(easy) <= set(desktop_sweep.pages)
    assert not [p for p in easy if p in desktop_sweep.pictures_missing], desktop_sweep.pictures_missing
    failures = {p: [v["id"] for v in desktop_sweep.axe[p]] for p in easy if p in desktop_sweep.axe}
    assert not failures, failures


# --- an editor's mistakes -----------------------------------------------------------------------


@pytest.fixture()
def docs_copy(tmp_path: Path) -> Path:
    """The content (docs/, data/, kommuner/) copied, to break; its docs/ folder is returned."""
    for name in ("docs", "data", "kommuner"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path / "docs"


def errors_of(docs: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        prepare(docs_dir=docs, data_dir=docs.parent / "data")
    return [str(e) for e in caught.value.errors]


def test_a_section_without_a_picture_stops_the_build_at_its_heading(docs_copy: Path):
    page = docs_copy / "lattlast" / "tystnadsplikt.md"
    text = page.read_text(encoding="utf-8").replace('  "Finns det undantag?": alert-triangle\n', "")
    page.write_text(text, encoding="utf-8")
    line = text.split("\n").index("## Finns det undantag?") + 1
    assert errors_of(docs_copy) == [
        f"docs/lattlast/tystnadsplikt.md:{line}: avsnittet 'Finns det undantag?' har ingen bild: "
        "lägg till den i bilder: (rubriken: bildens namn)"
    ]


def test_an_unknown_picture_or_heading_stops_the_build_at_its_line(docs_copy: Path):
    page = docs_copy / "lattlast" / "tystnadsplikt.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace('"Finns det undantag?": alert-triangle', '"Finns det undantag?": finns-inte')
    text = text.replace(
        '  "Vad är tystnadsplikt?": lock\n', '  "Vad är tystnadsplikt?": lock\n  "Ingen sådan rubrik": lock\n'
    )
    page.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    wrong = next(n for n, line in enumerate(lines, 1) if "finns-inte" in line)
    extra = next(n for n, line in enumerate(lines, 1) if "Ingen sådan rubrik" in line)
    assert sorted(errors_of(docs_copy)) == sorted(
        [
            f"docs/lattlast/tystnadsplikt.md:{wrong}: bilden 'finns-inte' finns inte "
            f"(filerna finns i docs/{PICTURES}/)",
            f"docs/lattlast/tystnadsplikt.md:{extra}: bilder: sidan har ingen rubrik '## Ingen sådan rubrik'",
        ]
    )
