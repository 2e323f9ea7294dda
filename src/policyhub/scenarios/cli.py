"""CLI for 智能制造典型场景: list, show, search, for (the digital assessment's scenario)."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from policyhub.cliutil import Format, print_json
from policyhub.scenarios import catalog

app = typer.Typer(
    add_completion=False, help="智能制造典型场景参考指引（2024年版）the 40 typical scenarios.", no_args_is_help=True
)
FORMAT = typer.Option(Format.text, "--format", help="输出格式 Output format.")


def _rows(items: Sequence[catalog.Scenario]) -> None:
    for s in items:
        typer.echo(f"{s['no']:>2}. [{s['link']}] {s['title']}")


@app.command("list")
def list_(format: Format = FORMAT) -> None:
    """15 个环节的 40 个场景 the 40 scenarios in 15 links: number, link, title, full text."""
    scenarios = catalog.all_scenarios()
    data = {**catalog.document(), "links": catalog.links(), "scenarios": scenarios}
    print_json(data) if format == Format.json else _rows(scenarios)


@app.command()
def show(no: int = typer.Argument(..., help="场景序号 Scenario number 1–40."), format: Format = FORMAT) -> None:
    """查看一个场景 one scenario's full text, and the digital-assessment scenarios mapped to it."""
    s = catalog.get(no)
    if format == Format.json:
        print_json(s)
        return
    typer.echo(f"{s['no']}. {s['title']}（{s['link']}，{s['citation']}）\n{s['text']}")
    for d in s["digital"]:
        typer.echo(f"  ↔ 数字化评测场景 {d['digital']}：{d['reason']}")


@app.command()
def search(
    query: str = typer.Argument(..., help="检索词 Words that must all occur, e.g. 预测性维护."),
    format: Format = FORMAT,
) -> None:
    """检索场景 scenarios whose link, title or text contains every word."""
    found = catalog.search(query)
    print_json({"query": query, "scenarios": found}) if format == Format.json else _rows(found)


@app.command("for")
def for_(
    name: str = typer.Argument(..., help="评测场景 A digital-assessment scenario, e.g. 生产管控."),
    format: Format = FORMAT,
) -> None:
    """对应典型场景 the typical scenarios mapped to a digital-assessment scenario: what its next level looks like."""
    data = catalog.for_digital(name)
    if format == Format.json:
        print_json(data)
        return
    if not data["scenarios"]:
        typer.echo(f"{name}：指引中没有对应的典型场景 no counterpart in the 40 typical scenarios")
    for s in data["scenarios"]:
        typer.echo(f"{s['no']:>2}. [{s['link']}] {s['title']}\n    {s['reason']}")
