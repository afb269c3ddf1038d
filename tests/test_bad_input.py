"""Every kind of bad input an editor can write is refused by name, in Swedish, at the editor's own
file and line, without a crash: the content gate and the readers behind it.

Each case breaks a copy of the small fixture site (tests/fixtures/site) and calls the build's
checking steps in-process. Two cases at the end run the real build on a copy of the project, to
show that a refused build leaves site/ as it was and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_build

from scripts.build import prepare
from scripts.content import ContentError, ContentErrors

FIXTURE = Path(__file__).parent / "fixtures" / "site"
GUIDE = "docs/situationer/dorren.md"
START = "docs/index.md"
ADDITION = "kommuner/provkommun/tillagg/dorren-efterat.md"
KOMMUN = "kommuner/provkommun/kommun.yml"
LOCAL_PAGE = "kommuner/provkommun/sidor/kontakter.md"


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {path}"
        file.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def append(path: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with (root / path).open("a", encoding="utf-8") as f:
            f.write(text)

    return edit


def write(path: str, data: bytes | str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data.encode() if isinstance(data, str) else data)

    return edit


def symlink(path: str, target: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).symlink_to(target)

    return edit


@dataclass
class Case:
    name: str
    edit: Callable[[Path], None]
    file: str  # the file the message must name
    marker: str | None  # text on the line the message must point to (None: no line check)
    message: str  # a pattern the Swedish message must match
    kommun: str = ""


def page_body(text: str) -> Callable[[Path], None]:
    return append(GUIDE, "\n" + text + "\n")


CASES = [
    # --- reading: YAML, types, dates ---------------------------------------------------------
    Case("malformed YAML", replace(GUIDE, "titel: Personen", "titel: [Personen"), GUIDE, None, r"trasig YAML"),
    Case(
        "unknown field",
        replace(GUIDE, "typ: situation", "typ: situation\ntitle: x"),
        GUIDE,
        "title:",
        r"okänt fält 'title'",
    ),
    Case(
        "missing field",
        replace(GUIDE, "din_roll: Du går inte in utan personens ja.\n", ""),
        GUIDE,
        None,
        r"obligatoriskt fält 'din_roll' saknas",
    ),
    Case(
        "YAML 1.1 'no' is false",
        replace(GUIDE, "titel: Personen öppnar inte dörren", "titel: no"),
        GUIDE,
        "titel:",
        r"sätt citattecken",
    ),
    Case(
        "wrong type: text for a list",
        replace(GUIDE, "efterat:\n  - Dokumentera vad du såg.", "efterat: Dokumentera."),
        GUIDE,
        "efterat:",
        r"ska vara en lista",
    ),
    Case(
        "too many steps, in Swedish",
        replace(GUIDE, "  - Ring personen.\n", "  - Ring personen.\n" * 8),
        GUIDE,
        "steg:",
        r"'steg' får ha högst 8 punkter",
    ),
    Case(
        "impossible date",
        replace(GUIDE, "senast_granskad: 2026-12-02", "senast_granskad: 2026-02-30"),
        GUIDE,
        "senast_granskad",
        r"inget giltigt datum",
    ),
    Case(
        "review date in the future",
        replace(GUIDE, "senast_granskad: 2026-12-02", "senast_granskad: 2030-01-01"),
        GUIDE,
        "senast_granskad",
        r"ligger i framtiden",
    ),
    Case(
        "review dates in the wrong order",
        replace(GUIDE, "nasta_granskning: 2027-12-02", "nasta_granskning: 2025-01-01"),
        GUIDE,
        None,
        r"nasta_granskning måste ligga efter",
    ),
    Case(
        "duplicate key",
        replace(GUIDE, "typ: situation", "typ: situation\ntyp: situation"),
        GUIDE,
        None,
        r"står två gånger",
    ),
    Case("invalid UTF-8", write(GUIDE, b"---\ntitel: \xff\n---\n"), GUIDE, None, r"inte giltig UTF-8"),
    Case("a control character", replace(GUIDE, "Hemmet är", "Hemmet\x00 är"), GUIDE, "Hemmet", r"styrtecken"),
    Case("empty page", write(GUIDE, ""), GUIDE, None, r"filen är tom"),
    Case("no front matter", write(GUIDE, "Bara text.\n"), GUIDE, None, r"ska börja med en rad '---'"),
    Case("own H1", page_body("# Egen rubrik"), GUIDE, "# Egen rubrik", r"egen '# '-rubrik"),
    # --- limits: nothing an editor writes can exhaust the build ---------------------------------
    Case(
        "YAML alias bomb",
        replace(
            "data/taggar.yml",
            "taggar:",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\ntaggar:",
        ),
        "data/taggar.yml",
        "&a",
        r"alias",
    ),
    Case(
        "YAML nested 2,000 deep",
        write("data/taggar.yml", "taggar: " + "[" * 2000 + "]" * 2000 + "\n"),
        "data/taggar.yml",
        "taggar",
        r"nästlad djupare än 30",
    ),
    Case(
        "YAML nested 100,000 deep",
        write("data/taggar.yml", "taggar: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "data/taggar.yml",
        "taggar",
        r"nästlad djupare än 30",
    ),
    Case(
        "Markdown list nested 300 deep",
        page_body("".join("\t" * i + "- x\n" for i in range(300))),
        GUIDE,
        "\t" * 13 + "- x",
        r"för djupt nästlad",
    ),
    Case("block quote nested 50 deep", page_body(">" * 50 + " x"), GUIDE, ">" * 50, r"för djupt nästlad"),
    Case("a page over the budget", page_body("Ord " * 20_000), GUIDE, None, r"filen är \d+ kB; högst 48 kB"),
    # --- references ------------------------------------------------------------------------------
    Case(
        "unknown tag", replace(GUIDE, "taggar: [sakerhet]", "taggar: [okand]"), GUIDE, "taggar:", r"okänd tagg 'okand'"
    ),
    Case(
        "unknown lagrum",
        replace(GUIDE, "lagrum: [sol-11-1]", "lagrum: [sol-99-1]"),
        GUIDE,
        "lagrum:",
        r"okänt lagrum 'sol-99-1'",
    ),
    Case(
        "unknown source",
        replace(GUIDE, "    kalla: webbsida", "    kalla: okand"),
        GUIDE,
        "kalla: okand",
        r"okänd källa 'okand'",
    ),
    Case(
        "unknown routine slot",
        replace(GUIDE, "rutiner: [dorren-stangd]", "rutiner: [okand]"),
        GUIDE,
        "rutiner:",
        r"okänd rutin",
    ),
    Case(
        "related page missing",
        replace(GUIDE, "relaterat: [situationer/index.md]", "relaterat: [situationer/finns-inte.md]"),
        GUIDE,
        "relaterat:",
        r"finns inte under docs/",
    ),
    Case(
        "duplicate title",
        write("docs/situationer/kopia.md", (FIXTURE / "docs/situationer/index.md").read_text()),
        "docs/situationer/kopia.md",
        "titel:",
        r"samma titel",
    ),
    Case(
        "register entry without source",
        replace(
            "data/lagrum.yml",
            "    kallor:\n      - dokument: vagledning\n        avsnitt: Boendestöd är en insats\n",
            "",
        ),
        "data/lagrum.yml",
        None,
        r"obligatoriskt fält 'kallor' saknas",
    ),
    Case(
        "bad address in the link register",
        replace("data/lankar.yml", "url: https://www.example.se/sida", "url: http://www.example.se/sida"),
        "data/lankar.yml",
        "http://",
        r"'url'",
    ),
    # --- links -----------------------------------------------------------------------------------
    Case(
        "link to a missing page",
        page_body("[x](finns-inte.md)"),
        GUIDE,
        "finns-inte.md",
        r"går till en sida som inte finns",
    ),
    Case(
        "link to a missing anchor",
        page_body("[x](index.md#finns-inte)"),
        GUIDE,
        "#finns-inte",
        r"ett ankare som inte finns",
    ),
    Case(
        "reference-style link to a missing page",
        page_body("[x][r]\n\n[r]: saknas.md"),
        GUIDE,
        "[r]: saknas.md",
        r"går till en sida som inte finns",
    ),
    Case(
        "external address in a page",
        page_body("[x](https://www.example.se)"),
        GUIDE,
        "https://www.example.se",
        r"lägg den i data/lankar.yml",
    ),
    Case(
        "upper-case HTTPS", page_body("[x](HTTPS://www.example.se)"), GUIDE, "HTTPS://", r"lägg den i data/lankar.yml"
    ),
    Case(
        "https: without slashes",
        page_body("[x](https:example.org)"),
        GUIDE,
        "https:example.org",
        r"lägg den i data/lankar.yml",
    ),
    Case(
        "protocol-relative address",
        page_body('<a href="//evil.example/x">x</a>'),
        GUIDE,
        "//evil.example",
        r"lägg den i data/lankar.yml",
    ),
    Case(
        "unknown link id", page_body("[x](lank:finns-inte)"), GUIDE, "lank:finns-inte", r"okänd länk 'lank:finns-inte'"
    ),
    Case(
        "unknown link id in kommun.yml",
        replace(KOMMUN, "Ring arbetsledaren innan", "Ring [arbetsledaren](lank:fel) innan"),
        KOMMUN,
        "lank:fel",
        r"okänd länk 'lank:fel'",
        "provkommun",
    ),
    Case(
        "unknown link id in a routine",
        replace("data/rutiner.yml", "Fråga din chef.", "Fråga [chefen](lank:fel)."),
        "data/rutiner.yml",
        "lank:fel",
        r"okänd länk 'lank:fel'",
    ),
    Case(
        "relative link in a data file",
        replace("data/rutiner.yml", "Fråga din chef.", "Fråga [chefen](../index.md)."),
        "data/rutiner.yml",
        "../index.md",
        r"länkar bara med lank:id",
    ),
    Case(
        "tel: with letters", page_body("[ring](tel:010-ABC)"), GUIDE, "tel:010-ABC", r"telefonnumret .* är inte giltigt"
    ),
    Case(
        "tel: with full-width digits",
        page_body("[ring](tel:０１０４５６６７００)"),
        GUIDE,
        "tel:０",
        r"telefonnumret .* är inte giltigt",
    ),
    Case(
        "call number with letters",
        replace(GUIDE, 'nummer: "010-456 67 00"', 'nummer: "010-GIFT"'),
        GUIDE,
        "nummer:",
        r"'nummer'",
    ),
    # --- active content, by every route ------------------------------------------------------------
    Case("script in a page", page_body("<script>alert(1)</script>"), GUIDE, "<script>", r"<script> är inte tillåtet"),
    Case(
        "script in a front-matter field",
        replace(GUIDE, "Knacka och ring på.", "Knacka <script>alert(1)</script>."),
        GUIDE,
        "Knacka",
        r"<script> är inte tillåtet",
    ),
    Case(
        "script in a title",
        replace(GUIDE, "titel: Personen öppnar inte dörren", "titel: Dörren <script>x</script>"),
        GUIDE,
        "titel:",
        r"<script>",
    ),
    Case(
        "script in a local addition",
        append(ADDITION, "\n<script>alert(1)</script>\n"),
        ADDITION,
        "<script>",
        r"<script> är inte tillåtet",
        "provkommun",
    ),
    Case(
        "script in a kommun routine",
        replace(KOMMUN, "Ring arbetsledaren", "<script>x</script> Ring arbetsledaren"),
        KOMMUN,
        "<script>",
        r"<script>",
        "provkommun",
    ),
    Case(
        "handler in a kommun contact",
        replace(KOMMUN, "nar: Dagtid.", 'nar: <img src="x.png" onerror="alert(1)">'),
        KOMMUN,
        "onerror",
        r"onerror=",
        "provkommun",
    ),
    Case(
        "script in a kommun page",
        append(LOCAL_PAGE, "\n<script>x</script>\n"),
        LOCAL_PAGE,
        "<script>",
        r"<script>",
        "provkommun",
    ),
    Case(
        "script in a lagrum summary",
        replace("data/lagrum.yml", "har rätt till insatser.", "har rätt <script>x</script>."),
        "data/lagrum.yml",
        "sammanfattning",
        r"<script>",
    ),
    Case(
        "script in a routine default",
        replace("data/rutiner.yml", "Fråga din chef.", "<script>x</script>"),
        "data/rutiner.yml",
        "<script>",
        r"<script>",
    ),
    Case(
        "handler in a glossary entry",
        replace("data/ordlista.yml", "forklaring: Socialtjänstlagen", 'forklaring: "<b onmouseover=x>S</b>"'),
        "data/ordlista.yml",
        "onmouseover",
        r"onmouseover=",
    ),
    Case("svg/onload", page_body("<svg/onload=alert(1)>"), GUIDE, "<svg/onload", r"<svg> är inte tillåtet"),
    Case(
        "details/open/ontoggle",
        page_body("<details/open/ontoggle=alert(1)>x</details>"),
        GUIDE,
        "ontoggle",
        r"ontoggle=",
    ),
    Case("a tag split over two lines", page_body('<a\nonclick="alert(1)">x</a>'), GUIDE, "onclick", r"onclick="),
    Case("attribute list onclick", page_body('Stycke.\n{: onclick="alert(1)" }'), GUIDE, "onclick", r"onclick="),
    Case(
        "reference-style javascript link",
        page_body("[x][r]\n\n[r]: javascript:alert(1)"),
        GUIDE,
        "javascript:",
        r"'javascript:' är inte tillåten",
    ),
    Case(
        "entity-encoded javascript",
        page_body('<a href="&#x6A;avascript:alert(1)">x</a>'),
        GUIDE,
        "&#x6A;avascript",
        r"'javascript:' är inte tillåten",
    ),
    Case("vbscript link", page_body("[x](vbscript:msgbox)"), GUIDE, "vbscript:", r"'vbscript:'"),
    Case("file link", page_body("[x](file:///etc/passwd)"), GUIDE, "file:///", r"'file:'"),
    Case("data: link", page_body('<a href="data:text/html,x">x</a>'), GUIDE, "data:text", r"'data:'"),
    Case(
        "iframe srcdoc",
        page_body("<iframe srcdoc='<script>alert(1)</script>'></iframe>"),
        GUIDE,
        "<iframe",
        r"<iframe>",
    ),
    Case(
        "a kommun style that hides the 112 box",
        append(ADDITION, "\n<style>.portal-akut{display:none}</style>\n"),
        ADDITION,
        "<style>",
        r"<style>",
        "provkommun",
    ),
    Case(
        "a class that mimics the 112 box",
        append(ADDITION, '\n<div class="portal-akut">Ring oss</div>\n'),
        ADDITION,
        "portal-akut",
        r"klassen 'portal-akut'",
        "provkommun",
    ),
    Case(
        "style attribute",
        page_body('<p style="position:fixed;top:0">x</p>'),
        GUIDE,
        "style=",
        r"style= är inte tillåtet",
    ),
    Case(
        "srcset to another server",
        page_body('<img src="a.png" srcset="https://evil.example/x.png 1x" alt="">'),
        GUIDE,
        "srcset",
        r"srcset=",
    ),
    Case("video poster", page_body('<video poster="https://evil.example/x.png"></video>'), GUIDE, "<video", r"<video>"),
    Case(
        "CSS url()",
        page_body('<span style="background:url(https://evil.example/x)">x</span>'),
        GUIDE,
        "style=",
        r"style=",
    ),
    Case(
        "meta refresh",
        page_body('<meta http-equiv="refresh" content="0;url=https://evil.example">'),
        GUIDE,
        "<meta",
        r"<meta>",
    ),
    Case(
        "form to another server",
        page_body('<form action="https://evil.example"><button>x</button></form>'),
        GUIDE,
        "<form",
        r"<form>",
    ),
    Case("base href", page_body('<base href="https://evil.example/">'), GUIDE, "<base", r"<base>"),
    Case("object", page_body('<object data="x.swf"></object>'), GUIDE, "<object", r"<object>"),
    Case(
        "image from another server",
        page_body("![x](https://evil.example/x.png)"),
        GUIDE,
        "evil.example",
        r"extern adress",
    ),
    # --- found by the held-out set (bench/gate-heldout.yml), then added here -----------------------
    Case(
        "a stray <body> with a handler in a kommun routine",
        replace(KOMMUN, "Ring arbetsledaren innan", '<body onpageshow="alert(1)"> Ring arbetsledaren innan'),
        KOMMUN,
        "<body",
        r"<body> är inte tillåtet",
        "provkommun",
    ),
    Case(
        "a bidirectional override in a number",
        replace(GUIDE, 'nummer: "010-456 67 00"', 'nummer: "010-456 67 00\u202e"'),
        GUIDE,
        None,
        r"U\+202E",
    ),
    Case(
        "a line separator that hides a key",
        replace(GUIDE, "titel: Personen öppnar inte dörren", "titel: Personen öppnar inte dörren\u2028i_menyn: false"),
        GUIDE,
        "titel:",
        r"U\+2028",
    ),
    Case(
        "an SVG file with a script",
        write("docs/om/karta.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "docs/om/karta.svg",
        None,
        r"<script> är inte tillåtet i en SVG-fil",
    ),
    Case(
        "an SVG file with an external image",
        write(
            "docs/om/karta.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>',
        ),
        "docs/om/karta.svg",
        None,
        r"<image> är inte tillåtet",
    ),
    Case(
        "an HTML file under docs",
        write("docs/om/hjalp.html", "<script>alert(1)</script>"),
        "docs/om/hjalp.html",
        None,
        r"HTML-fil publiceras som den är",
    ),
    Case("an overlong line", page_body("Ord " * 1000), GUIDE, "Ord Ord", r"raden är \d+ tecken lång"),
    Case("a flood of brackets", page_body("\n".join("[" * 100 for _ in range(10))), GUIDE, None, r"'\[' \(högst 500\)"),
    Case(
        "a format bomb in a deep-link pattern",
        replace(
            "data/lagrum.yml",
            "    lank: lag-sol-2025\n",
            "    lank: lag-sol-2025\n    paragraflank: https://x.se/#K{kapitel}P{paragraf:>999999999}\n",
        ),
        "data/lagrum.yml",
        "paragraflank",
        r"'paragraflank'",
    ),
    Case(
        "an integer of 5000 digits",
        replace(GUIDE, "livsfara: true", "ordning: " + "9" * 5000),
        GUIDE,
        "ordning",
        r"talet är för stort",
    ),
    Case(
        "an addition to a page the build makes",
        replace(ADDITION, "sida: situationer/dorren.md", "sida: om/ordlista.md"),
        ADDITION,
        "sida:",
        r"skapas av bygget",
        "provkommun",
    ),
    Case(
        "another kommun's folder and id differ",
        write("kommuner/annan/kommun.yml", (FIXTURE / KOMMUN).read_text()),
        "kommuner/annan/kommun.yml",
        "id:",
        r"id ska vara mappens namn 'annan'",
    ),
    # --- the file system -------------------------------------------------------------------------
    Case(
        "symlink to /etc/passwd",
        symlink("docs/situationer/passwd.md", "/etc/passwd"),
        "docs/situationer/passwd.md",
        None,
        r"symbolisk länk",
    ),
    Case("symlinked folder", symlink("docs/etc", "/etc"), "docs/etc", None, r"symbolisk länk"),
    Case(
        "symlink in a kommun",
        symlink("kommuner/provkommun/sidor/miljo.md", "/proc/self/environ"),
        "kommuner/provkommun/sidor/miljo.md",
        None,
        r"symbolisk länk",
        "provkommun",
    ),
    Case(
        "hard link",
        lambda root: os.link(root / START, root / "docs/om/kopia.md"),
        "docs/om/kopia.md",
        None,
        r"hård länk",
    ),
    Case(
        "a pipe",
        lambda root: os.mkfifo(root / "docs/om/ror.md"),
        "docs/om/ror.md",
        None,
        r"varken en fil eller en mapp",
    ),
    Case(
        "upper case in a file name",
        write("docs/situationer/Dorren2.md", "x"),
        "docs/situationer/Dorren2.md",
        None,
        r"filnamnet får bara ha a–z",
    ),
    Case(
        "space in a file name",
        write("docs/situationer/min sida.md", "x"),
        "docs/situationer/min sida.md",
        None,
        r"filnamnet",
    ),
    # --- kommun editions -------------------------------------------------------------------------
    Case(
        "addition after the title",
        replace(ADDITION, "avsnitt: efterat", "avsnitt: titel"),
        ADDITION,
        "avsnitt:",
        r"visar inget avsnitt 'titel' \(välj ett av: inledning, gor_forst, steg",
        "provkommun",
    ),
    Case(
        "addition after the keywords",
        replace(ADDITION, "avsnitt: efterat", "avsnitt: sokord"),
        ADDITION,
        "avsnitt:",
        r"visar inget avsnitt 'sokord'",
        "provkommun",
    ),
    Case(
        "addition to a missing page",
        replace(ADDITION, "sida: situationer/dorren.md", "sida: situationer/saknas.md"),
        ADDITION,
        "sida:",
        r"finns inte under docs/",
        "provkommun",
    ),
    Case(
        "kommun page where the build makes one",
        write(
            "kommuner/provkommun/sidor/index.md", (FIXTURE / LOCAL_PAGE).read_text().replace("Kontakter i", "Start i")
        ),
        "kommuner/provkommun/sidor/index.md",
        None,
        r"skapas av bygget",
        "provkommun",
    ),
    Case(
        "kommun id not its folder",
        replace(KOMMUN, "id: provkommun", "id: annan"),
        KOMMUN,
        "id:",
        r"mappens namn",
        "provkommun",
    ),
    Case(
        "unknown routine in kommun.yml",
        replace(KOMMUN, "  dorren-stangd: Ring", "  finns-inte: Ring"),
        KOMMUN,
        "finns-inte",
        r"okänd rutin",
        "provkommun",
    ),
    Case(
        "two kommuner with the same name",
        write("kommuner/vastra/kommun.yml", (FIXTURE / KOMMUN).read_text().replace("id: provkommun", "id: vastra")),
        "kommuner/vastra/kommun.yml",
        "namn:",
        r"samma namn som kommuner/provkommun/kommun.yml",
    ),
    Case(
        "kommun page at a national page's address",
        write("docs/kommun/kontakter.md", (FIXTURE / "docs/om/index.md").read_text().replace("Om portalen", "Lokalt")),
        LOCAL_PAGE,
        None,
        r"samma adress \(kommun/kontakter\.html\) som den nationella sidan docs/kommun/kontakter\.md",
        "provkommun",
    ),
    Case(
        "kommun routines without a source",
        replace(KOMMUN, "kallor: [lokal-handbok]", "kallor: []"),
        KOMMUN,
        "rutiner:",
        r"'rutiner' behöver en källa",
        "provkommun",
    ),
    Case(
        "an empty routine in kommun.yml",
        replace(KOMMUN, "  dorren-stangd: Ring arbetsledaren innan du går därifrån.", "  dorren-stangd:"),
        KOMMUN,
        "dorren-stangd:",
        r"'dorren-stangd' är tom",
        "provkommun",
    ),
]


@pytest.fixture()
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    return root


def errors_of(root: Path, kommun: str = "") -> list[ContentError]:
    try:
        prepare(root / "docs", root / "data", kommun)
    except ContentErrors as exc:
        return exc.errors
    return []


def test_the_fixture_site_is_valid(site_copy: Path):
    assert errors_of(site_copy) == []
    assert errors_of(site_copy, "provkommun") == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_by_name_at_its_line(case: Case, site_copy: Path):
    case.edit(site_copy)
    errors = errors_of(site_copy, case.kommun)
    assert errors, "the bad input was accepted"
    ours = [e for e in errors if e.path == case.file]
    assert ours, f"no message names {case.file}:\n" + "\n".join(map(str, errors))
    matching = [e for e in ours if re.search(case.message, e.message)]
    assert matching, f"no message matches {case.message!r}:\n" + "\n".join(map(str, ours))
    if case.marker is not None:
        lines = (site_copy / case.file).read_text(encoding="utf-8").split("\n")
        error = matching[0]
        assert 0 < error.line <= len(lines), f"line {error.line} is not in the file"
        assert case.marker in lines[error.line - 1], f"line {error.line} is {lines[error.line - 1]!r}"


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="CRLF"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="BOM"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), id="BOM and CRLF"),
        pytest.param(lambda b: b.replace(b"\n", b"\r"), id="CR"),
    ],
)
def test_windows_line_ends_and_a_bom_are_read_as_usual(variant, site_copy: Path):
    for path in (GUIDE, "data/lagrum.yml", KOMMUN, ADDITION):
        file = site_copy / path
        file.write_bytes(variant(file.read_bytes()))
    assert errors_of(site_copy, "provkommun") == []
    # and a line number still points at the right line
    replace(GUIDE, "taggar: [sakerhet]", "taggar: [okand]")(site_copy)
    (error,) = errors_of(site_copy)
    text = (site_copy / GUIDE).read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    assert "taggar:" in text.split("\n")[error.line - 1]


@pytest.mark.parametrize(
    "harmless",
    [
        "[ring](tel:010-456 67 00) och [mejla](mailto:info@example.se)",
        "[tillbaka](../index.md#borja-har) och [ankare](#gor-sa-har)",
        "<abbr title='Socialtjänstlagen'>SoL</abbr> och <mark>viktigt</mark>",
        '!!! warning "Obs"\n    Text i en ruta.',
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        "<details><summary>Mer</summary>\nText.\n</details>",
        "Ett citat:\n\n> Rad ett\n> > rad två",
        "<!-- en kommentar -->\nText.",
    ],
)
def test_harmless_markup_passes(harmless: str, site_copy: Path):
    page_body(harmless)(site_copy)
    assert errors_of(site_copy) == []


# --- the real build: a refused build changes nothing ----------------------------------------------


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(f.relative_to(folder).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def test_a_refused_build_leaves_site_and_nothing_else(project_copy: Path):
    before = tree_hash(project_copy / "site")
    append("docs/malgrupper/svarigheter/tvangssyndrom.md", "\n<script>alert(1)</script>\n")(project_copy)
    result = run_build(project_copy)
    assert result.returncode == 1, result.stdout
    assert re.search(r"^docs/malgrupper/svarigheter/tvangssyndrom\.md:\d+: <script>", result.stderr, re.M)
    assert "Traceback" not in result.stderr
    assert tree_hash(project_copy / "site") == before, "site/ changed after a refused build"
    assert not list(project_copy.glob(".site/bygge-*")), "temporary build folder left behind"


def test_good_copy_builds_and_replaces_site(project_copy: Path):
    """The control: the same copy, unbroken, builds and publishes a fresh site/."""
    (project_copy / "site" / "marker.txt").write_text("old")
    result = run_build(project_copy)
    assert result.returncode == 0, result.stderr
    assert not (project_copy / "site" / "marker.txt").exists()
    assert (project_copy / "site" / "malgrupper" / "svarigheter" / "tvangssyndrom.html").is_file()
