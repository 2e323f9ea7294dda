"""The 40 typical scenarios as shipped data: list, search, and the mapping to the digital assessment's 16."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

from policyhub.errors import InputError, NotFound
from policyhub.limits import check_query

DATA = Path(__file__).with_name("data")
DIGITAL = Path(__file__).resolve().parents[1] / "digital" / "data" / "scenarios.json"


class Scenario(TypedDict):
    """One of the 40 typical scenarios as printed: number, link (环节) and its number, title, text, where."""

    no: int
    link: str
    link_no: str
    title: str
    text: str
    citation: str
    line: int


class Link(TypedDict):
    """One of the 15 links (环节) as printed."""

    no: str
    link: str
    citation: str


class LinkScenarios(Link):
    """A link with the numbers of its scenarios."""

    scenarios: list[int]


class Pair(TypedDict):
    """Our mapping of a digital-assessment scenario to a typical scenario, with the reasoning."""

    digital: str
    typical: int
    reason: str


class Counterpart(TypedDict):
    """A digital-assessment scenario mapped to a typical scenario, with the reasoning of the pair."""

    digital: str
    reason: str


class ScenarioDetail(Scenario):
    """`scenarios show`: one scenario with the digital-assessment scenarios mapped to it."""

    digital: list[Counterpart]


class ReasonedScenario(Scenario):
    """A typical scenario mapped to a digital-assessment scenario, with the reasoning of the pair."""

    reason: str


class ForDigital(TypedDict):
    """`scenarios for`: the typical scenarios mapped to one digital-assessment scenario."""

    digital: str
    scenarios: list[ReasonedScenario]


class ScenarioRef(TypedDict):
    """A typical scenario by number, title and citation."""

    no: int
    title: str
    citation: str


class NextLevel(TypedDict):
    """A digital-assessment scenario, its level, and the typical scenarios its next level looks like."""

    digital: str
    level: int
    scenarios: list[ScenarioRef]


class GuideDocument(TypedDict):
    """The 指引's document id, title and number."""

    document: str
    title: str
    number: str


class _Data(GuideDocument):
    """scenarios.json: the document, its links and scenarios."""

    links: list[Link]
    scenarios: list[Scenario]


@cache
def _load() -> _Data:
    data: _Data = json.loads((DATA / "scenarios.json").read_text(encoding="utf-8"))
    return data


@cache
def _pairs() -> list[Pair]:
    pairs: list[Pair] = json.loads((DATA / "mapping.json").read_text(encoding="utf-8"))["pairs"]
    return pairs


@cache
def digital_names() -> tuple[str, ...]:
    """The digital assessment's 16 business scenarios, in its printed order."""
    raw = json.loads(DIGITAL.read_text(encoding="utf-8"))
    return tuple(s["name"] for s in raw["scenarios"])


def all_scenarios() -> list[Scenario]:
    """The 40 scenarios: no, link, title, text, citation."""
    return [s.copy() for s in _load()["scenarios"]]


def links() -> list[LinkScenarios]:
    """The 15 links (环节) in printed order, each with its scenarios' numbers."""
    out: list[LinkScenarios] = []
    for link in _load()["links"]:
        nos = [s["no"] for s in _load()["scenarios"] if s["link"] == link["link"]]
        out.append({**link, "scenarios": nos})
    return out


def get(no: int) -> ScenarioDetail:
    """One scenario by its number 1–40, with the digital scenarios mapped to it."""
    found = next((s for s in _load()["scenarios"] if s["no"] == no), None)
    if found is None:
        raise NotFound(f"没有第 {no} 个典型场景 no typical scenario {no} (1–40)", "unknown_scenario")
    mapped: list[Counterpart] = [
        {"digital": p["digital"], "reason": p["reason"]} for p in _pairs() if p["typical"] == no
    ]
    return {**found, "digital": mapped}


def search(query: str) -> list[Scenario]:
    """Scenarios whose link, title or text contains every space-separated word of the query."""
    words = [w for w in check_query(query).split() if w]
    if not words:
        raise InputError("查询不能为空 the query is empty")
    return [s for s in all_scenarios() if all(w in s["link"] + s["title"] + s["text"] for w in words)]


def for_digital(name: str) -> ForDigital:
    """The typical scenarios mapped to one digital-assessment scenario (each with the reasoning of the pair)."""
    name = name.strip().removesuffix("*")
    if name not in digital_names():
        raise NotFound(f"{name!r}：不是数字化水平评测的业务场景 not a digital-assessment scenario; "
                       f"scenarios: {'、'.join(digital_names())}", "unknown_digital_scenario")  # fmt: skip
    by_no = {s["no"]: s for s in _load()["scenarios"]}
    found: list[ReasonedScenario] = [{**by_no[p["typical"]], "reason": p["reason"]} for p in _pairs()
                                     if p["digital"] == name]  # fmt: skip
    found.sort(key=lambda s: s["no"])
    return {"digital": name, "scenarios": found}


def typical_for(levels: dict[str, int]) -> list[NextLevel]:
    """For each digital scenario (in printed order): its level and the typical scenarios "the next level looks like"."""
    return [{"digital": n, "level": levels.get(n, 0), "scenarios": [{"no": s["no"], "title": s["title"],
             "citation": s["citation"]} for s in for_digital(n)["scenarios"]]} for n in digital_names()]  # fmt: skip


def document() -> GuideDocument:
    """The 指引's document id, title and number."""
    d = _load()
    return {"document": d["document"], "title": d["title"], "number": d["number"]}


PLAN_HEAD = "更高一级是什么样：《智能制造典型场景参考指引（2024年版）》的对应场景（policyhub 的对应，非官方）"


def plan_lines(plan: dict[str, Any]) -> list[str]:
    """For each scenario a digital plan raises: the typical scenarios its next level looks like (text lines)."""
    lines: list[str] = []
    for step in plan.get("steps", []):
        if step.get("kind") != "scenario":
            continue
        found = for_digital(step["scenario"])["scenarios"]
        names = "、".join(f"{s['no']}. {s['title']}（{s['citation']}）" for s in found)
        names = names or "指引中无对应场景 none"
        lines.append(f"  {step['scenario']} → 典型场景 typical scenarios：{names}")
    if lines:
        lines.insert(0, PLAN_HEAD)
    return lines
