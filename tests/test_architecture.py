"""The package's shape (docs/architecture.md): subpackages by concept, small modules, no private
names across modules, and no module but the pipeline and the CLI that takes two stages of one
layer. The layers themselves are checked by import-linter (``make test`` runs ``lint-imports``)."""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pinneberg_analysis"
ORCHESTRATORS = {"pinneberg_analysis.pipeline", "pinneberg_analysis.cli"}
SUBPACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """``(imported module, names)`` for every import of the package in a module."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "pinneberg_analysis":
                found.append((target, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.split(".")[0] == "pinneberg_analysis"]
    return found


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [[m.strip() for m in layer.split("|")] for layer in contract["layers"]]


def test_only_the_entry_points_lie_beside_the_subpackages():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "pipeline.py"]
    layered = {m.rsplit(".", 1)[-1] for layer in _layers() for m in layer}
    assert set(SUBPACKAGES) == layered - {"cli", "pipeline"}  # every subpackage has its layer


def test_no_module_is_over_500_lines():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long


def test_no_private_name_crosses_a_module():
    crossing = [(name, target, n) for name, path in _modules().items()
                for target, names in _imports(name, path) for n in names
                if n.startswith("_") and not n.startswith("__")]
    assert not crossing


def test_no_module_but_pipeline_and_cli_takes_two_stages_of_one_layer():
    siblings = [layer for layer in _layers() if len(layer) > 1]
    assert siblings, "the layers contract lists no independent siblings"
    offenders = []
    for name, path in _modules().items():
        if name in ORCHESTRATORS:
            continue
        targets = {t for t, _ in _imports(name, path)}
        for layer in siblings:
            used = {stage for stage in layer if any(t == stage or t.startswith(stage + ".") for t in targets)}
            if len(used) > 1:
                offenders.append((name, sorted(used)))
    assert not offenders


@pytest.mark.parametrize("subpackage", SUBPACKAGES)
def test_each_subpackage_names_its_api(subpackage):
    module = importlib.import_module(f"pinneberg_analysis.{subpackage}")
    assert module.__doc__ and module.__all__
    for name in module.__all__:
        assert getattr(module, name) is not None, name


def _documented_imports() -> list[tuple[str, str]]:
    """``(module, name)`` of every ``from pinneberg_analysis... import ...`` the users read."""
    import json
    import re

    texts = [p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]]
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts += ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    pattern = re.compile(r"from (pinneberg_analysis[\w.]*) import (?:\(([\w,\s]+)\)|([\w, ]+))")
    return sorted({(m.group(1), n.strip()) for text in texts for m in pattern.finditer(text)
                   for n in (m.group(2) or m.group(3)).split(",") if n.strip()})


def test_every_documented_import_works():
    names = _documented_imports()
    assert ("pinneberg_analysis.cluster", "cluster_contributions") in names
    missing = [(module, name) for module, name in names
               if not hasattr(importlib.import_module(module), name)]
    assert not missing


def test_the_package_exports_the_stages():
    import pinneberg_analysis as pa

    for name in pa.__all__:
        assert getattr(pa, name) is not None, name
    assert callable(pa.rank) and callable(pa.redact) and callable(pa.load)
