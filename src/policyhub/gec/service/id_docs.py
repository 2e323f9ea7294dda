"""The real-name document of an account (第十一条) and one account per entity (第十条): for opening and changing one."""

from __future__ import annotations

import sqlalchemy as sa

from ..adapters import tables as t
from ..domain.ids import id_doc_kind
from .context import Ctx, refuse


def check_id_doc(ctx: Ctx, doc: str | None, kind: str, exclude: str | None = None) -> tuple[str | None, str | None]:
    """Validate the real-name document (第十一条) and the one-account-per-entity rule (第十条).

    One open account per identity document whatever its kind: an enterprise that generates and buys uses its
    seller account for both (rules.json `may_buy`).
    """
    spec = ctx.rules.account_kinds[kind]
    if doc is None:
        if spec.id_doc_required:
            raise refuse(
                f"开立账户须提供证件号码 a {kind} account needs id_doc (统一社会信用代码 or 身份证号码)",
                "id_doc_required",
            )
        return None, None
    doc = doc.strip().upper()
    doc_kind = id_doc_kind(doc)
    if doc_kind is None:
        raise refuse(
            f"证件号码无效 {doc}: not a valid 统一社会信用代码 (GB 32100) or 身份证号码 (GB 11643)", "invalid_id_doc"
        )
    a = t.accounts.c
    q = sa.select(a.account).where(a.id_doc == doc, a.status == "open")
    if exclude is not None:
        q = q.where(a.account != exclude)
    if ctx.conn.execute(q).first() is not None:
        # Never which account, nor its kind: whoever knows a published credit code would learn its account id
        # (docs/security.md). The operator finds it in the account list.
        raise refuse(
            "该证件号码已有开立中的绿证账户（第十条：唯一的实名绿证账户）this identity document already has an open "
            "account: one account per entity",
            "duplicate_entity",
        )
    return doc, doc_kind
