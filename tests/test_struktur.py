"""The shape of the code, read from the source with `ast` (nothing is imported):

- no module of an app uses another module's private name (`from m import _x`, or `m._x`
  on a module it imported);
- no import circle between the modules of one app at module level. Imports inside a
  function (a task importing its service when it runs) and under `if TYPE_CHECKING:`
  do not run at import time and are left out.

Tests and migrations are left out: a test may reach into the module it tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "pegawai", "bebankerja", "mutasi")


def _modules(app: str) -> dict[str, Path]:
    """Dotted name → file of every module of `app` except tests and migrations."""
    found = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        rel = path.relative_to(ROOT)
        if {"tests", "migrations"} & set(rel.parts):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES: dict[str, Path] = {}
for _app in APPS:
    MODULES.update(_modules(_app))
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py"}


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute name a `from … import` in `module` reads from."""
    if not node.level:
        return node.module or ""
    package = module if module in PACKAGES else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: not in a function or class body,
    not under `if TYPE_CHECKING:` (but inside `try`, `if` and `with` blocks)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                if not _type_checking(node):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    visit(block)
                for handler in node.handlers:
                    visit(handler.body)
            elif isinstance(node, ast.With):
                visit(node.body)

    visit(tree.body)
    return found


def _parse(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"), filename=str(MODULES[module]))


def private_uses(module: str, tree: ast.Module | None = None) -> list[str]:
    """Where `module` uses a private name of another project module."""
    tree = tree or _parse(module)
    problems = []
    aliases = {}  # local name → project module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            for alias in node.names:
                if source in MODULES and _is_private(alias.name):
                    problems.append(f"{module}:{node.lineno} imports {source}.{alias.name}")
                if f"{source}.{alias.name}" in MODULES:
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _is_private(node.attr)
                and isinstance(node.value, ast.Name) and node.value.id in aliases
                and aliases[node.value.id] != module):
            problems.append(f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    return problems


def import_graph(app: str, sources: dict[str, ast.Module] | None = None) -> dict[str, set[str]]:
    """Module → the modules of the same app it imports at module level."""
    graph: dict[str, set[str]] = {}
    for module in _modules(app):
        tree = (sources or {}).get(module) or _parse(module)
        targets = set()
        for node in _module_level_imports(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                source = _resolve(module, node)
                names = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source
                         for a in node.names]
            targets |= {n for n in names if n in MODULES and n.split(".")[0] == app}
        graph[module] = targets - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_module_uses_a_private_name_of_another(app):
    problems = [p for module in _modules(app) for p in private_uses(module)]
    assert problems == []


@pytest.mark.parametrize("app", APPS)
def test_no_import_circle_between_modules_of_an_app(app):
    assert cycles(import_graph(app)) == []


def test_the_checks_see_what_they_look_for():
    """Each rule finds a planted case, so an empty result above means something."""
    plant = ast.parse("from .impor.reader import _rahasia\nfrom . import hooks\nhooks._receivers\n")
    assert private_uses("pegawai.services", plant) == [
        "pegawai.services:1 imports pegawai.impor.reader._rahasia",
        "pegawai.services:3 uses pegawai.hooks._receivers",
    ]
    lingkar = ast.parse("from . import keputusan\n\ndef f():\n    from . import tasks\n")
    graph = import_graph("mutasi", {"mutasi.workflow": lingkar})
    assert ["mutasi.keputusan", "mutasi.workflow"] in cycles(graph)
    assert "mutasi.tasks" not in graph["mutasi.workflow"]
