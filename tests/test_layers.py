"""The one-way data flow of docs/design.md, read off the import statements.

sheets_templates/ (the contract) imports none of the layers above it, reports/ never imports a
backend, and the parts of sync/ do not import each other in a circle. Imports inside functions
count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tests.conftest import ROOT

LAYERS = ("sheets_templates", "sync", "reports", "addin")


def imported_modules(package: str) -> Iterator[tuple[str, str]]:
    """(importing module, imported module) for every absolute import in `package`."""
    for path in sorted((ROOT / package).rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from ((module, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                yield module, node.module


def layer_imports(package: str) -> set[str]:
    """The other layers `package` imports."""
    return {
        imported.split(".")[0]
        for _, imported in imported_modules(package)
        if imported.split(".")[0] in LAYERS
    } - {package}


def unit(module: str) -> str:
    """`sync.google.backend` -> `sync.google`: a top-level module or package of its layer."""
    return ".".join(module.split(".")[:2])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of imports in `graph`, each from its smallest member."""
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for nxt in sorted(graph.get(path[-1], ())):
            if nxt == path[0]:
                found.append(path)
            elif nxt > path[0] and nxt not in path:
                walk([*path, nxt])

    for start in sorted(graph):
        walk([start])
    return found


def test_the_contract_layer_imports_no_layer_above_it() -> None:
    assert layer_imports("sheets_templates") == set()


def test_reports_never_import_a_backend_or_a_face() -> None:
    assert layer_imports("reports") == {"sheets_templates"}


def test_the_parts_of_sync_import_each_other_one_way() -> None:
    graph: dict[str, set[str]] = {}
    for importer, imported in imported_modules("sync"):
        if imported.startswith("sync.") and unit(imported) != unit(importer):
            graph.setdefault(unit(importer), set()).add(unit(imported))
    assert graph["sync.open"] >= {"sync.google", "sync.xlsx"}  # the graph was read
    assert cycles(graph) == []


def test_a_circle_of_imports_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
