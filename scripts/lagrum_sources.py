"""Every law reference the source documents make, found by pattern: the list the lagrum register is
checked against (tests/test_lagrum.py).

The sources live outside the repository (../shared/sources), so the list is kept in
tests/data/lagrum_i_kallorna.json; `python -m scripts.lagrum_sources` writes it anew.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .content import ROOT

SOURCES = ROOT.parent / "shared" / "sources"
LIST = ROOT / "tests" / "data" / "lagrum_i_kallorna.json"

# Which socialtjänstlag a source's bare "SoL" means (data/kallor.yml says the same).
SOURCE_LAW = {"000": "sol-2025", "002": "sol-2025", "001": "sol-2001", "003": "sol-2001"}
NAMED_LAWS = [
    ("lss", r"\bLSS\b|stöd och service till vissa"),
    ("hsl", r"hälso- och sjukvårdslag"),
    ("osl", r"sekretesslag"),
    ("abk", r"äktenskapsbalk"),
    ("pl", r"patientlag"),
    ("egenvard", r"egenvård"),
]
CHAPTER_REF = re.compile(r"(\d{1,2})\s*kap(?:\.|itlet)?\s*(?:§\s*)?(\d{1,2}\s?[a-z]?)(?=\s*(?:-\s*\d+\s*)?§)", re.I)
SHORT_REF = re.compile(r"\bSoL\s+(\d{1,2}):(\d{1,2})\s*§")
PARAGRAPH_REF = re.compile(r"(?<![\d:])(\d{1,2}\s?[a-z]?)\s*§\s*(LSS|[Ll]agen \(2022:1250\))")
REGULATION_REF = re.compile(r"\b((?:SOSFS|AFS|HSLF-FS) \d{4}:\d{1,3})")
SFS_REF = re.compile(r"(?:lag|balk|SFS)[^.()]{0,60}?\(?(?:SFS )?(\d{4}:\d{1,4})\)")


def texts(folder: Path = SOURCES) -> dict[str, str]:
    """Source id ('000'…) -> its text with all white space folded."""
    return {f.name[:3]: re.sub(r"\s+", " ", f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.txt"))}


def extract(folder: Path = SOURCES) -> dict[str, list]:
    """{"paragrafer": [[law, chapter|None, paragraph, source], …], "lagar": ["2017:30", "SOSFS 2014:5", …]}."""
    paragraphs: set[tuple[str | None, int | None, str, str]] = set()
    laws: set[str] = set()
    for doc, text in texts(folder).items():
        for m in CHAPTER_REF.finditer(text):
            window = text[max(0, m.start() - 40) : m.end() + 40]
            law = next((law for law, pattern in NAMED_LAWS if re.search(pattern, window)), SOURCE_LAW.get(doc))
            paragraphs.add((law, int(m[1]), m[2].replace(" ", ""), doc))
        for m in SHORT_REF.finditer(text):
            paragraphs.add((SOURCE_LAW[doc], int(m[1]), m[2], doc))
        for m in PARAGRAPH_REF.finditer(text):
            paragraphs.add(("lss" if "LSS" in m[2] else "egenvard", None, m[1].replace(" ", ""), doc))
        laws |= set(REGULATION_REF.findall(text)) | set(SFS_REF.findall(text))
    return {"paragrafer": sorted(map(list, paragraphs), key=str), "lagar": sorted(laws)}


def main() -> int:
    if not SOURCES.is_dir():
        print(f"Källorna saknas ({SOURCES}).", file=sys.stderr)
        return 1
    LIST.parent.mkdir(parents=True, exist_ok=True)
    LIST.write_text(json.dumps(extract(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(LIST.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
