"""挂牌交易 (第二十一条（一）): one listing on several platforms, one reserved inventory, taken by 摘牌."""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa

from ..adapters import fast
from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.money import parse_price
from ..domain.refusals import trading as check
from . import market
from .context import Ctx, active_account, checked_active, existing_project, refuse

_LISTING = sa.select(t.listings).where(t.listings.c.listing == sa.bindparam("k"))
_CLOSE = sa.update(t.listings).where(t.listings.c.listing == sa.bindparam("k"))
# A buy's two parties: the buyer named and the listing's seller.
_PARTIES = sa.select(t.accounts).where(
    t.accounts.c.account.in_(
        sa.union_all(
            sa.select(sa.bindparam("b", type_=t.accounts.c.account.type)),
            sa.select(t.listings.c.account).where(t.listings.c.listing == sa.bindparam("k")),
        )
    )
)


class Listed(TypedDict):
    """A listing made (第二十一条（一）): who sells how many at what price, on which platforms, all still remaining."""

    listing: str
    account: str
    quantity: int
    price: str
    platforms: list[str]
    remaining: int


class Delisted(TypedDict):
    """A listing withdrawn: the certificates released to free holdings and how many it had sold."""

    listing: str
    released: int
    sold: int


class Bought(market.Settled):
    """摘牌: the trade, the listing taken from and what remains of it."""

    listing: str
    remaining: int


def _listing(ctx: Ctx, name: str, found: Any = None) -> Any:
    """The listing's row (`found`: its _LISTING result, if read already), else refused."""
    row = (found if found is not None else fast.execute(ctx.conn, _LISTING, {"k": name})).first()
    if row is None:
        raise refuse(f"挂牌不存在 no listing {name!r}", "unknown_listing")
    return row


def list_(ctx: Ctx, cmd: c.List) -> Listed:
    """Reserve the certificates and show them on every named platform at once."""
    for platform in cmd.platforms:
        market.certificate_venue(ctx, platform)
    if ctx.conn.execute(sa.select(t.listings.c.listing).where(t.listings.c.listing == cmd.listing)).first():
        raise refuse(f"挂牌已存在 listing {cmd.listing} already exists", "already_exists")
    active_account(ctx, cmd.account)
    if cmd.project is not None:
        existing_project(ctx, cmd.project)
    rows = market.enough_to_sell(
        ctx, cmd.account, cmd.quantity, project=cmd.project, month=cmd.month, province=cmd.province
    )
    market.reserve(ctx, rows, cmd.quantity, cmd.listing)
    ctx.conn.execute(
        sa.insert(t.listings).values(
            listing=cmd.listing,
            account=cmd.account,
            quantity=cmd.quantity,
            price_fen=parse_price(cmd.price),
            platforms=",".join(cmd.platforms),
            project=cmd.project,
            month=cmd.month,
            province=cmd.province,
            status="open",
            at=ctx.at.isoformat(),
            entry=ctx.entry,
        )
    )
    return {
        "listing": cmd.listing,
        "account": cmd.account,
        "quantity": cmd.quantity,
        "price": cmd.price,
        "platforms": list(cmd.platforms),
        "remaining": cmd.quantity,
    }


def _close(ctx: Ctx, listing: str, status: str) -> None:
    fast.execute(ctx.conn, _CLOSE, {"k": listing, "status": status, "closed_entry": ctx.entry})


def delist(ctx: Ctx, cmd: c.Delist) -> Delisted:
    """Withdraw what is left: the reserved certificates become free holdings again."""
    row = _listing(ctx, cmd.listing)
    check.listing_open(cmd.listing, row.status)
    released = market.release(ctx, cmd.listing)
    _close(ctx, cmd.listing, "delisted")
    return {"listing": cmd.listing, "released": released, "sold": int(row.quantity) - released}


def buy(ctx: Ctx, cmd: c.Buy) -> Bought:
    """摘牌: take all or part of a listing on one of its platforms, settled at once."""
    # The three reads need only the command, so they go together (one round trip on PostgreSQL).
    found, people, blocks = fast.execute_all(
        ctx.conn,
        [
            (_LISTING, {"k": cmd.listing}),
            (_PARTIES, {"k": cmd.listing, "b": cmd.account}),
            (market.UNDER, {"key": cmd.listing}),
        ],
    )
    row = _listing(ctx, cmd.listing, found)
    check.shown_on(cmd.listing, cmd.platform, row.platforms)
    _, seller_row = market.parties(ctx, cmd.account, row.account, {r.account: r for r in people})
    # A frozen seller's listings are withdrawn; this is belt and braces.
    seller = checked_active(ctx, row.account, seller_row)
    check.some_left(cmd.listing, row.status)
    rows, live = market.under(ctx, seller.account, cmd.listing, blocks)
    check.enough_left(cmd.listing, repo.available(rows), cmd.quantity)
    trade = market.settle(
        ctx,
        rows,
        route="listing",
        seller=row.account,
        buyer=cmd.account,
        quantity=cmd.quantity,
        platform=cmd.platform,
        price_fen=int(row.price_fen),
        ref=cmd.listing,
    )
    left = live - cmd.quantity  # what `market.reserved` would count now: the taken blocks left the listing
    if left == 0:
        _close(ctx, cmd.listing, "sold_out")
    return {**trade, "listing": cmd.listing, "remaining": left}


def close_emptied(ctx: Ctx, keys: set[str]) -> list[str]:
    """Open listings among `keys` left with nothing reserved (a correction revoked, a settlement took) → sold_out."""
    lc = t.listings.c
    q = sa.select(lc.listing).where(lc.listing.in_(sorted(keys)), lc.status == "open").order_by(lc.listing)
    closed = [name for name in ctx.conn.execute(q).scalars() if market.reserved(ctx.conn, name) == 0]
    for name in closed:
        _close(ctx, name, "sold_out")
    return closed


def withdraw_all(ctx: Ctx, account: str) -> list[str]:
    """A frozen account's open listings end: what can no longer be sold leaves every platform (第三十三条)."""
    names = list(
        ctx.conn.execute(
            sa.select(t.listings.c.listing)
            .where(t.listings.c.account == account, t.listings.c.status == "open")
            .order_by(t.listings.c.listing)
        ).scalars()
    )
    for name in names:
        market.release(ctx, name)
        _close(ctx, name, "withdrawn")
    return names
