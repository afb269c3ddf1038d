"""Build benchmark: build time at 1×, 10× and 50× content, search index size and latency at 50×,
first-load weight of a target page, the rebuild time of `make serve` after editing a page, and what
the offline copy costs: the first visit, and an installed reader's download after a one-word edit.

Synthetic content is the real content copied N times (with the real schema: every copy validates),
in a temporary folder. Writes bench/results/build.{md,json}; `make bench` also puts the summary
table into the README. Usage: python bench/build.py [--scales 1,10,50]
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import load_queries, measure, serve, summary
from slowline import SlowLine

from scripts import chromium

RESULTS = ROOT / "bench" / "results"
PROJECT_FILES = ["docs", "data", "kommuner", "overrides", "scripts", "schema", "mkdocs.yml"]
TARGET_PAGE = "malgrupper/svarigheter/tvangssyndrom.html"
# Every content folder but the introduction programme, which exists once (its print page is generated for it).
COPIED = [
    "situationer",
    "malgrupper/svarigheter",
    "malgrupper/livssituationer",
    "tema",
    "handlaggare",
    "chef",
    "reflektion",
]
DRIVER = (
    "import json, sys; sys.path.insert(0, '.'); from scripts import build; "
    "build.build(); print('TIMINGS' + json.dumps(build.timings))"
)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    # The bench measures builds, not the history rule (scripts/changes.py): without the record of
    # published pages, the one-word edit below needs no new line in andringar.
    (dest / "data" / "publicerat.yml").unlink(missing_ok=True)
    return dest


def multiply(project: Path, n: int) -> None:
    """Copy every content folder n-1 times beside itself ('tema' -> 'tema-k2'), with unique titles."""
    menu_file = project / "data" / "meny.yml"
    menu = yaml.safe_load(menu_file.read_text(encoding="utf-8"))
    for k in range(2, n + 1):
        for folder in COPIED:
            src = project / "docs" / folder
            dst = src.with_name(f"{src.name}-k{k}")
            shutil.copytree(src, dst)
            for page in dst.glob("*.md"):
                text = page.read_text(encoding="utf-8")
                copy = f" (kopia {k})"
                page.write_text(
                    re.sub(r'^(titel: "?.*?)("?)$', rf"\1{copy}\2", text, count=1, flags=re.M), encoding="utf-8"
                )
            if "/" not in folder:  # a top-level folder joins the menu section of the original
                section = next(s for s in menu["meny"] if folder in s["mappar"])
                section["mappar"].append(dst.name)
    menu_file.write_text(yaml.safe_dump(menu, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run_build(project: Path) -> dict:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", DRIVER],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    steps = json.loads(result.stdout.split("TIMINGS", 1)[1])
    return {"seconds": round(wall, 2), "steps": {k: round(v, 2) for k, v in steps.items()}}


BASE_RUNS = 3  # the 1× cold build is the base of every per-page ratio: its median of three


def cold_build(project: Path, runs: int) -> dict:
    """The median of `runs` cold builds (no cache of cards, compressed files or templates)."""
    builds = []
    for _ in range(runs):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        builds.append(run_build(project))
    median = sorted(builds, key=lambda b: b["seconds"])[len(builds) // 2]
    return {**median, "runs": [b["seconds"] for b in builds]}


def page_count(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def index_figures(site: Path) -> dict:
    parts = sorted((site / "search").glob("*.js"))  # portal-index.js and the parts it names
    text = 0
    for html in site.rglob("*.html"):
        article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find("article")
        text += len((article.get_text(" ", strip=True) if article else "").encode("utf-8"))
    size = sum(part.stat().st_size for part in parts)
    return {
        "index_bytes": size,
        "index_gzip_bytes": sum(part.with_name(part.name + ".gz").stat().st_size for part in parts),
        "indexed_text_bytes": text,
        "index_to_text": round(size / text, 2),
    }


def first_load(browser, base: str, site: Path, path: str) -> dict:
    """Bytes a first visit to `path` loads (cache empty), raw and as nginx would send them (brotli)."""
    context = browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    page.on("response", lambda r: urls.append(r.url))
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("networkidle")
    context.close()
    raw = compressed = 0
    files = []
    for url in dict.fromkeys(urls):
        file = site / url[len(base) + 1 :].split("?")[0]
        if not file.is_file():
            continue
        size = file.stat().st_size
        br = file.with_name(file.name + ".br")
        raw += size
        compressed += br.stat().st_size if br.exists() else size
        files.append((file.relative_to(site).as_posix(), size))
    return {
        "page": path,
        "requests": len(files),
        "bytes": raw,
        "brotli_bytes": compressed,
        "largest": sorted(files, key=lambda f: -f[1])[:5],
    }


def offline_figures(browser, site: Path) -> dict:
    """The precache: its size, and the time until a first visit on a slow phone line has all of it."""
    import functools

    line = json.loads((site / "sw.js").read_text(encoding="utf-8").split("\n", 1)[0].split("= ", 1)[1].rstrip(";"))
    files = line["files"]
    raw = sum((site / f).stat().st_size for f in files)
    br = sum(
        (site / (f + ".br")).stat().st_size if (site / (f + ".br")).exists() else (site / f).stat().st_size
        for f in files
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SlowLine, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    started = time.perf_counter()
    page.goto(f"{base}/index.html")
    page.evaluate("""async () => { await navigator.serviceWorker.ready;
        for (;;) { for (const n of await caches.keys()) { const c = await caches.open(n);
            if (await c.match(location.origin + '/__portal-precache.json')) return; }
          await new Promise(r => setTimeout(r, 100)); } }""")
    seconds = time.perf_counter() - started
    context.close()
    httpd.shutdown()
    return {"files": len(files), "bytes": raw, "brotli_bytes": br, "fully_cached_s_fast3g": round(seconds, 1)}


def precache_of(site: Path) -> dict[str, str]:
    """The service worker's manifest: site path -> content hash."""
    first_line = (site / "sw.js").read_text(encoding="utf-8").split("\n", 1)[0]
    return json.loads(first_line.split("= ", 1)[1].rstrip(";"))["files"]


def sent_bytes(site: Path, rel: str) -> int:
    """What nginx sends for a file to a browser that takes brotli."""
    br = site / (rel + ".br")
    return (br if br.exists() else site / rel).stat().st_size


EDITED_WORD = ("Vid OCD är det ofta KBT", "Vid OCD är det vanligen KBT")  # a new word: the index changes too
HISTORY_LINE = f"  - {{datum: {time.strftime('%Y-%m-%d')}, slag: redaktionell, vad: Ett ord bytt.}}\n"


def update_cost(project: Path) -> dict:
    """An installed reader's download after a one-word edit of one page: the files whose hash in
    the worker's manifest changed (the worker copies every other file from the copy it has), plus
    the new sw.js. Two real builds of the same project."""
    site = project / "site"
    run_build(project)  # a complete build first (`make serve` leaves a site without the worker)
    before = precache_of(site)
    page = project / "docs" / TARGET_PAGE.replace(".html", ".md")
    original = page.read_text(encoding="utf-8")
    assert EDITED_WORD[0] in original and "andringar:" not in original, "the benchmark's edit no longer fits the page"
    # As an editor makes it: the word, and a line in the page's history (an editorial change).
    edited = original.replace(*EDITED_WORD).replace("---\n", f"---\nandringar:\n{HISTORY_LINE}", 1)
    page.write_text(edited, encoding="utf-8")
    try:
        run_build(project)
    finally:
        page.write_text(original, encoding="utf-8")
    after = precache_of(site)
    changed = sorted(f for f, h in after.items() if before.get(f) != h)
    sizes = {f: sent_bytes(site, f) for f in changed}
    return {
        "edit": f"{TARGET_PAGE}: {EDITED_WORD[0]!r} -> {EDITED_WORD[1]!r}",
        "changed_files": sizes,
        "brotli_bytes": sum(sizes.values()) + sent_bytes(site, "sw.js"),
        "precache_brotli_bytes": sum(sent_bytes(site, f) for f in after),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_rebuild(project: Path, rounds: int = 3) -> dict:
    """Seconds from saving an edited page to `make serve` serving the new text."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripts", "serve", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{TARGET_PAGE}"
    page = project / "docs" / TARGET_PAGE.replace(".html", ".md")
    original = page.read_text(encoding="utf-8")
    times = []
    try:
        wait_for(url, "Tvångssyndrom", timeout=180)
        for n in range(rounds):
            marker = f"Ändring nummer {n} {time.time_ns()}"
            page.write_text(
                original.replace("## Vad är tvångssyndrom?", f"## Vad är tvångssyndrom?\n\n{marker}."), encoding="utf-8"
            )
            started = time.perf_counter()
            wait_for(url, marker, timeout=120)
            times.append(time.perf_counter() - started)
            time.sleep(1)
    finally:
        page.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=20)
    return {"rebuild_seconds": [round(t, 2) for t in times], "median": round(statistics.median(times), 2)}


def wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {text!r} at {url}")


def make_editions(project: Path, n: int) -> None:
    """kommuner/ with n synthetic editions: copies of Göteborg under new ids and names."""
    kept = ROOT / "kommuner" / "goteborg"
    shutil.rmtree(project / "kommuner")
    (project / "kommuner").mkdir()
    for i in range(1, n + 1):
        kommun_id = "goteborg" if i == 1 else f"kommun-{i:03d}"
        target = project / "kommuner" / kommun_id
        shutil.copytree(kept, target)
        if i > 1:
            yml = target / "kommun.yml"
            text = yml.read_text(encoding="utf-8")
            text = re.sub(r"^id: .*$", f"id: {kommun_id}", text, count=1, flags=re.M)
            text = re.sub(r"^namn: (.*)$", rf"namn: \1 (kopia {i})", text, count=1, flags=re.M)
            yml.write_text(text, encoding="utf-8")


def folder_bytes(folder: Path, compressed: bool = True) -> int:
    return sum(
        f.stat().st_size for f in folder.rglob("*") if f.is_file() and (compressed or f.suffix not in (".gz", ".br"))
    )


def timed_build(project: Path) -> dict:
    """One build, with the CPU time of the build and every process it started (2 cores: the
    editions are built in parallel)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run_build(project)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {**result, "cpu_seconds": round(cpu, 1)}


def edition_figures(counts: list[int]) -> dict:
    """The national build alone, then with n editions: time, CPU, disk and the cost of one edition."""
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "editions")
        make_editions(project, 0)
        run_build(project)  # warm the caches (study cards, templates): every row below is warm
        national = timed_build(project)
        out["national"] = national
        for n in counts:
            make_editions(project, n)
            print(f"{n} editions: building …", flush=True)
            cache_before = folder_bytes(project / ".cache")
            built = timed_build(project)
            site = project / "site"
            editions_dir = site / "k"
            out[n] = {
                "wall_seconds": built["seconds"],
                "cpu_seconds": built["cpu_seconds"],
                "editions_step_seconds": built["steps"].get("editions"),
                "disk_bytes": folder_bytes(editions_dir),
                "disk_bytes_uncompressed": folder_bytes(editions_dir, compressed=False),
                "pages_per_edition": len(list((editions_dir / "goteborg").rglob("*.html"))),
                "cache_growth_bytes": folder_bytes(project / ".cache") - cache_before,
                "per_edition_cpu_seconds": round((built["cpu_seconds"] - national["cpu_seconds"]) / n, 2),
                "per_edition_wall_seconds": round((built["seconds"] - national["seconds"]) / n, 2),
                "per_edition_bytes": folder_bytes(editions_dir) // n,
            }
    return out


def editions_report(e: dict) -> str:
    nat = e["national"]
    lines = [
        f"National build alone (warm): {nat['seconds']} s wall, {nat['cpu_seconds']} s CPU.",
        "",
        "| editions | wall (s) | CPU (s) | editions step (s) | disk under k/ (MB; without .gz/.br) | pages per edition "
        "| one edition beside the national build: CPU (s) / wall (s) / disk (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, r in sorted(((int(k), v) for k, v in e.items() if k not in ("national", "date")), key=lambda x: x[0]):
        lines.append(
            f"| {n} | {r['wall_seconds']} | {r['cpu_seconds']} | {r['editions_step_seconds']} "
            f"| {r['disk_bytes'] / 1e6:.1f} ({r['disk_bytes_uncompressed'] / 1e6:.1f}) | {r['pages_per_edition']} "
            f"| {r['per_edition_cpu_seconds']} / {r['per_edition_wall_seconds']} / {r['per_edition_bytes'] / 1e6:.2f} |"
        )
    return "\n".join(lines) + "\n"


def cold_cell(cold: dict) -> str:
    runs = cold.get("runs", [])
    return f"{cold['seconds']} (runs {min(runs)}–{max(runs)})" if len(runs) > 1 else str(cold["seconds"])


def report(results: dict) -> str:
    lines = [
        "| content | pages built (written by editors) | cold build (s) | per page, cold (ms) | per editor page, cold (ms) "
        "| warm build (s) | waiting for study cards, cold (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    base = base_editor = base_date = None
    for scale, r in sorted(results["scales"].items()):
        per_page = 1000 * r["cold"]["seconds"] / r["pages"]
        per_editor = 1000 * r["cold"]["seconds"] / r["editor_pages"]
        base, base_editor = base or per_page, base_editor or per_editor
        base_date = base_date or r.get("date", "earlier")
        same_run = r.get("date", "earlier") == base_date  # a ratio only between figures of one run
        page_ratio = f"{per_page / base:.2f}×" if same_run else "other run"
        editor_ratio = f"{per_editor / base_editor:.2f}×" if same_run else "other run"
        lines.append(
            f"| {scale}× ({r.get('date', 'earlier')}) | {r['pages']} ({r['editor_pages']}) | {cold_cell(r['cold'])} "
            f"| {per_page:.0f} ({page_ratio}) | {per_editor:.0f} ({editor_ratio}) "
            f"| {r['warm']['seconds']} | {r['cold']['steps'].get('study cards (waiting)', 0)} |"
        )
    lines += ["", "| measure | value |", "|---|---|"]
    for scale, r in sorted(results["scales"].items()):
        i = r["index"]
        lines.append(
            f"| search index at {scale}× | {i['index_bytes'] / 1e6:.2f} MB ({i['index_gzip_bytes'] / 1e6:.2f} MB gzip), "
            f"{i['index_to_text']}× the text it indexes ({i['indexed_text_bytes'] / 1e6:.2f} MB) |"
        )
    for scale, s in results.get("search_latency", {}).items():
        lines.append(
            f"| search latency at {scale}× (median / p95) | {s['latency_median_ms']} / {s['latency_p95_ms']} ms, "
            f"first query {s['cold_first_query_ms']} ms, hit@3 {s['hit@3']} |"
        )
    if w := results.get("first_load"):
        lines.append(
            f"| first load of {w['page']} | {w['bytes'] / 1000:.0f} KB uncompressed, {w['brotli_bytes'] / 1000:.0f} KB brotli, "
            f"{w['requests']} requests |"
        )
    if o := results.get("offline"):
        lines.append(
            f"| offline precache | {o['files']} files, {o['bytes'] / 1e6:.2f} MB uncompressed, "
            f"{o['brotli_bytes'] / 1e6:.2f} MB brotli (goal ≤ 2 MB) |"
        )
        lines.append(
            f"| first visit until the whole site is cached, on a 1.6 Mbit/s line with 150 ms latency | "
            f"{o['fully_cached_s_fast3g']} s |"
        )
    if u := results.get("update"):
        files = ", ".join(f"{f} {b / 1000:.1f}" for f, b in u["changed_files"].items())
        lines.append(
            f"| an installed reader's download after a one-word edit ({u['edit']}) | "
            f"{u['brotli_bytes'] / 1000:.1f} KB brotli with sw.js (goal ≤ 60 KB): {len(u['changed_files'])} "
            f"changed files, KB each: {files} |"
        )
    if "serve" in results:
        lines.append(
            f"| `make serve` rebuild after editing one page | median {results['serve']['median']} s "
            f"({', '.join(map(str, results['serve']['rebuild_seconds']))}) |"
        )
    if "editions" in results:
        lines += [
            "",
            f"Kommun editions ({results['editions'].get('date', 'earlier')}):",
            "",
            editions_report(results["editions"]),
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,50")
    parser.add_argument("--editions", default="1,10,290", help="kommun editions to build beside the national site")
    args = parser.parse_args()
    if hint := chromium.missing():
        print(hint, file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    scales = [int(x) for x in args.scales.split(",") if x]
    results: dict = {"scales": {}, "search_latency": {}}
    if (RESULTS / "build.json").exists():  # a run of some scales keeps the figures of the others
        results = json.loads((RESULTS / "build.json").read_text(encoding="utf-8"))
        results["scales"] = {int(k): v for k, v in results["scales"].items()}
        results["search_latency"] = {int(k): v for k, v in results.get("search_latency", {}).items()}
    results.update({"date": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores"})
    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = chromium.launch(p)
        for scale in scales:
            project = copy_project(Path(tmp) / f"x{scale}")
            multiply(project, scale)
            print(f"{scale}×: building (cold)…", flush=True)
            cold = cold_build(project, runs=BASE_RUNS if scale == 1 else 1)
            warm = run_build(project)
            site = project / "site"
            editor_pages = sum(1 for _ in (project / "docs").rglob("*.md"))
            results["scales"][scale] = {
                "date": time.strftime("%Y-%m-%d"),
                "pages": page_count(site),
                "editor_pages": editor_pages,
                "cold": cold,
                "warm": warm,
                "index": index_figures(site),
            }
            if scale == 1:
                with serve(site) as base:
                    results["first_load"] = first_load(browser, base, site, TARGET_PAGE)
                results["offline"] = offline_figures(browser, site)
                results["update"] = update_cost(project)
                results["serve"] = serve_rebuild(project)
            if scale == max(scales):
                with serve(site) as base:
                    m = measure(browser, base, queries)
                    results["search_latency"][scale] = {
                        **summary(m["rows"]),
                        "cold_first_query_ms": m["cold_first_query_ms"],
                    }
            shutil.rmtree(project)
            write(results)
        browser.close()
    if args.editions:
        results["editions"] = {
            "date": time.strftime("%Y-%m-%d"),
            **edition_figures([int(x) for x in args.editions.split(",")]),
        }
        write(results)
    return 0


def write(results: dict) -> None:
    """Report so far (written after each scale, so a long run leaves its figures behind)."""
    RESULTS.mkdir(exist_ok=True)
    text = report(results)
    (RESULTS / "build.md").write_text(
        f"# Build benchmark ({results['date']}, {results['machine']})\n\n{text}", encoding="utf-8"
    )
    (RESULTS / "build.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
