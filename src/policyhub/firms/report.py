"""One firm's diagnosis report as data: digital level and plan, management diagnosis, typical scenarios, goals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict

from policyhub.digital.report import AssessmentReport, PlanReport, result_and_plan
from policyhub.errors import InputError
from policyhub.firms.answers import Assessment, Firm
from policyhub.manage.diagnosis import NOTE, diagnose, parse_answers
from policyhub.renewal.data import Direction
from policyhub.scenarios import catalog as typical

# Where each kind of statement comes from (library unit ids, `policyhub library show d17 --unit 二`).
DIGITAL_LEVELS = "d17.二"  # 判定方法
DIGITAL_POINTS = "d17.三.（一）"  # 数字化基础、管理及成效评测表
DIGITAL_SCENARIOS = "d17.三.（二）"  # 数字化经营应用场景等级判定表


class DigitalPart(TypedDict):
    """The latest digital assessment: its result, the plan to the next level, the tables cited, its date."""

    result: AssessmentReport
    plan: PlanReport | None
    citations: dict[str, str]  # level, points, scenarios
    on: NotRequired[str]


class Aim(TypedDict):
    """A digital scenario below 四级 with the typical scenarios its next level looks like, planned ones first."""

    digital: str
    level: int
    scenarios: list[typical.ScenarioRef]  # a typical scenario of the 指引 (d03) with its citation
    planned: bool


class SectorGoal(TypedDict):
    """The renewal guide's goal and key directions for the firm's sector."""

    name: str
    number: str
    goal: str
    goal_citation: str
    directions: list[Direction]


class FirmShown(TypedDict):
    """The firm as the report names it."""

    id: int
    name: str
    credit_code: str | None
    sector: str | None


class FirmReport(TypedDict):
    """The diagnosis report as data: digital level and plan, management diagnosis, scenarios, sector goal, sources."""

    firm: FirmShown
    digital: DigitalPart | None
    manage: Mapping[str, object] | None  # the management diagnosis (manage.diagnosis) and its date
    aims: list[Aim]
    goals: SectorGoal | None
    sources: dict[str, str]
    note: str


def _digital(submission: Any) -> DigitalPart:
    result, plan = result_and_plan(submission)
    if plan is not None:
        for step in plan["steps"]:
            step["citation"] = DIGITAL_SCENARIOS if step["kind"] == "scenario" else DIGITAL_POINTS
    return {"result": result, "plan": plan, "citations": {"level": DIGITAL_LEVELS, "points": DIGITAL_POINTS,
                                                         "scenarios": DIGITAL_SCENARIOS}}  # fmt: skip


def aims(levels: dict[str, int], plan: PlanReport | None) -> list[Aim]:
    """Typical scenarios to aim at: those of the plan's scenarios first, then of every scenario below 四级."""
    planned = [s.get("scenario") for s in (plan["steps"] if plan else []) if s["kind"] == "scenario"]
    out: list[Aim] = []
    for row in typical.typical_for(levels):
        if row["level"] >= 4 or not row["scenarios"]:
            continue
        out.append({"digital": row["digital"], "level": row["level"], "scenarios": row["scenarios"],
                    "planned": row["digital"] in planned})  # fmt: skip
    return sorted(out, key=lambda r: not r["planned"])


def goals(sector: str | None) -> SectorGoal | None:
    """The renewal guide's goal and key directions for the firm's sector (None when no sector is given)."""
    if not sector:
        return None
    from policyhub.renewal.service import guide  # renewal's reading of 工信厅规〔2024〕33号

    found = guide(sector)
    assert isinstance(found, dict)
    return {"name": found["name"], "number": found["number"], "goal": found["goal"],
            "goal_citation": found["goal_citation"], "directions": found["directions"]}  # fmt: skip


def build(firm: Firm, assessments: list[Assessment]) -> FirmReport:
    """The report from the firm's latest digital and latest management assessments (either may be missing)."""
    digital = next((a for a in reversed(assessments) if a["kind"] == "digital"), None)
    manage = next((a for a in reversed(assessments) if a["kind"] == "manage"), None)
    if digital is None and manage is None:
        raise InputError(f"{firm['name']}：尚无评测记录 no assessment recorded yet", "no_assessment")
    d: DigitalPart | None = None
    if digital:
        d = _digital(digital["submission"])
        d["on"] = digital["on"]
    m = diagnose(parse_answers(manage["submission"])) | {"on": manage["on"]} if manage else None
    return {
        "firm": {"id": firm["id"], "name": firm["name"], "credit_code": firm["credit_code"], "sector": firm["sector"]},
        "digital": d,
        "manage": m,
        "aims": aims(d["result"]["scenario_levels"], d["plan"]) if d else [],
        "goals": goals(firm.get("sector")),
        "sources": {
            "digital": "《中小企业数字化水平评测指标（2024年版）》工信厅企业〔2024〕56号（d17）",
            "manage": "《工业中小企业管理提升指南（试行）》工信厅企业〔2024〕54号（d13）",
            "scenarios": "《智能制造典型场景参考指引（2024年版）》工信厅联通装函〔2024〕361号（d03）",
            "renewal": "《工业重点行业领域设备更新和技术改造指南》工信厅规〔2024〕33号（d02）",
        },
        "note": NOTE,
    }
