"""Trading commands of `policyhub gec`: the listing book, trades and the monthly disclosure report."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from policyhub.cliutil import Format, print_json

from .cli import DbOpt, FormatOpt, app, console, open_registry


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

    with open_registry(db) as reg:
        check_platform(reg.rules, platform)
        data = build(reg, month, platform)
    if fmt is ReportFormat.json:
        print_json(data)
    elif fmt is ReportFormat.csv:
        sys.stdout.write(to_csv(data))
    elif fmt is ReportFormat.html:
        from policyhub.gec.report_html import render_report_html

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
    with open_registry(db) as reg:
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
    with open_registry(db) as reg:
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
