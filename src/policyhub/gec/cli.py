"""CLI for the green electricity certificate registry (`policyhub gec …`)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from policyhub.cliutil import Format, print_json
from policyhub.errors import InputError

app = typer.Typer(
    help="绿证 registry: apply commands (issuing, trading), state, holdings, listings, trades, report, verify, audit.",
    no_args_is_help=True,
)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="POLICYHUB_DB", help="Database URL (default sqlite:///policyhub.sqlite)."),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="Output format.")]
console = Console()


def _open(db: str | None) -> Any:
    from .registry import Registry

    return Registry.open(db)


def _line_command(text: str, n: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(f"line {n}: not valid JSON ({exc.msg}, column {exc.colno})", "invalid_json")


@app.command()
def apply(
    file: Annotated[Path, typer.Argument(help="JSON Lines file, one command per line.")],
    db: DbOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="json: one JSON result per line.")] = Format.json,
) -> None:
    """Apply commands in order and print one JSON result per line; refused commands change nothing."""
    from .registry import error

    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read ({exc})") from None
    with _open(db) as reg:
        for n, text in enumerate(lines, 1):
            if not text.strip():
                continue
            cmd = _line_command(text, n)
            result = error(cmd.code, cmd.message) if isinstance(cmd, InputError) else reg.apply(cmd)
            if fmt is Format.json:
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            else:
                mark = (
                    "[green]ok[/]"
                    if result["ok"]
                    else f"[red]{result['error']['code']}[/] {result['error']['message']}"
                )
                rest = {k: v for k, v in result.items() if k not in ("ok", "error")}
                console.print(f"{n}: {mark} {json.dumps(rest, ensure_ascii=False)}")


@app.command("import-meter")
def import_meter(
    file: Annotated[Path, typer.Argument(help="CSV with header project,grid_kwh,self_kwh.")],
    month: Annotated[str, typer.Option("--month", help="Production month, e.g. 2024-08.")],
    at: Annotated[str | None, typer.Option("--at", help="Logical time (ISO), default now.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Bulk import of a month's grid data: one journal entry holding the rows' digest."""
    from .csvimport import read_meter_csv

    rows = read_meter_csv(file)
    when = None
    if at is not None:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise InputError(f"--at {at!r} is not an ISO date-time") from None
    with _open(db) as reg:
        result = reg.import_meter(month, rows, at=when)
    if not result["ok"]:
        raise InputError(result["error"]["message"], result["error"]["code"])
    if fmt is Format.json:
        print_json(result)
    else:
        console.print(f"imported {result['rows']} readings for {month} (journal entry {result['entry']})")


@app.command()
def state(db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """Certificates per account: live, tradable, listed, claimed, expired, revoked."""
    with _open(db) as reg:
        data = reg.state()
    if fmt is Format.json:
        print_json(data)
        return
    cols = ("live", "tradable", "listed", "claimed", "expired", "revoked")
    table = Table("account", *cols, title="绿证 state")
    for name, counts in data["accounts"].items():
        table.add_row(name, *(f"{counts[c]:,}" for c in cols))
    console.print(table)


@app.command()
def holdings(account: str, db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """The blocks of serial numbers an account holds or held."""
    with _open(db) as reg:
        data = reg.holdings(account)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table(
        "first_code",
        "last_code",
        "count",
        "project",
        "month",
        "tradable",
        "traded",
        "status",
        "valid_until",
        title=f"{account} holdings",
    )
    for b in data:
        table.add_row(
            b["first_code"],
            b["last_code"],
            f"{b['count']:,}",
            b["project"],
            b["month"],
            "yes" if b["tradable"] else "no",
            "yes" if b["traded"] else "no",
            b["status"],
            b["valid_until"],
        )
    console.print(table)


@app.command()
def verify(code: str, db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """Verify a certificate code or claim code (第二十七条)."""
    with _open(db) as reg:
        data = reg.verify(code)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("field", "value", title=f"verify {code}", show_header=False)
    for k, v in data.items():
        if k not in ("ranges", "block"):
            table.add_row(k, str(v))
    for r in data.get("ranges", []) or ([data["block"]] if "block" in data else []):
        table.add_row("range", f"{r['first_code']} … {r['last_code']} ({r['count']:,})")
    console.print(table)


@app.command()
def audit(db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """Recompute the journal's hash chain and replay it; exit 0 only when both check out (第三十条)."""
    from .audit import audit as run_audit

    with _open(db) as reg:
        data = run_audit(reg)
    if fmt is Format.json:
        print_json(data)
    elif data["ok"]:
        console.print(f"[green]audit ok[/]: {data['entries']} journal entries, chain and replay check out")
    else:
        console.print(f"[red]audit failed[/] ({data['entries']} entries)")
        for p in data["problems"]:
            console.print(f"  - {p['message']}", highlight=False)
    if not data["ok"]:
        raise typer.Exit(1)


@app.command()
def qr(
    code: str,
    out: Annotated[Path, typer.Option("--out", help="FILE.svg or FILE.png")],
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Write a QR code carrying the verification reference of a certificate block or a claim."""
    from .qr import write_qr

    with _open(db) as reg:
        ref = write_qr(reg, code, out)
    if fmt is Format.json:
        print_json({"code": code, "reference": ref, "file": str(out)})
    else:
        console.print(f"wrote {out} → {ref}")


@app.command()
def claims(
    account: Annotated[str | None, typer.Option("--account")] = None, db: DbOpt = None, fmt: FormatOpt = Format.text
) -> None:
    """List claim records (绿色电力消费声明)."""
    with _open(db) as reg:
        data = reg.claims(account)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("claim", "code", "account", "quantity", "beneficiary", "period", "at", title="claims")
    for c in data:
        table.add_row(c["claim"], c["code"], c["account"], f"{c['quantity']:,}", c["beneficiary"], c["period"], c["at"])
    console.print(table)


class ReportFormat(StrEnum):
    """Output formats of the disclosure report."""

    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


@app.command()
def report(
    month: Annotated[str, typer.Option("--month", help="Report month, e.g. 2024-09 (when things happened).")],
    platform: Annotated[str | None, typer.Option("--platform", help="One platform's trades and cancellations.")] = None,
    db: DbOpt = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text, json, csv or html.")] = ReportFormat.text,
) -> None:
    """The monthly disclosure report (第二十八条–第二十九条): issued, traded, average price, cancelled."""
    from .report import check_platform, to_csv
    from .report import report as build

    with _open(db) as reg:
        check_platform(reg.rules, platform)
        data = build(reg, month, platform)
    if fmt is ReportFormat.json:
        print_json(data)
    elif fmt is ReportFormat.csv:
        sys.stdout.write(to_csv(data))
    elif fmt is ReportFormat.html:
        from policyhub.web.report_html import render_report_html

        sys.stdout.write(render_report_html(data))
    else:
        table = Table("figure", "value", title=f"绿证 report {month} · {platform or 'national'}", show_header=False)
        for key in ("issued", "issued_tradable", "issued_non_tradable", "traded", "trades", "turnover"):
            table.add_row(key, f"{data[key]:,}" if isinstance(data[key], int) else str(data[key]))
        table.add_row("average_price", data["average_price"] or "—")
        for key in ("claimed", "expired", "cancelled"):
            table.add_row(key, f"{data[key]:,}")
        for route, row in data["traded_by_route"].items():
            table.add_row(f"traded · {route}", f"{row['traded']:,} @ {row['average_price'] or '—'}")
        console.print(table)


@app.command()
def listings(
    platform: Annotated[str | None, typer.Option("--platform", help="Only listings shown on this platform.")] = None,
    account: Annotated[str | None, typer.Option("--account", help="Only this seller's listings.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Closed listings too.")] = False,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """The listing book (挂牌): one remaining quantity, whichever platform shows it (第二十一条)."""
    with _open(db) as reg:
        data = reg.listings(platform=platform, account=account, status=None if all_ else "open", limit=10_000)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("listing", "account", "price", "remaining", "quantity", "platforms", "status", title="listings")
    for x in data:
        table.add_row(
            x["listing"], x["account"], x["price"], f"{x['remaining']:,}", f"{x['quantity']:,}",
            ",".join(x["platforms"]), x["status"],
        )  # fmt: skip
    console.print(table)


@app.command()
def trades(
    account: Annotated[str | None, typer.Option("--account", help="Trades this account bought or sold.")] = None,
    platform: Annotated[str | None, typer.Option("--platform")] = None,
    month: Annotated[str | None, typer.Option("--month", help="Trades made in this month.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000)] = 100,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Trades, newest first: buyer, seller, quantity, price, platform, time (第二十二条)."""
    with _open(db) as reg:
        data = reg.trades(account=account, platform=platform, month=month, limit=limit)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("trade", "route", "platform", "seller", "buyer", "quantity", "price", "at", title="trades")
    for x in data:
        table.add_row(
            x["trade"], x["route"], x["platform"] or "", x["seller"], x["buyer"], f"{x['quantity']:,}",
            x["price"] or "—", x["at"],
        )  # fmt: skip
    console.print(table)
