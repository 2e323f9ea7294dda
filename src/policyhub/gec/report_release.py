"""The monthly report's figures in the shape of the NEA's monthly releases (第二十八条, 第二十九条).

The releases give issuance by group of types with shares (风电, 太阳能发电, 常规水电, 生物质发电, 其他: 第二条's own
grouping), the projects issued to, certificate-only trading (单独交易) apart from green-power trading with its
average price, since late 2025 by production year, year-to-date and cumulative totals, and the change on the
month. These are added to the report; everything it published before stays as it was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypedDict

import sqlalchemy as sa

from .adapters import tables as t
from .adapters.schema_v9 import CANCEL_OPS, CANCELLED
from .domain.claim_fields import purposes as claim_purposes
from .domain.money import average_price
from .domain.rules import Rules
from .journal_ops import rare_entries
from .market_stats import TradeFigures, trade_figures

_i, _tr, _r = t.issuance.c, t.trades.c, t.trade_ranges.c
GREEN_POWER = "green_power"  # the route of 绿色电力交易 (第二十三条); every other route is 单独交易


class GroupShare(TypedDict):
    """A report group's issuance (第二条's grouping) and its share of the month's (a fraction; None if none issued)."""

    quantity: int
    share: float | None


class Priced(TypedDict):
    """A quantity traded and its average price in 元 (None without a priced trade)."""

    quantity: int
    average_price: str | None


class Quantity(TypedDict):
    """A quantity traded (green-power trading: its price is the electricity's, not the certificates')."""

    quantity: int


class Running(TypedDict):
    """Certificates issued and traded over a span (the year to date, or since the registry began)."""

    issued: int
    traded: int


class Change(TypedDict):
    """The previous month's figure and the change on it as a fraction (0.3542 = +35.42 %); None without a base."""

    previous: int | str | None
    change: float | None


class MonthOnMonth(TypedDict):
    """The month's figures against the previous month's."""

    previous_month: str
    issued: Change
    traded: Change
    certificate_only_quantity: Change
    certificate_only_average_price: Change


class Release(TypedDict):
    """The NEA monthly releases' figures the report adds (第二十八条, 第二十九条)."""

    issued_by_group: dict[str, GroupShare]
    certificate_only: Priced
    green_power_trading: Quantity
    certificate_only_by_production_year: dict[str, Priced]
    year_to_date: Running
    cumulative: Running
    month_on_month: MonthOnMonth


# {province where the electricity was used ("-": none named): {claim purpose: certificates}}
ClaimsByProvince = dict[str, dict[str, int]]


def previous_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + 1}-01" if mon == 12 else f"{year}-{mon + 1:02d}"


def in_month(column: Any, month: str) -> list[sa.ColumnElement[bool]]:
    """`column` (ISO text: a time or a day) falls in `month`, as a range an index on the column can search.

    The same rows as `substr(column, 1, 7) = month`: a text starts with 'YYYY-MM' iff it sorts at or after 'YYYY-MM'
    and before the next month's 'YYYY-MM' (a logical time keeps its own offset, Beijing time: +08:00)."""
    return [column >= month, column < next_month(month)]


def issued_by_month(conn: sa.Connection, last: str) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Certificates issued per calendar month up to `last` (each issue or correct entry's result), and the
    entries of `last` itself with the production month each issued for."""
    by_month: dict[str, int] = {}
    writers: list[tuple[int, str]] = []
    for r in rare_entries(conn, ("issue", "correct"), last):
        month = str(r.at)[:7]
        by_month[month] = by_month.get(month, 0) + int(json.loads(r.result).get("issued", 0))
        if month == last:
            writers.append((int(r.seq), str(json.loads(r.command)["month"])))
    return by_month, writers


def by_group(rules: Rules, by_type: dict[str, int], issued: int) -> dict[str, GroupShare]:
    """Issuance per report group (第二条), each with its share of the month's issuance (a fraction; None if none)."""
    out: dict[str, GroupShare] = {g: {"quantity": 0, "share": None} for g in rules.report_groups}
    for ptype, count in by_type.items():
        out.setdefault(rules.group_of(ptype), {"quantity": 0, "share": None})["quantity"] += count
    for row in out.values():
        row["share"] = row["quantity"] / issued if issued else None
    return out


def projects_issued(conn: sa.Connection, writers: list[tuple[int, str]]) -> int:
    """Projects the month's issue and correct entries issued certificates to."""
    if not writers:
        return 0
    q = sa.select(sa.func.count(sa.distinct(_i.project))).where(
        _i.month.in_(sorted({m for _, m in writers})), _i.entry.in_([s for s, _ in writers]), _i.certs > 0
    )
    return int(conn.execute(q).scalar_one())


def _traded(conn: sa.Connection, platform: str | None, *where: Any) -> int:
    cond = [*where] + ([_tr.platform == platform] if platform else [])
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(_tr.quantity), 0)).where(*cond)).scalar_one())


def split_routes(by_route: list[TradeFigures]) -> tuple[Priced, Quantity]:
    """(certificate-only, green-power trading) from the month's trades by route."""
    alone = [r for r in by_route if r["key"] != GREEN_POWER]
    fen, priced = sum(r["turnover_fen"] for r in alone), sum(r["priced"] for r in alone)
    quantity = sum(r["traded"] for r in alone)
    certificate_only: Priced = {"quantity": quantity, "average_price": average_price(fen, priced)}
    green: Quantity = {"quantity": sum(r["traded"] for r in by_route if r["key"] == GREEN_POWER)}
    return certificate_only, green


def by_production_year(conn: sa.Connection, month: str, platform: str | None) -> dict[str, Priced]:
    """Certificate-only trades of the month by the production year of the certificates they moved."""
    n = _r.serial_end - _r.serial_start
    year = sa.func.substr(_r.month, 1, 4)
    cond = [_tr.month == month, _tr.route != GREEN_POWER] + ([_tr.platform == platform] if platform else [])
    priced = sa.case((_tr.price_fen.is_not(None), n), else_=0)
    q = (
        sa.select(year, sa.func.sum(n), sa.func.sum(priced), sa.func.sum(sa.func.coalesce(_tr.price_fen * n, 0)))
        .join(t.trades, _tr.trade == _r.trade)
        .where(*cond)
        .group_by(year)
        .order_by(year)
    )
    return {
        str(y): {"quantity": int(q_), "average_price": average_price(int(fen), int(p))}
        for y, q_, p, fen in conn.execute(q)
    }


def literals(values: Any) -> list[sa.ColumnElement[str]]:
    """Values as SQL literals: a partial index is used only for a query that repeats its condition's own literals
    (SQLite never matches a bound parameter to them; PostgreSQL's generic plans cannot either)."""
    return [sa.literal_column(f"'{v}'", sa.String) for v in values]


def cancelled_by(month: str, op: str) -> tuple[sa.Join, list[sa.ColumnElement[bool]]]:
    """The blocks the month's `claim` or `expire` entries cancelled: FROM and WHERE of a query over them.

    Only `claim` sets a block claimed and only `expire` expired, and nothing touches a block that has left `live`,
    so its entry is the one that cancelled it (schema_v9). The month's entries of the op are read through
    ix_gec_journal_cancel_ops, their blocks through ix_gec_blocks_cancelled: two tables, so SQLite without
    statistics starts from the journal, not from every block ever cancelled.
    """
    j, b = t.journal.c, t.blocks.c
    status = "claimed" if op == "claim" else "expired"
    cond = [j.op.in_(literals(CANCEL_OPS)), j.op == literals([op])[0], *in_month(j.at, month)]
    cond += [b.status.in_(literals(CANCELLED)), b.status == literals([status])[0]]
    return t.journal.join(t.blocks, b.entry == j.seq), cond


def claims_by_province_purpose(
    conn: sa.Connection, month: str, platform: str | None, last_trade: Any
) -> ClaimsByProvince:
    """Certificates claimed in the month (第二十九条 核销) by the province where the electricity was used and the
    claim's purpose: {province: {purpose: n}}, "-" for claims that name no province. On a platform, those of
    certificates last traded there (`last_trade`: the report's correlated platform of a block), as `claimed` is."""
    c, b = t.claims.c, t.blocks.c
    month_of = in_month(c.at, month)  # through ix_gec_claims_at
    found: dict[str, dict[str, int]] = {}
    if platform is None:
        q = sa.select(c.consumer_province, c.purpose, sa.func.sum(c.quantity)).where(*month_of)
        counted = [
            (province, purpose, count)
            for province, purpose, count in conn.execute(q.group_by(c.consumer_province, c.purpose))
        ]
    else:
        # The certificates of the month's claim entries last traded on the platform, per claim; then the month's
        # claims for their province and purpose (a claim's `at` is its journal entry's: registry._one stamps both).
        joined, cond = cancelled_by(month, "claim")
        per_claim = sa.select(b.claim, sa.func.sum(b.serial_end - b.serial_start)).select_from(joined)
        per_claim = per_claim.where(*cond, last_trade == platform).group_by(b.claim)
        taken = {str(name): int(n) for name, n in conn.execute(per_claim)}
        claims = conn.execute(sa.select(c.claim, c.consumer_province, c.purpose).where(*month_of))
        counted = [(province, purpose, taken[name]) for name, province, purpose in claims if name in taken]
    for province, purpose, count in counted:
        row = found.setdefault(province or "-", {})
        row[str(purpose)] = row.get(str(purpose), 0) + int(count)
    order = {p: i for i, p in enumerate(claim_purposes())}
    ranked = sorted(found.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return {prov: dict(sorted(row.items(), key=lambda kv: order.get(kv[0], len(order)))) for prov, row in ranked}


def _change(now: int | str | None, before: int | str | None) -> Change:
    """The previous month's figure and the change on it as a fraction (0.3542 = +35.42 %); None without a base."""
    base = None if before is None else float(before)
    cur = None if now is None else float(now)
    return {"previous": before, "change": None if not base or cur is None else (cur - base) / base}


def release(conn: sa.Connection, rules: Rules, rep: Mapping[str, Any], by_type: dict[str, int],
            by_route: list[TradeFigures], issued_months: dict[str, int]) -> Release:  # fmt: skip
    """The releases' figures for a report `rep` (its month, platform and issuance already counted)."""
    month, platform = rep["month"], rep["platform"]
    year_start, before = month[:4] + "-01", previous_month(month)
    certificate_only, green = split_routes(by_route)
    prev_routes = trade_figures(conn, _tr.route, _tr.month == before, *([_tr.platform == platform] if platform else []))
    prev_only, _ = split_routes(prev_routes)
    return {
        "issued_by_group": by_group(rules, by_type, rep["issued"]),
        "certificate_only": certificate_only,
        "green_power_trading": green,
        "certificate_only_by_production_year": by_production_year(conn, month, platform),
        "year_to_date": {
            "issued": sum(v for m, v in issued_months.items() if year_start <= m <= month),
            "traded": _traded(conn, platform, _tr.month >= year_start, _tr.month <= month),
        },
        "cumulative": {
            "issued": sum(v for m, v in issued_months.items() if m <= month),
            "traded": _traded(conn, platform, _tr.month <= month),
        },
        "month_on_month": {
            "previous_month": before,
            "issued": _change(rep["issued"], issued_months.get(before, 0)),
            "traded": _change(rep["traded"], sum(r["traded"] for r in prev_routes)),
            "certificate_only_quantity": _change(certificate_only["quantity"], prev_only["quantity"]),
            "certificate_only_average_price": _change(certificate_only["average_price"], prev_only["average_price"]),
        },
    }


def release_rows(rep: Mapping[str, Any], scope: str) -> list[list[object]]:
    """The releases' figures as CSV rows (month, platform, metric, key, value, average_price); none in an older
    report document that lacks them."""
    if "issued_by_group" not in rep:
        return []
    m = rep["month"]
    rows: list[list[object]] = [[m, scope, "projects_issued", "", rep["projects_issued"], ""]]
    for group, row in rep["issued_by_group"].items():
        rows.append([m, scope, "issued_by_group", group, row["quantity"], ""])
        rows.append([m, scope, "issued_share_by_group", group, "" if row["share"] is None else row["share"], ""])
    only = rep["certificate_only"]
    rows.append([m, scope, "certificate_only", "", only["quantity"], only["average_price"] or ""])
    for year, row in rep["certificate_only_by_production_year"].items():
        rows.append(
            [m, scope, "certificate_only_by_production_year", year, row["quantity"], row["average_price"] or ""]
        )
    rows.append([m, scope, "green_power_trading", "", rep["green_power_trading"]["quantity"], ""])
    for span in ("year_to_date", "cumulative"):
        for figure in ("issued", "traded"):
            rows.append([m, scope, f"{span}_{figure}", "", rep[span][figure], ""])
    for province, row in rep.get("claims_by_province_purpose", {}).items():
        for purpose, count in row.items():
            rows.append([m, scope, "claims_by_province_purpose", f"{province}/{purpose}", count, ""])
    mom = rep["month_on_month"]
    for figure, row in mom.items():
        if figure != "previous_month":
            change = "" if row["change"] is None else row["change"]
            rows.append([m, scope, f"month_on_month_{figure}", mom["previous_month"], change, ""])
    return rows
