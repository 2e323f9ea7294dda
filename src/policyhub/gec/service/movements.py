"""Moving and cancelling certificates: transfers (第二十二条), claims and expiry (第二十四条)."""

from __future__ import annotations

from typing import NotRequired, TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..answers import MovedRange
from ..domain import claim_fields, periods
from ..domain import commands as c
from ..domain.codes import claim_code
from ..domain.issuance import NON_TRADABLE
from ..domain.refusals import movements as check
from . import market
from .context import Ctx, active_account, existing_project, open_account, ranges_json, refuse

# A transfer of legacy hydro certificates (第二十二条): from, to, how many, the ranges moved. (`from` is a keyword:
# spelled as the contract has it.)
Transferred = TypedDict("Transferred", {"from": str, "to": str, "quantity": int, "ranges": list[MovedRange]})


class Given(TypedDict):
    """The claim's own fields the command gave (claim_fields.FIELDS, in that order)."""

    purpose: NotRequired[str]
    consumer_province: NotRequired[str]
    site: NotRequired[str]


class Claimed(Given):
    """A claim (第二十四条): its name and code, the quantity cancelled, the fields given, the ranges cancelled."""

    claim: str
    code: str
    quantity: int
    ranges: list[MovedRange]


class Expired(TypedDict):
    """An expiry (第二十四条 自动核销): the day judged and how many certificates it cancelled."""

    as_of: str
    expired: int


def transfer(ctx: Ctx, cmd: c.Transfer) -> Transferred:
    """Move non-tradable legacy hydro certificates by settlement result to a buyer or provincial account."""
    proj = existing_project(ctx, cmd.project)
    check.legacy_hydro(cmd.project, proj.type, bool(proj.grid_tradable))
    active_account(ctx, cmd.from_)
    check.transfer_recipient(cmd.to, open_account(ctx, cmd.to).kind, ctx.rules.transfer_recipients)
    check.two_accounts(cmd.from_, cmd.to)
    market.not_self_trade(ctx, cmd.to, cmd.from_)  # 第二十二条 moves by a settlement result between two entities
    rows = repo.movable_blocks(ctx.conn, cmd.from_, ctx.day, cmd.project, cmd.month, NON_TRADABLE)
    check.transfer_covered(cmd.from_, cmd.project, cmd.month, repo.available(rows), cmd.quantity)
    taken = repo.take(ctx.conn, rows, cmd.quantity, {"holder": cmd.to, "entry": ctx.entry})
    return {"from": cmd.from_, "to": cmd.to, "quantity": cmd.quantity, "ranges": ranges_json(ctx, taken)}


def _name_taken(ctx: Ctx, name: str) -> bool:
    return ctx.conn.execute(sa.select(t.claims.c.claim).where(t.claims.c.claim == name)).first() is not None


def claim(ctx: Ctx, cmd: c.Claim) -> Claimed:
    """A green-consumption claim cancels the certificates and yields a claim record (第二十四条)."""
    active_account(ctx, cmd.account)
    first, last = periods.months(cmd.period)
    check.month_in_period(cmd.month, cmd.period, first, last)
    every = repo.movable_blocks(ctx.conn, cmd.account, ctx.day, cmd.project, cmd.month)
    # The period's production months cover the claim: certificates produced within it, oldest expiry first.
    rows = [r for r in every if first <= r.month <= last]
    have = repo.available(rows)
    check.claim_covered(cmd.account, cmd.period, first, last, cmd.quantity, have, repo.available(every))
    number = int(ctx.conn.execute(sa.select(t.meta.c.next_claim).where(t.meta.c.id == 1)).scalar_one())
    while True:
        check.claim_number_left(number, ctx.rules.claim_digits)
        code = claim_code(number, ctx.rules)
        name = cmd.claim or code
        if not _name_taken(ctx, name):
            break
        if cmd.claim is not None:
            raise refuse(f"声明已存在且内容不同 claim {name} already exists with other content", "already_exists")
        # An unnamed claim is named by its code; a name taken before names were kept apart from codes
        # (domain/names.py) may hold this one: the code passes to the next number, never blocking every claim.
        number += 1
    taken = repo.take(ctx.conn, rows, cmd.quantity, {"status": "claimed", "claim": name, "entry": ctx.entry})
    ctx.conn.execute(sa.update(t.meta).where(t.meta.c.id == 1).values(next_claim=number + 1))
    ctx.conn.execute(
        sa.insert(t.claims).values(
            claim=name,
            number=number,
            code=code,
            account=cmd.account,
            quantity=cmd.quantity,
            beneficiary=cmd.beneficiary,
            period=cmd.period,
            at=ctx.at.isoformat(),
            entry=ctx.entry,
            purpose=cmd.purpose or claim_fields.default_purpose(),
            consumer_province=cmd.consumer_province,
            site=cmd.site,
        )
    )
    # The result names what the claim gave (a claim journaled before the fields existed replays to its own result).
    given: Given = {}
    if cmd.purpose is not None:
        given["purpose"] = cmd.purpose
    if cmd.consumer_province is not None:
        given["consumer_province"] = cmd.consumer_province
    if cmd.site is not None:
        given["site"] = cmd.site
    return {"claim": name, "code": code, "quantity": cmd.quantity, **given, "ranges": ranges_json(ctx, taken)}


def expire(ctx: Ctx, cmd: c.Expire) -> Expired:
    """Cancel every live certificate whose last valid day is before `as_of` (第二十四条: 自动核销).

    `as_of` may not run ahead of the command's own date (the registry's clock): cancelling is irreversible.
    """
    check.as_of_not_ahead(cmd.as_of, ctx.today)
    as_of = (cmd.as_of or ctx.today).isoformat()
    b = t.blocks.c
    cond = (b.status == t.LIVE) & (b.valid_until < as_of)
    n = ctx.conn.execute(sa.select(sa.func.coalesce(sa.func.sum(b.serial_end - b.serial_start), 0)).where(cond))
    expired = int(n.scalar_one())
    ctx.conn.execute(sa.update(t.blocks).where(cond).values(status="expired", entry=ctx.entry))
    return {"as_of": as_of, "expired": expired}
