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
    with pytest.raises(engine_mkdocs.EngineError, match=message):
        engine_mkdocs.check_page_config(tmp_path)


def test_the_built_start_page_passes_the_guard_and_has_no_engine_search(site_dir: Path):
    engine_mkdocs.check_page_config(site_dir)
    assert not (site_dir / "assets" / "javascripts" / "workers").exists()
