"""The library is the lowest of the systems: no module of it imports another system (renewal, match …)."""

from __future__ import annotations

import ast
from pathlib import Path

from policyhub import cli

LIBRARY = Path(__file__).resolve().parents[2] / "src" / "policyhub" / "library"
# Every system the root CLI runs, and the packages that assemble them; policyhub.library.rules is the library's own.
SYSTEMS = {where.split(":")[0].split(".")[1] for where, _ in cli.SYSTEMS.values()} | {"firms", "web"}


def _imported(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_no_library_module_imports_a_system_above_it() -> None:
    above = SYSTEMS - {"library"}
    assert "renewal" in above and "match" in above
    modules = sorted(LIBRARY.rglob("*.py"))
    assert modules
    offending = {
        str(path.relative_to(LIBRARY)): sorted(
            m for m in _imported(path) if m.startswith("policyhub.") and m.split(".")[1] in above
        )
        for path in modules
    }
    assert {k: v for k, v in offending.items() if v} == {}
