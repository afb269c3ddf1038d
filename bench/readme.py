"""Put the latest benchmark figures (bench/results/*.md) into the README, between its bench markers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def main() -> int:
    parts = []
    for name, heading in (
        ("build", "Bygge, sidvikt och serve"),
        ("search", "Sökning: portalen, Material och Pagefind"),
    ):
        file = ROOT / "bench" / "results" / f"{name}.md"
        if file.exists():
            text = file.read_text(encoding="utf-8")
            first, _, body = text.partition("\n")
            parts.append(f"**{heading}** ({first.lstrip('# ').strip()}):\n\n{body.strip()}")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if START not in text:
        print("README has no bench markers", file=sys.stderr)
        return 1
    block = f"{START}\n" + "\n\n".join(parts) + f"\n{END}"
    readme.write_text(
        re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
