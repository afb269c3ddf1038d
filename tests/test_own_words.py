"""The content is in our own words: the project's copy check reports 0 (where the tool and sources exist)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import need_shared

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT.parent / "shared" / "tools" / "verbatim-check"


def test_no_text_copied_from_the_sources():
    need_shared(TOOL)
    result = subprocess.run([str(TOOL), "docs", "kommuner"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " 0 copied runs" in result.stdout
