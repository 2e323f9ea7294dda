"""The real-name document of an account (第十一条) and one account per entity (第十条): for opening and changing one."""

from __future__ import annotations

import sqlalchemy as sa

from ..adapters import tables as t
from ..domain.refusals import accounts as check
from .context import Ctx


def check_id_doc(ctx: Ctx, doc: str | None, kind: str, exclude: str | None = None) -> tuple[str | None, str | None]:
    """Validate the real-name document (第十一条) and the one-account-per-entity rule (第十条).

    One open account per identity document whatever its kind: an enterprise that generates and buys uses its
    seller account for both (rules.json `may_buy`).
    """
    doc, doc_kind = check.real_name_doc(doc, kind, ctx.rules.account_kinds[kind])
    if doc is None:
        return None, None
    a = t.accounts.c
    q = sa.select(a.account).where(a.id_doc == doc, a.status == "open")
    if exclude is not None:
        q = q.where(a.account != exclude)
    check.one_account_per_entity(ctx.conn.execute(q).first() is not None)
    return doc, doc_kind
