"""Three-valued tests of a profile's facts: met, not_met, unknown (a missing fact is unknown, never false)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policyhub.tristate import MET, NOT_MET, UNKNOWN, Tri

if TYPE_CHECKING:
    from policyhub.match.spec import Test

OPS = ("true", "false", "eq", "in", "gte", "lte", "present")
_MISSING, _NONE = object(), object()


def lookup(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path; _MISSING when a key is absent, _NONE when an outer object is explicitly null."""
    node: Any = data
    parts = path.split(".")
    for i, part in enumerate(parts):
        if node is None:
            return _NONE  # e.g. "champion": null — the profile says there is none
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
        if node is None and i < len(parts) - 1:
            return _NONE
    return node


def _compare(op: str, value: Any, want: Any) -> bool | None:
    """True/False, or None when the value's type cannot be compared (treated as unknown)."""
    if op == "true":
        return bool(value) if isinstance(value, bool) else None
    if op == "false":
        return not value if isinstance(value, bool) else None
    if op == "eq":
        return bool(value == want)
    if op == "in":
        return bool(value in want)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return bool(value >= want if op == "gte" else value <= want)


def evaluate(test: Test, profile: dict[str, Any]) -> tuple[Tri, list[str]]:
    """(result, the fields whose absence leaves it unknown) — Kleene logic over all / any."""
    if "all" in test or "any" in test:
        parts = [evaluate(t, profile) for t in test.get("all", test.get("any", []))]
        decisive = NOT_MET if "all" in test else MET
        if any(r == decisive for r, _ in parts):
            return decisive, []
        missing = [f for r, fs in parts if r == UNKNOWN for f in fs]
        if missing or any(r == UNKNOWN for r, _ in parts):
            return UNKNOWN, list(dict.fromkeys(missing))
        return (MET if decisive == NOT_MET else NOT_MET), []
    field, op = test["field"], test["op"]
    value = lookup(profile, field)
    if op == "present":
        return (MET if value is not _MISSING and value is not _NONE and value is not None else NOT_MET), []
    if value is _NONE:
        return NOT_MET, []
    if value is _MISSING or value is None:
        return UNKNOWN, [field]
    outcome = _compare(op, value, test.get("value"))
    if outcome is None:
        return UNKNOWN, [field]
    return (MET if outcome else NOT_MET), []


def fields(test: Test) -> list[str]:
    """Every field a test reads."""
    if "all" in test or "any" in test:
        return [f for t in test.get("all", test.get("any", [])) for f in fields(t)]
    return [test["field"]]
