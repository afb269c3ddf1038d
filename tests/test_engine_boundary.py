"""Only an engine's adapter imports it, and a broken page config stops the build on any engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scripts import engine

ROOT = Path(__file__).resolve().parent.parent
ENGINE_PACKAGES = {"mkdocs", "material", "zensical"}


def engine_imports(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & ENGINE_PACKAGES


def test_only_an_engines_adapter_imports_it():
    files = [f for folder in ("scripts", "tests", "bench") for f in (ROOT / folder).rglob("*.py")]
    knowing = {f.relative_to(ROOT).as_posix(): engine_imports(f) for f in files if engine_imports(f)}
    assert knowing == {"scripts/engine_mkdocs.py": {"mkdocs"}, "scripts/engine_zensical.py": {"zensical"}}


def test_boundary_check_sees_an_import(tmp_path: Path):
    sneaky = tmp_path / "x.py"
    sneaky.write_text("def f():\n    from mkdocs.config import load_config\n", encoding="utf-8")
    assert engine_imports(sneaky) == {"mkdocs"}


@pytest.mark.parametrize(
    "config, message",
    [
        ("", "ingen sidkonfiguration"),
        ('<script id="__config" type="application/json">{"base": "."</script>', "inte giltig JSON"),
        ('<script id="__config" type="application/json">{"s": "' + "x" * 5000 + '"}</script>', "tecken"),
    ],
)
def test_a_broken_page_config_stops_the_build(tmp_path: Path, config: str, message: str):
    """The guard that would have caught a template filling the config with thousands of copies of a path."""
    (tmp_path / "index.html").write_text(f"<html><head>{config}</head></html>", encoding="utf-8")
    with pytest.raises(engine.EngineError, match=message):
        engine.check_page_config(tmp_path)


def test_the_built_start_page_passes_the_guard_and_has_no_engine_search(site_dir: Path):
    engine.check_page_config(site_dir)
    assert not (site_dir / "assets" / "javascripts" / "workers").exists()
