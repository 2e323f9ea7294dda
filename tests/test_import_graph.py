"""The layering docs/design.md states: no import circles, the registry's adapters its own, the registry below the web.

The graph is read from the source with `ast`: every `import` and `from … import`, at module level, inside
functions and under `if TYPE_CHECKING:` alike (a lazy or typing-only import is still an arrow between modules).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def modules(src: Path) -> dict[str, tuple[Path, bool]]:
    """Every module under `src` by dotted name: (its file, whether it is a package's __init__)."""
    found = {}
    for file in sorted(src.rglob("*.py")):
        parts = list(file.relative_to(src).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (file, package)
    return found


def _imported(module: str, package: bool, node: ast.Import | ast.ImportFrom, known: set[str]) -> Iterator[str]:
    """The known modules an import statement names (the longest known prefix of each name)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            prefix = ".".join([*base, node.module] if node.module else base)
        else:
            prefix = node.module or ""
        # `from pkg import name`: the submodule pkg.name if there is one, else pkg itself.
        names = [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in known else prefix for alias in node.names]
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            yield name


def graph(src: Path) -> dict[str, set[str]]:
    """Module → the modules it imports, wherever in the file the import is."""
    found = modules(src)
    known = set(found)
    edges: dict[str, set[str]] = {}
    for module, (file, package) in found.items():
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        edges[module] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _imported(module, package, node, known)
        }
    return edges


@cache
def _ours() -> dict[str, set[str]]:
    return graph(SRC)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a circle (Tarjan's components, size > 1)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_sees_imports_of_every_kind() -> None:
    edges = _ours()
    assert "policyhub.storage.engines" in edges["policyhub.storage"]  # a package's relative re-export
    assert "policyhub.match.service" in edges["policyhub.match.cli"]  # module level
    assert "policyhub.firms.store" in edges["policyhub.firms.cli"]  # inside a function
    assert "policyhub.gec.receipts" in edges["policyhub.gec.desk_queue"]  # under `if TYPE_CHECKING:`


def test_no_import_circles() -> None:
    found = cycles(_ours())
    assert not found, "modules importing each other (move what both need below them):\n" + "\n".join(
        " ↔ ".join(group) for group in found
    )


def test_nothing_outside_the_registry_imports_its_adapters() -> None:
    edges = _ours()
    wrong = sorted(
        f"{source} → {target}"
        for source, targets in edges.items()
        if not _within(source, "policyhub.gec")
        for target in targets
        if _within(target, "policyhub.gec.adapters")
    )
    assert not wrong, "engines, URLs and migrations are policyhub.storage's:\n" + "\n".join(wrong)


def test_the_registry_never_imports_the_web() -> None:
    edges = _ours()
    wrong = sorted(
        f"{source} → {target}"
        for source, targets in edges.items()
        if _within(source, "policyhub.gec")
        for target in targets
        if _within(target, "policyhub.web")
    )
    assert not wrong, "the web sits above the registry:\n" + "\n".join(wrong)


def test_a_circle_and_a_lazy_import_are_found(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "model.py").write_text("def find():\n    from pkg.search import run\n    return run\n")
    (pkg / "search.py").write_text("from . import model\n")
    (pkg / "free.py").write_text("import pkg.model\n")
    assert cycles(graph(tmp_path)) == [["pkg.model", "pkg.search"]]
