"""Only the engine adapter knows MkDocs and Material, and it fails loudly when Material changes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scripts import engine_mkdocs

ROOT = Path(__file__).resolve().parent.parent
ENGINE_PACKAGES = {"mkdocs", "material"}


def engine_imports(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & ENGINE_PACKAGES


def test_only_the_adapter_imports_the_engine():
    files = [f for folder in ("scripts", "tests", "bench") for f in (ROOT / folder).rglob("*.py")]
    knowing = sorted(f.relative_to(ROOT).as_posix() for f in files if engine_imports(f))
    assert knowing == ["scripts/engine_mkdocs.py"]


def test_boundary_check_sees_an_import(tmp_path: Path):
    sneaky = tmp_path / "x.py"
    sneaky.write_text("def f():\n    from mkdocs.config import load_config\n", encoding="utf-8")
    assert engine_imports(sneaky) == {"mkdocs"}


def test_a_changed_material_worker_stops_the_build(tmp_path: Path, monkeypatch):
    assert engine_mkdocs.material_worker().startswith("assets/javascripts/workers/search.")
    monkeypatch.setattr(engine_mkdocs, "material_templates", lambda: tmp_path)  # a Material without that worker
    with pytest.raises(engine_mkdocs.EngineError, match="sökarbetare"):
        engine_mkdocs.material_worker()


def test_the_pages_start_the_portal_worker(site_dir: Path):
    start = (site_dir / "index.html").read_text(encoding="utf-8")
    assert engine_mkdocs.PORTAL_WORKER in start and "workers/search." not in start
