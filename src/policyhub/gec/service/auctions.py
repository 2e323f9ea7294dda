"""集中竞价 (第二十一条（三）): a sealed-bid call auction cleared at one price (rule in domain/auction.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import auction as rule
from ..domain import commands as c
from ..domain.money import parse_price, yuan
from ..domain.refusals import trading as check
from . import market
from .context import Ctx, active_account, cannot_trade, existing_project, refuse


class AuctionOpened(TypedDict):
    """An auction opened (第二十一条（三）): on which platform, closing when."""

    auction: str
    platform: str
    closes: str


class Placed(TypedDict):
    """An order placed in an auction: its number, side, quantity and limit price."""

    auction: str
    order: int
    side: str
    quantity: int
    price: str


class Fill(market.Settled):
    """A matched bid and ask, settled as a trade at the clearing price."""

    bid: int
    ask: int


class Cleared(TypedDict):
    """An auction cleared at one price: the fills, the certificates released from unfilled asks, whether early."""

    auction: str
    clearing_price: str | None
    volume: int
    fills: list[Fill]
    released: int
    closed_early: bool


def _reservation(auction: str, n: int) -> str:
    # '@' and '/' cannot occur in a listing name, so an ask's reservation never collides with a listing.
    return f"@{auction}/{n}"


def _auction(ctx: Ctx, name: str) -> Any:
    row = ctx.conn.execute(sa.select(t.auctions).where(t.auctions.c.auction == name)).first()
    if row is None:
        raise refuse(f"竞价不存在 no auction {name!r}", "unknown_auction")
    return row


def open_(ctx: Ctx, cmd: c.AuctionOpen) -> AuctionOpened:
    """Open an auction on one platform; orders are taken until it closes."""
    market.certificate_venue(ctx, cmd.platform)
    if ctx.conn.execute(sa.select(t.auctions.c.auction).where(t.auctions.c.auction == cmd.auction)).first():
        raise refuse(f"竞价已存在 auction {cmd.auction} already exists", "already_exists")
    closes = market.aware(cmd.closes)
    check.closes_after_opening(closes, market.aware(ctx.at))
    ctx.conn.execute(
        sa.insert(t.auctions).values(
            auction=cmd.auction,
            platform=cmd.platform,
            closes=closes.isoformat(),
            status="open",
            at=ctx.at.isoformat(),
            entry=ctx.entry,
        )
    )
    return {"auction": cmd.auction, "platform": cmd.platform, "closes": closes.isoformat()}


def _taking_orders(ctx: Ctx, name: str, account: str) -> int:
    """Check the auction still takes orders from this account; return the next order number."""
    row = _auction(ctx, name)
    check.taking_orders(name, row.status, row.closes, market.aware(ctx.at))
    active_account(ctx, account)
    o = t.orders.c
    last = ctx.conn.execute(sa.select(sa.func.coalesce(sa.func.max(o.n), 0)).where(o.auction == name)).scalar_one()
    return int(last) + 1


def _place(ctx: Ctx, cmd: c.Bid | c.Ask, side: str) -> tuple[int, int]:
    n = _taking_orders(ctx, cmd.auction, cmd.account)
    o = t.orders.c
    other = "ask" if side == "bid" else "bid"
    opposite = ctx.conn.execute(sa.select(o.account).where(o.auction == cmd.auction, o.side == other)).scalars()
    for account in set(opposite):
        check.one_side_per_entity(cmd.account, cmd.auction, other, market.same_entity(ctx, cmd.account, account))
    return n, parse_price(cmd.price)


def bid(ctx: Ctx, cmd: c.Bid) -> Placed:
    """A sealed buy order: up to `quantity` at no more than `price`."""
    n, price = _place(ctx, cmd, "bid")
    ctx.conn.execute(
        sa.insert(t.orders).values(
            auction=cmd.auction,
            n=n,
            side="bid",
            account=cmd.account,
            quantity=cmd.quantity,
            price_fen=price,
            filled=0,
            entry=ctx.entry,
        )
    )
    return {"auction": cmd.auction, "order": n, "side": "bid", "quantity": cmd.quantity, "price": cmd.price}


def ask(ctx: Ctx, cmd: c.Ask) -> Placed:
    """A sealed sell order: the certificates are reserved until the auction clears."""
    n, price = _place(ctx, cmd, "ask")
    if cmd.project is not None:
        existing_project(ctx, cmd.project)
    rows = market.enough_to_sell(ctx, cmd.account, cmd.quantity, project=cmd.project, month=cmd.month)
    market.reserve(ctx, rows, cmd.quantity, _reservation(cmd.auction, n))
    ctx.conn.execute(
        sa.insert(t.orders).values(
            auction=cmd.auction,
            n=n,
            side="ask",
            account=cmd.account,
            quantity=cmd.quantity,
            price_fen=price,
            project=cmd.project,
            month=cmd.month,
            filled=0,
            entry=ctx.entry,
        )
    )
    return {"auction": cmd.auction, "order": n, "side": "ask", "quantity": cmd.quantity, "price": cmd.price}


def _usable(ctx: Ctx, auction: str, order: Any) -> int:
    """What an order can still take part with at clearing: frozen or closed accounts drop out, expired asks shrink."""
    if cannot_trade(ctx, order.account) is not None:
        return 0
    if order.side == "bid":
        return int(order.quantity)
    return repo.available(market.sellable(ctx, order.account, reservation=_reservation(auction, int(order.n))))


def clear(ctx: Ctx, cmd: c.AuctionClear) -> Cleared:
    """Clear an auction at one price; fills settle as trades, unfilled asks are released.

    Clearing ends the order book: normally at or after `closes`; before it, the operator or the platform closes
    the auction early (the rules leave the schedule to them: 按需适时组织开展) and the result says so.
    """
    row = _auction(ctx, cmd.auction)
    check.not_cleared(cmd.auction, row.status)
    early = market.aware(ctx.at) < datetime.fromisoformat(row.closes)
    o = t.orders.c
    orders = {int(r.n): r for r in ctx.conn.execute(sa.select(t.orders).where(o.auction == cmd.auction))}
    # Orders are refused at placement when the same entity is on the other side; should two accounts have come
    # to share an identity document since, that entity's bids drop out: it never trades with itself.
    asks = [r.account for r in orders.values() if r.side == "ask"]
    both = {
        r.account
        for r in orders.values()
        if r.side == "bid" and any(market.same_entity(ctx, r.account, a) for a in asks)
    }
    book = [
        rule.Order(n, r.side, q, int(r.price_fen))
        for n, r in orders.items()
        if not (r.side == "bid" and r.account in both) and (q := _usable(ctx, cmd.auction, r)) > 0
    ]
    outcome = rule.clear(book)
    fills: list[Fill] = []
    for m in outcome.matches:
        b, a = orders[m.bid], orders[m.ask]
        rows = market.sellable(ctx, a.account, reservation=_reservation(cmd.auction, m.ask))
        trade = market.settle(
            ctx,
            rows,
            route="auction",
            seller=a.account,
            buyer=b.account,
            quantity=m.quantity,
            platform=row.platform,
            price_fen=outcome.price,
            ref=cmd.auction,
        )
        fills.append({"bid": m.bid, "ask": m.ask, **trade})
    for n, q in outcome.filled.items():
        ctx.conn.execute(sa.update(t.orders).where(o.auction == cmd.auction, o.n == n).values(filled=q))
    released = sum(market.release(ctx, _reservation(cmd.auction, n)) for n, r in orders.items() if r.side == "ask")
    ctx.conn.execute(
        sa.update(t.auctions)
        .where(t.auctions.c.auction == cmd.auction)
        .values(status="cleared", clearing_fen=outcome.price, volume=outcome.volume, cleared_entry=ctx.entry)
    )
    return {
        "auction": cmd.auction,
        "clearing_price": None if outcome.price is None else yuan(outcome.price),
        "volume": outcome.volume,
        "fills": fills,
        "released": released,
        "closed_early": early,
    }


def withdraw_all(ctx: Ctx, account: str) -> int:
    """A frozen account's asks in open auctions lose their reserved certificates (they drop out at clearing)."""
    o, a = t.orders.c, t.auctions.c
    q = (
        sa.select(o.auction, o.n)
        .join(t.auctions, a.auction == o.auction)
        .where(o.account == account, o.side == "ask", a.status == "open")
    )
    return sum(market.release(ctx, _reservation(r.auction, int(r.n))) for r in list(ctx.conn.execute(q)))
