"""The content gate against bad inputs nobody tuned it on: bench/gate-heldout.yml.

The held-out set was written by someone who had not seen the gate, before it was built. Each case
changes one file of a copy of the project; the build's checks then run in a child process (a crash
or a hang cannot take this script down). A case that passes the checks is built in full, to see
whether it would ship. Writes bench/results/gate.{json,md}.

    refused   stopped, with a Swedish message naming the file and a line (what a refusal must be)
    unnamed   stopped, but no message names the file with a line
    crashed   a traceback, a signal or a time-out
    shipped   built: the bad input would reach readers
    accepted / wrongly refused   for the harmless cases
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "bench" / "gate-heldout.yml"
RESULTS = ROOT / "bench" / "results"
PROJECT = ["docs", "data", "kommuner", "overrides", "scripts", "mkdocs.yml"]
CHECK = ["-m", "scripts", "validate"]  # what `make validate` runs


def copy_project(dest: Path) -> Path:
    for name in PROJECT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, symlinks=True)
        else:
            shutil.copy2(src, dest / name)
    # The bench measures the content gate, not the history rule (scripts/changes.py): without the
    # record of published pages, a changed page needs no new line in andringar.
    (dest / "data" / "publicerat.yml").unlink(missing_ok=True)
    (ROOT / ".cache").mkdir(exist_ok=True)
    (dest / ".cache").symlink_to(ROOT / ".cache")  # laid-out study cards: a full build takes seconds, not minutes
    return dest


def apply(project: Path, case: dict) -> None:
    file = project / case["fil"]
    change = case["andring"]
    file.parent.mkdir(parents=True, exist_ok=True)
    kind = change["typ"]
    if kind == "append":
        with file.open("a", encoding="utf-8", newline="") as f:
            f.write(change["text"])
    elif kind == "replace":
        text = file.read_text(encoding="utf-8")
        assert text.count(change["gammal"]) == 1, case["namn"]
        file.write_text(text.replace(change["gammal"], change["ny"]), encoding="utf-8", newline="")
    elif kind == "create":
        file.write_text(change["text"], encoding="utf-8", newline="")
    elif kind == "symlink":
        file.unlink(missing_ok=True)
        file.symlink_to(change["mal"])
    elif kind == "bytes":
        file.write_bytes(bytes.fromhex(change["hex"]))
    else:
        raise ValueError(kind)


def run(project: Path, case: dict, command: list[str], timeout: int) -> tuple[str, str]:
    kommun = "goteborg" if case["fil"].startswith("kommuner/goteborg") else ""
    env = {**os.environ, "PORTAL_KOMMUN": kommun, "NO_MKDOCS_2_WARNING": "1"}
    try:
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "crashed", "time-out"
    if done.returncode < 0 or "Traceback" in done.stderr:
        return "crashed", done.stderr[-600:]
    if done.returncode == 0:
        return "passed", done.stderr[-300:]
    named = re.search(rf"^{re.escape(case['fil'])}:\d+: .+$", done.stderr, re.M)
    return ("refused", named[0]) if named else ("unnamed", done.stderr.strip().splitlines()[-2:][0][:300])


def judge(case: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp))
        apply(project, case)
        outcome, detail = run(project, case, [sys.executable, *CHECK], 120)
        if outcome == "passed":
            outcome, detail = run(project, case, [sys.executable, "-m", "scripts", "build"], 600)
            outcome = {"passed": "shipped"}.get(outcome, outcome)
    if case["forvantat"] == "accept":
        outcome = "accepted" if outcome == "shipped" else "wrongly refused"
    return {"namn": case["namn"], "forvantat": case["forvantat"], "utfall": outcome, "detalj": detail}


def main() -> int:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    only = set(sys.argv[1:])
    results = [judge(c) for c in cases if not only or c["namn"] in only]
    counts = Counter(r["utfall"] for r in results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "gate.json").write_text(json.dumps({"counts": counts, "cases": results}, ensure_ascii=False, indent=1))
    lines = ["| outcome | cases |", "|---|---|", *(f"| {k} | {v} |" for k, v in counts.most_common())]
    lines += ["", "| case | expected | outcome | message |", "|---|---|---|---|"]
    lines += [
        f"| {r['namn']} | {r['forvantat']} | {r['utfall']} | {r['detalj'].splitlines()[0][:140] if r['detalj'] else ''} |"
        for r in results
    ]
    (RESULTS / "gate.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[: len(counts) + 2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
