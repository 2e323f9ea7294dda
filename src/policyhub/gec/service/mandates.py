"""Platform mandates: a platform acts for an account only while the account's mandate for it stands.

第八条: 交易主体可委托代理机构参与绿证核发和交易 — a holder chooses who acts for it (第七条: each platform runs its own
trading). So a platform token lists, delists, buys, deals bilaterally, bids and asks for an account only with that
account's mandate. An account opened through a platform (第十条) starts with that platform's mandate.
"""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa

from ..adapters import fast
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.refusals import mandates as check
from . import accounts
from .context import Ctx, open_account
from .market import certificate_venue


class MandateChanged(TypedDict):
    """A mandate granted to or revoked from a platform (第八条: 委托代理机构)."""

    account: str
    platform: str
    mandate: str


# What a platform does for an account only under its mandate (access/roles.py MANDATED checks it at the edge).
ACTED_FOR_OPS = frozenset({"list", "delist", "buy", "bilateral", "bid", "ask"})


def check_acting_platform(ctx: Ctx, cmd: Any) -> None:
    """A platform's command for an account needs that account's mandate when it is applied, inside the transaction.

    The HTTP layer checks it before queueing the command; a mandate revoked while the command waited for its group
    is caught here, and a replay decides the same way.
    """
    actor = ctx.actor or {}
    op = getattr(cmd, "op", "")
    if actor.get("role") != "platform" or op not in ACTED_FOR_OPS:
        return
    platform = str(actor.get("platform"))
    for account in _acted_for(ctx, op, cmd):
        check.acting_under_mandate(account, platform, _held(ctx, account, platform))


def _acted_for(ctx: Ctx, op: str, cmd: Any) -> list[str]:
    if op == "bilateral":
        return [cmd.seller, cmd.buyer]
    if op == "delist":
        owner = ctx.conn.execute(sa.select(t.listings.c.account).where(t.listings.c.listing == cmd.listing)).scalar()
        return [] if owner is None else [str(owner)]
    return [cmd.account]


_m = t.mandates.c
_HELD = sa.select(_m.entry).where(_m.account == sa.bindparam("a"), _m.platform == sa.bindparam("p"))  # every buy


def held_query(account: str, platform: str) -> sa.Select[Any]:
    """The mandate's row, if it stands (for a reader with a connection of its own)."""
    return sa.select(_m.entry).where(_m.account == account, _m.platform == platform)


def held(conn: sa.Connection, account: str, platform: str) -> bool:
    """Whether the account's mandate for the platform stands."""
    return fast.execute(conn, _HELD, {"a": account, "p": platform}).first() is not None


def _held(ctx: Ctx, account: str, platform: str) -> bool:
    return held(ctx.conn, account, platform)


def of_account(conn: sa.Connection, account: str) -> list[str]:
    """The platforms an account has mandated, in name order."""
    m = t.mandates.c
    return [str(p) for p in conn.execute(sa.select(m.platform).where(m.account == account).order_by(m.platform))]


def mandate(ctx: Ctx, cmd: c.Mandate) -> MandateChanged:
    """The account lets a certificate trading platform act for it."""
    open_account(ctx, cmd.account)
    certificate_venue(ctx, cmd.platform)
    check.not_yet_mandated(cmd.account, cmd.platform, _held(ctx, cmd.account, cmd.platform))
    ctx.conn.execute(sa.insert(t.mandates).values(account=cmd.account, platform=cmd.platform, entry=ctx.entry))
    return {"account": cmd.account, "platform": cmd.platform, "mandate": "granted"}


def revoke(ctx: Ctx, cmd: c.RevokeMandate) -> MandateChanged:
    """The account withdraws the mandate: from now on the platform cannot act for it (its listings stay)."""
    open_account(ctx, cmd.account)
    check.mandated(cmd.account, cmd.platform, _held(ctx, cmd.account, cmd.platform))
    m = t.mandates.c
    ctx.conn.execute(sa.delete(t.mandates).where(m.account == cmd.account, m.platform == cmd.platform))
    return {"account": cmd.account, "platform": cmd.platform, "mandate": "revoked"}


def open_through_platform(ctx: Ctx, cmd: c.OpenAccount) -> accounts.Opened:
    """Open an account; one opened through a platform (第十条) starts with that platform's mandate."""
    result = accounts.open_(ctx, cmd)
    actor = ctx.actor or {}
    platform = actor.get("platform")
    if actor.get("role") == "platform" and isinstance(platform, str):
        ctx.conn.execute(sa.insert(t.mandates).values(account=cmd.account, platform=platform, entry=ctx.entry))
        result = {**result, "mandates": [platform]}
    return result
