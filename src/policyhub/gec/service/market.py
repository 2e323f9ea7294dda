"""What every trading route shares: which certificates may be sold, and recording a trade (第二十条–第二十二条)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from policyhub import clock

from ..adapters import fast
from ..adapters import repository as repo
from ..adapters import tables as t
from ..answers import MovedRange, TradeTerms
from ..domain.money import yuan
from ..domain.refusals import trading as check
from .context import Ctx, checked_active, ranges_json

BEIJING = clock.BEIJING

_b = t.blocks.c
# Built once: these run on every trade.
# Every live block under a reservation, sellable or not: one read gives both what may be sold and the count left.
UNDER = (
    sa.select(t.blocks)
    .where(_b.listing == sa.bindparam("key"), _b.status == t.LIVE)
    .order_by(_b.valid_until, _b.serial_start)
)
_RESERVED_COUNT = sa.select(sa.func.coalesce(sa.func.sum(_b.serial_end - _b.serial_start), 0)).where(
    _b.listing == sa.bindparam("key"), _b.status == t.LIVE
)
_LAST_TRADE = sa.select(sa.func.coalesce(sa.func.max(t.trades.c.trade), 0))
_INSERT_TRADE = sa.insert(t.trades)
_INSERT_RANGE = sa.insert(t.trade_ranges)


class Settled(TradeTerms):
    """A trade as its command's result gives it: who sold to whom, how many, at what price, which ranges moved."""

    ranges: list[MovedRange]


def aware(moment: datetime) -> datetime:
    """A time without an offset is Beijing time: the rules' own clock."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=BEIJING)


def certificate_venue(ctx: Ctx, platform: str) -> str:
    """A platform where certificates trade on their own (第十九条), else refused."""
    return check.certificate_venue(platform, ctx.rules.certificate_platforms)


def sellable(
    ctx: Ctx,
    holder: str,
    *,
    project: str | None = None,
    month: str | None = None,
    province: str | None = None,
    reservation: str | None = None,
    tradable_only: bool = True,
    need: int | None = None,
) -> list[repo.Row]:
    """Blocks that may still be sold: live, valid today, tradable and never traded (第二十条), oldest expiry first.

    With `reservation`, the blocks reserved under that key (a listing or an auction ask); else unreserved ones.
    With `need`, stop reading once that many certificates are found (the free-block index keeps the order).
    """
    if reservation is not None and tradable_only and project is None and month is None and province is None:
        return under(ctx, holder, reservation)[0]
    result = ctx.conn.execute(_filtered(ctx, holder, project, month, province, reservation, tradable_only))
    rows: list[repo.Row] = []
    found = 0
    for row in result:
        if row.holder != holder:
            raise AssertionError(f"reserved block {row.serial_start} is held by {row.holder}, not {holder}")
        rows.append(row)
        found += int(row.serial_end - row.serial_start)
        if need is not None and found >= need:
            break
    return rows


def under(ctx: Ctx, holder: str, reservation: str, found: Any = None) -> tuple[list[repo.Row], int]:
    """A reservation's sellable blocks (as `sellable`), and every live certificate under it (as `reserved`).

    `found`: the result of UNDER for this reservation, if the caller has read it already.
    """
    if found is None:
        found = fast.execute(ctx.conn, UNDER, {"key": reservation})
    rows: list[repo.Row] = []
    live = 0
    for row in found:
        live += int(row.serial_end - row.serial_start)
        # 第二十条: valid today, tradable, never traded — the same filter `_filtered` puts in SQL.
        if row.valid_until >= ctx.day and row.tradable and not row.traded:
            if row.holder != holder:
                raise AssertionError(f"reserved block {row.serial_start} is held by {row.holder}, not {holder}")
            rows.append(row)
    return rows, live


def _filtered(
    ctx: Ctx,
    holder: str,
    project: str | None,
    month: str | None,
    province: str | None,
    reservation: str | None,
    tradable_only: bool,
) -> Any:
    b = t.blocks.c
    q = sa.select(t.blocks).where(b.status == t.LIVE, b.valid_until >= ctx.day)
    # A reservation is found by its key alone (its own index): a seller may hold millions of other blocks.
    mine = (b.holder == holder) & b.listing.is_(None) if reservation is None else b.listing == reservation
    q = q.where(mine)
    if tradable_only:
        q = q.where(b.tradable.is_(True), b.traded.is_(False))
    if project is not None:
        q = q.where(b.project == project)
    if month is not None:
        q = q.where(b.month == month)
    if province is not None:
        q = q.where(b.project.in_(sa.select(t.projects.c.project).where(t.projects.c.province == province)))
    return q.order_by(b.valid_until, b.serial_start)


def enough_to_sell(
    ctx: Ctx,
    holder: str,
    quantity: int,
    project: str | None = None,
    month: str | None = None,
    province: str | None = None,
) -> list[repo.Row]:
    """Unreserved sellable blocks holding `quantity`, or a refusal that says why not."""
    rows = sellable(ctx, holder, project=project, month=month, province=province, need=quantity)
    have = repo.available(rows)
    if have >= quantity:
        return rows
    every = sellable(ctx, holder, project=project, month=month, province=province, need=quantity, tradable_only=False)
    raise check.short_to_sell(holder, quantity, have, repo.available(every))


def same_entity(ctx: Ctx, one: str, other: str, rows: dict[str, repo.Row] | None = None) -> bool:
    """Two accounts of one entity: the same account, or the same identity document (第十条: 唯一的实名绿证账户)."""
    if one == other:
        return True
    found = rows if rows is not None else repo.two_accounts(ctx.conn, one, other)
    return check.same_entity(one, other, {name: row.id_doc for name, row in found.items()})


def not_self_trade(ctx: Ctx, buyer: str, seller: str, rows: dict[str, repo.Row] | None = None) -> None:
    """Refuse a trade between two accounts of one entity: it moves nothing and would fake a market price."""
    check.not_self_trade(buyer, seller, same_entity(ctx, buyer, seller, rows))


def buyer_account(ctx: Ctx, buyer: str, seller: str) -> repo.Row:
    """An active account of a kind that may buy, of another entity than the seller's."""
    return parties(ctx, buyer, seller)[0]


def parties(
    ctx: Ctx, buyer: str, seller: str, rows: dict[str, repo.Row] | None = None
) -> tuple[repo.Row, repo.Row | None]:
    """(buyer, seller) rows read once: the buyer active, may buy, not the seller's entity. The seller is unchecked.

    `rows`: both accounts' rows by name, if the caller has read them already.
    """
    rows = rows if rows is not None else repo.two_accounts(ctx.conn, buyer, seller)
    row = checked_active(ctx, buyer, rows.get(buyer))
    one_entity = buyer != seller and same_entity(ctx, buyer, seller, rows)
    check.may_buy_from(buyer, seller, one_entity, row.kind, ctx.rules.account_kinds)
    return row, rows.get(seller)


def settle(
    ctx: Ctx,
    rows: list[repo.Row],
    *,
    route: str,
    seller: str,
    buyer: str,
    quantity: int,
    platform: str | None,
    price_fen: int | None,
    ref: str | None,
    kwh: int | None = None,
    power_price: str | None = None,
) -> Settled:
    """Move `quantity` from `rows` to the buyer as its one trade, and record who, what, price and ranges (第二十二条).

    Runs inside the command's transaction: the buyer has them and the seller has lost them, or neither.
    """
    # Trades are numbered in order; only this function adds them, so a group reads the last number once.
    last = ctx.memo.get("trade")
    number = (int(fast.execute(ctx.conn, _LAST_TRADE).scalar_one()) if last is None else last) + 1
    taken = repo.take(ctx.conn, rows, quantity, {"holder": buyer, "traded": True, "listing": None, "entry": ctx.entry})
    stamp = ctx.at.isoformat()
    fast.execute(
        ctx.conn,
        _INSERT_TRADE,
        {
            "trade": number,
            "route": route,
            "platform": platform,
            "seller": seller,
            "buyer": buyer,
            "quantity": quantity,
            "price_fen": price_fen,
            "ref": ref,
            "kwh": kwh,
            "power_price": power_price,
            "at": stamp,
            "month": stamp[:7],
            "entry": ctx.entry,
        },
    )
    fast.execute_many(
        ctx.conn,
        _INSERT_RANGE,
        [
            {"serial_start": s, "serial_end": e, "trade": number, "project": r.project, "month": r.month}
            for s, e, r in taken
        ],
    )
    ctx.memo["trade"] = number
    return {
        "trade": trade_id(number),
        "route": route,
        "platform": platform,
        "seller": seller,
        "buyer": buyer,
        "quantity": quantity,
        "price": None if price_fen is None else yuan(price_fen),
        "ranges": ranges_json(ctx, taken),
    }


def trade_id(number: int) -> str:
    """A trade's printable id."""
    return f"T{number}"


def reserved(conn: sa.Connection, key: str) -> int:
    """Live certificates under a reservation: a listing's remaining figure, the same on every platform (第二十一条)."""
    return int(fast.execute(conn, _RESERVED_COUNT, {"key": key}).scalar_one())


def release(ctx: Ctx, reservation: str) -> int:
    """Return a reservation's live blocks to free holdings; the count released."""
    released = reserved(ctx.conn, reservation)
    b = t.blocks.c
    cond = (b.listing == reservation) & (b.status == t.LIVE)
    ctx.conn.execute(sa.update(t.blocks).where(cond).values(listing=None, entry=ctx.entry))
    return released


def reserve(ctx: Ctx, rows: list[repo.Row], quantity: int, reservation: str) -> None:
    """Set aside `quantity` of `rows` under a reservation key (a listing or an ask)."""
    repo.take(ctx.conn, rows, quantity, {"listing": reservation, "entry": ctx.entry})
