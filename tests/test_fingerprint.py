"""Hashed asset names: each file renamed by its content, and every way a page names it rewritten."""

from __future__ import annotations

from pathlib import Path

from scripts import fingerprint


def test_assets_get_their_hash_and_pages_ask_for_it(tmp_path: Path):
    css = tmp_path / "assets" / "css" / "portal.css"
    css.parent.mkdir(parents=True)
    css.write_text("body{}", encoding="utf-8")
    worker = tmp_path / "assets" / "javascripts" / "portal-search.js"
    worker.parent.mkdir(parents=True)
    worker.write_text("//", encoding="utf-8")
    renamed = fingerprint.rename_assets(tmp_path)
    new = renamed["assets/css/portal.css"]
    assert new.startswith("assets/css/portal.") and (tmp_path / new).is_file() and not css.exists()
    assert worker.exists() and "assets/javascripts/portal-search.js" not in renamed  # loaded by name
    page = (
        '<link href="assets/css/portal.css"><link href="./assets/css/portal.css">'
        '<link href="../../assets/css/portal.css"><link href="/assets/css/portal.css?v=1">'
        '<a href="x/assets/css/portal.css">'
    )
    assert fingerprint.rewriter(renamed)(page) == (
        f'<link href="{new}"><link href="./{new}"><link href="../../{new}"><link href="/{new}?v=1">'
        '<a href="x/assets/css/portal.css">'
    )
    assert fingerprint.rename_assets(tmp_path) == {}  # hashed once: a second pass renames nothing
