"""CLI for the green electricity certificate registry (`policyhub gec …`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from policyhub.cliutil import Format, print_json, read_text
from policyhub.errors import InputError
from policyhub.gec.labels import BLOCK_STATUS, HOLDING_COUNTS, name

from . import cli_import, cli_statement, cli_trading
from .cli_options import AccountArg, DbOpt, FormatOpt, console, open_registry

app = typer.Typer(
    add_completion=False,
    help="绿证 registry: apply commands (issuing, trading), state, holdings, listings, trades, report, verify, audit.",
    no_args_is_help=True,
)

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="判定日 Judge validity on this day, YYYY-MM-DD (default today, Beijing time).",
    ),
]
VERIFY_FIELDS = {
    "code": "编码", "kind": "类别", "project": "项目", "project_name": "项目名称", "project_type": "项目类型",
    "project_type_name": "项目类型名称", "province": "省份", "month": "电量生产月份", "status": "状态",
    "valid_until": "有效期至", "tradable": "可交易", "traded": "已交易", "holder": "持有账户", "claim": "声明",
    "account": "账户", "quantity": "数量", "beneficiary": "受益方", "period": "期间", "at": "时间",
    "verify_reference": "查验地址", "as_of": "截至日期", "claim_code": "声明编码", "purpose": "用途",
    "consumer_province": "用电省份", "site": "用电场所",
}  # fmt: skip
KIND_NAMES = {"certificate": "绿证", "claim": "绿色电力消费声明"}


def _verify_value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "status":
        return f"{name(BLOCK_STATUS, value)} {value}"
    if key == "kind":
        return f"{name(KIND_NAMES, value)} {value}"
    return "" if value is None else str(value)


def _line_command(text: str, n: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg}, column {exc.colno}"
        return InputError(f"第 {n} 行不是有效的 JSON line {n}: not valid JSON ({detail})", "invalid_json")


@app.command()
def apply(
    file: Annotated[Path, typer.Argument(help="命令文件 JSON Lines file, one command per line.")],
    db: DbOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 json: one JSON result per line.")] = Format.json,
) -> None:
    """按序执行命令 apply commands in order and print one JSON result per line; refused commands change nothing.

    A line may carry `"actor": {"role": …, "account": …, "platform": …}`: it is then sent as that role, under the
    role policy the service uses (refused: `forbidden`), and journaled so; without it, the operator's local tool.
    """
    from .actor_lines import prepare_line
    from .outcomes import error
    from .registry import GROUP

    lines = read_text(file).splitlines()
    with open_registry(db, create=True) as reg:
        numbered = [(n, text) for n, text in enumerate(lines, 1) if text.strip()]
        # Lines are applied in groups (one transaction each, a savepoint per command), printed as they finish. A line
        # may name its sender (`actor`, actor_lines.py): the role policy then decides, as over HTTP.
        for first in range(0, len(numbered), GROUP):
            chunk = numbered[first : first + GROUP]
            parsed = [_line_command(text, n) for n, text in chunk]
            ready = [error(x.code, x.message) if isinstance(x, InputError) else prepare_line(reg, x) for x in parsed]
            for (n, _), result in zip(chunk, reg.apply_ready(ready), strict=True):
                _print_result(n, result, fmt)


def _print_result(n: int, result: Mapping[str, Any], fmt: Format) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    mark = "[green]成功 ok[/]" if result["ok"] else f"[red]{result['error']['code']}[/] {result['error']['message']}"
    rest = {k: v for k, v in result.items() if k not in ("ok", "error")}
    console.print(f"{n}: {mark} {json.dumps(rest, ensure_ascii=False)}")


@app.command()
def state(db: DbOpt = None, fmt: FormatOpt = Format.text, as_of: AsOfOpt = None) -> None:
    """各账户绿证持有状态 certificates per account: live, tradable, listed, claimed, expired, revoked (as of a day)."""
    with open_registry(db) as reg:
        data = reg.state(as_of=as_of)
    if fmt is Format.json:
        print_json(data)
        return
    cols = ("live", "tradable", "listed", "claimed", "expired", "revoked")
    table = Table("账户 account", *(f"{HOLDING_COUNTS[c]} {c}" for c in cols), title="绿证持有状态 state")
    for account, counts in data["accounts"].items():
        shown: Mapping[str, object] = counts  # read by column name
        table.add_row(account, *(f"{shown[c]:,}" for c in cols))
    console.print(table)


@app.command()
def holdings(account: AccountArg, db: DbOpt = None, fmt: FormatOpt = Format.text, as_of: AsOfOpt = None) -> None:
    """账户持有的绿证 the blocks of serial numbers an account holds or held (statuses as of a day)."""
    with open_registry(db) as reg:
        data = reg.holdings(account, as_of=as_of)
    if fmt is Format.json:
        print_json(data)
        return
    heads = ("起始编码", "终止编码", "数量", "项目", "月份", "可交易", "已交易", "状态", "有效期至")
    table = Table(*heads, title=f"{account} 持有绿证 holdings")
    for b in data:
        table.add_row(
            b["first_code"],
            b["last_code"],
            f"{b['count']:,}",
            b["project"],
            b["month"],
            "是" if b["tradable"] else "否",
            "是" if b["traded"] else "否",
            name(BLOCK_STATUS, b["status"]),
            b["valid_until"],
        )
    console.print(table)


@app.command()
def verify(
    code: Annotated[str, typer.Argument(help="绿证编码或声明编码 Certificate code or claim code.")],
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
    as_of: AsOfOpt = None,
) -> None:
    """查验 verify a certificate code or claim code (第二十七条), its status as of a day."""
    from .config import rules
    from .domain.codes import parse_code

    parse_code(code, rules())  # a malformed code is the user's first problem, whatever the database
    with open_registry(db) as reg:
        data = reg.verify(code, as_of=as_of)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("项目 field", "内容 value", title=f"查验 verify {code}", show_header=False)
    for k, v in data.items():
        if k not in ("ranges", "block"):
            table.add_row(f"{VERIFY_FIELDS.get(k, k)} {k}", _verify_value(k, v))
    spans = data["ranges"] if data["kind"] == "claim" else [data["block"]]
    for r in spans:
        table.add_row("编码段 range", f"{r['first_code']} … {r['last_code']}（{r['count']:,} 个）")
    console.print(table)


@app.command()
def audit(
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
    anchor: Annotated[
        list[str] | None,
        typer.Option(
            "--anchor",
            help="日志锚点 SEQ:HASH from a published report's journal head (repeatable).",
        ),
    ] = None,
) -> None:
    """审计 recompute the hash chain, check kept anchors, token table, replay; exit 0 only if all hold (第三十条)."""
    from .audit import audit as run_audit

    anchors = [_anchor(a) for a in anchor or []]
    with open_registry(db) as reg:
        data = run_audit(reg, anchors)
    if fmt is Format.json:
        print_json(data)
    elif data["ok"]:
        console.print(f"[green]审计通过 audit ok[/]：{data['entries']} 条日志，哈希链与重放一致 chain and replay ok")
    else:
        console.print(f"[red]审计未通过 audit failed[/]（{data['entries']} 条日志 entries）")
        for p in data["problems"]:
            console.print(f"  - {p['message']}", highlight=False)
    if fmt is not Format.json:
        for w in data["warnings"]:
            console.print(f"  [yellow]注意 note[/]: {w['message']}", highlight=False)
    if not data["ok"]:
        raise typer.Exit(1)


def _anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
        raise InputError(f"锚点格式应为 SEQ:HASH anchor must be SEQ:HASH (entry number, 64 hex digits), got {text!r}")
    return int(seq), digest


@app.command()
def qr(
    code: Annotated[str, typer.Argument(help="绿证编码或声明编码 Certificate code or claim code.")],
    out: Annotated[Path, typer.Option("--out", help="输出文件 FILE.svg 或 or FILE.png")],
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """生成查验二维码 write a QR code carrying the verification reference of a certificate block or a claim."""
    from .qr import write_qr

    with open_registry(db) as reg:
        ref = write_qr(reg, code, out)
    if fmt is Format.json:
        print_json({"code": code, "reference": ref, "file": str(out)})
    else:
        console.print(f"已写入 wrote {out} → {ref}")


@app.command()
def claims(
    account: Annotated[str | None, typer.Option("--account", help="账户 Only this account's claims.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """绿色电力消费声明 list claim records."""
    with open_registry(db) as reg:
        data = reg.claims(account)
    if fmt is Format.json:
        print_json(data)
        return
    heads = ("声明", "编码", "账户", "数量", "受益方", "期间", "用途", "用电省份", "用电场所", "时间")
    table = Table(*heads, title="绿色电力消费声明 claims")
    for c in data:
        place = (c["consumer_province"] or "", c["site"] or "")
        table.add_row(c["claim"], c["code"], c["account"], f"{c['quantity']:,}", c["beneficiary"], c["period"],
                      c["purpose"], *place, c["at"])  # fmt: skip
    console.print(table)


# Commands kept in their own modules, added after this module's own (the order `policyhub gec --help` lists them).
cli_import.register(app)
cli_trading.register(app)
cli_statement.register(app)
