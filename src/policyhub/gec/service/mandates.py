"""Platform mandates: a platform acts for an account only while the account's mandate for it stands.

第八条: 交易主体可委托代理机构参与绿证核发和交易 — a holder chooses who acts for it (第七条: each platform runs its own
trading). So a platform token lists, delists, buys, deals bilaterally, bids and asks for an account only with that
account's mandate. An account opened through a platform (第十条) starts with that platform's mandate.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..adapters import tables as t
from ..domain import commands as c
from . import accounts
from .context import Ctx, open_account, refuse
from .market import certificate_venue


def _held(ctx: Ctx, account: str, platform: str) -> bool:
    m = t.mandates.c
    q = sa.select(m.entry).where(m.account == account, m.platform == platform)
    return ctx.conn.execute(q).first() is not None


def of_account(conn: sa.Connection, account: str) -> list[str]:
    """The platforms an account has mandated, in name order."""
    m = t.mandates.c
    return [str(p) for p in conn.execute(sa.select(m.platform).where(m.account == account).order_by(m.platform))]


def mandate(ctx: Ctx, cmd: c.Mandate) -> dict[str, Any]:
    """The account lets a certificate trading platform act for it."""
    open_account(ctx, cmd.account)
    certificate_venue(ctx, cmd.platform)
    if _held(ctx, cmd.account, cmd.platform):
        raise refuse(f"账户 {cmd.account} 已授权 {cmd.platform} the mandate already stands", "already_mandated")
    ctx.conn.execute(sa.insert(t.mandates).values(account=cmd.account, platform=cmd.platform, entry=ctx.entry))
    return {"account": cmd.account, "platform": cmd.platform, "mandate": "granted"}


def revoke(ctx: Ctx, cmd: c.RevokeMandate) -> dict[str, Any]:
    """The account withdraws the mandate: from now on the platform cannot act for it (its listings stay)."""
    open_account(ctx, cmd.account)
    if not _held(ctx, cmd.account, cmd.platform):
        raise refuse(f"账户 {cmd.account} 未授权 {cmd.platform} there is no such mandate", "no_mandate")
    m = t.mandates.c
    ctx.conn.execute(sa.delete(t.mandates).where(m.account == cmd.account, m.platform == cmd.platform))
    return {"account": cmd.account, "platform": cmd.platform, "mandate": "revoked"}


def open_through_platform(ctx: Ctx, cmd: c.OpenAccount) -> dict[str, Any]:
    """Open an account; one opened through a platform (第十条) starts with that platform's mandate."""
    result = accounts.open_(ctx, cmd)
    actor = ctx.actor or {}
    platform = actor.get("platform")
    if actor.get("role") == "platform" and isinstance(platform, str):
        ctx.conn.execute(sa.insert(t.mandates).values(account=cmd.account, platform=platform, entry=ctx.entry))
        result = {**result, "mandates": [platform]}
    return result
