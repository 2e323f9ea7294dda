"""Read side of trading: the listing book every platform shows (第二十一条), trades, contracts, auctions."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from policyhub.errors import NotFound

from .adapters import tables as t
from .adapters.uow import UnitOfWork
from .answers import Auction, Contract, Listing, ListingDetail, Trade
from .domain.money import yuan
from .domain.rules import Rules
from .service.market import trade_id
from .validity import valid_at

_b = t.blocks.c


class MarketQueries:
    """Trading queries; each runs in its own read-only transaction."""

    engine: sa.Engine
    rules: Rules

    def _read(self) -> UnitOfWork:
        return UnitOfWork(self.engine, readonly=True)

    def code(self, serial: int) -> str:
        raise NotImplementedError  # provided by Queries

    def as_of(self, day: str | None = None) -> str:
        raise NotImplementedError  # provided by Queries

    def listings(
        self,
        platform: str | None = None,
        account: str | None = None,
        status: str | None = "open",
        after: str = "",
        limit: int = 100,
        as_of: str | None = None,
    ) -> list[Listing]:
        """The book: listings in name order, with what remains (the same figure on every platform).

        Remaining counts only certificates still valid on `as_of` (default today): lapsed ones cannot be bought.
        """
        lc = t.listings.c
        day = self.as_of(as_of)
        left = (
            sa.select(sa.func.coalesce(sa.func.sum(_b.serial_end - _b.serial_start), 0))
            .where(_b.listing == lc.listing, valid_at())
            .correlate(t.listings)
            .scalar_subquery()
        )
        q = sa.select(t.listings, left.label("remaining")).where(lc.listing > after).order_by(lc.listing).limit(limit)
        if status is not None:
            q = q.where(lc.status == status)
        if account is not None:
            q = q.where(lc.account == account)
        if platform is not None:
            # Platforms are stored comma-joined; match a whole code.
            q = q.where((sa.literal(",") + lc.platforms + ",").contains(f",{platform},"))
        with self._read() as uow:
            return [_listing_json(r, int(r.remaining)) for r in uow.conn.execute(q, {"as_of": day})]

    def listing(self, name: str, as_of: str | None = None) -> ListingDetail:
        """One listing with what remains (valid on `as_of`, default today) and its trades."""
        day = self.as_of(as_of)
        with self._read() as uow:
            row = uow.conn.execute(sa.select(t.listings).where(t.listings.c.listing == name)).first()
            if row is None:
                raise NotFound(f"挂牌不存在 no listing {name!r}", "unknown_listing")
            count = sa.func.coalesce(sa.func.sum(_b.serial_end - _b.serial_start), 0)
            n = uow.conn.execute(sa.select(count).where(_b.listing == name, valid_at()), {"as_of": day}).scalar_one()
            trades = self._trades(uow.conn, sa.and_(t.trades.c.route == "listing", t.trades.c.ref == name), 10_000)
        return {**_listing_json(row, int(n)), "sold": sum(tr["quantity"] for tr in trades), "trades": trades}

    def trades(
        self,
        account: str | None = None,
        platform: str | None = None,
        month: str | None = None,
        limit: int = 100,
    ) -> list[Trade]:
        """Trades, newest first; an account's are those it bought or sold."""
        tc = t.trades.c
        cond: list[Any] = []
        if account is not None:
            cond.append(sa.or_(tc.seller == account, tc.buyer == account))
        if platform is not None:
            cond.append(tc.platform == platform)
        if month is not None:
            cond.append(tc.month == month)
        with self._read() as uow:
            return self._trades(uow.conn, sa.and_(sa.true(), *cond), limit)

    def trade(self, trade: str) -> Trade:
        """One trade with the serial ranges it moved (第二十二条)."""
        # ASCII digits only, and few enough for a BIGINT: anything else is simply not a trade id.
        number = int(trade[1:]) if re.fullmatch(r"T[0-9]{1,18}", trade) else -1
        with self._read() as uow:
            found = self._trades(uow.conn, t.trades.c.trade == number, 1)
            if not found:
                raise NotFound(f"成交记录不存在 no trade {trade!r}", "unknown_trade")
            r = t.trade_ranges.c
            ranges = uow.conn.execute(sa.select(t.trade_ranges).where(r.trade == number).order_by(r.serial_start))
            found[0]["ranges"] = [
                {
                    "first_code": self.code(x.serial_start),
                    "last_code": self.code(x.serial_end - 1),
                    "count": int(x.serial_end - x.serial_start),
                    "project": x.project,
                    "month": x.month,
                }
                for x in ranges
            ]
        return found[0]

    def _trades(self, conn: sa.Connection, cond: Any, limit: int) -> list[Trade]:
        tc = t.trades.c
        q = sa.select(t.trades).where(cond).order_by(tc.trade.desc()).limit(limit)
        return [
            {
                "trade": trade_id(int(r.trade)),
                "route": r.route,
                "platform": r.platform,
                "seller": r.seller,
                "buyer": r.buyer,
                "quantity": int(r.quantity),
                "price": None if r.price_fen is None else yuan(int(r.price_fen)),
                "ref": r.ref,
                "kwh": None if r.kwh is None else int(r.kwh),
                "power_price": r.power_price,
                "at": r.at,
            }
            for r in conn.execute(q)
        ]

    def contracts(self, account: str | None = None) -> list[Contract]:
        """Bilateral contracts with their delivery schedule and what became of each delivery."""
        k, d = t.contracts.c, t.deliveries.c
        q = sa.select(t.contracts).order_by(k.contract)
        if account is not None:
            q = q.where(sa.or_(k.seller == account, k.buyer == account))
        with self._read() as uow:
            out: list[Contract] = []
            for r in uow.conn.execute(q):
                deliveries = uow.conn.execute(sa.select(t.deliveries).where(d.contract == r.contract).order_by(d.n))
                out.append(
                    {
                        "contract": r.contract,
                        "seller": r.seller,
                        "buyer": r.buyer,
                        "quantity": int(r.quantity),
                        "price": yuan(int(r.price_fen)),
                        "platform": r.platform,
                        "deliveries": [
                            {
                                "n": int(x.n),
                                "date": x.due,
                                "quantity": int(x.quantity),
                                "status": x.status,
                                "trade": None if x.trade is None else trade_id(int(x.trade)),
                                "note": x.note,
                            }
                            for x in deliveries
                        ],
                    }
                )
        return out

    def auction(self, name: str) -> Auction:
        """An auction; its orders stay sealed (count only) until it clears."""
        with self._read() as uow:
            row = uow.conn.execute(sa.select(t.auctions).where(t.auctions.c.auction == name)).first()
            if row is None:
                raise NotFound(f"竞价不存在 no auction {name!r}", "unknown_auction")
            o = t.orders.c
            orders = list(uow.conn.execute(sa.select(t.orders).where(o.auction == name).order_by(o.n)))
        out: Auction = {
            "auction": row.auction,
            "platform": row.platform,
            "closes": row.closes,
            "status": row.status,
            "orders": len(orders),
            "clearing_price": None if row.clearing_fen is None else yuan(int(row.clearing_fen)),
            "volume": None if row.volume is None else int(row.volume),
        }
        if row.status == "cleared":
            out["book"] = [
                {
                    "order": int(r.n),
                    "side": r.side,
                    "account": r.account,
                    "quantity": int(r.quantity),
                    "price": yuan(int(r.price_fen)),
                    "filled": int(r.filled),
                }
                for r in orders
            ]
        return out


def _listing_json(r: Any, remaining: int) -> Listing:
    return {
        "listing": r.listing,
        "account": r.account,
        "quantity": int(r.quantity),
        "remaining": remaining,
        "price": yuan(int(r.price_fen)),
        "platforms": r.platforms.split(","),
        "project": r.project,
        "month": r.month,
        "province": r.province,
        "status": r.status,
        "at": r.at,
    }
