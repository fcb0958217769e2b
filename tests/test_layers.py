"""The house's layers only point down, and no import goes round in a circle.

`models` (vocabulary, validation; no I/O) ← the engine (`lineage`, less its command line)
← the front ends (`api`, `lineage.cli`). `visualise` turns data into pictures and documents
and imports only `models`. Read from the source's own import statements, nested ones too,
so an import hidden inside a function counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx  # type: ignore[import-untyped]
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "lineage", "api", "visualise")
FRONT_ENDS = ("api", "lineage.cli", "lineage.__main__")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, str]:
    """Every module of the packages, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path.read_text(encoding="utf-8")
    return found


def imported(source: str, modules: set[str], name: str) -> Iterator[str]:
    """The project's modules that `source` imports: `from a import b` means `a.b` when `b`
    is a module, else `a`."""
    package = name if name in _packages(modules) else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if _ours(alias.name))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if not _ours(base):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield full if full in modules else base


def _packages(modules: set[str]) -> set[str]:
    return {m.rpartition(".")[0] for m in modules if "." in m}


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - node.level + 1])
    return f"{base}.{node.module}" if node.module else base


def _ours(name: str) -> bool:
    return name.split(".")[0] in PACKAGES


def import_graph(modules: dict[str, str]) -> nx.DiGraph:
    graph = nx.DiGraph()
    names = set(modules)
    for name, source in modules.items():
        graph.add_node(name)
        for target in imported(source, names, name):
            if target != name:
                graph.add_edge(name, target)
    return graph


def layer(name: str) -> str:
    """Which layer a module is in."""
    if any(name == f or name.startswith(f + ".") for f in FRONT_ENDS):
        return "front end"
    return {"models": "models", "lineage": "engine", "visualise": "visualise"}[name.split(".")[0]]


MAY_IMPORT = {
    "models": {"models"},
    "engine": {"models", "engine"},
    "visualise": {"models", "visualise"},
    "front end": {"models", "engine", "visualise", "front end"},
}


def wrong_way(graph: nx.DiGraph) -> list[str]:
    """Every import that points up or sideways, as `importer -> imported (layers)`."""
    return [
        f"{a} -> {b} ({layer(a)} may not import {layer(b)})"
        for a, b in sorted(graph.edges)
        if layer(b) not in MAY_IMPORT[layer(a)]
    ] + [
        f"{a} -> {b} (the HTTP API may not import the command line)"
        for a, b in sorted(graph.edges)
        if a.startswith("api") and b.startswith("lineage.cli")
    ]


def circles(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def test_no_import_goes_round_in_a_circle() -> None:
    assert circles(import_graph(sources())) == []


def test_every_import_points_down_the_layers() -> None:
    assert wrong_way(import_graph(sources())) == []


def test_the_graph_sees_every_package() -> None:
    graph = import_graph(sources())
    assert {layer(n) for n in graph} == {"models", "engine", "visualise", "front end"}
    assert graph.has_edge("lineage.cli.main", "lineage.cli.ledger")
    assert graph.has_edge("api.app", "lineage.service")


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        ({"lineage.a": "import api.app", "api.app": ""}, ["lineage.a -> api.app"]),
        (
            {"lineage.a": "def f():\n    from visualise import dot\n", "visualise.dot": ""},
            ["lineage.a -> visualise.dot"],
        ),
        ({"visualise.a": "from lineage.b import c", "lineage.b": ""}, ["visualise.a -> lineage.b"]),
        ({"models.a": "from lineage import b", "lineage.b": ""}, ["models.a -> lineage.b"]),
        (
            {"lineage.a": "from lineage.cli import main", "lineage.cli": ""},
            ["lineage.a -> lineage.cli"],
        ),
        (
            {"api.a": "from lineage.cli.main import main", "lineage.cli.main": ""},
            ["api.a -> lineage.cli.main"],
        ),
        (
            {
                "lineage.cli.x": "import api.app\nimport visualise.dot",
                "api.app": "",
                "visualise.dot": "",
            },
            [],
        ),
    ],
)
def test_an_import_against_the_layers_is_caught(
    modules: dict[str, str], expected: list[str]
) -> None:
    found = [line.split(" (")[0] for line in wrong_way(import_graph(modules))]
    assert found == expected


def test_a_circle_is_caught() -> None:
    modules = {
        "lineage.a": "from lineage.b import x",
        "lineage.b": "from lineage import c",
        "lineage.c": "import lineage.a",
    }
    assert circles(import_graph(modules)) == [["lineage.a", "lineage.b", "lineage.c"]]
