"""The lagrum register's logic: citations, links and old numbering.

Data lives in data/lagrum.yml; this module is the only code that formats it.
"""

from __future__ import annotations

import re

from .schema import Law, OldNumber, Provision

INDEX_PAGE = "lagrum/index.md"
FOLDER = "lagrum"


def cite(law: Law, kapitel: int | None, paragraf: str | None) -> str:
    """Standard Swedish citation: '11 kap. 1 § SoL', '1 § LSS', '6–7 §§ SoL', '13 kap. kommunallagen' or 'SOSFS 2014:5'."""
    if paragraf is None:
        return f"{kapitel} kap. {law.kortnamn}" if kapitel is not None else law.kortnamn
    signs = "§§" if re.search(r"[–-]", paragraf) else "§"
    chapter = f"{kapitel} kap. " if kapitel is not None else ""
    return f"{chapter}{paragraf} {signs} {law.kortnamn}"


def citation(provision: Provision, laws: dict[str, Law]) -> str:
    return cite(laws[provision.lag], provision.kapitel, provision.paragraf)


def old_citation(old: OldNumber, laws: dict[str, Law]) -> str:
    return cite(laws[old.lag], old.kapitel, old.paragraf)


def deep_link(provision: Provision, laws: dict[str, Law]) -> str | None:
    """Link straight to the paragraph, where the law has a pattern for it."""
    law = laws[provision.lag]
    if law.paragraflank and provision.paragraf:
        first = re.split(r"[–-]", provision.paragraf)[0].replace(" ", "")
        return law.paragraflank.format(kapitel=provision.kapitel or "", paragraf=first).replace("#KP", "#P")
    return None


def paragraph_number(paragraf: str | None) -> tuple[int, str]:
    """Sort key for '1', '20 a', '6–7'."""
    m = re.match(r"(\d+)\s*([a-z]?)", paragraf or "")
    return (int(m[1]), m[2]) if m else (0, "")


def page_path(provision: Provision) -> str:
    """Each provision has its own generated page."""
    return f"{FOLDER}/{provision.id}.md"


def citation_variants(provision: Provision, laws: dict[str, Law]) -> list[str]:
    """How people type the citation: '11 kap. 1 § SoL', '11 kap 1 §', '11:1 SoL', 'SoL 11 kap. 1 §'."""
    law = laws[provision.lag].kortnamn
    par = provision.paragraf
    if par is None:
        return [laws[provision.lag].kortnamn]
    if provision.kapitel is None:
        return [f"{par} § {law}", f"{law} {par} §"]
    k = provision.kapitel
    return [f"{k} kap. {par} § {law}", f"{k} kap {par} §", f"{k}:{par} {law}", f"{law} {k} kap. {par} §"]


def collisions(provision: Provision, provisions: dict[str, Provision]) -> list[Provision]:
    """Other provisions with the same chapter and paragraph number in the other socialtjänstlag.

    The same number means different things in SoL 2025:400 and SoL 2001:453; readers are warned.
    """
    return [
        p
        for p in provisions.values()
        if p.id != provision.id
        and p.lag != provision.lag
        and p.lag.startswith("sol-")
        and provision.lag.startswith("sol-")
        and (p.kapitel, p.paragraf) == (provision.kapitel, provision.paragraf)
    ]
