"""One firm's diagnosis report as data: digital level and plan, management diagnosis, typical scenarios, goals."""

from __future__ import annotations

from typing import Any

from policyhub.digital.report import result_and_plan
from policyhub.errors import InputError
from policyhub.manage.diagnosis import NOTE, diagnose, parse_answers
from policyhub.scenarios import catalog as typical

# Where each kind of statement comes from (library unit ids, `policyhub library show d17 --unit 二`).
DIGITAL_LEVELS = "d17.二"  # 判定方法
DIGITAL_POINTS = "d17.三.（一）"  # 数字化基础、管理及成效评测表
DIGITAL_SCENARIOS = "d17.三.（二）"  # 数字化经营应用场景等级判定表


def _digital(submission: Any) -> dict[str, Any]:
    result, plan = result_and_plan(submission)
    if plan is not None:
        for step in plan["steps"]:
            step["citation"] = DIGITAL_SCENARIOS if step["kind"] == "scenario" else DIGITAL_POINTS
    return {"result": result, "plan": plan, "citations": {"level": DIGITAL_LEVELS, "points": DIGITAL_POINTS,
                                                         "scenarios": DIGITAL_SCENARIOS}}  # fmt: skip


def aims(levels: dict[str, int], plan: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Typical scenarios to aim at: those of the plan's scenarios first, then of every scenario below 四级."""
    planned = [s["scenario"] for s in (plan or {}).get("steps", []) if s["kind"] == "scenario"]
    out: list[dict[str, Any]] = []
    for row in typical.typical_for(levels):
        if row["level"] >= 4 or not row["scenarios"]:
            continue
        out.append(row | {"planned": row["digital"] in planned})
    return sorted(out, key=lambda r: not r["planned"])


def goals(sector: str | None) -> dict[str, Any] | None:
    """The renewal guide's goal and key directions for the firm's sector (None when no sector is given)."""
    if not sector:
        return None
    from policyhub.renewal.service import guide  # renewal's reading of 工信厅规〔2024〕33号

    found = guide(sector)
    assert isinstance(found, dict)
    return {"name": found["name"], "number": found["number"], "goal": found["goal"],
            "goal_citation": found["goal_citation"], "directions": found["directions"]}  # fmt: skip


def build(firm: dict[str, Any], assessments: list[dict[str, Any]]) -> dict[str, Any]:
    """The report from the firm's latest digital and latest management assessments (either may be missing)."""
    digital = next((a for a in reversed(assessments) if a["kind"] == "digital"), None)
    manage = next((a for a in reversed(assessments) if a["kind"] == "manage"), None)
    if digital is None and manage is None:
        raise InputError(f"{firm['name']}：尚无评测记录 no assessment recorded yet", "no_assessment")
    d = _digital(digital["submission"]) | {"on": digital["on"]} if digital else None
    m = diagnose(parse_answers(manage["submission"])) | {"on": manage["on"]} if manage else None
    return {
        "firm": {k: firm.get(k) for k in ("id", "name", "credit_code", "sector")},
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
