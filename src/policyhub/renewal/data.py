"""The shipped data: the guide per industry, its triggers and 2027 goals (extracted), and the equipment classes."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, NotRequired, TypedDict

from policyhub.errors import InputError, NotFound
from policyhub.renewal.answers import PrintedStandard
from policyhub.renewal.guide import find_industry


class Direction(TypedDict):
    """A key direction of renewal the guide prints for an industry."""

    no: int
    title: str
    text: str
    citation: str


class Industry(TypedDict):
    """An industry or field of the guide: its goal, the policies and standards it rests on, its directions."""

    no: int
    name: str
    key: str  # the name without 行业 / 领域
    group: str  # 重点行业 or 重点领域
    citation: str
    goal: str
    goal_citation: str
    basis: str
    basis_citation: str
    policies: list[str]
    standards: list[PrintedStandard]
    directions: list[Direction]


class Guide(TypedDict):
    """data/industries.json: the guide's document, number and industries."""

    document: str
    number: str
    industries: list[Industry]


class Trigger(TypedDict):
    """A condition under which the guide asks for equipment to be renewed, as the extractor read it."""

    id: str
    sector: str
    applies: str  # sector (the sector's own) or all (重点领域: every sector's equipment)
    kind: str  # age, capacity, current, grade, listed, level, named or condition
    text: str
    citation: str
    names: list[str]  # the equipment names printed
    match: list[str]  # the words an asset name must hold (data/classes.json trigger_names)
    kinds: list[str]  # the kinds of equipment it scopes ("*": every asset)
    qualifier: NotRequired[str | None]
    years: NotRequired[int | None]  # age: 投产运行超过 N 年
    design_life: NotRequired[bool]  # age: 达到设计使用年限
    op: NotRequired[str]  # capacity, current: the asset's figure op value unit
    value: NotRequired[float]
    unit: NotRequired[str]
    below: NotRequired[str]  # level: 低于 this 能效水平
    standard: NotRequired[PrintedStandard]
    standards: NotRequired[list[PrintedStandard]]


class Goal(TypedDict):
    """A 2027 goal of a sector: indicator op target, as printed and as read."""

    sector: str
    indicator: str
    measure: str
    op: str
    target: str
    value: float | None
    unit: str | None
    year: int
    scope: str | None
    citation: str
    text: str
    baseline: NotRequired[str | None]
    approx: NotRequired[bool]


class Rules(TypedDict):
    """data/rules.json: the triggers and goals the extractor read from the guide."""

    document: str
    number: str
    triggers: list[Trigger]
    goals: list[Goal]


class Family(TypedDict):
    """A catalog code of a class that fits only some assets: by words in their name, or by the firm's sector."""

    words: list[str]
    sectors: list[str]
    reason: str


_Class = TypedDict("_Class", {"class": str})  # "class" is a keyword: the functional form


class EquipmentClass(_Class):
    """A class of equipment: the words that name it, its kinds, and the 首台（套） codes that may replace it."""

    match: list[str]
    catalog: list[str]
    reason: str
    kinds: list[str]
    only: NotRequired[dict[str, Family]]


class NameWords(TypedDict):
    """The words an asset name must hold for a printed equipment name, and the kinds it stands for."""

    match: list[str]
    reason: str
    kinds: list[str]


class Classes(TypedDict):
    """data/classes.json: the printed names' words and the equipment classes."""

    trigger_names: dict[str, NameWords]
    classes: list[EquipmentClass]


class SectorRow(TypedDict):
    """A sector of the guide in the list, with how many triggers and goals it has."""

    no: int
    name: str
    key: str
    group: str
    citation: str
    triggers: int
    goals: int


def _read(name: str) -> Any:
    return json.loads(resources.files("policyhub.renewal").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def industries() -> Guide:
    """{document, number, industries: [...]}: each industry's goal, basis and directions (data/industries.json)."""
    data: Guide = _read("industries.json")
    return data


@cache
def rules() -> Rules:
    """{triggers: [...], goals: [...]} as the extractor read them (data/rules.json)."""
    data: Rules = _read("rules.json")
    return data


@cache
def classes() -> Classes:
    """Equipment classes and the words that name them (data/classes.json)."""
    data: Classes = _read("classes.json")
    return data


def sector(query: str) -> Industry:
    """The industry or field named (with or without 行业/领域, or by number); a bad name is bad input."""
    try:
        return find_industry(industries()["industries"], query)
    except NotFound as exc:
        raise InputError(f"--sector: {exc.message}", exc.code) from None


def sectors() -> list[SectorRow]:
    """The 31 sectors: number, name, key, group, citation, and how many triggers and goals each has."""
    trig, goals = rules()["triggers"], rules()["goals"]
    return [
        {
            "no": ind["no"],
            "name": ind["name"],
            "key": ind["key"],
            "group": ind["group"],
            "citation": ind["citation"],
            "triggers": sum(1 for t in trig if t["sector"] == ind["key"]),
            "goals": sum(1 for g in goals if g["sector"] == ind["key"]),
        }
        for ind in industries()["industries"]
    ]


def triggers_for(key: str) -> list[Trigger]:
    """The sector's own triggers, then the 重点领域 ones that apply to every sector's equipment."""
    trig = rules()["triggers"]
    own = [t for t in trig if t["sector"] == key]
    return own + [t for t in trig if t["applies"] == "all" and t["sector"] != key]


def goals_for(key: str) -> list[Goal]:
    """The sector's 2027 goals."""
    return [g for g in rules()["goals"] if g["sector"] == key]


def names_match(words: list[str], text: str) -> bool:
    """Whether text holds one of the alternatives ("A+B": both A and B; "*": anything; "!A": never with A)."""
    if any(w.startswith("!") and w[1:] in text for w in words):
        return False
    return any(w == "*" or all(part in text for part in w.split("+")) for w in words if not w.startswith("!"))
