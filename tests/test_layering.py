"""The package's folders are its architecture: a layer imports only from layers below it.

Ranks (README, "Where the logic lives"): core 0; safety, rules and theme 1 (peers); content 2;
handbook, learning, adr and figures 3 (peers, which do not import each other);
checks 4; site 5; the CLI 6. Every import, at module level or inside a
function, is read from the source, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "archbook"
RANK = {
    "core": 0,
    "safety": 1, "theme": 1, "rules": 1,
    "content": 2,
    "handbook": 3, "learning": 3, "adr": 3, "figures": 3,
    "checks": 4,
    "site": 5, "export": 5,
    "cli": 6,
}


def layer_of(module: str) -> str:
    """``archbook.content.data`` -> ``content``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "archbook"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every ``archbook`` module ``path`` imports, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("archbook")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("archbook"):
            # ``from archbook.adr import pages`` imports the module ``archbook.adr.pages``;
            # ``resolve`` below trims a name that is not a module back to its module.
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def layering_problems(modules: list[Path]) -> list[str]:
    problems = []
    for path in modules:
        name = module_name(path)
        own = layer_of(name)
        if own == "archbook":
            continue
        for line, target in imports_of(path):
            other = layer_of(target)
            if other == own or other == "archbook":
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if other not in RANK or own not in RANK:
                problems.append(f"{where}: layer {own!r} or {other!r} has no rank")
            elif RANK[other] > RANK[own]:
                problems.append(f"{where}: {own} (rank {RANK[own]}) imports {target} (rank {RANK[other]})")
            elif RANK[other] == RANK[own]:
                problems.append(f"{where}: {own} imports its peer {target}")
    return problems


def test_every_folder_of_the_package_has_a_rank():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert folders | modules == set(RANK)


def test_no_layer_imports_a_layer_above_it_or_a_peer():
    assert layering_problems(MODULES) == []


def test_no_import_cycles_between_modules():
    graph = {module_name(p): {t for _, t in imports_of(p)} for p in MODULES}
    names = set(graph)

    def resolve(target: str) -> str | None:
        while target and target not in names:
            target = target.rpartition(".")[0]
        return target or None

    edges = {m: {r for t in ts if (r := resolve(t)) and r != m and not m.startswith(r + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [node, nxt]) if nxt in stack else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, stack + [node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert cycles == []


@pytest.mark.parametrize("source, expected", [
    ("from archbook.site.macros import x\n", "content (rank 2) imports archbook.site.macros"),
    ("def f():\n    from archbook.checks import parity\n", "content (rank 2) imports archbook.checks"),
    ("from archbook import handbook\n", "content (rank 2) imports archbook.handbook"),
])
def test_the_layering_check_catches_an_upward_import(tmp_path, monkeypatch, source, expected):
    fake = tmp_path / "archbook" / "content" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(source, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "archbook")
    [problem] = layering_problems([fake])
    assert expected in problem


def test_peers_may_not_import_each_other(tmp_path, monkeypatch):
    fake = tmp_path / "archbook" / "learning" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from archbook.adr.model import AdrUi\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "archbook")
    [problem] = layering_problems([fake])
    assert "learning imports its peer archbook.adr.model" in problem
