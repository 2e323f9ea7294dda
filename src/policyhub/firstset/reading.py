"""How a "name：X" indicator (no ≥ or ≤) is read: by its tier's neighbour, a judged case, a class, or its name."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from policyhub.firstset.requirements import Requirement

READINGS = ("at_least", "at_most", "tier_bound", "nominal", "ambiguous")


@cache
def rules() -> dict[str, Any]:
    """The reading rules shipped in data/readings.json."""
    text = resources.files("policyhub.firstset").joinpath("data/readings.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def is_colon_value(req: Requirement) -> bool:
    """A value printed after "：" with no comparison: parsed as "=" (the 77 indicators issue 13 names)."""
    return req.kind == "compare" and req.op == "=" and req.reading is None


def _bounding_end(req: Requirement, siblings: list[Requirement]) -> Requirement | None:
    """1.1.4 "最大加工直径：630mm" beside "630（不含）~1100mm": the first tier is the one up to the excluded end."""
    for other in siblings:
        if other.kind != "range" or other.unit != req.unit or req.value is None:
            continue
        if not other.low_inclusive and other.low is not None and math.isclose(other.low, req.value):
            return replace(req, op="<=", reading="tier_bound", basis=_bound_why(req, other, "≤"))
        if not other.high_inclusive and other.high is not None and math.isclose(other.high, req.value):
            return replace(req, op=">=", reading="tier_bound", basis=_bound_why(req, other, "≥"))
    return None


def _bound_why(req: Requirement, other: Requirement, sign: str) -> str:
    limit = f"{req.value:g}{req.unit}"
    return (
        f"另一档为 {other.low:g}（不含）~{other.high:g}{other.unit}：本档即 {sign}{limit} "
        f"the other tier excludes {limit}, so this tier is the one {sign} {limit}"
    )


def read(code: str, name: str, req: Requirement, siblings: list[Requirement]) -> Requirement:
    """The requirement a "：X" indicator stands for; siblings: the same indicator in the entry's other tiers."""
    if not is_colon_value(req):
        return req
    if bounded := _bounding_end(req, siblings):
        return bounded
    data = rules()
    for case in data["judged"]:
        if case["code"] == code and case["name"] == name:
            return replace(req, op=case["op"], reading=case["reading"], basis=case["why"])
    if name in data["nominal"]["names"]:
        return replace(req, reading="nominal", basis=data["nominal"]["why"])
    for rule in data["name_rules"]:
        if any(word in name for word in rule["words"]):
            return replace(req, op=rule["op"], reading=rule["reading"], basis=rule["why"])
    return replace(req, reading="ambiguous", basis=data["default"]["why"])
