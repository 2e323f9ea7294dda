"""Issuance (第十三条–第十五条): which months are issued, to whom, and within the codes' serial space."""

from __future__ import annotations

from datetime import date

from ..months import last_day
from . import refuse


def month_ended(month: str, today: date) -> None:
    """第十三条 按月统一核发: a month's data and certificates come only once the month has ended."""
    if last_day(month) >= today:
        raise refuse(f"该月尚未结束 month {month} has not ended on {today.isoformat()}", "month_not_ended")


def owner_open(project: str | None, owners_closed: int) -> None:
    """A closed owner account receives nothing: issuing one named project of such an owner is refused.

    A whole month's issue skips those projects and names them in its result instead (`project` None).
    """
    if project is not None and owners_closed:
        raise refuse(
            f"项目 {project} 的业主账户已注销 the owner account of {project} is closed: transfer the project first",
            "owner_closed",
        )


def serials_left(base: int, issued: int, digits: int) -> None:
    """Every certificate keeps a verifiable code: its serial fits the code's digits (domain/codes.py)."""
    largest = 10**digits - 1
    if issued > 0 and base + issued - 1 > largest:
        raise refuse(
            f"证书序号用尽 issuing {issued:,} certificates from serial {base:,} would pass the largest serial "
            f"{largest:,} ({digits} digits)",
            "serial_space_exhausted",
        )
