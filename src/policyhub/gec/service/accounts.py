"""Accounts (第十条–第十二条) and supervision (第三十三条)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from . import account_changes, auctions, listings
from .context import Ctx, open_account, refuse
from .id_docs import check_id_doc


def open_(ctx: Ctx, cmd: c.OpenAccount) -> dict[str, Any]:
    """Open a real-name account; a seller must pledge to claim only Chinese GECs (第十一条)."""
    if repo.account(ctx.conn, cmd.account) is not None:
        raise refuse(f"账户已存在 account {cmd.account} already exists", "already_exists")
    spec = ctx.rules.account_kinds[cmd.kind]
    if spec.pledge_required and not cmd.gec_only_pledge:
        raise refuse(
            "卖方须承诺只申领中国绿证 a seller must pledge to claim only Chinese GECs (第十一条)",
            "pledge_required",
        )
    doc, doc_kind = check_id_doc(ctx, cmd.id_doc, cmd.kind)
    if cmd.kind == "provincial":
        if not cmd.province:
            raise refuse("省级专用账户须注明省份 a provincial special account needs its province", "province_required")
        a = t.accounts.c
        q = sa.select(a.account).where(a.kind == "provincial", a.province == cmd.province, a.status == "open")
        if ctx.conn.execute(q).first() is not None:
            raise refuse(
                f"该省已有省级专用账户 {cmd.province} already has its provincial account (第十条: 统一分配)",
                "duplicate_entity",
            )
    ctx.conn.execute(
        sa.insert(t.accounts).values(
            account=cmd.account,
            kind=cmd.kind,
            name=cmd.name,
            id_doc=doc,
            id_doc_kind=doc_kind,
            province=cmd.province,
            pledge=cmd.gec_only_pledge,
            status="open",
            frozen=False,
            freeze_reason=None,
            opened_at=ctx.at.isoformat(),
            closed_at=None,
        )
    )
    return {"account": cmd.account, "kind": cmd.kind}


def update(ctx: Ctx, cmd: c.UpdateAccount) -> dict[str, Any]:
    """Record changed registration information (第十二条); a new name or identity document waits for approval."""
    row = open_account(ctx, cmd.account)
    if row.frozen:
        raise refuse(f"账户 {cmd.account} 已冻结 is frozen: {row.freeze_reason}", "account_frozen")
    values: dict[str, Any] = {}
    pending: list[str] = []
    if cmd.name is not None or cmd.id_doc is not None:
        pending = account_changes.request(ctx, row, cmd.name, cmd.id_doc)
    if cmd.province is not None:
        values["province"] = cmd.province
    if cmd.gec_only_pledge is not None:
        if ctx.rules.account_kinds[row.kind].pledge_required and not cmd.gec_only_pledge:
            raise refuse(
                "卖方不能撤回只申领中国绿证的承诺 a seller cannot withdraw the GEC-only pledge (第十一条)",
                "pledge_required",
            )
        values["pledge"] = cmd.gec_only_pledge
    if not values and not pending:
        raise refuse("账户信息无变更 update_account: nothing to change", "invalid_command")
    if values:
        ctx.conn.execute(sa.update(t.accounts).where(t.accounts.c.account == cmd.account).values(**values))
    out: dict[str, Any] = {"account": cmd.account, "changed": sorted(values)}
    if pending:
        out["pending_approval"] = pending
    return out


def close(ctx: Ctx, cmd: c.CloseAccount) -> dict[str, Any]:
    """Close an account; refused while it holds live certificates (第十二条)."""
    open_account(ctx, cmd.account)
    live = repo.live_count(ctx.conn, cmd.account)
    if live:
        raise refuse(
            f"账户仍持有有效绿证，不能注销 account {cmd.account} still holds {live} live certificates",
            "has_live_certificates",
        )
    q = sa.update(t.accounts).where(t.accounts.c.account == cmd.account)
    ctx.conn.execute(q.values(status="closed", closed_at=ctx.at.isoformat()))
    return {"account": cmd.account, "status": "closed"}


def freeze(ctx: Ctx, cmd: c.Freeze) -> dict[str, Any]:
    """Freeze with a reason (第三十三条): the account can neither move nor claim, and what it offered is withdrawn."""
    row = open_account(ctx, cmd.account)
    if row.frozen:
        raise refuse(f"账户已冻结 account {cmd.account} is already frozen", "already_frozen")
    q = sa.update(t.accounts).where(t.accounts.c.account == cmd.account)
    ctx.conn.execute(q.values(frozen=True, freeze_reason=cmd.reason))
    withdrawn = listings.withdraw_all(ctx, cmd.account)
    released = auctions.withdraw_all(ctx, cmd.account)
    return {"account": cmd.account, "frozen": True, "withdrawn_listings": withdrawn, "released_asks": released}


def unfreeze(ctx: Ctx, cmd: c.Unfreeze) -> dict[str, Any]:
    """Lift a freeze."""
    row = open_account(ctx, cmd.account)
    if not row.frozen:
        raise refuse(f"账户未冻结 account {cmd.account} is not frozen", "not_frozen")
    q = sa.update(t.accounts).where(t.accounts.c.account == cmd.account)
    ctx.conn.execute(q.values(frozen=False, freeze_reason=None))
    return {"account": cmd.account, "frozen": False}
