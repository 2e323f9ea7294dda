"""The monthly disclosure report (第二十八条–第二十九条): issued, traded, average price, cancelled.

A report month is the calendar month in which things happened (the logical time `at` of the issuing, trading,
claiming or expiring command, in its own offset), as the NEA's monthly reports count them: certificates issued in
September for August's electricity are September's issuance. `by_production_month` shows which electricity.
Nationally every figure counts; for a platform (第二十九条: 各绿证交易平台…披露本平台绿证交易和核销信息) trades are
those on the platform, and cancellations those of certificates last traded there; issuance stays national.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import sqlalchemy as sa

from policyhub.errors import InputError
from policyhub.exports import csv_text

from .adapters import tables as t
from .adapters.snapshot import snapshot
from .answers import Head
from .domain.money import average_price, yuan
from .domain.months import parse_month
from .domain.rules import Rules
from .market_stats import TradeFigures, trade_figures
from .registry import Registry
from .report_release import (
    ClaimsByProvince,
    Release,
    cancelled_by,
    claims_by_province_purpose,
    in_month,
    issued_by_month,
    previous_month,
    projects_issued,
    release,
    release_rows,
)

_b, _p, _i = t.blocks.c, t.projects.c, t.issuance.c
_tr, _r = t.trades.c, t.trade_ranges.c


class RoutePrice(TypedDict):
    """Certificates traded on a route or platform and their average price (None without a priced trade)."""

    traded: int
    average_price: str | None


class Figures(TypedDict):
    """The figures the report has always published (第二十八条–第二十九条) and the journal head it was drawn at."""

    month: str
    platform: str | None
    journal: Head
    platform_name: str | None
    issued: int
    issued_tradable: int
    issued_non_tradable: int
    issued_scope: str
    issued_by_type: dict[str, int]
    issued_by_province: dict[str, int]
    issued_by_production_month: dict[str, int]
    traded: int
    trades: int
    turnover: str
    average_price: str | None
    traded_by_route: dict[str, RoutePrice]
    traded_by_platform: dict[str, RoutePrice]
    claimed: int
    expired: int
    cancelled: int
    articles: list[str]


class MonthlyReport(Figures, Release):
    """The monthly disclosure report: the published figures, projects issued to, the releases' figures and the
    month's claims by province and purpose."""

    projects_issued: int
    claims_by_province_purpose: ClaimsByProvince


def _last_trade_platform() -> Any:
    """Correlated: the platform of the trade whose range holds a block's first serial (None if never traded)."""
    r2 = t.trade_ranges.alias("r2")
    start = (
        sa.select(r2.c.serial_start)
        .where(r2.c.serial_start <= _b.serial_start)
        .order_by(r2.c.serial_start.desc())
        .limit(1)
        .correlate(t.blocks)
        .scalar_subquery()
    )
    holding = (
        sa.select(_r.trade)
        .where(_r.serial_start == start, _r.serial_end > _b.serial_start)
        .correlate(t.blocks)
        .scalar_subquery()
    )
    return sa.select(_tr.platform).where(_tr.trade == holding).correlate(t.blocks).scalar_subquery()


def report(registry: Registry, month: str, platform: str | None = None) -> MonthlyReport:
    """The month's figures, nationally or for one platform."""
    parse_month(month)
    n = sa.func.coalesce(sa.func.sum(_i.certs), 0)
    with snapshot(registry.engine) as conn:
        # The chain's head as this report saw it: whoever keeps the report can later check the history against it
        # (`policyhub gec audit --anchor SEQ:HASH`). Read in the same snapshot as the figures.
        head = conn.execute(sa.select(t.meta.c.head_seq, t.meta.c.head_hash).where(t.meta.c.id == 1)).one()
        # Only `issue` and `correct` write issuance rows, and each names its production month: reading those few
        # journal entries first lets the issuance query use its (month, …) key instead of scanning every month.
        # Their results give each month's issuance, for the year-to-date and cumulative totals.
        issued_months, writers = issued_by_month(conn, month)
        produced = sorted({m for _, m in writers})
        issued_rows = list(
            conn.execute(
                sa.select(_i.kind, _p.type, _p.province, _i.month, n)
                .join(t.projects, _p.project == _i.project)
                .where(_i.month.in_(produced), _i.entry.in_([seq for seq, _ in writers]), _i.certs > 0)
                .group_by(_i.kind, _p.type, _p.province, _i.month)
            )
        )
        trade_cond = [_tr.month == month] + ([_tr.platform == platform] if platform else [])
        by_route = trade_figures(conn, _tr.route, *trade_cond)
        by_platform = trade_figures(conn, _tr.platform, *trade_cond)
        claimed = _cancelled(conn, month, platform, "claimed")
        expired = _cancelled(conn, month, platform, "expired") + _lapsed(conn, month, platform, registry.today())
        figures = _figures(registry, month, platform, head, issued_rows, by_route, by_platform, claimed, expired)
        projects = projects_issued(conn, writers)
        by_type = {str(r[1]): 0 for r in issued_rows}
        for _, ptype, _, _, count in issued_rows:
            by_type[str(ptype)] += int(count)
        released = release(conn, registry.rules, figures, by_type, by_route, issued_months)
        claims = claims_by_province_purpose(conn, month, platform, _last_trade_platform())
    return {**figures, "projects_issued": projects, **released, "claims_by_province_purpose": claims}


def _figures(
    registry: Registry,
    month: str,
    platform: str | None,
    head: Any,
    issued_rows: list[Any],
    by_route: list[TradeFigures],
    by_platform: list[TradeFigures],
    claimed: int,
    expired: int,
) -> Figures:
    """The figures the report has always published."""
    turnover = sum(r["turnover_fen"] for r in by_route)
    issued = {"tradable": 0, "non_tradable": 0}
    by_type: dict[str, int] = {}
    by_province: dict[str, int] = {}
    by_production: dict[str, int] = {}
    for kind, ptype, province, prod_month, count in issued_rows:
        issued[kind] = issued.get(kind, 0) + int(count)
        by_type[ptype] = by_type.get(ptype, 0) + int(count)
        by_province[province] = by_province.get(province, 0) + int(count)
        by_production[prod_month] = by_production.get(prod_month, 0) + int(count)
    return {
        "month": month,
        "platform": platform,
        "journal": {"seq": int(head.head_seq), "hash": str(head.head_hash)},
        "platform_name": registry.rules.certificate_platforms.get(platform or "", platform),
        "issued": issued["tradable"] + issued["non_tradable"],
        "issued_tradable": issued["tradable"],
        "issued_non_tradable": issued["non_tradable"],
        "issued_scope": "national",
        "issued_by_type": _sorted({registry.rules.type_names.get(k, k): v for k, v in by_type.items()}),
        "issued_by_province": _sorted(by_province),
        "issued_by_production_month": dict(sorted(by_production.items())),
        "traded": sum(r["traded"] for r in by_route),
        "trades": sum(r["trades"] for r in by_route),
        "turnover": yuan(turnover),
        "average_price": average_price(turnover, sum(r["priced"] for r in by_route)),
        # Sorted here: the databases order a NULL platform ("-") differently.
        "traded_by_route": {r["key"]: _priced(r) for r in sorted(by_route, key=lambda r: r["key"])},
        "traded_by_platform": {r["key"]: _priced(r) for r in sorted(by_platform, key=lambda r: r["key"])},
        "claimed": claimed,
        "expired": expired,
        "cancelled": claimed + expired,
        "articles": ["第二十八条", "第二十九条"],
    }


def _cancelled(conn: sa.Connection, month: str, platform: str | None, status: str) -> int:
    """Certificates claimed or expired by entries of the month (on a platform: those last traded there)."""
    joined, cond = cancelled_by(month, "claim" if status == "claimed" else "expire")
    if platform is not None:
        cond.append(_last_trade_platform() == platform)
    n = sa.func.coalesce(sa.func.sum(_b.serial_end - _b.serial_start), 0)
    q = sa.select(n).select_from(joined).where(*cond)
    return int(conn.execute(q).scalar_one())


def _lapsed(conn: sa.Connection, month: str, platform: str | None, today: str) -> int:
    """Certificates whose validity ended in the month (first invalid day in it, by today) that `expire` has not
    cancelled yet: they count as expired in the month their validity ended (第二十四条)."""
    first = f"{month}-01"
    if first > today:
        return 0
    # valid_until is a month's last day: the day after it falls in `month` iff it is in the month before. A range
    # on the raw column (not a function of it) so ix_gec_blocks_expiry (status, valid_until) is searched.
    cond = [_b.status == t.LIVE, *in_month(_b.valid_until, previous_month(month))]
    if platform is not None:
        cond.append(_last_trade_platform() == platform)
    q = sa.select(sa.func.coalesce(sa.func.sum(_b.serial_end - _b.serial_start), 0)).where(*cond)
    return int(conn.execute(q).scalar_one())


def _priced(row: TradeFigures) -> RoutePrice:
    return {"traded": row["traded"], "average_price": average_price(row["turnover_fen"], row["priced"])}


def _sorted(d: dict[str, int]) -> dict[str, int]:
    return dict(sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))


def to_csv(rep: Mapping[str, Any]) -> str:
    """One row per figure: metric, key, value (and average price where there is one)."""
    rows: list[list[object]] = [["month", "platform", "metric", "key", "value", "average_price"]]
    scope = rep["platform"] or "national"
    for metric in ("issued", "issued_tradable", "issued_non_tradable", "traded", "trades", "turnover"):
        rows.append([rep["month"], scope, metric, "", rep[metric], ""])
    rows.append([rep["month"], scope, "average_price", "", rep["average_price"] or "", ""])
    for metric in ("claimed", "expired", "cancelled"):
        rows.append([rep["month"], scope, metric, "", rep[metric], ""])
    for metric in ("issued_by_type", "issued_by_province", "issued_by_production_month"):
        for key, value in rep[metric].items():
            rows.append([rep["month"], scope, metric, key, value, ""])
    for metric in ("traded_by_route", "traded_by_platform"):
        for key, row in rep[metric].items():
            rows.append([rep["month"], scope, metric, key, row["traded"], row["average_price"] or ""])
    return csv_text(rows + release_rows(rep, scope))


def check_platform(rules: Rules, platform: str | None) -> None:
    """A report names a known platform: certificate platforms or green-power venues (第十九条)."""
    if platform is None or platform in rules.certificate_platforms or rules.is_green_power_venue(platform):
        return
    known = ", ".join(dict.fromkeys([*rules.certificate_platforms, *rules.green_power_platforms]))
    other = f"{rules.provincial_prefix}<省份 province>"
    raise InputError(f"未知交易平台 unknown platform {platform!r}（可选 known: {known}，或 {other}）")
