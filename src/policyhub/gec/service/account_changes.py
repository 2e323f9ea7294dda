"""Changes of an account's name or identity document (第十二条): requested, then approved by the operator.

第十二条 "交易主体信息发生变更的，应及时向国家能源局资质中心申请变更": a new name or identity document is stored in
`gec_account_changes` (one pending request per account; a new request replaces it) and takes effect only with
`approve_account_change`. Refused while the account is frozen, and when the new document already has another
open account (第十条: 唯一的实名绿证账户) — checked on request and again on approval.
"""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.refusals import accounts as check
from .context import Ctx, open_account
from .id_docs import check_id_doc

_ch = t.account_changes.c


def request(ctx: Ctx, row: repo.Row, name: str | None, id_doc: str | None) -> list[str]:
    """Store (or replace) the pending change of an account; return the fields it changes."""
    doc = check_id_doc(ctx, id_doc, row.kind, exclude=row.account)[0] if id_doc is not None else None
    ctx.conn.execute(sa.delete(t.account_changes).where(_ch.account == row.account))
    ctx.conn.execute(sa.insert(t.account_changes).values(account=row.account, name=name, id_doc=doc, entry=ctx.entry))
    return [f for f, v in (("id_doc", doc), ("name", name)) if v is not None]


def _pending(ctx: Ctx, account: str) -> Any:
    row = ctx.conn.execute(sa.select(t.account_changes).where(_ch.account == account)).first()
    check.change_pending(account, row is not None)
    return row


class Approved(TypedDict):
    """A requested change of name or identity document approved (第十二条), with the entry that asked for it."""

    account: str
    changed: list[str]
    requested_entry: int


class Rejected(TypedDict):
    """A requested change rejected, with the entry that asked for it."""

    account: str
    rejected: bool
    requested_entry: int


def approve(ctx: Ctx, cmd: c.ApproveAccountChange) -> Approved:
    """The operator approves: the new name and/or document replace the old ones."""
    acct = open_account(ctx, cmd.account)
    check.changeable(cmd.account, acct.frozen, acct.freeze_reason)
    change = _pending(ctx, cmd.account)
    values: dict[str, Any] = {}
    if change.name is not None:
        values["name"] = change.name
    if change.id_doc is not None:
        values["id_doc"], values["id_doc_kind"] = check_id_doc(ctx, change.id_doc, acct.kind, exclude=cmd.account)
    ctx.conn.execute(sa.update(t.accounts).where(t.accounts.c.account == cmd.account).values(**values))
    ctx.conn.execute(sa.delete(t.account_changes).where(_ch.account == cmd.account))
    return {"account": cmd.account, "changed": sorted(values), "requested_entry": int(change.entry)}


def reject(ctx: Ctx, cmd: c.RejectAccountChange) -> Rejected:
    """The operator rejects: the request is dropped, the account stays as it was."""
    open_account(ctx, cmd.account)
    change = _pending(ctx, cmd.account)
    ctx.conn.execute(sa.delete(t.account_changes).where(_ch.account == cmd.account))
    return {"account": cmd.account, "rejected": True, "requested_entry": int(change.entry)}
