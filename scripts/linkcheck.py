"""Check the external links online: `make linkcheck` (needs a network; never part of CI).

Every address in data/lankar.yml and every paragraph link derived from the lagrum register is
fetched. The report goes to bench/results/lankkontroll.md; links that answered get today's date
in `senast_kontrollerad` in data/lankar.yml.
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from . import lagrum
from .content import DATA, ROOT, load_site

REPORT = ROOT / "bench" / "results" / "lankkontroll.md"
USER_AGENT = "Boendestodsportalen-lankkontroll/1.0"


@dataclass
class Result:
    url: str
    label: str
    status: int | None  # HTTP status, None when nothing answered
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def fetch(url: str, timeout: float = 15) -> tuple[int | None, str]:
    """HTTP status of the URL (HEAD, then GET if HEAD is refused), or None and the reason."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, ""
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return exc.code, exc.reason
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return None, str(getattr(exc, "reason", exc))
    return None, "no answer"


def targets() -> list[tuple[str, str]]:
    """(url, label) for every registry entry and every derived paragraph link."""
    site, errors = load_site()
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    out = [(link.url, link.id) for link in site.links.values()]
    out += [
        (url, f"{p.id} (paragraflänk)") for p in site.provisions.values() if (url := lagrum.deep_link(p, site.laws))
    ]
    return out


def check(pairs: list[tuple[str, str]], workers: int = 8) -> list[Result]:
    def one(pair):
        status, note = fetch(pair[0])
        return Result(pair[0], pair[1], status, note)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, pairs))


def mark_checked(results: list[Result], day: date) -> None:
    """Write today's date into senast_kontrollerad for the registry entries that answered."""
    path = DATA / "lankar.yml"
    text = path.read_text(encoding="utf-8")
    for r in results:
        if r.ok and "paragraflänk" not in r.label:
            text = re.sub(
                rf"(  - id: {re.escape(r.label)}\n(?:    .*\n)*?    senast_kontrollerad: ).*",
                rf"\g<1>{day.isoformat()}",
                text,
            )
    path.write_text(text, encoding="utf-8")


def main() -> int:
    results = check(targets())
    if all(r.status is None for r in results):
        print("Inget svar från någon extern adress: finns det ett nätverk? Ingen rapport skrevs.", file=sys.stderr)
        return 0
    today = date.today()
    bad = [r for r in results if not r.ok]
    lines = [
        f"# Länkkontroll {today.isoformat()}",
        "",
        f"{len(results)} adresser, {len(bad)} med fel.",
        "",
        "| Status | Länk | Adress |",
        "|---|---|---|",
    ]
    lines += [f"| {r.status or '–'} {r.note} | {r.label} | {r.url} |" for r in sorted(results, key=lambda r: r.ok)]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mark_checked(results, today)
    print(f"{len(results)} adresser kontrollerade, {len(bad)} med fel. Rapport: {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
