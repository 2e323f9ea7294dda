"""The check result as a CSV table (one row per asset) and as short Chinese-first text lines."""

from __future__ import annotations

from policyhub.exports import csv_text
from policyhub.renewal.answers import Reason
from policyhub.renewal.service import CheckResult

SCOPE_NAMES = {True: "是 in scope", False: "否 not in scope", "undetermined": "待定 undetermined"}
RESULT_NAMES = {"met": "达到 met", "gap": "未达到 gap", "unknown": "未知 unknown"}
CSV_COLUMNS = ["row", "asset", "name", "commissioned", "age_years", "design_life_years", "capacity", "unit",
               "in_scope", "triggers", "citations", "figures", "open", "replacements", "equipment_kind",
               "reasons"]  # fmt: skip


def _age(value: float | list[float] | None) -> str:
    if value is None:
        return ""
    return f"{value[0]}–{value[1]}" if isinstance(value, list) else f"{value}"


def scope_text(value: bool | str) -> str:
    """是 / 否 / 待定 with the English word."""
    return SCOPE_NAMES[value]


def reason_text(r: Reason) -> str:
    """One reason with its citation."""
    return f"{r['text']}（{r['citation']}）" if r.get("citation") else r["text"]


def csv_rows(result: CheckResult) -> list[list[str]]:
    """The header and one row per asset; lists joined with ' | '."""
    rows = [CSV_COLUMNS]
    for a in result["assets"]:
        rows.append(
            [
                str(a["row"]),
                a["asset"],
                a["name"],
                a["commissioned"] or "",
                _age(a["age_years"]),
                "" if a["design_life_years"] is None else f"{a['design_life_years']:g}",
                "" if a["capacity"] is None else f"{a['capacity']:g}",
                a["unit"] or "",
                "undetermined" if a["in_scope"] == "undetermined" else str(a["in_scope"]).lower(),
                " | ".join(t["text"] for t in a["triggers"]),
                " | ".join(t["citation"] for t in a["triggers"]),
                " | ".join(t["figure"] for t in a["triggers"]),
                " | ".join(f"{t['text']}: {t['figure']}" for t in a["open"]),
                " | ".join(a["replacements"]),
                a["equipment_kind_label"],
                " | ".join(reason_text(r) for r in a["reasons"]),
            ]
        )
    return rows


def to_csv(result: CheckResult) -> str:
    """The results as CSV text, formula cells neutralised (UTF-8; the page adds a BOM for Excel to read Chinese)."""
    return csv_text(csv_rows(result))


def text_lines(result: CheckResult) -> list[str]:
    """The result for a terminal: the summary, each asset, each goal."""
    s = result["summary"]
    lines = [
        f"设备更新体检 {result['sector_name']}（{result['document']} {result['sector_citation']}），核对日期 as of "
        f"{result['as_of']}",
        f"资产 {s['assets']} 项：在范围内 in scope {s['in_scope']}，待定 undetermined {s['undetermined']}，"
        f"不在范围 not in scope {s['out_of_scope']}",
        "",
    ]
    for a in result["assets"]:
        lines.append(f"[{scope_text(a['in_scope'])}] {a['asset']} {a['name']}（第{a['row']}行 row {a['row']}）")
        marks = {"fired": "✔", "open": "?", "clear": "✘", "no_trigger": "–"}
        for r in a["reasons"]:
            lines.append(f"    {marks[r['result']]} {reason_text(r)}")
        for e in a.get("replacement_entries", []):
            lines.append(f"    → 首台（套） {e['code']} {e['name']}")
    if result["goals"]:
        lines += ["", "2027 年目标 goals:"]
    for g in result["goals"]:
        figure = "" if g["figure"] is None else f"，本企业 firm: {g['figure']}"
        outcome = RESULT_NAMES[g["result"]]
        lines.append(f"    [{outcome}] {g['indicator']} {g['op']} {g['target']}{figure}（{g['citation']}）")
    for q in result["questions"]:
        lines.append(f"问 question: {q['text']}（{q['citation']}）— 请在资产清单填 give {q['asks']}")
    if result["figures_unused"]:
        lines.append("未对应目标的数值 figures matching no goal: " + "、".join(result["figures_unused"]))
    return lines
