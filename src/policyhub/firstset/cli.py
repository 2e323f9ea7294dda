"""CLI for the 首台（套） catalog."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from policyhub.cliutil import Format, print_json, read_json
from policyhub.firstset import service
from policyhub.firstset.answers import RequirementJson

app = typer.Typer(
    add_completion=False, help="首台（套）重大技术装备目录 2024: list, show, check, match, find.", no_args_is_help=True
)

FORMAT = typer.Option(Format.text, "--format", help="输出格式 Output format.")
FILE = typer.Argument(..., help="JSON 文件 JSON file (见 see docs/firstset.md).", show_default=False)
MARK = {True: "[green]✔ 达到 met[/]", False: "[red]✘ 未达到 missed[/]", None: "[yellow]? 未填 not given[/]"}
AMBIGUOUS = "[yellow]? 原文未定 ambiguous[/]"  # the printed text does not decide (docs: Reading "：value" indicators)


def _console() -> Console:
    return Console(highlight=False)


@app.command("list")
def list_(
    field: str = typer.Option(None, "--field", help="只列一个领域 Only one field, e.g. 1.", show_default=False),
    format: Format = FORMAT,
) -> None:
    """全部条目与子条目 every entry and sub-entry: code, name, field, sub-field and number of tiers."""
    rows = service.list_entries(field)
    if format == Format.json:
        return print_json(rows)
    table = Table("编号", "装备名称", "领域", "类别", "档")
    for r in rows:
        name = ("  └ " if r["parent"] else "") + r["name"]
        table.add_row(r["code"], name, r["field_name"], r["subfield_name"], str(r["tiers"]))
    _console().print(table)


@app.command()
def show(
    code: str = typer.Argument(..., help="条目编号 Entry code, e.g. 1.1.2 or 1.7.2.1."), format: Format = FORMAT
) -> None:
    """查看一个条目 one entry: its tiers of indicators as printed, and how each is checked."""
    data = service.show(code)
    if format == Format.json:
        return print_json(data)
    con = _console()
    con.print(f"[bold]{data['code']} {data['name']}[/]  ({data['field_name']} › {data['subfield_name']})")
    if data["subentries"]:
        con.print("子条目 sub-entries：" + "、".join(data["subentries"]))
    if not data["tiers"]:
        con.print("[yellow]本条目未列指标，见其子条目 no indicators of its own: see its sub-entries[/]")
    for n, (tier, label) in enumerate(zip(data["tiers"], data["tier_labels"], strict=True), start=1):
        table = Table("指标", "核心技术指标（原文）", "检查方式", title=f"档 {n}" + (f"：{label}" if label else ""))
        for ind in tier:
            how = {"yes_no": "是/否", "text": "仅文本"}.get(ind["checkable"]) or _describe(ind["requirement"])
            table.add_row(ind["name"], ind["text"], how)
        con.print(table)


def _describe(req: RequirementJson) -> str:
    ops = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
    unit = req.get("unit", "")
    kind = req["kind"]
    if kind == "range":
        lo = "[" if req["low_inclusive"] else "("
        hi = "]" if req["high_inclusive"] else ")"
        return f"{lo}{req['low']:g}, {req['high']:g}{hi} {unit}"
    if kind == "tolerance":
        return f"|x| ≤ {req['value']:g} {unit}"
    if kind == "dimensions":
        return f"{ops[req['op']]} " + " × ".join(f"{v:g}" for v in req["values"]) + f" {unit}"
    if kind == "grade":
        return f"{req['scale']} 等级 {ops[req['op']]} {req['level']}"
    text = f"{'|x| ' if req.get('magnitude') else ''}{ops[req['op']]} {req['value']:g} {unit}"
    if kind == "rule":
        dep = req["depends_on"]
        text += f"；{dep['param']} 超过 {dep['value']:g} {dep['unit']} 后"
        text += f"每增加 {dep['step']:g} {dep['unit']}，限值增加 {dep['increment']:g}"
    return text


@app.command()
def check(file: Path = FILE, format: Format = FORMAT) -> None:
    """核对产品 check a product against one entry: {"entry": "1.1.2", "params": {"直线轴定位精度": "1.8 μm", …}}."""
    data = service.check(read_json(file))
    if format == Format.json:
        return print_json(data)
    con = _console()
    verdict = {
        True: "[green]符合 qualifies[/]",
        False: "[red]不符合 does not qualify[/]",
        None: "[yellow]待补充数据 undecided[/]",
    }
    head = AMBIGUOUS if data["verdict"] == "ambiguous" else verdict[data["qualifies"]]
    con.print(f"[bold]{data['entry']} {data['name']}[/]: {head}")
    notes = []
    for n, tier in enumerate(data["tiers"], start=1):
        mark = AMBIGUOUS if tier["verdict"] == "ambiguous" else MARK[tier["pass"]]
        title = f"档 {n}" + (f"：{tier['label']}" if tier["label"] else "") + f" — {mark}"
        table = Table("指标", "要求", "给定", "结果", "差距", title=title)
        for ind in tier["indicators"]:
            gap = ind["gap"]
            gap_text = (
                ""
                if not gap
                else f"{gap['value']:g} {gap['unit']}"
                + (f" ({gap['percent']:g}%)" if gap["percent"] is not None else "")
            )
            value = "" if ind["value"] is None else str(ind["value"])
            mark = AMBIGUOUS if ind["verdict"] == "ambiguous" else MARK[ind["pass"]]
            table.add_row(ind["name"], ind["required"], value, mark, gap_text)
            for said in (ind.get("note"), ind.get("reading")):  # the reading of 9000T, 98000 t·m is said too
                note = f"{ind['name']}：{said}" if said else None
                if note and note not in notes:
                    notes.append(note)
        con.print(table)
    for note in notes:
        con.print(f"[yellow]注 note[/] {note}")


@app.command()
def match(file: Path = FILE, format: Format = FORMAT) -> None:
    """按参数匹配 try a spec {"params": {…}} against every entry that names its parameters, best first."""
    rows = service.match(read_json(file))
    if format == Format.json:
        return print_json(rows)
    table = Table("#", "编号", "装备名称", "结果", "已给/通过/未通过", "尚缺")
    for r in rows:
        counts = f"{r.get('matched', 0)}/{r.get('passed', 0)}/{r.get('failed', 0)}"
        missing = r.get("error") or "、".join(r.get("missing", []))
        table.add_row(str(r["rank"]), r["entry"], r["name"], MARK[r["qualifies"]], counts, missing)
    _console().print(table)


@app.command()
def find(
    query: str = typer.Argument(
        ..., help="名称、关键词或指标名 A name, keyword or indicator name: 拉床, 重复定位精度."
    ),
    format: Format = FORMAT,
) -> None:
    """查找条目 search entries by Chinese name or keyword, or by an indicator they constrain."""
    rows = service.find(query)
    if format == Format.json:
        return print_json(rows)
    table = Table("编号", "装备名称", "领域", "命中", title=f"{query}：{len(rows)} 条")
    for r in rows:
        hit = "名称" if r["match"] == "name" else "指标：" + "、".join(r["indicators"])
        figures = "；".join(f"{f['figure']} 满足 meets {f['required']}" for f in r.get("figures") or [])
        table.add_row(r["code"], r["name"], r["field_name"], hit + (f"；{figures}" if figures else ""))
    con = _console()
    con.print(table)
    if rows and all(r.get("figures") == [] for r in rows):
        con.print("[yellow]没有条目满足查询中的数值，以上为名称命中 no entry meets the figures: name matches shown[/]")


@app.command()
def unparsed(format: Format = FORMAT) -> None:
    """文本指标 indicators left as text (not machine-checked), with the reason; counts per kind."""
    rows = service.unparsed()
    if format == Format.json:
        return print_json({"counts": service.stats()["indicators"], "unparsed": rows})
    table = Table("编号", "指标", "原文", "原因", title=f"仅文本指标 text-only indicators：{len(rows)}")
    for r in rows:
        table.add_row(r["code"], r["name"], r["text"], r["reason"] or "")
    con = _console()
    con.print(table)
    counts = service.stats()["indicators"]
    con.print(
        f"可程序核对 machine-checked {counts['machine']}，"
        f"是否项 yes/no {counts['yes_no']}，仅文本 text only {counts['text']}"
    )


@app.command()
def stats(format: Format = FORMAT) -> None:
    """目录统计概况 how much of the catalog there is, and how many indicators are machine-checked, yes/no or text."""
    data = service.stats()
    if format == Format.json:
        return print_json(data)
    ind = data["indicators"]
    _console().print(
        f"{data['fields']} 个领域、{data['subfields']} 个类别、"
        f"{data['entries']} 个条目、{data['subentries']} 个子条目；"
        f"指标共 {ind['total']} 项：可程序核对 {ind['machine']}，是否项 {ind['yes_no']}，仅文本 {ind['text']}"
    )
