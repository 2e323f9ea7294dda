"""双边协商 (第二十一条（二）) with scheduled deliveries, and green-power settlement (第二十三条)."""

from __future__ import annotations

from datetime import date
from typing import Any, NotRequired, TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..answers import MovedRange
from ..domain import commands as c
from ..domain.money import parse_price
from ..domain.refusals import trading as check
from . import listings, market
from .context import Ctx, active_account, cannot_trade, existing_project, refuse


class Delivered(TypedDict):
    """What became of a scheduled delivery: delivered (its trade and ranges) or failed (why; nothing moves)."""

    contract: str
    n: int
    due: str
    quantity: int
    status: str
    note: NotRequired[str]
    trade: NotRequired[str]
    ranges: NotRequired[list[MovedRange]]


class Scheduled(TypedDict):
    """A delivery as the contract schedules it."""

    n: int
    date: str
    quantity: int


class Contracted(TypedDict):
    """A bilateral contract (第二十一条（二）): its schedule and the deliveries already due and made."""

    contract: str
    quantity: int
    price: str
    deliveries: list[Scheduled]
    delivered: list[Delivered]


class Deliveries(TypedDict):
    """The deliveries due by a day: each one's outcome, and how many were delivered and failed."""

    as_of: str
    deliveries: list[Delivered]
    delivered: int
    failed: int


class PowerSettled(market.Settled):
    """A green-power settlement (第二十三条): its trade, the kWh and power price, and the kWh left uncertified."""

    kwh: int
    power_price: str
    kwh_not_certified: int


def bilateral(ctx: Ctx, cmd: c.Bilateral) -> market.Settled | Contracted:
    """An agreed trade through a chosen platform: at once, or as a contract with dated deliveries."""
    market.certificate_venue(ctx, cmd.platform)
    active_account(ctx, cmd.seller)
    market.buyer_account(ctx, cmd.buyer, cmd.seller)
    if cmd.project is not None:
        existing_project(ctx, cmd.project)
    price = parse_price(cmd.price)
    if cmd.deliveries is None:
        rows = market.enough_to_sell(ctx, cmd.seller, cmd.quantity, project=cmd.project, month=cmd.month)
        trade = market.settle(
            ctx,
            rows,
            route="bilateral",
            seller=cmd.seller,
            buyer=cmd.buyer,
            quantity=cmd.quantity,
            platform=cmd.platform,
            price_fen=price,
            ref=cmd.contract,
        )
        return trade
    name = cmd.contract or f"BC{ctx.entry}"
    if ctx.conn.execute(sa.select(t.contracts.c.contract).where(t.contracts.c.contract == name)).first():
        raise refuse(f"合同已存在 contract {name} already exists", "already_exists")
    ctx.conn.execute(
        sa.insert(t.contracts).values(
            contract=name,
            seller=cmd.seller,
            buyer=cmd.buyer,
            quantity=cmd.quantity,
            price_fen=price,
            platform=cmd.platform,
            project=cmd.project,
            month=cmd.month,
            at=ctx.at.isoformat(),
            entry=ctx.entry,
        )
    )
    ctx.conn.execute(
        sa.insert(t.deliveries),
        [
            {"contract": name, "n": i, "due": d.date.isoformat(), "quantity": d.quantity, "status": "scheduled"}
            for i, d in enumerate(cmd.deliveries, 1)
        ],
    )
    # Deliveries already due when the contract is recorded are made now, like any later one.
    done = _deliver_due(ctx, ctx.today, name)
    schedule: list[Scheduled] = [
        {"n": i, "date": d.date.isoformat(), "quantity": d.quantity} for i, d in enumerate(cmd.deliveries, 1)
    ]
    return {"contract": name, "quantity": cmd.quantity, "price": cmd.price, "deliveries": schedule, "delivered": done}


def deliver(ctx: Ctx, cmd: c.Deliver) -> Deliveries:
    """Make every scheduled delivery due by `as_of` (default: today); each is whole, or reported as failed."""
    as_of = cmd.as_of or ctx.today
    if (
        cmd.contract is not None
        and ctx.conn.execute(sa.select(t.contracts.c.contract).where(t.contracts.c.contract == cmd.contract)).first()
        is None
    ):
        raise refuse(f"合同不存在 no contract {cmd.contract!r}", "unknown_contract")
    done = _deliver_due(ctx, as_of, cmd.contract)
    return {
        "as_of": as_of.isoformat(),
        "deliveries": done,
        "delivered": sum(1 for d in done if d["status"] == "delivered"),
        "failed": sum(1 for d in done if d["status"] == "failed"),
    }


def _deliver_due(ctx: Ctx, as_of: date, contract: str | None) -> list[Delivered]:
    d, k = t.deliveries.c, t.contracts.c
    q = (
        sa.select(t.deliveries, k.seller, k.buyer, k.price_fen, k.platform, k.project, k.month)
        .join(t.contracts, k.contract == d.contract)
        .where(d.status == "scheduled", d.due <= as_of.isoformat())
        .order_by(d.due, d.contract, d.n)
    )
    if contract is not None:
        q = q.where(d.contract == contract)
    return [_deliver_one(ctx, row) for row in list(ctx.conn.execute(q))]  # read all before any delivery writes


def _deliver_one(ctx: Ctx, row: Any) -> Delivered:
    """One delivery, all or nothing: a shortfall or a frozen party is recorded, nothing moves."""
    note: str | None = None
    for name in (row.seller, row.buyer):
        note = note or cannot_trade(ctx, name)
    if note is None and market.same_entity(ctx, row.seller, row.buyer):
        note = f"{row.seller} and {row.buyer} are one entity (same identity document): no trade with itself"
    rows: list[repo.Row] = []
    if note is None:
        rows = market.sellable(ctx, row.seller, project=row.project, month=row.month)
        have = repo.available(rows)
        if have < row.quantity:
            note = f"{row.seller} holds {have} sellable certificates, {int(row.quantity)} due"
    where = (t.deliveries.c.contract == row.contract) & (t.deliveries.c.n == row.n)
    if note is not None:
        ctx.conn.execute(sa.update(t.deliveries).where(where).values(status="failed", note=note, entry=ctx.entry))
        failed = _outcome(row, "failed")
        failed["note"] = note
        return failed
    trade = market.settle(
        ctx,
        rows,
        route="bilateral",
        seller=row.seller,
        buyer=row.buyer,
        quantity=int(row.quantity),
        platform=row.platform,
        price_fen=int(row.price_fen),
        ref=row.contract,
    )
    number = int(trade["trade"][1:])
    ctx.conn.execute(sa.update(t.deliveries).where(where).values(status="delivered", trade=number, entry=ctx.entry))
    done = _outcome(row, "delivered")
    done["trade"], done["ranges"] = trade["trade"], trade["ranges"]
    return done


def _outcome(row: Any, status: str) -> Delivered:
    return {"contract": row.contract, "n": int(row.n), "due": row.due, "quantity": int(row.quantity), "status": status}


def green_power_settlement(ctx: Ctx, cmd: c.GreenPowerSettlement) -> PowerSettled:
    """A settled green-power trade carries the project-month's certificates to the buyer (第二十三条).

    The certificates follow the electricity: free ones first, then ones the seller had listed (the listing
    shrinks). 1 certificate per 1000 kWh (第十五条); a remainder under 1000 kWh moves nothing.
    """
    check.green_power_venue(cmd.platform, ctx.rules)
    proj = existing_project(ctx, cmd.project)
    active_account(ctx, cmd.seller)
    market.buyer_account(ctx, cmd.buyer, cmd.seller)
    quantity = check.certificates_of(cmd.kwh, ctx.rules.kwh_per_certificate)
    b = t.blocks.c
    q = sa.select(t.blocks).where(
        b.holder == cmd.seller,
        b.project == cmd.project,
        b.month == cmd.month,
        b.status == t.LIVE,
        b.tradable.is_(True),
        b.traded.is_(False),
        b.valid_until >= ctx.day,
        sa.or_(b.listing.is_(None), b.listing.in_(sa.select(t.listings.c.listing))),
    )
    rows = list(ctx.conn.execute(q.order_by(b.listing.is_not(None), b.valid_until, b.serial_start)))
    have = repo.available(rows)
    if have < quantity:
        check.grid_tradable(cmd.project, bool(proj.grid_tradable))
        market.enough_to_sell(ctx, cmd.seller, quantity, project=cmd.project, month=cmd.month)  # says why
        check.holds_project_month(cmd.seller, cmd.project, cmd.month, have, quantity)
    certificate_price = None if cmd.certificate_price is None else parse_price(cmd.certificate_price)
    trade = market.settle(
        ctx,
        rows,
        route="green_power",
        seller=cmd.seller,
        buyer=cmd.buyer,
        quantity=quantity,
        platform=cmd.platform,
        price_fen=certificate_price,
        ref=cmd.settlement,
        kwh=cmd.kwh,
        power_price=cmd.price,
    )
    listings.close_emptied(ctx, {r.listing for r in rows if r.listing is not None})  # nothing left: sold out
    left = cmd.kwh - quantity * ctx.rules.kwh_per_certificate
    return {**trade, "kwh": cmd.kwh, "power_price": cmd.price, "kwh_not_certified": left}
