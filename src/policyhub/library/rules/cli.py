"""CLI for the rule checkers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from policyhub.cliutil import Format, print_json, read_json
from policyhub.library.rules.inputs import RdCase, StampCase, parse, parse_date
from policyhub.library.rules.negative_list import check_activity
from policyhub.library.rules.rd_eligibility import Condition, check_eligibility
from policyhub.library.rules.stamp_duty import assess

rules_app = typer.Typer(
    add_completion=False,
    help="规则判定 rules a program decides: negative-list, rd-eligibility, stamp-duty.",
    no_args_is_help=True,
)


def _fold(table: Table) -> Table:
    """Wrap long Chinese cells instead of cutting them off."""
    for column in table.columns:
        column.overflow = "fold"
    return table


STATUS_STYLE = {"met": "green", "not_met": "bold red", "unknown": "yellow"}
STATUS_NAMES = {"met": "满足", "not_met": "不满足", "unknown": "待定"}
VERDICT_STYLE = {"restricted": "bold red", "no_restriction": "bold green", "undetermined": "bold yellow",
                 "not_covered": "bold yellow", "eligible": "bold green", "not_eligible": "bold red",
                 "determined": "bold"}  # fmt: skip
MEASURE_TYPES = {
    "prohibited": "禁止投资", "chinese_control": "须由中方控股", "equity_cap": "股比限制",
    "joint_venture_only": "限于合资、合作", "legal_rep_nationality": "法定代表人/高管须为中国籍", "other": "其他",
}  # fmt: skip
RELATED_REASONS = {"outside_scope": "超出该项所列范围", "field_only": "仅领域相同"}
ITEM_KINDS = {
    "new_books_capital": "新启用营业账簿", "debt_to_equity": "债权转股权", "appraisal_increase": "资产评估增值",
    "other_accounts_to_capital": "其他账户转入资本", "contract": "合同", "property_transfer": "产权转移书据",
}  # fmt: skip
ITEM_STATUS = {"exempt": "免征", "partly_exempt": "部分免征", "taxable": "应税", "unknown": "待定",
               "not_covered": "未覆盖", "not_taxable": "不征税"}  # fmt: skip


@rules_app.command("negative-list")
def negative_list(
    activity: str = typer.Argument(..., help="经营活动或行业 Activity or industry, e.g. 核电站建设经营"),
    date: str | None = typer.Option(None, "--date", help="判定日期 Date to check (YYYY-MM-DD), default today"),
    fmt: Format = typer.Option(Format.text, "--format", help="输出格式 Output format"),
) -> None:
    """外商投资准入负面清单 foreign investment negative list 2024: the special measures that apply to an activity."""
    result = check_activity(activity, parse_date(date, "--date"))
    if fmt is Format.json:
        print_json(result)
        return
    console = Console()
    console.print(
        f"[bold]{result['activity']}[/] — {result['applicable_list'] or '未收录 not encoded'} ({result['date']})"
    )
    console.print(f"[{VERDICT_STYLE.get(result['status'], 'bold')}]" + result["headline"] + "[/]")
    if result["status"] == "not_covered":
        spans = "；".join(f"{c['list']} {c['from']} 起" for c in result["covers"])
        console.print(f"[dim]覆盖 covers：{spans}[/]")
    table = _fold(Table("序号", "类型", "特别管理措施", "出处", show_lines=True))
    # A 2024 item, a 2021 measure or a general measure: each shows what it carries.
    shown: list[Mapping[str, Any]] = [*result["measures"], *result["general_measures"]]
    for m in shown:
        cap = m.get("equity_cap")
        kind = "、".join(MEASURE_TYPES.get(t, t) for t in m.get("types", [m["type"]])) + (f"\n{cap}" if cap else "")
        table.add_row(str(m.get("no") or m.get("id", "")), kind, m["text"], m["citation"])
    if table.rows:
        console.print(table)
    for r in result["related"]:
        reason = RELATED_REASONS.get(r["reason"], r["reason"])
        console.print(f"[dim]相关但不适用 related：第{r['no']}项（{reason}：{r['term']}）{r['text']}[/]")
    for e in result["excepted"]:
        console.print(f"[dim]除外 excepted：第{e['no']}项 {e['scope']} — {e['exception']}[/]")
    for b in result["basis"]:
        console.print(f"[dim]{b['text']} — {b['citation']}[/]")


def _conditions_table(conditions: list[Condition], title: str) -> Table:
    table = _fold(Table("结果", "指南", "条款", "规则", "说明", title=title))
    for c in conditions:
        style = STATUS_STYLE.get(c["status"], "")
        where = "" if c["application"] is None else f" 第{c['application']}项申报"
        status = STATUS_NAMES.get(c["status"], c["status"])
        table.add_row(f"[{style}]{status}[/]", c["guide"] + where, c["source"]["article"], c["label"], c["detail"])
    return table


@rules_app.command("rd-eligibility")
def rd_eligibility(
    file: Path = typer.Argument(
        ..., help="JSON 文件 JSON: person, unit, applications, ongoing, as_of (see docs/rules.md)"
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="输出格式 Output format"),
) -> None:
    """申报资格 national key R&D programme 2024 (交通 / 国家质量基础设施体系): eligible, or every rule broken."""
    result = check_eligibility(parse(RdCase, read_json(file), str(file)))
    if fmt is Format.json:
        print_json(result)
        return
    console = Console()
    style = VERDICT_STYLE.get(result["status"], "bold")
    console.print(
        f"[{style}]{result['headline']}[/]（截至 {result['as_of']}；{len(result['violations'])} 项规则未满足）"
    )
    for edge in result["edges"]:
        console.print(f"[yellow]⚠ {edge['reading']}[/]")
    for v in result["violations"]:
        where = f"第{v['application']}项申报 " if v["application"] is not None else ""
        console.print(f"[red]✗[/] {where}{v['label']}: {v['detail']}\n  {v['text']}\n  [dim]{v['citation']}[/]")
    console.print(_conditions_table(result["conditions"], "全部条件 All conditions"))
    if not result["complete"]:
        console.print("[yellow]部分条件待定：请补充相应事实后再判定。Some conditions are unknown.[/]")


@rules_app.command("stamp-duty")
def stamp_duty(
    file: Path = typer.Argument(..., help="JSON 文件 JSON: date, restructuring, items (see docs/rules.md)"),
    fmt: Format = typer.Option(Format.text, "--format", help="输出格式 Output format"),
) -> None:
    """改制重组印花税 stamp duty on restructuring (财政部 税务总局公告2024年第14号): exempt or taxable, item by item."""
    result = assess(parse(StampCase, read_json(file), str(file)))
    if fmt is Format.json:
        print_json(result)
        return
    console = Console()
    console.print(
        f"[bold]{result['document']['number']}[/] ({result['effective']['from']} … {result['effective']['to']})"
    )
    console.print(f"[{VERDICT_STYLE.get(result['status'], 'bold')}]{result['headline']}[/]")
    table = _fold(Table("项目", "类型", "免征", "条款", "计税依据", "税额"))
    for i in result["items"]:
        exempt = "[green]是[/]" if i["exempt"] else f"[red]否[/]（{ITEM_STATUS.get(i['status'], i['status'])}）"
        kind = ITEM_KINDS.get(i["kind"], i["kind"])
        table.add_row(str(i["id"] or ""), kind, exempt, i["clause"], _yuan(i["taxable_base"]), _yuan(i["tax"]))
    console.print(table)
    for i in result["items"]:
        console.print(f"[bold]{i['id'] or ITEM_KINDS.get(i['kind'], i['kind'])}[/]：{i['basis']}")
    console.print(f"计税依据合计：{_yuan(result['total_taxable_base'])}  应纳税额合计：{_yuan(result['total_tax'])}")


def _yuan(value: float | None) -> str:
    return "待定" if value is None else f"{value:,.2f}"
