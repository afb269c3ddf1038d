"""Each kind of bad content stops the build with `path:line: what is wrong` and leaves site/ untouched.

Every case breaks a throwaway copy of the project, runs the real build there and checks the
message and that the previous site/ is byte for byte the same.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_build

OCD = "docs/malgrupper/svarigheter/tvangssyndrom.md"
STOD = "    Skapa en trygg och förutsägbar struktur för besöken och vardagen. Stress kan göra"


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(f.relative_to(folder).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(path: str, data: bytes) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        (project / path).write_bytes(data)

    return edit


def copy_as(src: str, dst: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        text = (project / src).read_text(encoding="utf-8")
        (project / dst).write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")

    return edit


@dataclass
class Case:
    name: str
    edit: Callable[[Path], None]
    file: str  # the file the message must name
    marker: str | None  # text on the line the message must point to (None: line not checked)
    message: str  # regex the message must contain


CASES = [
    Case(
        "malformed YAML", replace(OCD, "titel: Tvångssyndrom (OCD)", "titel: [Tvångssyndrom"), OCD, None, r"trasig YAML"
    ),
    Case(
        "unknown field",
        replace(OCD, "typ: malgrupp", "typ: malgrupp\nforfattare: Okänd"),
        OCD,
        "forfattare:",
        r"okänt fält 'forfattare'",
    ),
    Case(
        "missing required field",
        replace(OCD, "taggar: [psykisk-ohalsa]\ni_vardagen:", "taggar: [psykisk-ohalsa]\nxi_vardagen:"),
        OCD,
        None,
        r"obligatoriskt fält 'i_vardagen' saknas",
    ),
    Case(
        "YAML 1.1 'no' becomes false",
        replace(OCD, "titel: Tvångssyndrom (OCD)", "titel: no"),
        OCD,
        "titel: no",
        r"'titel' ska vara text.*sant/falskt",
    ),
    Case(
        "YAML 1.1 0123 becomes 83",
        replace(OCD, "  - OCD\n", "  - 0123\n"),
        OCD,
        "  - 0123",
        r"'sokord' ska vara text.*83",
    ),
    Case(
        "wrong type: text instead of list",
        replace(OCD, "taggar: [psykisk-ohalsa]", "taggar: psykisk-ohalsa"),
        OCD,
        "taggar: psykisk-ohalsa",
        r"'taggar' ska vara en lista",
    ),
    Case(
        "bad date",
        replace(OCD, "senast_granskad: 2026-12-02", "senast_granskad: 23/11/2026"),
        OCD,
        "senast_granskad:",
        r"'senast_granskad' ska vara ett datum",
    ),
    Case(
        "review dates in wrong order",
        replace(OCD, "nasta_granskning: 2027-12-02", "nasta_granskning: 2025-01-01"),
        OCD,
        None,
        r"nasta_granskning måste ligga efter senast_granskad",
    ),
    Case(
        "duplicate key",
        replace(OCD, "typ: malgrupp", "typ: malgrupp\ntyp: tema"),
        OCD,
        "typ: tema",
        r"'typ' står två gånger",
    ),
    Case(
        "unknown tag",
        replace(OCD, "taggar: [psykisk-ohalsa]", "taggar: [psykisk-ohalsa, finns-inte]"),
        OCD,
        "taggar:",
        r"okänd tagg 'finns-inte'",
    ),
    Case(
        "unknown lagrum id",
        replace(OCD, "lagrum: [sol-11-1]", "lagrum: [sol-11-1, sol-99-9]"),
        OCD,
        "lagrum:",
        r"okänt lagrum 'sol-99-9'",
    ),
    Case(
        "unknown source document",
        replace(OCD, "  - dokument: vagledning\n", "  - dokument: okand-kalla\n"),
        OCD,
        "dokument: okand-kalla",
        r"okänd källa 'okand-kalla'",
    ),
    Case(
        "related page missing",
        replace(OCD, "  - malgrupper/svarigheter/samlarsyndrom.md", "  - malgrupper/finns-inte.md"),
        OCD,
        "malgrupper/finns-inte.md",
        r"sidan 'malgrupper/finns-inte.md' i 'relaterat' finns inte",
    ),
    Case(
        "duplicate page address",
        copy_as(OCD, "docs/malgrupper/svarigheter/Tvångssyndrom.md", "titel: Tvångssyndrom (OCD)", "titel: En kopia"),
        "docs/malgrupper/svarigheter/tvangssyndrom.md",
        None,
        r"samma adress som docs/malgrupper/svarigheter/Tvångssyndrom.md",
    ),
    Case(
        "duplicate title",
        copy_as(OCD, "docs/malgrupper/svarigheter/tvang-kopia.md"),
        "docs/malgrupper/svarigheter/tvangssyndrom.md",
        "titel:",
        r"samma titel som docs/malgrupper/svarigheter/tvang-kopia.md",
    ),
    Case(
        "invalid UTF-8",
        write("docs/malgrupper/svarigheter/trasig.md", "---\ntitel: Tv\u00e5ng\n".encode("latin-1")),
        "docs/malgrupper/svarigheter/trasig.md",
        None,
        r"inte giltig UTF-8",
    ),
    Case(
        "empty page",
        write("docs/malgrupper/svarigheter/tom.md", b""),
        "docs/malgrupper/svarigheter/tom.md",
        None,
        r"filen är tom",
    ),
    Case(
        "no front matter",
        write("docs/malgrupper/svarigheter/utan.md", b"## Bara text\n"),
        "docs/malgrupper/svarigheter/utan.md",
        None,
        r"sidan ska börja med en rad '---'",
    ),
    Case(
        "link to a missing page",
        replace(OCD, "## Vad är tvångssyndrom?", "## Vad är tvångssyndrom?\n\nSe [annan sida](finns-inte.md)."),
        OCD,
        "[annan sida]",
        r"länken 'finns-inte.md' går till en sida som inte finns",
    ),
    Case(
        "link to a missing anchor",
        replace(
            OCD, "## Vad är tvångssyndrom?", "## Vad är tvångssyndrom?\n\nSe [stödet](samlarsyndrom.md#finns-inte)."
        ),
        OCD,
        "[stödet]",
        r"går till ett ankare som inte finns",
    ),
    Case(
        "external URL written in a page",
        replace(OCD, "## Vad är tvångssyndrom?", "## Vad är tvångssyndrom?\n\nLäs [mer](https://example.org/ocd)."),
        OCD,
        "[mer]",
        r"extern länk 'https://example.org/ocd': lägg den i data/lankar.yml",
    ),
    Case(
        "unknown link id",
        replace(OCD, "## Vad är tvångssyndrom?", "## Vad är tvångssyndrom?\n\nLäs [mer](lank:finns-inte)."),
        OCD,
        "[mer]",
        r"okänd länk 'lank:finns-inte'",
    ),
    # every kind of field the schema declares (scripts/schema.py ROLES), checked where it is written
    Case(
        "unknown link id in a prose field",
        replace(OCD, STOD, STOD.replace("Stress", "Se [mer](lank:finns-inte). Stress")),
        OCD,
        "  - >-",
        r"okänd länk 'lank:finns-inte'",
    ),
    Case(
        "external URL in a prose field",
        replace(OCD, STOD, STOD.replace("Stress", "Se [mer](https://example.org). Stress")),
        OCD,
        "  - >-",
        r"extern länk 'https://example.org'",
    ),
    Case(
        "link to a missing page in a prose field",
        replace(OCD, STOD, STOD.replace("Stress", "Se [mer](finns-inte.md). Stress")),
        OCD,
        "  - >-",
        r"länken 'finns-inte.md' går till en sida som inte finns",
    ),
    Case(
        "link to a missing anchor in the summary",
        replace(
            OCD, "  göra vissa saker om och om igen.", "  göra [vissa saker](samlarsyndrom.md#nej) om och om igen."
        ),
        OCD,
        "sammanfattning:",
        r"går till ett ankare som inte finns",
    ),
    Case(
        "unknown routine slot",
        replace(OCD, "taggar: [psykisk-ohalsa]", "taggar: [psykisk-ohalsa]\nrutiner: [finns-inte]"),
        OCD,
        "rutiner:",
        r"okänd rutin 'finns-inte'",
    ),
    # no active content: the site must be safe from file://, where no CSP protects it
    Case(
        "script element in the body",
        replace(OCD, "## Vad är tvångssyndrom?", "## Vad är tvångssyndrom?\n\n<script>alert(1)</script>"),
        OCD,
        "<script>",
        r"<script> är inte tillåtet",
    ),
    Case(
        "event handler attribute in a field",
        replace(OCD, STOD, STOD.replace("Stress", '<span onclick="alert(1)">Stress</span>')),
        OCD,
        "  - >-",
        r"attribut som on…=",
    ),
    Case(
        "javascript: link",
        replace(OCD, "## Vad är tvångssyndrom?", "## Vad är tvångssyndrom?\n\nSe [här](javascript:alert(1))."),
        OCD,
        "[här]",
        r"javascript:-länkar är inte tillåtna",
    ),
    Case(
        "data: link in raw HTML",
        replace(OCD, "## Vad är tvångssyndrom?", '## Vad är tvångssyndrom?\n\n<a href="data:text/html,x">x</a>'),
        OCD,
        "data:text",
        r"data:-länkar är inte tillåtna",
    ),
    Case(
        "bad address in the link registry",
        replace("data/lankar.yml", "url: https://www.digg.se/tdosanmalan", "url: www.digg.se/tdosanmalan"),
        "data/lankar.yml",
        "www.digg.se/tdosanmalan",
        r"'url'",
    ),
    Case(
        "own H1 in body",
        replace(OCD, "## Vad är tvångssyndrom?", "# Vad är tvångssyndrom?"),
        OCD,
        "# Vad är",
        r"skriv inte en egen '# '-rubrik",
    ),
    Case(
        "register entry without source",
        replace(
            "data/lagrum.yml",
            '    kallor:\n      - dokument: vagledning\n        avsnitt: Personer som är föräldrar\n        rader: "2522–2526"\n',
            "",
        ),
        "data/lagrum.yml",
        None,
        r"obligatoriskt fält 'kallor' saknas",
    ),
    Case(
        "law without link",
        replace("data/lagrum.yml", "    lank: lag-lss\n", ""),
        "data/lagrum.yml",
        None,
        r"obligatoriskt fält 'lank' saknas",
    ),
    Case(
        "two entries for the same paragraph",
        replace(
            "data/lagrum.yml",
            '  - id: sol-6-7\n    lag: sol-2025\n    kapitel: 6\n    paragraf: "7"',
            '  - id: sol-6-7\n    lag: sol-2025\n    kapitel: 6\n    paragraf: "6"',
        ),
        "data/lagrum.yml",
        "  - id: sol-6-7",
        r"sol-6-7: samma paragraf som 'sol-6-6'",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_stops_build_and_keeps_site(case: Case, project_copy: Path):
    before = tree_hash(project_copy / "site")
    case.edit(project_copy)
    result = run_build(project_copy)
    assert result.returncode != 0, f"build passed on bad input:\n{result.stdout}"
    lines = [line for line in result.stderr.splitlines() if line.startswith(case.file + ":")]
    assert lines, f"no message names {case.file}:\n{result.stderr}"
    matching = [line for line in lines if re.search(case.message, line)]
    assert matching, f"no message matches {case.message!r}:\n{result.stderr}"
    if case.marker is not None:
        line_no = int(matching[0].split(":")[1])
        text = (project_copy / case.file).read_text(encoding="utf-8").splitlines()
        assert case.marker in text[line_no - 1], f"line {line_no} is {text[line_no - 1]!r}, expected {case.marker!r}"
    assert tree_hash(project_copy / "site") == before, "site/ changed after a failed build"
    assert not list(project_copy.glob(".site/bygge-*")), "temporary build folder left behind"


def test_good_copy_builds_and_replaces_site(project_copy: Path):
    """The control: the same copy, unbroken, builds and publishes a fresh site/."""
    (project_copy / "site" / "marker.txt").write_text("old")
    result = run_build(project_copy)
    assert result.returncode == 0, result.stderr
    assert not (project_copy / "site" / "marker.txt").exists()
    assert (project_copy / "site" / "malgrupper" / "svarigheter" / "tvangssyndrom.html").is_file()
