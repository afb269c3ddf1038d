"""The built site: every page is there, links and anchors resolve, nothing comes from another host."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts import check_site, markup, schema
from scripts.build import prepare

ROOT = Path(__file__).resolve().parent.parent


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


def test_link_checker_finds_a_broken_anchor(tmp_path: Path):
    """The checker itself can fail: a page with a dead link and a dead anchor."""
    (tmp_path / "a.html").write_text('<a href="b.html#nope">x</a><a href="c.html">y</a><h2 id="ok">ok</h2>')
    (tmp_path / "b.html").write_text('<h2 id="yes">b</h2><a href="a.html#ok">back</a>')
    problems = check_site.check(tmp_path)
    assert len(problems) == 2
    assert any("#nope" in p for p in problems) and any("c.html" in p for p in problems)


@pytest.mark.parametrize(
    "planted",
    [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<script src="finns-inte.js"></script>',
        '<b onclick="x">b</b>',
        '<p style="display:none">x</p>',
        "<style>.portal-akut{display:none}</style>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<base href="https://evil.example/">',
        '<iframe src="a.html"></iframe>',
        '<object data="a.html"></object>',
        '<embed src="a.html">',
        '<form action="https://evil.example"><button>x</button></form>',
        '<img src="a.png" srcset="https://evil.example/x.png 2x" alt="">',
        '<video poster="https://evil.example/p.png"></video>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="vbscript:x">x</a>',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<svg><image href="https://evil.example/x.png"/></svg>',
    ],
)
def test_the_final_check_refuses_what_no_built_page_may_carry(planted: str, tmp_path: Path):
    """The backstop behind the content gate, over the HTML the engine wrote."""
    (tmp_path / "a.png").write_bytes(b"")
    (tmp_path / "a.html").write_text(
        f'<html><head><script type="application/json">{{}}</script></head><body>{planted}</body></html>'
    )
    assert check_site.check(tmp_path), f"not refused: {planted}"


def test_the_final_check_refuses_css_from_another_server(tmp_path: Path):
    (tmp_path / "a.html").write_text('<link rel="stylesheet" href="s.css">')
    (tmp_path / "s.css").write_text("body{background:url( 'https://evil.example/x.png')}")
    assert any("s.css" in p for p in check_site.check(tmp_path))


def test_the_portals_own_pages_pass_the_final_check(tmp_path: Path):
    (tmp_path / "a.js").write_text("")
    (tmp_path / "a.html").write_text(
        '<script id="__config" type="application/json">{}</script><script src="a.js"></script>'
        '<form class="md-search__form"><input></form><a href="https://www.example.se">x</a>'
        '<a href="tel:112">112</a><a href="mailto:a@b.se">m</a><img src="a.js" alt="">'
    )
    assert check_site.check(tmp_path) == []


def test_every_built_page_of_the_national_edition_passes_the_final_check(site_dir: Path):
    assert check_site.check(site_dir) == []


def test_the_worker_shim_for_disk_is_local(site_dir: Path):
    """From disk there are no workers; the vendored iframe-worker shim stands in, from the site
    itself, under the name the search page's script asks for (the search tests run from disk)."""
    text = (site_dir / "sok.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in text and "fonts.googleapis" not in text
    script = next((site_dir / "assets" / "javascripts").glob("portal-sok.*.js")).read_text(encoding="utf-8")
    assert '"../js/iframe-worker-shim.js"' in script
    assert "IFrameWorker" in (site_dir / "assets" / "js" / "iframe-worker-shim.js").read_text(encoding="utf-8")


def test_pages_are_compacted_but_text_and_code_are_kept(site_dir: Path):
    """Whitespace between tags is cut to one character; the page text and <pre> blocks are unchanged."""
    built = (site_dir / "malgrupper" / "svarigheter" / "tvangssyndrom.html").read_text(encoding="utf-8")
    assert markup.compact(built) == built, "the built page was not compacted"

    page = "<p>Du <b>kan</b>\n\n   <i>stödja</i></p>\n<pre><code>  rad 1\n\n   <span>rad 2</span></code></pre>"
    compacted = markup.compact(page)
    assert "<pre><code>  rad 1\n\n   <span>rad 2</span></code></pre>" in compacted
    assert BeautifulSoup(compacted, "html.parser").p.get_text() == "Du kan\nstödja"


def test_every_page_names_the_feed_of_changes(site_dir: Path):
    """Feed readers and browsers find nytt.xml from any page (<link rel="alternate">)."""
    for rel in ["index.html", "situationer/personen-oppnar-inte-dorren.html", "lagrum/sol-11-1.html"]:
        page = site_dir / rel
        found = re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page.read_text("utf-8")
        )
        assert found, f"{rel}: no feed link"
        assert (page.parent / found[1]).resolve() == (site_dir / "nytt.xml").resolve()
