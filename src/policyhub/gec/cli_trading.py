"""Trading commands of `policyhub gec`: the listing book, trades and the monthly disclosure report."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from policyhub.cliutil import Format, print_json
from policyhub.gec.labels import ROUTE_NAMES, count_cn, listing_status, name, percent

from .cli_options import DbOpt, FormatOpt, console, open_registry

REPORT_FIGURES = {
    "issued": "核发 issued", "issued_tradable": "可交易核发 issued tradable",
    "issued_non_tradable": "不可交易核发 issued non-tradable", "traded": "交易量 traded", "trades": "成交笔数 trades",
    "turnover": "成交金额（元）turnover", "average_price": "平均价格（元/个）average price",
    "claimed": "声明核销 claimed", "expired": "过期核销 expired", "cancelled": "核销合计 cancelled",
}  # fmt: skip


class ReportFormat(StrEnum):
    """Output formats of the disclosure report."""

    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


def report(
    month: Annotated[
        str,
        typer.Option("--month", help="报告月份 Report month, e.g. 2024-09 (when things happened)."),
    ],
    platform: Annotated[
        str | None, typer.Option("--platform", help="交易平台 One platform's trades and cancellations.")
    ] = None,
    db: DbOpt = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="输出格式 Output format: text, json, csv or html.")
    ] = ReportFormat.text,
) -> None:
    """月度披露 the monthly disclosure report (第二十八条–第二十九条): issued, traded, average price, cancelled."""
    from .config import rules
    from .domain.months import parse_month
    from .report import check_platform, to_csv
    from .report import report as build

    parse_month(month)  # the user's own mistakes first, before the database is looked for
    check_platform(rules(), platform)

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
        scope = f"{data.get('platform_name') or platform}（{platform}）" if platform else "全国 national"
        table = Table("指标 figure", "数值 value", title=f"绿证核发和交易月报 {month} · {scope}", show_header=False)
        figures: Mapping[str, object] = data  # read by figure name
        for key in ("issued", "issued_tradable", "issued_non_tradable", "traded", "trades", "turnover"):
            value = figures[key]
            table.add_row(REPORT_FIGURES[key], f"{value:,}" if isinstance(value, int) else str(value))
        table.add_row(REPORT_FIGURES["average_price"], data["average_price"] or "—")
        for key in ("claimed", "expired", "cancelled"):
            table.add_row(REPORT_FIGURES[key], f"{figures[key]:,}")
        for route, row in data["traded_by_route"].items():
            price = row["average_price"] or "—"
            table.add_row(f"交易量 · {name(ROUTE_NAMES, route)}", f"{row['traded']:,} 个 @ {price} 元/个")
        for label, value in release_lines(data):
            table.add_row(label, value)
        console.print(table)


def release_lines(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The releases' figures as (label, value) lines of the text report, counts in 万个/亿个 as the releases write."""
    only, mom = data["certificate_only"], data["month_on_month"]
    lines = [("核发项目数 projects issued", f"{data['projects_issued']:,}")]
    for group, row in data["issued_by_group"].items():
        lines.append((f"核发 · {group}", f"{count_cn(row['quantity'])}（{percent(row['share'])}）"))
    for label, row in [("单独交易 certificate-only", only)] + [
        (f"单独交易 · {year} 年生产", row) for year, row in data["certificate_only_by_production_year"].items()
    ]:
        lines.append((label, f"{count_cn(row['quantity'])} @ {row['average_price'] or '—'} 元/个"))
    lines.append(("绿电交易 green-power trading", count_cn(data["green_power_trading"]["quantity"])))
    for span, label in (("year_to_date", "本年累计 year to date"), ("cumulative", "累计 cumulative")):
        ytd = data[span]
        lines.append((label, f"核发 {count_cn(ytd['issued'])} · 交易 {count_cn(ytd['traded'])}"))
    for province, row in data.get("claims_by_province_purpose", {}).items():
        for purpose, count in row.items():
            lines.append((f"核销 · {'未注明省份' if province == '-' else province} · {purpose}", count_cn(count)))
    before = mom["previous_month"]
    for key, label in (("issued", "核发"), ("traded", "交易量"), ("certificate_only_average_price", "单独交易均价")):
        lines.append((f"环比 {label}（{before}）", percent(mom[key]["change"], signed=True)))
    return lines


def listings(
    platform: Annotated[
        str | None, typer.Option("--platform", help="展示平台 Only listings shown on this platform.")
    ] = None,
    account: Annotated[str | None, typer.Option("--account", help="卖方账户 Only this seller's listings.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="含已关闭挂牌 Closed listings too.")] = False,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """挂牌 the listing book: one remaining quantity, whichever platform shows it (第二十一条)."""
    with open_registry(db) as reg:
        data = reg.listings(platform=platform, account=account, status=None if all_ else "open", limit=10_000)
    if fmt is Format.json:
        print_json(data)
        return
    heads = ("挂牌编号", "卖方账户", "价格（元/个）", "剩余", "挂牌量", "平台", "状态")
    table = Table(*heads, title="挂牌 listings")
    for x in data:
        table.add_row(
            x["listing"], x["account"], x["price"], f"{x['remaining']:,}", f"{x['quantity']:,}",
            ",".join(x["platforms"]), listing_status(x),
        )  # fmt: skip
    console.print(table)


def trades(
    account: Annotated[str | None, typer.Option("--account", help="账户 Trades this account bought or sold.")] = None,
    platform: Annotated[str | None, typer.Option("--platform", help="交易平台 Only this platform's trades.")] = None,
    month: Annotated[str | None, typer.Option("--month", help="成交月份 Trades made in this month.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000, help="最多条数 At most this many trades.")] = 100,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """成交记录 trades, newest first: buyer, seller, quantity, price, platform, time (第二十二条)."""
    with open_registry(db) as reg:
        data = reg.trades(account=account, platform=platform, month=month, limit=limit)
    if fmt is Format.json:
        print_json(data)
        return
    heads = ("成交编号", "交易方式", "平台", "卖方", "买方", "数量", "价格（元/个）", "时间")
    table = Table(*heads, title="成交记录 trades")
    for x in data:
        table.add_row(
            x["trade"], name(ROUTE_NAMES, x["route"]), x["platform"] or "", x["seller"], x["buyer"],
            f"{x['quantity']:,}", x["price"] or "—", x["at"],
        )  # fmt: skip
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `policyhub gec`."""
    app.command("report")(report)
    app.command("listings")(listings)
    app.command("trades")(trades)
