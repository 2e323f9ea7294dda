"""Terminal reports (rich) built from the same dicts the JSON output prints."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from policyhub.digital.batch import BatchReport
from policyhub.digital.energy import EnergyReport
from policyhub.digital.report import AssessmentReport, NextStep, PlanReport

LEVEL_STYLE = {0: "red", 1: "yellow", 2: "cyan", 3: "green", 4: "bold green"}


def _bar(level: int) -> str:
    return "■" * level + "□" * (4 - level)


def _mark(ok: bool) -> str:
    return "[green]✓[/]" if ok else "[red]✗[/]"


def _steps_table(steps: list[NextStep], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    table.add_column("#", justify="right")
    table.add_column("改进项 change", overflow="fold")
    table.add_column("指标要求 what it asks for", overflow="fold")
    for i, s in enumerate(steps, 1):
        what = s["subject"] if s["kind"] == "answer" else f"{s['subject']} → {s['level']}级"
        hint = f"; {s['hint']}" if s.get("hint") else ""
        extra = f"  [dim](+{s['gain']} 分{hint})[/]" if s["kind"] == "answer" else ""
        table.add_row(str(i), what, s["text"] + extra)
    return table


def assessment_report(d: AssessmentReport) -> Group:
    """Level, score per dimension, each scenario's level, the answers (derived ones with their figures), next steps."""
    style = LEVEL_STYLE.get(d["level"], "white")
    head = Text.assemble(
        ("数字化水平等级  ", "bold"),
        (d["level_name"], f"bold {style}"),
        ("    总分 ", "bold"),
        (f"{d['score']:.2f}", "bold"),
    )
    if d.get("firm"):
        head = Text.assemble((f"{d['firm']}\n", "bold"), head)
    dims = Table(title="数字化基础、管理及成效", title_justify="left")
    dims.add_column("维度")
    dims.add_column("得分", justify="right")
    dims.add_column("满分", justify="right")
    dims.add_column("得分率", justify="right")
    for dim in d["dimensions"]:
        dims.add_row(dim["name"], f"{dim['score']:.2f}", str(dim["weight"]), f"{dim['percent']:.1f}%")
    checks = Table(title="判定方法 (须同时满足)", title_justify="left")
    for col in ("等级", "分数", "场景 达到该级", "其中约束性", "结果"):
        checks.add_column(col)
    for c in d["level_checks"]:
        n_ok = c["scenarios"] >= c["min_scenarios"]
        c_ok = c["constrained"] >= c["min_constrained"]
        checks.add_row(
            c["name"],
            f"{d['score']:.2f} ≥ {c['min_score']} {_mark(c['score_ok'])}",
            f"{c['scenarios']} ≥ {c['min_scenarios']} {_mark(n_ok)}",
            f"{c['constrained']} ≥ {c['min_constrained']} {_mark(c_ok)}",
            _mark(c["met"]),
        )
    scen = Table(title="数字化经营应用场景", title_justify="left")
    scen.add_column("场景")
    scen.add_column("等级")
    constrained = set(d["constrained_scenarios"])
    for name, level in d["scenario_levels"].items():
        scen.add_row(name + ("*" if name in constrained else ""), f"{_bar(level)} {level}")
    answers = Table(title="采集项", title_justify="left")
    for col in ("#", "题目", "回答", "得分"):
        answers.add_column(col, overflow="fold")
    for q in d["questions"]:
        text = q["answer_text"] if isinstance(q["answer_text"], str) else "、".join(q["answer_text"])
        if q.get("derived"):
            figures = ", ".join(f"{k}={v:g}" for k, v in q["figures"].items())
            derived = "; ".join(f"{k} {v}" for k, v in q["derived"].items())
            text += f"  [dim]← {derived} ({figures})[/]"
        answers.add_row(str(q["number"]), q["text"], text, f"{q['points']:.0f}")
    parts: list[Any] = [Panel(head, expand=False), dims, checks, scen, answers]
    nxt = d["next_level"]
    if d["next_steps"] and nxt is not None:  # steps are proposed only below the top level
        n = nxt["changes"]
        reach = "可达到" if nxt.get("reachable", True) else "仍不足以达到 still short of "
        title = f"最省力的 3 项改进 cheapest next steps（共 {n} 项改进{reach}{nxt['name']}）"
        parts.append(_steps_table(d["next_steps"], title))
    elif nxt is not None:
        note = f"{nxt['name']}：已无可提出的改进，差距在数字化成效（结果指标）only outcomes are left"
        parts.append(Text(note, style="yellow"))
    else:
        parts.append(Text("已达到最高等级（四级）no next level.", style="green"))
    return Group(*parts)


def plan_report(d: PlanReport) -> Group:
    head = Text.assemble(
        ("达到 ", "bold"),
        (d["target_name"], "bold cyan"),
        (f" 的改进方案 plan：{d['changes']} 项改进；总分 {d['before']['score']:.2f} → {d['after']['score']:.2f}，", ""),
        (f"等级 {d['before']['level']} → {d['after']['level']}", "bold"),
    )
    notes = [Text(_plan_note(d), style="yellow")] if _plan_note(d) else []
    if not d["steps"] and d["reached"]:
        return Group(head, Text("已达到或高于目标等级，无需改进 nothing to change.", style="green"), *notes)
    return Group(head, _steps_table(d["steps"], "改进项（每项为一个选项或一个场景等级）changes"), *notes)


def _plan_note(d: PlanReport) -> str:
    """What the plan did not touch: kept answers, the outcome questions, and the points still missing."""
    lines = []
    if d.get("kept"):
        lines.append("保持不变 kept：" + "、".join(f"Q{n}" for n in d["kept"]))
    if d.get("short_by") is not None:
        outcomes = "、".join(f"Q{n}" for n in d.get("outcomes", []))
        lines.append(
            f"可执行的改进仍差 {d['short_by']:.2f} 分 still {d['short_by']:.2f} points short；"
            f"{outcomes}（数字化成效）是改进的结果，不作为改进项 are outcomes, not proposed as changes"
        )
    return "\n".join(lines)


def energy_report(d: EnergyReport) -> Table:
    table = Table(title="综合能源消费量（表1 折标准煤系数）", title_justify="left")
    for col in ("能源名称", "消费量", "计量单位", "折标准煤系数", "吨标准煤"):
        table.add_column(col, justify="right" if col in ("消费量", "吨标准煤") else "left")
    for item in d["items"]:
        table.add_row(item["name"], str(item["quantity"]), item["unit"], str(item["coefficient"]), item["tce_exact"])
    table.add_row("[bold]合计[/]", "", "", "", f"[bold]{d['total_tce_exact']}[/]")
    return table


def batch_report(d: BatchReport) -> Group:
    firms = Table(title=f"共评测 {d['count']} 家企业 firms assessed", title_justify="left")
    for col in ("企业", "总分", "等级", "百分位"):
        firms.add_column(col, justify="right" if col in ("总分", "百分位") else "left")
    for f in d["firms"]:
        firms.add_row(f["firm"], f"{f['score']:.2f}", f["level_name"], f"{f['percentile']:.1f}")
    dist = Table(title="等级分布", title_justify="left")
    dist.add_column("等级")
    dist.add_column("企业数", justify="right")
    dist.add_column("")
    top = max([r["firms"] for r in d["distribution"]] + [1])
    for r in d["distribution"]:
        dist.add_row(r["level_name"], str(r["firms"]), "█" * round(30 * r["firms"] / top))
    weak = Table(title="最薄弱的采集项（平均得分 0–100）weakest indicators", title_justify="left")
    for col in ("#", "题目", "平均得分", "平均失分"):
        weak.add_column(col, overflow="fold")
    for q in d["weakest_questions"]:
        weak.add_row(str(q["number"]), q["text"], f"{q['mean_points']:.1f}", f"{q['mean_lost']:.2f}")
    ws = Table(title="最薄弱的业务场景（平均等级）weakest scenarios", title_justify="left")
    ws.add_column("场景")
    ws.add_column("平均等级", justify="right")
    for s in d["weakest_scenarios"]:
        ws.add_row(s["scenario"] + ("*" if s["constrained"] else ""), f"{s['mean_level']:.2f}")
    parts: list[Any] = [firms, dist, weak, ws]
    for e in d["errors"]:
        parts.append(Text(f"已跳过 skipped {e['firm']}：{e['error']}", style="red"))
    return Group(*parts)


def show(renderable: Any) -> None:
    Console(soft_wrap=False).print(renderable)
