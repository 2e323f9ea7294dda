"""The shipped data: the guide per industry, its triggers and 2027 goals (extracted), and the equipment classes."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from policyhub.errors import InputError, NotFound
from policyhub.renewal.guide import find_industry


def _read(name: str) -> Any:
    return json.loads(resources.files("policyhub.renewal").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def industries() -> dict[str, Any]:
    """{document, number, industries: [...]}: each industry's goal, basis and directions (data/industries.json)."""
    data: dict[str, Any] = _read("industries.json")
    return data


@cache
def rules() -> dict[str, Any]:
    """{triggers: [...], goals: [...]} as the extractor read them (data/rules.json)."""
    data: dict[str, Any] = _read("rules.json")
    return data


@cache
def classes() -> dict[str, Any]:
    """Equipment classes and the words that name them (data/classes.json)."""
    data: dict[str, Any] = _read("classes.json")
    return data


def sector(query: str) -> dict[str, Any]:
    """The industry or field named (with or without 行业/领域, or by number); a bad name is bad input."""
    try:
        return find_industry(industries()["industries"], query)
    except NotFound as exc:
        raise InputError(f"--sector: {exc.message}", exc.code) from None


def sectors() -> list[dict[str, Any]]:
    """The 31 sectors: number, name, key, group, citation, and how many triggers and goals each has."""
    trig, goals = rules()["triggers"], rules()["goals"]
    return [
        {
            **{k: ind[k] for k in ("no", "name", "key", "group", "citation")},
            "triggers": sum(1 for t in trig if t["sector"] == ind["key"]),
            "goals": sum(1 for g in goals if g["sector"] == ind["key"]),
        }
        for ind in industries()["industries"]
    ]


def triggers_for(key: str) -> list[dict[str, Any]]:
    """The sector's own triggers, then the 重点领域 ones that apply to every sector's equipment."""
    trig = rules()["triggers"]
    own = [t for t in trig if t["sector"] == key]
    return own + [t for t in trig if t["applies"] == "all" and t["sector"] != key]


def goals_for(key: str) -> list[dict[str, Any]]:
    """The sector's 2027 goals."""
    return [g for g in rules()["goals"] if g["sector"] == key]


def names_match(words: list[str], text: str) -> bool:
    """Whether text holds one of the alternatives ("A+B": both A and B; "*": anything; "!A": never with A)."""
    if any(w.startswith("!") and w[1:] in text for w in words):
        return False
    return any(w == "*" or all(part in text for part in w.split("+")) for w in words if not w.startswith("!"))
