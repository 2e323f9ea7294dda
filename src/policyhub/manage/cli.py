"""CLI for 工业中小企业管理提升自诊断: questions, assess, batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from policyhub.cliutil import Format, print_json, read_json
from policyhub.errors import InputError
from policyhub.firms import cli as firm_cli
from policyhub.manage.batch import diagnose_members, members_from_csv, members_from_json
from policyhub.manage.diagnosis import diagnose, parse_answers
from policyhub.manage.guide import questions as guide_questions
from policyhub.manage.render import share as _share
from policyhub.manage.render import show_diagnosis

app = typer.Typer(
    add_completion=False,
    help="工业中小企业管理提升自诊断 management self-diagnosis (2024 guide).",
    no_args_is_help=True,
)
FORMAT = typer.Option(Format.text, "--format", help="输出格式 Output format.")


@app.command()
def questions(format: Format = FORMAT) -> None:
    """自诊断问题 the nine areas 二…十 and every numbered practice, in the guide's words."""
    data = guide_questions()
    if format == Format.json:
        print_json(data)
        return
    for area in data["areas"]:
        typer.echo(f"{area['no']}、{area['title']}")
        for p in area["practices"]:
            typer.echo(f"  {p['id']} {p['title']}{'（基础 basic）' if p['basic'] else ''}")


@app.command()
def assess(
    file: Path = typer.Argument(
        ..., help='答卷 JSON 文件 JSON: {"firm": …, "answers": {"二.（一）": "done|partly|none"}}'
    ),
    format: Format = FORMAT,
) -> None:
    """诊断企业 diagnose one firm: share in place per area, the missing practices in the guide's words, priorities."""
    data = diagnose(parse_answers(read_json(file)))
    print_json(data) if format == Format.json else show_diagnosis(data)


def _members(source: Path) -> list[Any]:
    if not source.exists():
        raise InputError(f"{source}：文件不存在 no such file")
    if source.suffix.lower() == ".csv":
        raw = source.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="strict")  # a CSV saved by Excel on a Chinese Windows
        return members_from_csv(text)
    return members_from_json(read_json(source))


@app.command()
def batch(
    source: Path = typer.Argument(
        ...,
        help="会员答卷 Members: a JSON array of answer objects, or a CSV (firm + practice ids).",
    ),
    format: Format = FORMAT,
    top: int = typer.Option(5, "--top", min=1, help="最薄弱做法个数 How many weakest practices to list."),
) -> None:
    """会员诊断 an association's members: distribution per area, the weakest practices; exit 2 if a member is bad."""
    data = diagnose_members(_members(source), top)
    if format == Format.json:
        print_json(data)
    else:
        typer.echo(f"共诊断 {data['count']} 家会员企业 members diagnosed")
        for a in data["areas"]:
            bands = "  ".join(f"{k}:{v}" for k, v in a["bands"].items())
            typer.echo(f"{a['no']}、{a['title']}  平均 mean {_share(a['mean_in_place'])}  {bands}")
        typer.echo("最薄弱的做法 weakest practices：")
        for p in data["weakest_practices"]:
            typer.echo(
                f"  {p['id']} {p['title']}  {p['mean_in_place']:.0%}（{p['answered']} 家作答，{p['none']} 家未开展）"
            )
    if data["errors"]:
        for e in data["errors"]:
            typer.echo(f"错误 error：{e['firm']}：{e['error']}", err=True)
        raise typer.Exit(2)


firm_cli.mount(app)  # record, firms, history, report: one firm over time (policyhub.firms)
