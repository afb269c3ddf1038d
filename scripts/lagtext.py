"""The statute text the portal cites, kept in the repository: data/lagtext/<law id>.md.

Each file holds one law's wording as a consolidated text gives it (front matter: SFS number,
"lydelse t.o.m.", the source as an id in data/lankar.yml, the day it was read), chapters as
`## N kap.` and paragraphs as `### N §`. The register (data/lagrum.yml) cites paragraphs by law,
chapter and number; here each is looked up, shown on its page as a marked quote, and tied to the
check an editor made: data/lagtext/kontrollerat.yml pins the wording each check was made against,
so when a law's file is replaced, every provision whose wording changed is named with the pages
that cite it. `python -m scripts lagtext` records the wording of new checks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .content import DATA, ContentError, ContentErrors, Located, Site, load_yaml, read_text, validate_model
from .schema import Provision, StatuteFile

FOLDER = "lagtext"
PINS = "kontrollerat.yml"
BUDGET = 400_000  # bytes per law: SoL 2025:400 is 118 kB
CHAPTER = re.compile(r"^## (?:(\d+(?: [a-z])?) kap\.|Övergångsbestämmelser)\s*$")
PARAGRAPH = re.compile(r"^### (\d+(?: ?[a-z])?) §\s*$|^### (.+ punkt \d+|\d{4}:\d+)\s*$")
SOURCE_LINE = re.compile(r"^Källa: \S+$")  # where one paragraph's wording was taken from another copy


@dataclass
class Statute:
    """One law's kept wording: paragraphs by (chapter, number), e.g. ('14', '9'), ('13 a', '1'),
    ('', '21') in a law without chapters; transitional provisions under chapter ''."""

    meta: StatuteFile
    paragraphs: dict[tuple[str, str], str] = field(default_factory=dict)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)


def parse(text: str, path: str, body_line: int) -> tuple[dict, dict, list[ContentError]]:
    """Paragraph texts and their lines from a law file's body; unknown headings are errors."""
    paragraphs: dict[tuple[str, str], str] = {}
    lines: dict[tuple[str, str], int] = {}
    errors: list[ContentError] = []
    chapter = ""
    current: tuple[str, str] | None = None
    for n, line in enumerate(text.split("\n"), body_line):
        if line.startswith("## "):
            match = CHAPTER.match(line)
            if not match:
                errors.append(
                    ContentError(path, n, "ett kapitel skrivs '## N kap.' (eller '## Övergångsbestämmelser')")
                )
            chapter = match[1] if match and match[1] else ""
            current = None
        elif line.startswith("### "):
            match = PARAGRAPH.match(line)
            if not match:
                errors.append(ContentError(path, n, "en paragraf skrivs '### N §' eller '### N a §'"))
                current = (chapter, f"fel på rad {n}")  # its text is read but belongs to no number
                paragraphs[current], lines[current] = "", n
                continue
            current = (chapter, match[1] or match[2])
            if current in paragraphs:
                errors.append(ContentError(path, n, f"paragrafen står två gånger (första på rad {lines[current]})"))
            paragraphs[current], lines[current] = "", n
        elif current is not None and not SOURCE_LINE.match(line):
            paragraphs[current] += line + "\n"
        elif line.strip() and current is None:
            errors.append(ContentError(path, n, "text före den första paragrafen"))
    kept = {k: v.strip() for k, v in paragraphs.items() if not k[1].startswith("fel ")}
    return kept, {k: lines[k] for k in kept}, errors


def load(site: Site, data_dir: Path = DATA) -> list[ContentError]:
    """Read every law file into site.statutes (and its strings into site.data, so the content gate
    reads them too) and the pinned checks into site.statute_pins."""
    errors: list[ContentError] = []
    folder = data_dir / FOLDER
    for file in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = f"data/{FOLDER}/{file.name}"
        try:
            text = read_text(file, rel, BUDGET)
            front, _, body = text.removeprefix("---\n").partition("\n---\n")
            if not text.startswith("---\n") or not body:
                raise ContentErrors([ContentError(rel, 1, "filen ska börja med front matter mellan två rader '---'")])
            located = load_yaml(front, rel, first_line=2)
            meta = validate_model(StatuteFile, located, rel)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        if meta.lag != file.stem:
            errors.append(ContentError(rel, located.line(("lag",)), f"lag ska vara filens namn '{file.stem}'"))
        body_line = front.count("\n") + 4  # "---", the front matter, "---"
        paragraphs, lines, problems = parse(body, rel, body_line)
        errors += problems
        site.statutes[meta.lag] = Statute(meta, paragraphs, lines)
        # the wording as data for the content gate: each paragraph at its own line
        keyed = {f"{k[0]}:{k[1]}": v for k, v in paragraphs.items()}
        site.data[rel] = meta.model_copy(update={"paragrafer": keyed})
        site.data_lines[rel.removeprefix("data/")] = Located(
            None,
            {(): 1, **located.lines, **{("paragrafer", f"{k[0]}:{k[1]}"): n for k, n in lines.items()}},
            text.split("\n"),
            1,
        )
    pins = folder / PINS
    if pins.is_file():
        rel = f"data/{FOLDER}/{PINS}"
        try:
            located = load_yaml(read_text(pins, rel), rel)
            site.statute_pins = {str(k): str(v) for k, v in (located.data or {}).items()}
        except ContentErrors as exc:
            errors += exc.errors
    return errors


def numbers(paragraf: str) -> list[str]:
    """'6–7' → ['6', '7']; '3–5' → ['3', '4', '5']; '20 a' → ['20 a']."""
    first, dash, last = paragraf.replace("–", "-").partition("-")
    if not dash:
        return [paragraf.strip()]
    if first.strip().isdigit() and last.strip().isdigit():
        return [str(n) for n in range(int(first), int(last) + 1)]
    return [first.strip(), last.strip()]


def wording(provision: Provision, site: Site) -> list[tuple[str, str]] | None:
    """The provision's paragraphs as (label, text), or None when the kept text lacks one of them."""
    statute = site.statutes.get(provision.lag)
    if statute is None or provision.paragraf is None:
        return None
    out = []
    for number in numbers(provision.paragraf):
        text = statute.paragraphs.get((str(provision.kapitel or ""), number))
        if text is None:
            return None
        chapter = f"{provision.kapitel} kap. " if provision.kapitel is not None else ""
        out.append((f"{chapter}{number} §", text))
    return out


def fingerprint(parts: list[tuple[str, str]]) -> str:
    """A short hash of the wording: it changes when any word of it does."""
    joined = "\n\n".join(f"{label}\n{' '.join(text.split())}" for label, text in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def changed_since_check(provision: Provision, site: Site) -> bool:
    """The kept wording is no longer the one the provision's check was made against."""
    parts = wording(provision, site)
    pin = site.statute_pins.get(provision.id)
    return parts is not None and pin is not None and pin != fingerprint(parts)


def quote(parts: list[tuple[str, str]]) -> list[str]:
    """The wording as a Markdown block quote: each paragraph's number in bold, its stycken as
    paragraphs and its numbered points as a list. Markdown's own characters are escaped."""
    out: list[str] = []
    for label, text in parts:
        for n, stycke in enumerate(text.split("\n\n")):
            lines = [_escape(line) for line in stycke.split("\n")]
            if n == 0:
                lines[0] = f"**{label}** {lines[0]}"
            for line in lines:
                if re.match(r"\d+\. ", line) and out and out[-1] != ">" and not re.match(r"> \d+\. ", out[-1]):
                    out.append(">")  # a list needs a blank line before it
                out.append(f"> {line}")
            out.append(">")
    return out[:-1]


def _escape(line: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|{}])", r"\\\1", line)


def check(site: Site) -> tuple[list[ContentError], list[str]]:
    """Errors: a provision checked against the statute text whose wording is not kept, or whose
    check is not pinned yet. Warnings: a provision whose wording changed since its check."""
    errors: list[ContentError] = []
    warnings: list[str] = []
    lines = site.data_lines.get("lagrum.yml")
    for i, p in enumerate(site.provisions.values()):
        at = lines.line(("lagrum", i, "kontrollerad")) if lines else 0
        parts = wording(p, site)
        if p.kontrollerad is None or p.kontrollerad.kalla is not None:
            continue
        if p.paragraf is None:  # a whole law (or chapter): checked against its kept text, nothing to quote
            if p.lag not in site.statutes:
                errors.append(
                    ContentError(
                        "data/lagrum.yml",
                        at,
                        f"{p.id}: kontrollerad mot lagtexten, men data/{FOLDER}/{p.lag}.md finns inte: lägg till lagtexten eller ange kalla",
                    )
                )
            continue
        if parts is None:
            where = f"{p.kapitel} kap. {p.paragraf} §" if p.kapitel is not None else f"{p.paragraf} §"
            errors.append(
                ContentError(
                    "data/lagrum.yml",
                    at,
                    f"{p.id}: kontrollerad mot lagtexten, men data/{FOLDER}/{p.lag}.md har inte {where}: "
                    "lägg till lagtexten eller ange kalla",
                )
            )
        elif p.id not in site.statute_pins:
            errors.append(
                ContentError(
                    "data/lagrum.yml",
                    at,
                    f"{p.id}: kontrollen är inte knuten till en lydelse: kör `python -m scripts lagtext`",
                )
            )
        elif changed_since_check(p, site):
            warnings.append(
                f"data/lagrum.yml:{at}: {p.id}: lagtexten ({p.lag}.md) har ändrats sedan kontrollen "
                f"{p.kontrollerad.datum}; granska lagrummet och sidorna som hänvisar dit, kör sedan "
                f"`python -m scripts lagtext {p.id}`"
            )
    return errors, warnings


def record(data_dir: Path = DATA, recheck: tuple[str, ...] = ()) -> list[str]:
    """Pin the wording of every checked provision that has none yet (and of `recheck`, after an
    editor has checked them again); returns the ids written."""
    from .content import load_site

    site, errors = load_site(data_dir.parent / "docs", data_dir)
    if errors:
        raise ContentErrors(errors)
    pins = dict(site.statute_pins)
    written = []
    for p in site.provisions.values():
        parts = wording(p, site)
        if p.kontrollerad is None or p.kontrollerad.kalla is not None or parts is None:
            continue
        if p.id not in pins or p.id in recheck:
            pins[p.id] = fingerprint(parts)
            written.append(p.id)
    header = (
        "# Written by `python -m scripts lagtext`: the wording (a hash of it) that each check in\n"
        "# data/lagrum.yml was made against. Do not edit by hand.\n"
    )
    body = yaml.safe_dump(dict(sorted(pins.items())), allow_unicode=True, sort_keys=False) if pins else ""
    (data_dir / FOLDER / PINS).write_text(header + body, encoding="utf-8")
    return written
