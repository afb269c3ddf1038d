"""The national text under a kommun's addition: when it changes, the kommun is told.

A local addition (kommuner/<id>/tillagg/*.md) is written to follow one section of a national page.
Its field `nationell_text` holds a fingerprint of that section as it read when the addition was
last reviewed. When the national section changes, every edition build warns at the addition's
line and the editors' report lists it, until the kommun has read the new text, checked the
addition and recorded the new fingerprint: `python -m scripts tillagg <kommun> [fil …]`.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .content import ROOT, Page, Site
from .schema import LocalAddition

FIELD = "nationell_text"


def section_text(page: Page, section: str) -> str:
    """What the reader sees of the section an addition follows ('inledning': title and summary)."""
    meta = page.meta.model_dump(mode="json")
    value: object
    if section == "inledning":
        value = [meta.get("titel"), meta.get("sammanfattning")]
    elif section == "body":
        value = page.body
    else:
        value = meta.get(section)
    return " ".join(json.dumps(value, ensure_ascii=False, sort_keys=True).split())


def fingerprint(page: Page, section: str) -> str:
    return hashlib.sha256(section_text(page, section).encode()).hexdigest()[:12]


def stale(site: Site) -> list[tuple[Page[LocalAddition], str]]:
    """Additions whose national section is not the one they were reviewed against, with a message."""
    out = []
    for add in site.additions:
        target = site.pages.get(add.meta.sida)
        if target is None:
            continue  # validate.check_additions names it
        now = fingerprint(target, add.meta.avsnitt)
        if add.meta.nationell_text != now:
            what = "har ändrats sedan" if add.meta.nationell_text else "är inte antecknad för"
            out.append(
                (
                    add,
                    f"{add.source}:{add.line(FIELD) if add.meta.nationell_text else 1}: den nationella texten i "
                    f"avsnittet '{add.meta.avsnitt}' på {add.meta.sida} {what} tillägget granskades. Läs den, "
                    f"granska tillägget och kör python -m scripts tillagg {site.kommun.id if site.kommun else ''} "
                    f"{Path(add.source).name}",
                )
            )
    return out


def record(site: Site, files: tuple[str, ...] = (), root: Path = ROOT) -> list[str]:
    """Write today's fingerprint into the named additions (all when none is named); returns their files."""
    written = []
    for add in site.additions:
        if files and Path(add.source).name not in files:
            continue
        target = site.pages.get(add.meta.sida)
        if target is None:
            continue
        path = root / add.source
        text = path.read_text(encoding="utf-8")
        line = f"{FIELD}: {fingerprint(target, add.meta.avsnitt)}"
        pattern = re.compile(rf"^{FIELD}:.*$", re.M)
        if pattern.search(text):
            text = pattern.sub(line, text, count=1)
        else:  # the last line of the front matter
            text = re.sub(r"\n---\n", f"\n{line}\n---\n", text, count=1)
        path.write_text(text, encoding="utf-8")
        written.append(add.source)
    return written
