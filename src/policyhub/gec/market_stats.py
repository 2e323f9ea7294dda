"""Market aggregates for the public pages: figures only, never a counterparty (trades themselves are private)."""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa

from .adapters import tables as t
from .domain.money import average_price, yuan
from .registry import Registry

_j, _tr, _a = t.journal.c, t.trades.c, t.auctions.c


class TradeFigures(TypedDict):
    """Trades under one key (a month, platform or route; "-" for none): count, quantity, priced quantity, 分."""

    key: str
    trades: int
    traded: int
    priced: int
    turnover_fen: int


class TradeRow(TypedDict):
    """A public summary row: trades, quantity, turnover in 元 and the average price (None without a price)."""

    key: str
    trades: int
    traded: int
    turnover: str
    average_price: str | None


class TradeSummary(TypedDict):
    """The market page's figures: by month (the latest few), by platform and by route."""

    by_month: list[TradeRow]
    by_platform: list[TradeRow]
    by_route: list[TradeRow]


class AuctionResult(TypedDict):
    """An auction as the public pages list it: when it closes and, once cleared, its price and volume."""

    auction: str
    platform: str
    closes: str
    status: str
    clearing_price: str | None
    volume: int | None


def _read(registry: Registry) -> sa.Connection:
    return registry.engine.connect().execution_options(gec_readonly=True)


def journal_months(registry: Registry) -> list[str]:
    """Calendar months (of the commands' logical time) that have journal entries, newest first."""
    month = sa.func.substr(_j.at, 1, 7)
    with _read(registry) as conn:
        return [str(m) for m in conn.execute(sa.select(month).distinct().order_by(month.desc())).scalars()]


def latest_activity_month(registry: Registry) -> str | None:
    """The latest month in which certificates were traded or issued: the report's default."""
    issued = sa.select(sa.func.max(sa.func.substr(_j.at, 1, 7))).where(_j.op.in_(["issue", "correct"]))
    with _read(registry) as conn:
        found = [conn.execute(sa.select(sa.func.max(_tr.month))).scalar_one(), conn.execute(issued).scalar_one()]
    months = [str(m) for m in found if m]
    return max(months) if months else None


def trade_platforms(registry: Registry) -> list[str]:
    """Platforms and venues that have trades (green-power venues included), in code order."""
    with _read(registry) as conn:
        q = sa.select(_tr.platform).where(_tr.platform.is_not(None)).distinct().order_by(_tr.platform)
        return [str(p) for p in conn.execute(q).scalars()]


def trade_figures(conn: sa.Connection, key: Any, *where: Any, limit: int | None = None) -> list[TradeFigures]:
    """Trades grouped by `key`: count, quantity, the quantity with a price and its turnover in 分.

    A green-power trade without its own certificate price counts in the quantity, not in the average.
    """
    priced = sa.case((_tr.price_fen.is_not(None), _tr.quantity), else_=0)
    q = (
        sa.select(
            key.label("key"),
            sa.func.count().label("trades"),
            sa.func.sum(_tr.quantity).label("traded"),
            sa.func.sum(priced).label("priced"),
            sa.func.sum(sa.func.coalesce(_tr.price_fen * _tr.quantity, 0)).label("fen"),
        )
        .where(*where)
        .group_by(key)
        .order_by(key.desc() if limit else key)
    )
    if limit:
        q = q.limit(limit)
    return [
        {"key": r.key or "-", "trades": int(r.trades), "traded": int(r.traded), "priced": int(r.priced),
         "turnover_fen": int(r.fen)}
        for r in conn.execute(q)
    ]  # fmt: skip


def _summary_rows(conn: sa.Connection, key: Any, limit: int | None = None) -> list[TradeRow]:
    return [
        {
            "key": r["key"],
            "trades": r["trades"],
            "traded": r["traded"],
            "turnover": yuan(r["turnover_fen"]),
            "average_price": average_price(r["turnover_fen"], r["priced"]),
        }
        for r in trade_figures(conn, key, limit=limit)
    ]


def trade_summary(registry: Registry, months: int = 6) -> TradeSummary:
    """Trade counts, volumes and average prices by month (the latest `months`), platform and route."""
    with _read(registry) as conn:
        return {
            "by_month": _summary_rows(conn, _tr.month, months),
            "by_platform": _summary_rows(conn, _tr.platform),
            "by_route": _summary_rows(conn, _tr.route),
        }


def auctions(registry: Registry) -> list[AuctionResult]:
    """Every auction, latest close first, with its result once cleared (orders stay sealed before)."""
    q = sa.select(t.auctions).order_by(_a.closes.desc(), _a.auction)
    with _read(registry) as conn:
        return [
            {
                "auction": r.auction,
                "platform": r.platform,
                "closes": r.closes,
                "status": r.status,
                "clearing_price": None if r.clearing_fen is None else yuan(int(r.clearing_fen)),
                "volume": None if r.volume is None else int(r.volume),
            }
            for r in conn.execute(q)
        ]
