"""Search benchmark: the portal's search and stock Material search, same content, same queries.

Both sites are served on loopback and driven through Material's real search UI in Chromium.
Reports hit@1, hit@3, MRR and latency (last keystroke -> results shown) side by side, per user
group too, and writes bench/results/search.{md,json}. Run with `make bench-search`.
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import build, chromium

QUERIES = ROOT / "bench" / "search-queries.yml"  # the tuning set: weights, sökord and thesaurus were tuned on it
HELD_OUT = ROOT / "bench" / "search-heldout.yml"  # never tuned on: the figure that counts
RESULTS = ROOT / "bench" / "results"


def load_queries(core_only: bool = False, file: Path = QUERIES) -> list[dict]:
    queries = yaml.safe_load(file.read_text(encoding="utf-8"))["fragor"]
    return [q for q in queries if q.get("karna")] if core_only else queries


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def build_stock(out: Path) -> None:
    """The same content with Material's own search (worker, index and all)."""
    build.run_engine(build.prepare(), out, extra={"portal_search": False})


def rank(pages: list[str], answers: list[str]) -> int | None:
    """1-based rank of the first right answer, None when it is not among the results."""
    for i, page in enumerate(pages, 1):
        if page in answers:
            return i
    return None


def measure(browser, base: str, queries: list[dict]) -> dict:
    page = browser.new_page()
    page.goto(f"{base}/index.html")
    page.wait_for_timeout(1000)  # let the page settle, as a reader would before typing
    first = chromium.search(page, "1", base, timeout_ms=120_000)  # one keystroke: the first query loads the index
    rows = []
    for q in queries:
        run = chromium.search(page, str(q["q"]), base)
        rows.append(
            {
                "q": q["q"],
                "grupp": q["grupp"],
                "svar": q["svar"],
                "rank": rank(run.pages, q["svar"]),
                "top3": run.pages[:3],
                "latency_ms": round(run.latency_ms, 1),
            }
        )
    page.close()
    assert first.pages, "no results for the warm-up query"
    return {"rows": rows, "cold_first_query_ms": round(first.latency_ms, 1)}


def summary(rows: list[dict]) -> dict:
    ranks = [r["rank"] for r in rows]
    lat = sorted(r["latency_ms"] for r in rows if r["latency_ms"] == r["latency_ms"])  # drop NaN: list never updated
    n = len(rows)
    return {
        "queries": n,
        "hit@1": round(sum(1 for r in ranks if r == 1) / n, 3),
        "hit@3": round(sum(1 for r in ranks if r and r <= 3) / n, 3),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
        "latency_median_ms": round(statistics.median(lat), 1),
        "latency_p95_ms": round(lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))], 1),
        "no_update": n - len(lat),
    }


def report(all_results: dict) -> str:
    """One table per query set: portal and stock Material side by side."""
    out = []
    for set_name in ("held-out", "tuning"):
        part = {n: r for n, r in all_results.items() if n.endswith(", " + set_name)}
        out += [f"### {set_name} queries", "", table(part)]
    return "\n".join(out)


def table(results: dict) -> str:
    names = list(results)
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for metric in ("queries", "hit@1", "hit@3", "mrr", "latency_median_ms", "latency_p95_ms", "no_update"):
        lines.append(f"| {metric} | " + " | ".join(str(results[n]["summary"][metric]) for n in names) + " |")
    lines.append(
        "| first query after page load (ms) | "
        + " | ".join(str(results[n]["cold_first_query_ms"]) for n in names)
        + " |"
    )
    lines += [
        "",
        "no_update: the last keystroke did not change the result list, so no latency could be "
        "read (a trailing '§' is a separator; an empty list stays empty).",
    ]
    groups = sorted({r["grupp"] for r in results[names[0]]["rows"]})
    lines += ["", "hit@3 per user group:", "", "| grupp | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for g in groups:
        cells = [str(summary([r for r in results[n]["rows"] if r["grupp"] == g])["hit@3"]) for n in names]
        lines.append(f"| {g} | " + " | ".join(cells) + " |")
    misses = [r for r in results[names[0]]["rows"] if not r["rank"] or r["rank"] > 3]
    if misses:
        lines += ["", f"Missed by {names[0]} (not in top 3):", ""]
        lines += [
            f"- `{r['q']}` → expected {', '.join(r['svar'])}; got {', '.join(r['top3']) or 'nothing'}" for r in misses
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    if hint := chromium.missing():
        print(hint, file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    sets = {"tuning": load_queries(), "held-out": load_queries(file=HELD_OUT)}
    site = ROOT / "site"
    if not (site / "index.html").exists():
        print("site/ saknas: kör make build först", file=sys.stderr)
        return 1
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        stock = Path(tmp) / "stock"
        build_stock(stock)
        browser = chromium.launch(p)
        for set_name, queries in sets.items():
            for engine, folder in (("portal", site), ("stock Material", stock)):
                name = f"{engine}, {set_name}"
                with serve(folder) as base:
                    results[name] = measure(browser, base, queries)
                    results[name]["summary"] = summary(results[name]["rows"])
        browser.close()
    RESULTS.mkdir(exist_ok=True)
    text = report(results)
    (RESULTS / "search.md").write_text(f"# Search benchmark ({time.strftime('%Y-%m-%d')})\n\n{text}", encoding="utf-8")
    (RESULTS / "search.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
