"""The package's floors only look down: no import cycle, and no lower floor importing a higher one.

Every import counts, including those inside functions and under TYPE_CHECKING: a
cycle hidden in a function is still a cycle for the next engineer.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cchcsite"

# module prefix → what it must never import (prefixes). Lower floors first.
FORBIDDEN = {
    "cchcsite.schema": ("cchcsite.config", "cchcsite.content", "cchcsite.render", "cchcsite.cms", "cchcsite.scaffold", "cchcsite.pipeline"),
    "cchcsite.config": ("cchcsite.content", "cchcsite.render", "cchcsite.cms", "cchcsite.scaffold", "cchcsite.pipeline"),
    "cchcsite.content": (
        "cchcsite.render",
        "cchcsite.images",
        "cchcsite.cms",
        "cchcsite.scaffold",
        "cchcsite.pipeline",
        "cchcsite.serve",
        "cchcsite.commands",
        "cchcsite.importers",
    ),
    "cchcsite.render": (
        "cchcsite.images",  # the photo stage (Pillow) runs before the render; pages only read what it made
        "cchcsite.cms",
        "cchcsite.scaffold",
        "cchcsite.pipeline",
        "cchcsite.serve",
        "cchcsite.commands",
        "cchcsite.importers",
    ),
    "cchcsite.cms": ("cchcsite.scaffold", "cchcsite.pipeline", "cchcsite.serve", "cchcsite.commands"),
    "cchcsite.reference": ("cchcsite.scaffold", "cchcsite.cms", "cchcsite.pipeline"),
    "cchcsite.live": ("cchcsite.content", "cchcsite.render", "cchcsite.write", "cchcsite.cache", "cchcsite.search"),
    # serve reaches the stages only through the pipeline
    "cchcsite.serve": ("cchcsite.content", "cchcsite.render", "cchcsite.write", "cchcsite.search", "cchcsite.markdown"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {target for target in found if target.startswith("cchcsite")}


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {t for t in imports_of(path) if t in modules and t != name and t != "cchcsite"} for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_in_the_package():
    assert cycles(graph()) == []


def test_no_floor_imports_a_higher_one():
    wrong = []
    for module, targets in sorted(graph().items()):
        for floor, forbidden in FORBIDDEN.items():
            if module == floor or module.startswith(floor + "."):
                wrong += [f"{module} imports {t}" for t in sorted(targets) if t.startswith(forbidden)]
    assert wrong == []


# The only modules that may reach the importers: the `import` command and the CLI that lists it.
IMPORTERS = "cchcsite.importers"
IMPORTERS_USERS = ("cchcsite.importers", "cchcsite.commands.imports", "cchcsite.cli")


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += edges.get(module, ())
    return seen


def test_building_never_reaches_the_importers():
    """Loading, rendering, building and serving a site work without a line of import code: the
    importers may change (a new source, a new portal format) without touching a build."""
    edges = graph()
    direct = sorted(
        f"{module} imports {target}"
        for module, targets in edges.items()
        if not module.startswith(IMPORTERS_USERS)
        for target in targets
        if target.startswith(IMPORTERS)
    )
    assert direct == []
    for start in ("cchcsite.pipeline", "cchcsite.serve", "cchcsite.commands.build", "cchcsite.commands.check"):
        assert not any(m.startswith(IMPORTERS) for m in reachable(edges, start)), start


def test_the_checker_sees_imports_inside_functions_and_type_checking():
    """The rules above would pass vacuously if the walker missed these forms."""
    edges = graph()
    assert "cchcsite.serve" in edges["cchcsite.commands.serve"]  # imported inside run()
    assert any(t.startswith("cchcsite.content") for t in edges["cchcsite.render.feeds"])  # under TYPE_CHECKING
    assert "cchcsite.importers.procedures" in edges["cchcsite.importers.sources.procedures"]  # imported inside run()
    assert any(m.startswith(IMPORTERS) for m in reachable(edges, "cchcsite.cli"))  # the walk does reach them from the CLI
