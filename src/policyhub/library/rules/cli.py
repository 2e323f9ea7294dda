"""CLI for the rule checkers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from policyhub.cliutil import Format, print_json, read_json
from policyhub.library.rules.inputs import RdCase, StampCase, parse, parse_date
from policyhub.library.rules.negative_list import check_activity
from policyhub.library.rules.rd_eligibility import check_eligibility
from policyhub.library.rules.stamp_duty import assess

rules_app = typer.Typer(
    help="Rules a program decides: negative-list, rd-eligibility, stamp-duty.", no_args_is_help=True
)


def _fold(table: Table) -> Table:
    """Wrap long Chinese cells instead of cutting them off."""
    for column in table.columns:
        column.overflow = "fold"
    return table


STATUS_STYLE = {"met": "green", "not_met": "bold red", "unknown": "yellow"}


@rules_app.command("negative-list")
def negative_list(
    activity: str = typer.Argument(..., help="Activity or industry, e.g. 核电站建设经营"),
    date: str | None = typer.Option(None, "--date", help="Date to check (YYYY-MM-DD), default today"),
    fmt: Format = typer.Option(Format.text, "--format", help="Output format"),
) -> None:
    """Foreign investment negative list 2024: the special measures that apply to an activity."""
    result = check_activity(activity, parse_date(date, "--date"))
    if fmt is Format.json:
        print_json(result)
        return
    console = Console()
    console.print(f"[bold]{result['activity']}[/] — {result['applicable_list']} ({result['date']})")
    console.print(("[bold red]" if result["restricted"] else "[bold green]") + result["answer"] + "[/]")
    table = _fold(Table("No.", "Type", "Measure", "Citation", show_lines=True))
    for m in result["measures"] + result["general_measures"]:
        cap = m.get("equity_cap")
        kind = ", ".join(m.get("types", [m["type"]])) + (f"\n{cap}" if cap else "")
        table.add_row(str(m.get("no") or m.get("id", "")), kind, m["text"], m["citation"])
    if table.rows:
        console.print(table)
    for r in result["related"]:
        console.print(f"[dim]related: 第{r['no']}项 ({r['reason']}: {r['term']}) {r['text']}[/]")
    for e in result["excepted"]:
        console.print(f"[dim]excepted: 第{e['no']}项 {e['scope']} — {e['exception']}[/]")
    for b in result["basis"]:
        console.print(f"[dim]{b['text']} — {b['citation']}[/]")


def _conditions_table(conditions: list[dict[str, Any]], title: str) -> Table:
    table = _fold(Table("Status", "Guide", "Article", "Rule", "Detail", title=title))
    for c in conditions:
        style = STATUS_STYLE.get(c["status"], "")
        where = "" if c["application"] is None else f" #{c['application']}"
        table.add_row(f"[{style}]{c['status']}[/]", c["guide"] + where, c["source"]["article"], c["label"], c["detail"])
    return table


@rules_app.command("rd-eligibility")
def rd_eligibility(
    file: Path = typer.Argument(..., help="JSON: person, unit, applications, ongoing, as_of (see docs/rules.md)"),
    fmt: Format = typer.Option(Format.text, "--format", help="Output format"),
) -> None:
    """National key R&D programme 2024 (交通 / 国家质量基础设施体系): eligible, or every rule broken."""
    result = check_eligibility(parse(RdCase, read_json(file), str(file)))
    if fmt is Format.json:
        print_json(result)
        return
    console = Console()
    verdict = "[bold green]eligible[/]" if result["eligible"] else "[bold red]not eligible[/]"
    console.print(f"{verdict} (as of {result['as_of']}; {len(result['violations'])} rule(s) broken)")
    for v in result["violations"]:
        where = f"application {v['application']} " if v["application"] is not None else ""
        console.print(f"[red]✗[/] {where}{v['label']}: {v['detail']}\n  {v['text']}\n  [dim]{v['citation']}[/]")
    console.print(_conditions_table(result["conditions"], "All conditions"))
    if not result["complete"]:
        console.print("[yellow]Some conditions are unknown: add the missing facts to decide them.[/]")


@rules_app.command("stamp-duty")
def stamp_duty(
    file: Path = typer.Argument(..., help="JSON: date, restructuring, items (see docs/rules.md)"),
    fmt: Format = typer.Option(Format.text, "--format", help="Output format"),
) -> None:
    """Stamp duty on restructuring (财政部 税务总局公告2024年第14号): exempt or taxable, item by item."""
    result = assess(parse(StampCase, read_json(file), str(file)))
    if fmt is Format.json:
        print_json(result)
        return
    console = Console()
    console.print(
        f"[bold]{result['document']['number']}[/] ({result['effective']['from']} … {result['effective']['to']})"
    )
    table = _fold(Table("Item", "Kind", "Exempt", "Clause", "Taxable base", "Tax"))
    for i in result["items"]:
        exempt = "[green]yes[/]" if i["exempt"] else f"[red]no[/] ({i['status']})"
        table.add_row(str(i["id"] or ""), i["kind"], exempt, i["clause"], _yuan(i["taxable_base"]), _yuan(i["tax"]))
    console.print(table)
    for i in result["items"]:
        console.print(f"[bold]{i['id'] or i['kind']}[/]: {i['basis']}")
    console.print(f"Total taxable base: {_yuan(result['total_taxable_base'])}  Total tax: {_yuan(result['total_tax'])}")


def _yuan(value: float | None) -> str:
    return "?" if value is None else f"{value:,.2f}"
