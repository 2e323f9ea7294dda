"""Every refusal the registry's handlers make is a pure rule with a test here, or a storage fact (a name missing
or taken), read from the source: a new inline refusal in a handler, or a rule without a test, fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import policyhub.gec

GEC = Path(policyhub.gec.__file__).parent
HERE = Path(__file__).parent
CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")
# What only storage can say: the named row does not exist, or already does. Everything else is a rule.
STORAGE_FACTS = {"already_exists", "unknown_account", "unknown_project", "unknown_auction", "unknown_listing",
                 "unknown_contract"}  # fmt: skip
MAKERS = {"refuse": 1, "NotFound": 1, "InputError": 1, "RowsRefused": 0}  # the code's position


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def codes_in(path: Path) -> set[str]:
    """The codes of the refusals made in a module: literal code arguments, and (row, reason, code) problems."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            at = MAKERS.get(name)
            if at is not None and len(node.args) > at:
                found |= _strings(node.args[at])
            found |= {s for k in node.keywords if k.arg == "code" for s in _strings(k.value)}
        elif isinstance(node, ast.Tuple) and len(node.elts) == 3:
            last = node.elts[2]
            if isinstance(last, ast.Constant) and isinstance(last.value, str):
                found.add(last.value)
    return {c for c in found if CODE.match(c)}


def test_handlers_refuse_only_storage_facts_themselves() -> None:
    inline = {path.name: codes_in(path) - STORAGE_FACTS for path in sorted((GEC / "service").glob("*.py"))}
    assert {name: codes for name, codes in inline.items() if codes} == {}


def test_every_rule_code_has_a_test_that_opens_no_database() -> None:
    rules = set().union(*(codes_in(path) for path in (GEC / "domain" / "refusals").glob("*.py")))
    assert len(rules) > 40
    tests = "\n".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_refusals_*.py"))
    untested = sorted(c for c in rules if f'"{c}"' not in tests)
    assert untested == []
