"""The built site: every page is there, links and anchors resolve, nothing comes from another host."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from scripts import check_site, markup, schema
from scripts.build import prepare

ROOT = Path(__file__).resolve().parent.parent


def test_every_content_file_passes_the_schema():
    prepared = prepare()
    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert on_disk <= set(prepared.site.pages)


def test_json_schema_files_are_current():
    """schema/ is what editors' YAML plugins read; it must match the models (`make schema`)."""
    for name, expected in schema.json_schemas().items():
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        assert committed == expected, f"schema/{name} is stale: run `make schema`"


def test_every_page_is_built(site_dir: Path):
    prepared = prepare()
    for path in prepared.site.pages:
        html = site_dir / path.replace(".md", ".html")
        assert html.is_file(), f"{path} was not built"
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        heading = "".join(soup.find("h1").get_text().split())  # without spaces: <abbr> splits text nodes
        assert heading.startswith("".join(prepared.site.pages[path].meta.titel.split())), path


def test_no_broken_internal_link_or_anchor(site_dir: Path):
    assert check_site.check(site_dir) == []


def test_link_checker_finds_a_broken_anchor(tmp_path: Path):
    """The checker itself can fail: a page with a dead link and a dead anchor."""
    (tmp_path / "a.html").write_text('<a href="b.html#nope">x</a><a href="c.html">y</a><h2 id="ok">ok</h2>')
    (tmp_path / "b.html").write_text('<h2 id="yes">b</h2><a href="a.html#ok">back</a>')
    problems = check_site.check(tmp_path)
    assert len(problems) == 2
    assert any("#nope" in p for p in problems) and any("c.html" in p for p in problems)


def test_pages_load_nothing_from_other_hosts(site_dir: Path):
    for html in site_dir.rglob("*.html"):
        for url in check_site.facts(html).loads:
            assert not check_site.is_external(url), f"{html.relative_to(site_dir)} loads {url}"


def test_search_works_offline_assets_are_local(site_dir: Path):
    """The offline build inlines the search index and uses the vendored iframe-worker shim."""
    assert (site_dir / "search" / "search_index.js").is_file()
    text = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in text and "fonts.googleapis" not in text
    assert "assets/js/iframe-worker-shim.js" in text


def test_pages_are_compacted_but_text_and_code_are_kept(site_dir: Path):
    """Whitespace between tags is cut to one character; the page text and <pre> blocks are unchanged."""
    built = (site_dir / "malgrupper" / "svarigheter" / "tvangssyndrom.html").read_text(encoding="utf-8")
    assert markup.compact(built) == built, "the built page was not compacted"

    page = "<p>Du <b>kan</b>\n\n   <i>stödja</i></p>\n<pre><code>  rad 1\n\n   <span>rad 2</span></code></pre>"
    compacted = markup.compact(page)
    assert "<pre><code>  rad 1\n\n   <span>rad 2</span></code></pre>" in compacted
    assert BeautifulSoup(compacted, "html.parser").p.get_text() == "Du kan\nstödja"
