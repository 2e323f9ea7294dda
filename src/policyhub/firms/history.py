"""What a firm's assessments say over time: one figure per dimension per date, and what changed between two."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from policyhub.digital.report import AssessmentReport
from policyhub.digital.scoring import operations_share
from policyhub.firms.answers import Assessment, Change, DigitalSummary, ManageSummary
from policyhub.manage.diagnosis import NAMES, Answers
from policyhub.manage.guide import load_guide

Series = dict[str, dict[str, list[tuple[str, float | None]]]]  # per kind, per dimension: (date, percent)


def digital_summary(result: AssessmentReport) -> DigitalSummary:
    """The figures of a digital assessment (the assess contract's dict) worth keeping for its history."""
    levels = result["scenario_levels"]
    return {
        "score": result["score"],
        "level": result["level"],
        "level_name": result["level_name"],
        "dimensions": {d["name"]: d["percent"] for d in result["dimensions"]}
        | {"数字化经营（场景等级）": operations_share(levels)},
        "scenario_levels": levels,
        "answers": {str(q["number"]): q["answer_text"] for q in result["questions"]},
        "questions": {str(q["number"]): q["text"] for q in result["questions"]},
    }


def manage_summary(answers: Answers, diagnosis: Mapping[str, Any]) -> ManageSummary:
    """The figures of a management diagnosis worth keeping: overall and per-area share in place, each status."""
    return {
        "in_place": diagnosis["in_place"],
        "areas": {a["no"]: a["in_place"] for a in diagnosis["areas"]},
        "area_titles": {a["no"]: a["title"] for a in diagnosis["areas"]},
        "statuses": {pid: a.status for pid, a in answers.answers.items()},
        "priorities": diagnosis["priorities"][:5],
    }


def digital_of(assessment: Assessment) -> DigitalSummary:
    """A digital assessment's summary (its kind says which summary it keeps)."""
    return cast(DigitalSummary, assessment["summary"])


def manage_of(assessment: Assessment) -> ManageSummary:
    """A management diagnosis's summary."""
    return cast(ManageSummary, assessment["summary"])


def series(assessments: list[Assessment]) -> Series:
    """Per kind, per dimension: (date, percent) in date order; None where an area went unanswered."""
    out: Series = {"digital": {}, "manage": {}}
    for a in assessments:
        if a["kind"] == "digital":
            s = digital_of(a)
            out["digital"].setdefault("总分", []).append((a["on"], s["score"]))
            for name, pct in s["dimensions"].items():
                out["digital"].setdefault(name, []).append((a["on"], pct))
        else:
            m = manage_of(a)
            overall = m["in_place"]
            out["manage"].setdefault("总体", []).append((a["on"], None if overall is None else 100 * overall))
            for no, share in m["areas"].items():
                label = f"{no}、{m['area_titles'][no].removeprefix('提升')}"
                out["manage"].setdefault(label, []).append((a["on"], None if share is None else 100 * share))
    return out


def _pct(v: float | None) -> str:
    return "未作答" if v is None else f"{100 * v:.0f}%"


def changes(before: Assessment, after: Assessment) -> list[Change]:
    """What differs between two assessments of one kind: each figure, level or answer that moved."""
    if before["kind"] != after["kind"]:
        raise ValueError("compare two assessments of one kind")
    rows: list[Change] = []
    if after["kind"] == "digital":
        b, a = digital_of(before), digital_of(after)
        if b["level"] != a["level"]:
            rows.append({"what": "数字化水平等级 level", "before": b["level_name"], "after": a["level_name"]})
        if b["score"] != a["score"]:
            rows.append({"what": "总分 score", "before": b["score"], "after": a["score"],
                         "delta": round(a["score"] - b["score"], 2)})  # fmt: skip
        for name, pct in a["dimensions"].items():
            old = b["dimensions"].get(name)
            if old != pct:
                rows.append({"what": f"{name} 得分率", "before": old, "after": pct,
                             "delta": None if old is None else round(pct - old, 2)})  # fmt: skip
        for name in dict.fromkeys([*b["scenario_levels"], *a["scenario_levels"]]):
            old_lv, new_lv = b["scenario_levels"].get(name, 0), a["scenario_levels"].get(name, 0)
            if old_lv != new_lv:
                rows.append({"what": f"场景 {name} 等级", "before": old_lv, "after": new_lv, "delta": new_lv - old_lv})
        for q, text in a["answers"].items():
            if b["answers"].get(q) != text:
                rows.append({"what": f"Q{q} {a['questions'][q]}", "before": b["answers"].get(q), "after": text})
        return rows
    mb, ma = manage_of(before), manage_of(after)
    for no, share in ma["areas"].items():
        old = mb["areas"].get(no)
        if old != share:
            what = f"{no}、{ma['area_titles'][no]} 已开展比例"
            rows.append({"what": what, "before": _pct(old), "after": _pct(share)})
    titles = {pid: p.title for pid, p in load_guide().practices().items()}
    for pid in dict.fromkeys([*mb["statuses"], *ma["statuses"]]):
        old_s, new_s = mb["statuses"].get(pid), ma["statuses"].get(pid)
        if old_s != new_s:
            what = f"做法 {pid} {titles.get(pid, '')}".rstrip()
            was, now = NAMES.get(old_s or "", "未作答"), NAMES.get(new_s or "", "未作答")
            rows.append({"what": what, "before": was, "after": now})
    return rows
