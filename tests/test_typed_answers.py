"""Every system's public answer is typed (issue 30): no public function returns `dict[str, Any]`, `Any` or a type
built of them, outside the places named here with the reason.

Read from the source with `ast`, as tests/test_import_graph.py reads imports. A new untyped answer fails here: give
it a TypedDict or a dataclass (docs/design.md, "Typed answers"), or, if it is not an answer, say why below.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "policyhub"


def _exempt_module(rel: str) -> str | None:
    """Why a whole module's functions are not answers (None: they are)."""
    name = rel.rsplit("/", 1)[-1]
    if name.startswith("api"):
        return "route handlers: the annotation is the OpenAPI response schema, kept byte for byte"
    if name.startswith("cli"):
        return "commands print; what they print is the service's typed answer"
    if "/adapters/" in rel:
        return "the registry's storage: database rows"
    if rel.startswith("web/"):
        return "pages: template contexts for Jinja"
    if name == "extract.py" or name.endswith("_extract.py"):
        return "extractors: the free-form JSON of the data files they write from the seed"
    return None


# Public functions that return Any by nature, each with why it is not an answer.
NOT_ANSWERS = {
    "digital/csvio.py::rows_from_csv": "input: each CSV row as the assess contract's free-form JSON",
    "firstset/reading.py::rules": "loads the reading rules' data file",
    "firstset/requirements.py::scales": "loads the scales' data file",
    "firstset/units.py::table": "loads the units' data file",
    "firstset/units.py::registry": "pint's UnitRegistry (pint's own types are untyped)",
    "firstset/units.py::units_of": "a pint quantity's units (pint's own types are untyped)",
    "gec/domain/commands.py::canonical": "a command as JSON, the journal's text: any command's fields",
    "gec/journal_ops.py::rare_entries": "yields database rows",
    "gec/prepared.py::Chain.mark": "a snapshot of the group's internal memo",
    "gec/service/mandates.py::held_query": "a SQL expression",
    "gec/statement_sources.py::Period.when": "a SQL expression",
    "greenpower/render.py::context": "a template context for Jinja",
    "greenpower/seed.py::seed": "loads the data file extracted from the seed",
    "library/rules/ruledata.py::load": "loads four rule files of different free-form shapes",
    "match/logic.py::lookup": "any JSON value found at a path of a firm's profile",
    "renewal/guide.py::extract_industries": "an extractor: the data file's JSON",
    "renewal/kinds.py::table": "loads the asset kinds' data file",
    "renewal/units.py::table": "loads the units' data file",
    "renewal/units.py::grades": "loads the efficiency grades' data file",
}


def _untyped(root: Path = SRC) -> dict[str, str]:
    """'module::function' → its return annotation, for public functions whose answer contains Any."""
    found = {}
    for file in sorted(root.rglob("*.py")):
        rel = file.relative_to(root).as_posix()
        if _exempt_module(rel) is not None:
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        scopes: list[tuple[str, ast.AST]] = [("", tree)]
        while scopes:
            prefix, node = scopes.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    scopes.append((f"{prefix}{child.name}.", child))
                elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and not child.name.startswith("_"):
                    returns = ast.unparse(child.returns) if child.returns is not None else ""
                    if "Any" in returns:
                        found[f"{rel}::{prefix}{child.name}"] = returns
    return found


def test_every_public_answer_is_typed() -> None:
    untyped = {name: returns for name, returns in _untyped().items() if name not in NOT_ANSWERS}
    assert not untyped, f"public functions answering Any (type them, or say in NOT_ANSWERS why not): {untyped}"


def test_every_exemption_still_names_an_untyped_function() -> None:
    stale = sorted(set(NOT_ANSWERS) - set(_untyped()))
    assert not stale, f"NOT_ANSWERS names functions that are typed now or gone: {stale}"


def test_the_scan_finds_untyped_answers_in_functions_and_methods_but_not_routes(tmp_path: Path) -> None:
    (tmp_path / "sys").mkdir()
    untyped = "from typing import Any\ndef answer() -> dict[str, Any]:\n    return {}\n"
    (tmp_path / "sys" / "service.py").write_text(
        untyped + "class Store:\n    def rows(self) -> list[Any]:\n        return []\n"
        "    def _inner(self) -> Any:\n        return 1\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "sys" / "api.py").write_text(untyped, encoding="utf-8")
    assert _untyped(tmp_path) == {"sys/service.py::answer": "dict[str, Any]", "sys/service.py::Store.rows": "list[Any]"}
