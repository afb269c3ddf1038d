"""`make serve`: an edit shows at once (only that page is redone while the menu stays the same);
the search index and study cards follow; a new title reaches every page's menu."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

from scripts import search

PAGE = "malgrupper/svarigheter/tvangssyndrom"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, text: str, timeout: float) -> bytes:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read()
            if text.encode() in body:
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear at {url} within {timeout} s")


def wait_for_in_index(base: str, text: str, timeout: float) -> None:
    """Until one part of the search index (named in search/portal-index.js) holds `text`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with suppress(OSError, ValueError):
            manifest = urllib.request.urlopen(f"{base}/{search.INDEX_FILE}", timeout=5).read().decode()
            parts = json.loads(manifest.split("=", 1)[1].rstrip(";\n"))["parts"]
            if any(text.encode() in urllib.request.urlopen(f"{base}/{p}", timeout=5).read() for p in parts):
                return
        time.sleep(0.5)
    raise AssertionError(f"{text!r} did not reach the search index within {timeout} s")


def test_an_edit_is_served_and_the_search_index_and_cards_follow(project_copy: Path, tmp_path: Path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts", "serve", f"127.0.0.1:{port}"],
        cwd=project_copy,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    source = project_copy / "docs" / f"{PAGE}.md"
    word = "blåvalsmarkören"  # a word no page has
    try:
        wait_for(f"{base}/{PAGE}.html", "Tvångssyndrom", timeout=180)
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("stod:\n", f"stod:\n  - Tänk på {word} i vardagen.\n", 1), encoding="utf-8")
        wait_for(f"{base}/{PAGE}.html", word, timeout=60)
        wait_for_in_index(base, f'"{search.key(word)}"', timeout=120)
        card = urllib.request.urlopen(f"{base}/studiekort/malgrupper-a6.pdf", timeout=5)
        assert card.status == 200 and card.read(5) == b"%PDF-"
        # a new title changes the menu of every page: the quick rebuild of one page must not be used
        text = source.read_text(encoding="utf-8")
        source.write_text(
            text.replace("titel: Tvångssyndrom (OCD)", "titel: Tvångssyndrom, ny rubrik", 1), encoding="utf-8"
        )
        wait_for(f"{base}/malgrupper/svarigheter/adhd.html", "Tvångssyndrom, ny rubrik", timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "Bygget stoppades" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert not processes_in(project_copy), "processes left running after the server stopped"


def processes_in(folder: Path) -> list[int]:
    """Processes whose working directory is `folder` (the server's follow-ups and their workers)."""
    found = []
    for proc in Path("/proc").iterdir():
        with suppress(OSError):
            if proc.name.isdigit() and Path(os.readlink(proc / "cwd")) == folder:
                found.append(int(proc.name))
    return found
