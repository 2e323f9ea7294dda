"""Bulk 建档立卡 (第十条): a file of project records checked as one set, stored in one journal entry."""

from __future__ import annotations

from datetime import date
from functools import cache, partial
from typing import TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain.issuance import grid_is_tradable
from ..domain.project_rows import ProjectRow, RowBatch, as_text
from ..domain.refusals import projects as check
from ..domain.refusals.projects import RowsRefused
from ..domain.rules import Rules
from .context import Ctx

_PROJECT_COLS = ("project", "pid", "owner", "name", "type", "province", "capacity_kw", "commissioned",
                 "fully_market", "grid_tradable", "carry_t", "carry_n")  # fmt: skip
_CHUNK = 500  # owners looked up per query


class ProjectsImported(TypedDict):
    """A bulk 建档立卡: how many projects were registered, and how many of them have tradable grid power."""

    imported: int
    grid_tradable: int


def batch(ctx: Ctx) -> ProjectsImported:
    """Register every row's project, or none: owners must be open seller accounts, names new, dates past."""
    rows: list[ProjectRow] = ctx.batch_rows
    check.some_projects(len(rows))
    bad = check.row_problems(rows, ctx.day, _owners(ctx, sorted({r[1] for r in rows})))
    if bad:
        # Name every bad row: with other problems found, also those naming a project already registered.
        check.rows_refused(bad, _already(ctx, rows))
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
    return check.already_registered(rows, known)


def _tradable(kind: str, day: str, fully_market: bool, rules: Rules) -> bool:
    return grid_is_tradable(kind, date.fromisoformat(day), fully_market, rules)  # 第十四条


def _store_rows(ctx: Ctx, rows: list[ProjectRow]) -> None:
    """The batch as submitted, one text (its SHA-256 is the journal entry's digest)."""
    text = rows.text if isinstance(rows, RowBatch) else as_text(rows)
    ctx.conn.execute(sa.insert(t.project_batches).values(entry=ctx.entry, count=len(rows), rows=text))
