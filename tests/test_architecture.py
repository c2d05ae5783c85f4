"""The layering of ARCHITECTURE.md, checked on the real source files.

Allowed imports point downward (ui -> workbench -> db, workbench -> exports). The core
(workbench/, db/, exports/) never imports PySide6 or ui/; the one exception is the entry
point workbench/cli.py, which may import ui.app lazily, inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
CORE = ("workbench", "db", "exports")
ENTRY_POINT = "workbench/cli.py"

# layer -> top-level packages it must never import
FORBIDDEN = {
    "workbench": {"PySide6", "shiboken6", "ui"},
    "db": {"PySide6", "shiboken6", "ui", "workbench", "exports"},
    "exports": {"PySide6", "shiboken6", "ui", "db"},
}


def _imports(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level?) for every import in the tree."""
    out: list[tuple[str, int, bool]] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef
                                              | ast.Lambda)
            if isinstance(child, ast.Import):
                out.extend((alias.name, child.lineno, not in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                out.append((child.module, child.lineno, not in_function))
            walk(child, inner)

    walk(tree, False)
    return out


def _dynamic_imports(tree: ast.AST) -> list[tuple[str, int]]:
    """importlib.import_module("x") / __import__("x") with a literal name."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                out.append((node.args[0].value, node.lineno))
    return out


def violations(layer: str, rel: str, source: str) -> list[str]:
    tree = ast.parse(source, filename=rel)
    found = []
    for module, line, top_level in _imports(tree):
        root = module.split(".")[0]
        if root not in FORBIDDEN[layer]:
            continue
        if rel == ENTRY_POINT and module.startswith("ui.app") and not top_level:
            continue  # the entry point opens the window lazily
        found.append(f"{rel}:{line} imports {module}")
    for module, line in _dynamic_imports(tree):
        if module.split(".")[0] in FORBIDDEN[layer]:
            found.append(f"{rel}:{line} dynamically imports {module}")
    return found


def _core_files() -> list[tuple[str, Path]]:
    files = []
    for layer in CORE:
        files += [(layer, p) for p in sorted((PROJECT / layer).rglob("*.py"))
                  if ".venv" not in p.parts]
    return files


def test_the_core_files_are_found() -> None:
    rels = {p.relative_to(PROJECT).as_posix() for _, p in _core_files()}
    # If the walk found nothing the test below would pass vacuously.
    assert {"workbench/case.py", "workbench/cli.py", "db/engine.py", "db/keys.py",
            "exports/__init__.py"} <= rels


def test_core_never_imports_the_window_or_upward() -> None:
    problems = []
    for layer, path in _core_files():
        rel = path.relative_to(PROJECT).as_posix()
        problems += violations(layer, rel, path.read_text(encoding="utf-8"))
    assert problems == [], "layering broken:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("layer", "rel", "source"),
    [
        ("workbench", "workbench/x.py", "import PySide6.QtCore\n"),
        ("workbench", "workbench/x.py", "from PySide6 import QtWidgets\n"),
        ("workbench", "workbench/x.py", "def f():\n    from ui.main_window import W\n"),
        ("workbench", "workbench/cli.py", "from ui.app import run\n"),  # not lazily
        ("workbench", "workbench/cli.py", "def f():\n    import ui.views\n"),
        ("db", "db/x.py", "from workbench.case import Case\n"),
        ("db", "db/x.py", "import exports.pdf\n"),
        ("exports", "exports/x.py", "from db.models import Event\n"),
        ("exports", "exports/x.py", "import importlib\nimportlib.import_module('ui.app')\n"),
    ],
    ids=lambda value: "" if isinstance(value, str) and "\n" in value else None,
)
def test_the_check_catches_a_forbidden_import(layer: str, rel: str, source: str) -> None:
    assert violations(layer, rel, source)


@pytest.mark.parametrize(
    ("layer", "rel", "source"),
    [
        ("workbench", "workbench/cli.py", "def gui():\n    from ui.app import run\n"),
        ("workbench", "workbench/x.py", "from db.models import Event\nimport exports\n"),
        ("workbench", "workbench/x.py", "from .case import Case\n"),
        ("exports", "exports/x.py", "import reportlab\n"),
    ],
    ids=lambda value: "" if isinstance(value, str) and "\n" in value else None,
)
def test_the_check_allows_what_the_layers_allow(layer: str, rel: str, source: str) -> None:
    assert violations(layer, rel, source) == []
