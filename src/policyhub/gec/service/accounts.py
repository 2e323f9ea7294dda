"""Accounts (第十条–第十二条) and supervision (第三十三条)."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.refusals import accounts as check
from . import account_changes, auctions, listings
from .context import Ctx, open_account, refuse
from .id_docs import check_id_doc


class Opened(TypedDict):
    """An account opened (第十条); one opened through a platform names the platform's mandate."""

    account: str
    kind: str
    mandates: NotRequired[list[str]]


class Updated(TypedDict):
    """Registration information changed now, and what waits for approval (第十二条: a new name or document)."""

    account: str
    changed: list[str]
    pending_approval: NotRequired[list[str]]


class Closed(TypedDict):
    """An account closed (第十二条)."""

    account: str
    status: str


class Frozen(TypedDict):
    """An account frozen (第三十三条): the listings withdrawn and the certificates released from its asks."""

    account: str
    frozen: bool
    withdrawn_listings: list[str]
    released_asks: int


class Unfrozen(TypedDict):
    """A freeze lifted."""

    account: str
    frozen: bool


def open_(ctx: Ctx, cmd: c.OpenAccount) -> Opened:
    """Open a real-name account; a seller must pledge to claim only Chinese GECs (第十一条)."""
    if repo.account(ctx.conn, cmd.account) is not None:
        raise refuse(f"账户已存在 account {cmd.account} already exists", "already_exists")
    check.pledge_given(ctx.rules.account_kinds[cmd.kind], cmd.gec_only_pledge)
    doc, doc_kind = check_id_doc(ctx, cmd.id_doc, cmd.kind)
    if cmd.kind == "provincial":
        province = check.province_named(cmd.province)
        a = t.accounts.c
        q = sa.select(a.account).where(a.kind == "provincial", a.province == province, a.status == "open")
        check.one_per_province(province, ctx.conn.execute(q).first() is not None)
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


def update(ctx: Ctx, cmd: c.UpdateAccount) -> Updated:
    """Record changed registration information (第十二条); a new name or identity document waits for approval."""
    row = open_account(ctx, cmd.account)
    check.changeable(cmd.account, row.frozen, row.freeze_reason)
    values: dict[str, Any] = {}
    pending: list[str] = []
    if cmd.name is not None or cmd.id_doc is not None:
        pending = account_changes.request(ctx, row, cmd.name, cmd.id_doc)
    if cmd.province is not None:
        values["province"] = cmd.province
    if cmd.gec_only_pledge is not None:
        check.pledge_kept(ctx.rules.account_kinds[row.kind], cmd.gec_only_pledge)
        values["pledge"] = cmd.gec_only_pledge
    check.something_to_change(len(values) + len(pending))
    if values:
        ctx.conn.execute(sa.update(t.accounts).where(t.accounts.c.account == cmd.account).values(**values))
    out: Updated = {"account": cmd.account, "changed": sorted(values)}
    if pending:
        out["pending_approval"] = pending
    return out


def close(ctx: Ctx, cmd: c.CloseAccount) -> Closed:
    """Close an account; refused while it holds live certificates (第十二条)."""
    open_account(ctx, cmd.account)
    check.closable(cmd.account, repo.live_count(ctx.conn, cmd.account))
    q = sa.update(t.accounts).where(t.accounts.c.account == cmd.account)
    ctx.conn.execute(q.values(status="closed", closed_at=ctx.at.isoformat()))
    return {"account": cmd.account, "status": "closed"}


def freeze(ctx: Ctx, cmd: c.Freeze) -> Frozen:
    """Freeze with a reason (第三十三条): the account can neither move nor claim, and what it offered is withdrawn."""
    row = open_account(ctx, cmd.account)
    check.freezable(cmd.account, row.frozen)
    q = sa.update(t.accounts).where(t.accounts.c.account == cmd.account)
    ctx.conn.execute(q.values(frozen=True, freeze_reason=cmd.reason))
    withdrawn = listings.withdraw_all(ctx, cmd.account)
    released = auctions.withdraw_all(ctx, cmd.account)
    return {"account": cmd.account, "frozen": True, "withdrawn_listings": withdrawn, "released_asks": released}


def unfreeze(ctx: Ctx, cmd: c.Unfreeze) -> Unfrozen:
    """Lift a freeze."""
    row = open_account(ctx, cmd.account)
    check.unfreezable(cmd.account, row.frozen)
    q = sa.update(t.accounts).where(t.accounts.c.account == cmd.account)
    ctx.conn.execute(q.values(frozen=False, freeze_reason=None))
    return {"account": cmd.account, "frozen": False}
