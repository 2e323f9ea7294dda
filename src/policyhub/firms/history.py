"""What a firm's assessments say over time: one figure per dimension per date, and what changed between two."""

from __future__ import annotations

from typing import Any

from policyhub.digital.scoring import operations_share
from policyhub.manage.diagnosis import NAMES, Answers
from policyhub.manage.guide import load_guide


def digital_summary(result: dict[str, Any]) -> dict[str, Any]:
    """The figures of a digital assessment (the assess contract's dict) worth keeping for its history."""
    levels: dict[str, int] = result["scenario_levels"]
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


def manage_summary(answers: Answers, diagnosis: dict[str, Any]) -> dict[str, Any]:
    """The figures of a management diagnosis worth keeping: overall and per-area share in place, each status."""
    return {
        "in_place": diagnosis["in_place"],
        "areas": {a["no"]: a["in_place"] for a in diagnosis["areas"]},
        "area_titles": {a["no"]: a["title"] for a in diagnosis["areas"]},
        "statuses": {pid: a.status for pid, a in answers.answers.items()},
        "priorities": diagnosis["priorities"][:5],
    }


def series(assessments: list[dict[str, Any]]) -> dict[str, dict[str, list[tuple[str, float | None]]]]:
    """Per kind, per dimension: (date, percent) in date order; None where an area went unanswered."""
    out: dict[str, dict[str, list[tuple[str, float | None]]]] = {"digital": {}, "manage": {}}
    for a in assessments:
        s = a["summary"]
        if a["kind"] == "digital":
            out["digital"].setdefault("总分", []).append((a["on"], s["score"]))
            for name, pct in s["dimensions"].items():
                out["digital"].setdefault(name, []).append((a["on"], pct))
        else:
            overall = s["in_place"]
            out["manage"].setdefault("总体", []).append((a["on"], None if overall is None else 100 * overall))
            for no, share in s["areas"].items():
                label = f"{no}、{s['area_titles'][no].removeprefix('提升')}"
                out["manage"].setdefault(label, []).append((a["on"], None if share is None else 100 * share))
    return out


def _pct(v: float | None) -> str:
    return "未作答" if v is None else f"{100 * v:.0f}%"


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What differs between two assessments of one kind: each figure, level or answer that moved."""
    if before["kind"] != after["kind"]:
        raise ValueError("compare two assessments of one kind")
    b, a = before["summary"], after["summary"]
    rows: list[dict[str, Any]] = []
    if after["kind"] == "digital":
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
    for no, share in a["areas"].items():
        old = b["areas"].get(no)
        if old != share:
            rows.append({"what": f"{no}、{a['area_titles'][no]} 已开展比例", "before": _pct(old), "after": _pct(share)})
    titles = {pid: p.title for pid, p in load_guide().practices().items()}
    for pid in dict.fromkeys([*b["statuses"], *a["statuses"]]):
        old_s, new_s = b["statuses"].get(pid), a["statuses"].get(pid)
        if old_s != new_s:
            what = f"做法 {pid} {titles.get(pid, '')}".rstrip()
            was, now = NAMES.get(old_s or "", "未作答"), NAMES.get(new_s or "", "未作答")
            rows.append({"what": what, "before": was, "after": now})
    return rows
