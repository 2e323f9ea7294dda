"""CLI for 设备更新体检: check an asset register against the renewal guide, list the sectors, show one."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policyhub.cliutil import Format, print_json, read_json
from policyhub.errors import InputError
from policyhub.renewal import service
from policyhub.renewal.data import Trigger
from policyhub.renewal.kinds import label as kind_label
from policyhub.renewal.output import text_lines, to_csv

app = typer.Typer(
    add_completion=False,
    help="设备更新体检: an asset register against the equipment-renewal guide (工信厅规〔2024〕33号).",
    no_args_is_help=True,
)
console = Console()
FORMAT = typer.Option(Format.text, "--format", help="输出格式 Output format: text or json")


class CheckFormat(StrEnum):
    """Output formats of check."""

    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def check(
    assets: Path = typer.Argument(..., help="设备台账 the asset register, CSV or XLSX"),
    sector: str = typer.Option(..., "--sector", help="行业或领域 an industry or field, e.g. 石化化工 or 石化化工行业"),
    as_of: str | None = typer.Option(
        None, "--as-of", help="役龄截止日期 the day ages are counted to, YYYY-MM-DD (default today)"
    ),
    figures: Path | None = typer.Option(
        None, "--figures", help='自有指标 own figures, e.g. {"关键工序数控化率": "80%"}'
    ),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", help="输出格式 Output format: text, json or csv"),
) -> None:
    """设备体检 assets the guide targets, the firm's figures against its sector's 2027 goals, catalog replacements."""
    try:
        content = assets.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{assets}: 文件不存在 no such file") from None
    except OSError as exc:
        raise InputError(f"{assets}: 无法读取 cannot read ({exc.strerror})") from None
    raw = read_json(figures) if figures is not None else None
    result = service.check_file(content, assets.name, sector, as_of, raw)
    if fmt is CheckFormat.json:
        print_json(result)
    elif fmt is CheckFormat.csv:
        sys.stdout.write(to_csv(result))
    else:
        sys.stdout.write("\n".join(text_lines(result)) + "\n")


@app.command()
def sectors(fmt: Format = FORMAT) -> None:
    """行业与领域 the guide's 27 industries and 4 fields, with how many triggers and 2027 goals were read for each."""
    data = service.sectors()
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("序号", "类别", "行业/领域", "触发条件 triggers", "目标 goals", "出处")
    for s in data:
        table.add_row(str(s["no"]), s["group"], s["name"], str(s["triggers"]), str(s["goals"]), s["citation"])
    console.print(table)


@app.command()
def show(
    sector: str = typer.Argument(..., help="行业或领域 an industry or field, e.g. 有色金属"), fmt: Format = FORMAT
) -> None:
    """查看一个行业 one sector's triggers and 2027 goals as read from the guide, each with its citation."""
    data = service.sector_detail(sector)
    if fmt is Format.json:
        print_json(data)
        return
    console.print(f"[bold]{data['name']}[/bold]（{data['citation']}）", highlight=False)
    triggers, goals = data["triggers"], data["goals"]
    lines = (f"  {t['id']}  [{t['kind']}] {t['text']}（{t['citation']}）→ {_kinds(t)}" for t in triggers)
    _section("触发条件 triggers", lines)
    _section("2027 年目标 goals", (f"  {g['indicator']} {g['op']} {g['target']}（{g['citation']}）" for g in goals))


# Not one of this app's commands: the root CLI attaches it to the library's group as `policyhub library renewal`,
# where it has always been (the library sits below renewal and cannot import it).
def guide(
    industry: str | None = typer.Argument(None, help="行业 an industry of the guide, e.g. 重型机械 (none: list them)"),
    fmt: Format = FORMAT,
) -> None:
    """设备更新指南 the renewal guide (工信厅规〔2024〕33号): industries, or one industry's goal, basis, directions."""
    data = service.guide(industry)
    if fmt is Format.json:
        print_json(data)
        return
    if isinstance(data, list):
        table = Table("序号", "类别", "行业", "出处")
        for ind in data:
            table.add_row(str(ind["no"]), ind["group"], ind["name"], ind["citation"])
        console.print(table)
        return
    console.print(f"[bold]{escape(data['name'])}[/bold]  ({data['number']}, {data['citation']})", highlight=False)
    console.print(f"\n[bold]设备更新目标[/bold]  {data['goal_citation']}")
    console.print(data["goal"], highlight=False, markup=False)
    _section("政策依据", (f"  《{p}》" for p in data["policies"]))
    _section("标准依据", (f"  {s['code']}  {s['title'] or ''}" for s in data["standards"]))
    _section("重点方向", (f"  {d['no']}. {d['title']}  ({d['citation']})" for d in data["directions"]))


def _kinds(t: Trigger) -> str:
    """The kinds of equipment a trigger scopes, Chinese first."""
    return "每台设备 every asset" if "*" in t["kinds"] else "、".join(kind_label(k) for k in t["kinds"])


def _section(title: str, lines: Iterable[str]) -> None:
    """A bold heading after a blank line, then its lines as they are (no markup: the guide's text has brackets)."""
    console.print(f"\n[bold]{title}[/bold]")
    for line in lines:
        console.print(line, highlight=False, markup=False)
