"""CLI for the SME digital-level assessment."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import typer
from rich.console import Console
from rich.progress import Progress

from policyhub.cliutil import Format, print_json, read_json
from policyhub.digital.answers import parse_firm
from policyhub.digital.batch import assess_many, batch_to_dict
from policyhub.digital.catalog import load_catalog
from policyhub.digital.csvio import rows_from_csv
from policyhub.digital.energy import compute_energy, energy_to_dict
from policyhub.digital.plan import make_plan, read_keep
from policyhub.digital.questionnaire import questionnaire
from policyhub.digital.render import assessment_report, batch_report, energy_report, plan_report, show
from policyhub.digital.report import assessment_to_dict, plan_to_dict
from policyhub.digital.scoring import assess as assess_firm
from policyhub.errors import InputError

app = typer.Typer(
    add_completion=False, help="中小企业数字化水平评测 (2024): assess, plan, batch, energy.", no_args_is_help=True
)

FILE = typer.Argument(..., help="答卷 JSON 文件 JSON answers file (见 see docs/digital.md).", show_default=False)
FORMAT = typer.Option(Format.text, "--format", help="输出格式 Output format.")
PROGRESS_FROM = 20  # show a progress bar for batches larger than this


@app.command()
def assess(file: Path = FILE, format: Format = FORMAT) -> None:
    """评测一家企业 assess one firm: level, score per dimension, each scenario's level, the 3 cheapest next steps."""
    catalog = load_catalog()
    data = assessment_to_dict(assess_firm(parse_firm(read_json(file), catalog), catalog), catalog)
    print_json(data) if format == Format.json else show(assessment_report(data))


@app.command()
def plan(
    file: Path = FILE,
    target: int = typer.Option(..., "--target", help="目标等级 Target level 1–4.", show_default=False),
    keep: str = typer.Option(
        "", "--keep", help="保留题号 Questions the plan may not touch, e.g. 11,12.", show_default=False
    ),
    format: Format = FORMAT,
) -> None:
    """升级方案 the smallest set of changes (one option / one scenario level each) that reaches level --target."""
    catalog = load_catalog()
    firm, locked = parse_firm(read_json(file), catalog), read_keep(keep, catalog)
    data = plan_to_dict(make_plan(firm, target, catalog, locked), catalog)
    print_json(data) if format == Format.json else show(plan_report(data))
    if format != Format.json:
        from policyhub.scenarios.catalog import plan_lines  # what the next level looks like (d03)

        for line in plan_lines(cast(dict[str, Any], data)):  # scenarios reads any plan-shaped dict
            typer.echo(line)


@app.command()
def energy(file: Path = FILE, format: Format = FORMAT) -> None:
    """综合能源消费量 in tce from quantities in 表1's units, e.g. {"电力": 310, "高炉煤气": 1.5}."""
    data = energy_to_dict(compute_energy(read_json(file), load_catalog()))
    print_json(data) if format == Format.json else show(energy_report(data))


def _entries(source: Path) -> list[tuple[str, Any]]:
    """(firm, JSON) per firm: a directory of *.json files (name = "firm" or the file stem) or one CSV."""
    if source.is_dir():
        files = sorted(source.glob("*.json"))
        if not files:
            raise InputError(f"{source}：目录中没有 *.json 答卷文件 no *.json answer files")
        entries: list[tuple[str, Any]] = []
        for f in files:
            try:
                data = read_json(f)
            except InputError as exc:
                data = exc  # reported against this firm; the others are still assessed
            name = data.get("firm") if isinstance(data, dict) else None
            entries.append((str(name or f.stem), data))
        return entries
    if not source.exists():
        raise InputError(f"{source}：文件或目录不存在 no such file or directory")
    if source.suffix.lower() != ".csv":
        raise InputError(f"{source}：应为 JSON 答卷目录或 .csv 文件 expected a directory of JSON files or a .csv file")
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}：无法读取 cannot read（{exc}）") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")  # a CSV saved by Excel on a Chinese Windows
        except UnicodeDecodeError:
            raise InputError(f"{source}：不是 UTF-8 或 GB18030 文本 not UTF-8 or GB18030 text") from None
    rows = rows_from_csv(text, load_catalog())
    if not rows:
        raise InputError(f"{source}：表头下没有企业数据行 no firm rows below the header")
    return list(rows)


@app.command()
def batch(
    source: Path = typer.Argument(
        ..., help="答卷目录或 CSV 文件 A directory of JSON answer files, or a CSV (one row per firm)."
    ),
    format: Format = FORMAT,
    top: int = typer.Option(5, "--top", min=1, help="最薄弱指标个数 How many weakest indicators to list."),
) -> None:
    """批量评测 assess many firms: level distribution, weakest indicators, percentiles; exit 2 if a firm is bad."""
    catalog = load_catalog()
    entries = _entries(source)
    if len(entries) > PROGRESS_FROM:
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("assessing", total=len(entries))
            result = assess_many(entries, catalog, lambda: progress.advance(task))
    else:
        result = assess_many(entries, catalog)
    data = batch_to_dict(result, catalog, top)
    print_json(data) if format == Format.json else show(batch_report(data))
    if result.errors:
        err = Console(stderr=True, soft_wrap=True)
        for name, message in result.errors:
            err.print(f"[bold red]错误 error：[/]{name}：{message}", highlight=False)
        raise typer.Exit(2)


@app.command()
def questions(format: Format = FORMAT) -> None:
    """评测问卷 questionnaire as data: questions, options, types, weights, raw-data fields, scenarios, levels, 表1."""
    data = questionnaire(load_catalog())
    if format == Format.json:
        print_json(data)
        return
    for q in data["questions"]:
        typer.echo(f"{q['number']:>2}. [{q['type']}] {q['text']}  （权重 weight {q['weight']:.4f}）")
        for i, o in enumerate(q["options"]):
            typer.echo(f"      {i}: {o}")
    for s in data["scenarios"]:
        typer.echo(f"{s['name']}{'*' if s['constrained'] else ''} ({s['group']})")
