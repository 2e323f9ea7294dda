"""Accounts (第十条–第十二条) and supervision (第三十三条): who may open, change, close, move and be frozen."""

from __future__ import annotations

from ..ids import id_doc_kind
from ..rules import AccountKind
from . import refuse


def not_closed(name: str, status: str) -> None:
    """第十二条: after an account is closed nothing can be done with it."""
    if status == "closed":
        raise refuse(f"账户已注销 account {name} is closed", "account_closed")


def not_frozen(name: str, frozen: bool, reason: str | None) -> None:
    """第三十三条: a frozen account can neither move nor claim certificates."""
    if frozen:
        raise refuse(f"账户已冻结 account {name} is frozen: {reason}", "account_frozen")


def cannot_trade(name: str, status: str | None, frozen: bool) -> str | None:
    """Why an account (status None: no such row) takes no part in a trade that settles later, or None."""
    if status is None or status == "closed":
        return f"account {name} is closed"
    return f"account {name} is frozen" if frozen else None


def real_name_doc(doc: str | None, kind: str, spec: AccountKind) -> tuple[str | None, str | None]:
    """第十一条: the identity document the kind requires, normalised, and its kind (统一社会信用代码 or 身份证号码)."""
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
    return doc, doc_kind


def one_account_per_entity(doc_has_open_account: bool) -> None:
    """第十条 唯一的实名绿证账户: one open account per identity document, whatever its kind."""
    if doc_has_open_account:
        # Never which account, nor its kind: whoever knows a published credit code would learn its account id
        # (docs/security.md). The operator finds it in the account list.
        raise refuse(
            "该证件号码已有开立中的绿证账户（第十条：唯一的实名绿证账户）this identity document already has an open "
            "account: one account per entity",
            "duplicate_entity",
        )


def pledge_given(spec: AccountKind, pledge: bool) -> None:
    """第十一条: a seller pledges to claim only Chinese GECs when it opens its account."""
    if spec.pledge_required and not pledge:
        raise refuse(
            "卖方须承诺只申领中国绿证 a seller must pledge to claim only Chinese GECs (第十一条)",
            "pledge_required",
        )


def pledge_kept(spec: AccountKind, pledge: bool) -> None:
    """第十一条: a seller's pledge cannot be withdrawn later."""
    if spec.pledge_required and not pledge:
        raise refuse(
            "卖方不能撤回只申领中国绿证的承诺 a seller cannot withdraw the GEC-only pledge (第十一条)",
            "pledge_required",
        )


def province_named(province: str | None) -> str:
    """第十条: a provincial special account belongs to a province."""
    if not province:
        raise refuse("省级专用账户须注明省份 a provincial special account needs its province", "province_required")
    return province


def one_per_province(province: str, province_has_open_account: bool) -> None:
    """第十条 统一分配: one open provincial special account per province."""
    if province_has_open_account:
        raise refuse(
            f"该省已有省级专用账户 {province} already has its provincial account (第十条: 统一分配)",
            "duplicate_entity",
        )


def changeable(name: str, frozen: bool, reason: str | None) -> None:
    """第十二条 / 第三十三条: a frozen account's registration is neither changed nor a change approved."""
    if frozen:
        raise refuse(f"账户 {name} 已冻结 is frozen: {reason}", "account_frozen")


def something_to_change(changes: int) -> None:
    """An update that changes nothing is no command."""
    if not changes:
        raise refuse("账户信息无变更 update_account: nothing to change", "invalid_command")


def change_pending(name: str, pending: bool) -> None:
    """第十二条: only a requested change can be approved or rejected."""
    if not pending:
        raise refuse(f"账户 {name} 无待审批的变更 has no pending change", "no_pending_change")


def closable(name: str, live: int) -> None:
    """第十二条: an account holding live certificates cannot be closed."""
    if live:
        raise refuse(
            f"账户仍持有有效绿证，不能注销 account {name} still holds {live} live certificates",
            "has_live_certificates",
        )


def freezable(name: str, frozen: bool) -> None:
    """第三十三条: freezing is one step; an account is not frozen twice."""
    if frozen:
        raise refuse(f"账户已冻结 account {name} is already frozen", "already_frozen")


def unfreezable(name: str, frozen: bool) -> None:
    """Only a frozen account can be unfrozen."""
    if not frozen:
        raise refuse(f"账户未冻结 account {name} is not frozen", "not_frozen")
