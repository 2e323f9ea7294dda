"""What every handler receives: the transaction, the rules, the logical time and its journal entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from policyhub.errors import NotFound

from ..adapters import repository as repo
from ..answers import MovedRange
from ..domain.codes import certificate_code
from ..domain.refusals import accounts as check
from ..domain.refusals import refuse as refuse  # the handlers' one way to refuse
from ..domain.rules import Rules


@dataclass
class Ctx:
    """One command's execution context."""

    conn: sa.Connection
    rules: Rules
    at: datetime
    entry: int
    batch_rows: list[Any] = field(default_factory=list)  # a bulk command's rows (meter or project batch)
    actor: dict[str, Any] | None = None  # who sent the command (None: the operator's local tool)
    memo: dict[str, Any] = field(default_factory=dict)  # shared by a group's commands (prepared.Chain.memo)

    @property
    def actor_id(self) -> str:
        """One string naming the sender, for segregation of duties: role:token:account-or-platform."""
        a = self.actor or {"role": "operator", "token": None}
        return f"{a.get('role')}:{a.get('token') or 'local'}:{a.get('account') or a.get('platform') or ''}"

    @property
    def day(self) -> str:
        """The logical date (Beijing time: the registry turns every `at` into +08:00), ISO."""
        return self.at.date().isoformat()

    @property
    def today(self) -> date:
        """The logical date."""
        return self.at.date()

    def code(self, serial: int) -> str:
        """Printable code of a serial number."""
        return certificate_code(serial, self.rules)


def open_account(ctx: Ctx, name: str, row: repo.Row | None = None) -> repo.Row:
    """An existing, not-closed account (第十二条: after closing nothing can be done with it)."""
    row = row if row is not None else repo.account(ctx.conn, name)
    if row is None:
        raise NotFound(f"账户不存在 no account {name!r}", "unknown_account")
    check.not_closed(name, row.status)
    return row


def active_account(ctx: Ctx, name: str) -> repo.Row:
    """An open account that is not frozen: it may move and claim certificates."""
    return checked_active(ctx, name, None)


def checked_active(ctx: Ctx, name: str, row: repo.Row | None) -> repo.Row:
    """`active_account` of a row already read (None: read it now)."""
    row = open_account(ctx, name, row)
    check.not_frozen(name, row.frozen, row.freeze_reason)
    return row


def cannot_trade(ctx: Ctx, name: str) -> str | None:
    """Why an account cannot take part in a trade that settles later (a delivery, a clearing), or None."""
    row = repo.account(ctx.conn, name)
    return check.cannot_trade(name, None, False) if row is None else check.cannot_trade(name, row.status, row.frozen)


def existing_project(ctx: Ctx, name: str) -> repo.Row:
    """A registered project."""
    row = repo.project(ctx.conn, name)
    if row is None:
        raise NotFound(f"项目不存在 no project {name!r}", "unknown_project")
    return row


def ranges_json(ctx: Ctx, taken: list[tuple[int, int, Any]]) -> list[MovedRange]:
    """Moved ranges as first/last code and count."""
    return [
        {
            "first_code": ctx.code(s),
            "last_code": ctx.code(e - 1),
            "count": e - s,
            "project": r.project,
            "month": r.month,
        }
        for s, e, r in taken
    ]
