"""Bulk 建档立卡 (第十条): a file of project records checked as one set, stored in one journal entry."""

from __future__ import annotations

from datetime import date
from functools import cache, partial
from typing import Any

import sqlalchemy as sa

from policyhub.errors import InputError

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain.bulk_commands import SHOWN
from ..domain.issuance import grid_is_tradable
from ..domain.project_rows import ProjectRow, RowBatch, as_text
from ..domain.rules import Rules
from .context import Ctx

_PROJECT_COLS = ("project", "pid", "owner", "name", "type", "province", "capacity_kw", "commissioned",
                 "fully_market", "grid_tradable", "carry_t", "carry_n")  # fmt: skip
_CHUNK = 500  # owners looked up per query


class RowsRefused(InputError):
    """Bad rows of a batch: the refusal names every one (row number in the batch, reason)."""

    def __init__(self, code: str, rows: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"row {n}: {why}" for n, why in rows[:SHOWN])
        more = f"; and {len(rows) - SHOWN} more" if len(rows) > SHOWN else ""
        super().__init__(f"project_batch：{len(rows)} 行被拒绝 {len(rows)} rows refused: {shown}{more}", code)
        self.rows = [{"row": n, "reason": why} for n, why in rows]


def batch(ctx: Ctx) -> dict[str, Any]:
    """Register every row's project, or none: owners must be open seller accounts, names new, dates past."""
    rows: list[ProjectRow] = ctx.batch_rows
    if not rows:
        raise RowsRefused("invalid_command", [(0, "没有项目 no rows")])
    bad = _row_problems(ctx, rows)
    if bad:
        # Name every bad row: with other problems found, also those naming a project already registered.
        bad = sorted([*bad, *((n, why, "already_exists") for n, why in _already(ctx, rows))])
        raise RowsRefused(bad[0][2], [(n, why) for n, why, _ in bad])
    _store_rows(ctx, rows)
    base = int(ctx.conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.projects.c.pid), 0))).scalar_one())
    tradable = cache(partial(_tradable, rules=ctx.rules))  # a few hundred distinct (type, date, market)
    records = [
        (p, base + n, o, name, k, prov, kw, day, market, tradable(k, day, market), 0, 0)
        for n, (p, o, name, k, prov, kw, day, market) in enumerate(rows, 1)
    ]
    savepoint = ctx.conn.begin_nested()
    try:
        repo.bulk_insert(ctx.conn, "gec_projects", _PROJECT_COLS, records)
    except Exception as exc:
        # The rows go through the driver (COPY / executemany): its own IntegrityError, or SQLAlchemy's.
        if not any(k.__name__ == "IntegrityError" for k in type(exc).__mro__):
            raise
        savepoint.rollback()
        raise RowsRefused("already_exists", _already(ctx, rows)) from None
    savepoint.commit()
    # The journal's command holds the rows' count and digest; the result says what the registry made of them.
    return {"imported": len(rows), "grid_tradable": sum(1 for r in records if r[9])}


def _row_problems(ctx: Ctx, rows: list[ProjectRow]) -> list[tuple[int, str, str]]:
    """(row, reason, code) for duplicates, future dates and owners that are not open seller accounts."""
    out: list[tuple[int, str, str]] = []
    day = ctx.day
    if len({r[0] for r in rows}) != len(rows):
        first: dict[str, int] = {}
        for n, row in enumerate(rows, 1):
            seen = first.setdefault(row[0], n)
            if seen != n:
                out.append((n, f"project {row[0]} 与第 {seen} 行重复 duplicates row {seen}", "duplicate_row"))
    if max(r[6] for r in rows) > day:
        out += [(n, f"投产日期晚于今日 commissioning date {r[6]} is after {day}", "future_date")
                for n, r in enumerate(rows, 1) if r[6] > day]  # fmt: skip
    names = {r[1] for r in rows}
    owners = _owners(ctx, sorted(names))
    if len(owners) == len(names) and all(found == ("seller", "open") for found in owners.values()):
        return sorted(out)
    for n, row in enumerate(rows, 1):
        kind, status = owners.get(row[1], (None, None))
        if kind is None:
            out.append((n, f"账户不存在 no account {row[1]!r}", "unknown_account"))
        elif kind != "seller":
            out.append((n, f"{row[1]} 是 {kind} 账户，项目属于卖方 projects belong to sellers (第八条)", "not_seller"))
        elif status == "closed":
            out.append((n, f"账户 {row[1]} 已注销 account is closed", "account_closed"))
    return sorted(out)


def _owners(ctx: Ctx, names: list[str]) -> dict[str, tuple[str, str]]:
    a = t.accounts.c
    found: dict[str, tuple[str, str]] = {}
    for i in range(0, len(names), _CHUNK):
        q = sa.select(a.account, a.kind, a.status).where(a.account.in_(names[i : i + _CHUNK]))
        found.update({r.account: (r.kind, r.status) for r in ctx.conn.execute(q)})
    return found


def _already(ctx: Ctx, rows: list[ProjectRow]) -> list[tuple[int, str]]:
    """Rows naming a project that is already registered (looked up only once something else is wrong)."""
    p = t.projects.c
    names = [r[0] for r in rows]
    known: set[str] = set()
    for i in range(0, len(names), _CHUNK):
        known.update(ctx.conn.execute(sa.select(p.project).where(p.project.in_(names[i : i + _CHUNK]))).scalars())
    return [(n, f"项目 {r[0]} 已建档 project already exists") for n, r in enumerate(rows, 1) if r[0] in known]


def _tradable(kind: str, day: str, fully_market: bool, rules: Rules) -> bool:
    return grid_is_tradable(kind, date.fromisoformat(day), fully_market, rules)  # 第十四条


def _store_rows(ctx: Ctx, rows: list[ProjectRow]) -> None:
    """The batch as submitted, one text (its SHA-256 is the journal entry's digest)."""
    text = rows.text if isinstance(rows, RowBatch) else as_text(rows)
    ctx.conn.execute(sa.insert(t.project_batches).values(entry=ctx.entry, count=len(rows), rows=text))
