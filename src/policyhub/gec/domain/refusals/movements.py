"""Moving and cancelling certificates: transfers (第二十二条), claims and expiry (第二十四条)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from . import refuse


def legacy_hydro(project: str, project_type: str, grid_tradable: bool) -> None:
    """第二十二条: only legacy conventional hydro's non-tradable certificates move by transfer; the rest trade."""
    if project_type != "hydro" or grid_tradable:
        raise refuse(
            f"非存量常规水电项目，绿证须通过交易流转 {project} is not a legacy hydro project; "
            "its certificates move by trading",
            "not_transferable",
        )


def transfer_recipient(to: str, kind: str, recipients: Sequence[str]) -> None:
    """第二十二条: a transfer goes to a buyer or a provincial special account (rules.json `transfer_recipients`)."""
    if kind not in recipients:
        raise refuse(
            f"只能划转至买方或省级专用账户 {to} is a {kind} account; "
            "第二十二条 transfers go to a buyer or provincial account",
            "bad_recipient",
        )


def two_accounts(from_: str, to: str) -> None:
    """A transfer moves certificates from one account to another."""
    if from_ == to:
        raise refuse("不能划转至同一账户 transfer to the same account", "invalid_command")


def transfer_covered(from_: str, project: str, month: str, have: int, quantity: int) -> None:
    """The sender holds the movable certificates of that project and month."""
    if have < quantity:
        raise refuse(
            f"可划转绿证不足 {from_} holds {have} movable certificates of {project} {month}, not {quantity}",
            "insufficient_quantity",
        )


def month_in_period(month: str | None, period: str, first: str, last: str) -> None:
    """第二十四条: a claim naming a production month names one inside its consumption period (first…last)."""
    if month is not None and not first <= month <= last:
        raise refuse(
            f"电量生产月份 {month} 不在声明期间 {period} 内 month {month} is outside the period",
            "period_mismatch",
        )


def claim_covered(account: str, period: str, first: str, last: str, quantity: int, in_period: int, total: int) -> None:
    """第二十四条: a claim is covered by certificates produced within its period (`in_period` of `total` held)."""
    if in_period < quantity:
        if total >= quantity:
            raise refuse(
                f"{account} 在声明期间 {period} 生产的可声明绿证仅 {in_period} 个，不足 {quantity} 个 "
                f"only {in_period} claimable certificates were produced in {first}…{last}",
                "period_not_covered",
            )
        raise refuse(f"{account} 可声明绿证 {total} 个，不足 {quantity} 个 {total} claimable", "insufficient_quantity")


def claim_number_left(number: int, digits: int) -> None:
    """Every claim keeps a verifiable code: its number fits the code's digits (domain/codes.py)."""
    if number > 10**digits - 1:
        why = f"声明编号用尽 claim number {number} has no {digits}-digit code"
        raise refuse(why, "claim_space_exhausted")


def as_of_not_ahead(as_of: date | None, today: date) -> None:
    """第二十四条 自动核销 is irreversible: it never runs ahead of the registry's own date."""
    if as_of is not None and as_of > today:
        raise refuse(
            f"核销日期 {as_of} 晚于登记系统日期 {today} `as_of` is later than the registry's date",
            "as_of_in_future",
        )
