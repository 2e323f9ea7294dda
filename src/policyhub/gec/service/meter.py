"""Metering data (第十六条–第十七条): grid data as pushed, owner data after initial check and review."""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.journal import rows_digest
from ..domain.months import last_day
from ..domain.refusals import issuance
from ..domain.refusals import metering as check
from . import plausible
from .context import Ctx, existing_project


class Metered(TypedDict):
    """Metering data received (第十六条–第十七条): its status, and whether grid and owner data now disagree."""

    project: str
    month: str
    source: str
    status: str
    discrepancy: bool


class Reviewed(TypedDict):
    """Owner data reviewed (第十七条): approved or rejected."""

    project: str
    month: str
    status: str


class Imported(TypedDict):
    """A month's grid data imported in bulk: how many rows, and their digest (kept in the journal entry)."""

    month: str
    source: str
    rows: int
    rows_sha256: str


def _check_month(ctx: Ctx, month: str, commissioned: str | None) -> None:
    """Only ended months, and not before the project was commissioned."""
    issuance.month_ended(month, ctx.today)
    check.after_commissioning(month, commissioned)


def _issued(ctx: Ctx, month: str, project: str) -> bool:
    i = t.issuance.c
    q = sa.select(i.entry).where(i.month == month, i.project == project).limit(1)
    return ctx.conn.execute(q).first() is not None


def _rows(ctx: Ctx, month: str, project: str) -> dict[str, Any]:
    m = t.meter.c
    q = sa.select(t.meter).where(m.month == month, m.project == project)
    return {r.source: r for r in ctx.conn.execute(q)}


def discrepancy(rows: dict[str, Any]) -> bool:
    """Grid and owner figures both present and different (第十六条: 相核对) → the month is held.

    A correction row resolves it; rejected owner data does not count.
    """
    g, o = rows.get("grid"), rows.get("owner")
    if "correction" in rows or g is None or o is None or o.status == "rejected":
        return False
    return any(
        getattr(g, f) is not None and getattr(o, f) is not None and getattr(g, f) != getattr(o, f)
        for f in ("grid_kwh", "self_kwh")
    )


def _owner_submits(ctx: Ctx, proj: Any) -> None:
    """An account holder sends data only for a project its account owns when the data is applied.

    The HTTP layer asks the owner before queueing the command; a project moved to another account of the entity
    (transfer_project) while the command waited for its group is caught here, and a replay decides the same way.
    """
    actor = ctx.actor or {}
    check.owner_submits(proj.project, proj.owner, actor.get("role"), actor.get("account"))


def meter(ctx: Ctx, cmd: c.Meter) -> Metered:
    """Record one month's grid-fed and self-consumed kWh of a project."""
    proj = existing_project(ctx, cmd.project)
    _owner_submits(ctx, proj)
    _check_month(ctx, cmd.month, proj.commissioned)
    check.some_reading(cmd.grid_kwh, cmd.self_kwh)
    plausible.check(ctx, proj, cmd.month, cmd.grid_kwh, cmd.self_kwh)
    rows = _rows(ctx, cmd.month, cmd.project)
    old = rows.get(cmd.source)
    if old is not None and _issued(ctx, cmd.month, cmd.project):
        # 第三十二条: issued figures are lowered only by a correction with a reason, never silently.
        check.not_lowered(cmd.project, cmd.month, (old.grid_kwh, old.self_kwh), (cmd.grid_kwh, cmd.self_kwh))
    status = "approved" if cmd.source == "grid" else "submitted"  # 第十七条: owner data is checked first
    values = {"grid_kwh": cmd.grid_kwh, "self_kwh": cmd.self_kwh, "status": status, "entry": ctx.entry, "note": None}
    values.update(submitted_by=ctx.actor_id, initial_by=None)  # 第十七条: who submitted; a resubmission is checked anew
    m = t.meter.c
    if old is None:
        ctx.conn.execute(sa.insert(t.meter).values(month=cmd.month, project=cmd.project, source=cmd.source, **values))
    else:
        where = (m.month == cmd.month) & (m.project == cmd.project) & (m.source == cmd.source)
        ctx.conn.execute(sa.update(t.meter).where(where).values(**values))
    held = discrepancy(_rows(ctx, cmd.month, cmd.project))
    return {"project": cmd.project, "month": cmd.month, "source": cmd.source, "status": status, "discrepancy": held}


def _segregated(ctx: Ctx, stage: str, row: Any) -> None:
    """第十七条 segregation of duties: the submitter reviews none of its data; 复核 is not by whoever did 初核.

    Actors are `ctx.actor_id` (role:token:scope); the operator's local tool is the one actor operator:local.
    """
    check.segregated(stage, ctx.actor_id, row.submitted_by, row.initial_by)


def review(ctx: Ctx, cmd: c.ReviewMeter) -> Reviewed:
    """初核 by the information centre, then 复核 by the 资质中心 (第十七条)."""
    existing_project(ctx, cmd.project)
    row = check.owner_data(cmd.project, cmd.month, _rows(ctx, cmd.month, cmd.project).get("owner"))
    check.review_order(cmd.stage, row.status)
    _segregated(ctx, cmd.stage, row)
    status = ("initial_ok" if cmd.stage == "initial" else "approved") if cmd.approve else "rejected"
    m = t.meter.c
    where = (m.month == cmd.month) & (m.project == cmd.project) & (m.source == "owner")
    changes: dict[str, Any] = {"status": status, "note": cmd.note}
    if cmd.stage == "initial":
        changes["initial_by"] = ctx.actor_id
    ctx.conn.execute(sa.update(t.meter).where(where).values(**changes))
    return {"project": cmd.project, "month": cmd.month, "status": status}


def batch(ctx: Ctx, month: str, source: str) -> Imported:
    """Bulk grid data for a month: rows stored with the entry, checked and applied set-based."""
    rows = ctx.batch_rows
    check.some_rows(len(rows))
    _check_month(ctx, month, None)
    check.readings_well_formed(rows)
    e = ctx.entry
    cols = ("entry", "line", "project", "grid_kwh", "self_kwh")
    repo.bulk_insert(ctx.conn, "gec_batch_rows", cols, ((e, i, p, g, s) for i, (p, g, s) in enumerate(rows, 1)))
    x = ctx.conn.execute
    params = {"e": e, "m": month, "src": source, "last": last_day(month).isoformat()}
    problems = x(
        sa.text(
            "SELECT b.line, b.project, p.project AS known, p.commissioned FROM gec_batch_rows b "
            "LEFT JOIN gec_projects p ON p.project = b.project "
            "WHERE b.entry = :e AND (p.project IS NULL OR p.commissioned > :last) ORDER BY b.line"
        ),
        params,
    ).all()
    check.batch_projects_known([(r.line, r.project, r.known is not None) for r in problems])
    plausible.check_batch(ctx, month)
    dup = x(
        sa.text("SELECT project FROM gec_batch_rows WHERE entry = :e GROUP BY project HAVING COUNT(*) > 1 LIMIT 1"),
        params,
    ).first()
    check.batch_once_each(None if dup is None else dup.project)
    lower = x(
        sa.text(
            "SELECT b.project FROM gec_batch_rows b "
            "JOIN gec_meter m ON m.month = :m AND m.project = b.project AND m.source = :src "
            "WHERE b.entry = :e AND (COALESCE(b.grid_kwh, -1) < COALESCE(m.grid_kwh, -1) "
            "OR COALESCE(b.self_kwh, -1) < COALESCE(m.self_kwh, -1)) "
            "AND EXISTS (SELECT 1 FROM gec_issuance i WHERE i.month = :m AND i.project = b.project) LIMIT 1"
        ),
        params,
    ).first()
    check.batch_not_lowered(month, None if lower is None else lower.project)
    x(
        sa.text(
            "INSERT INTO gec_meter (month, project, source, grid_kwh, self_kwh, status, entry) "
            "SELECT :m, project, :src, grid_kwh, self_kwh, 'approved', :e FROM gec_batch_rows WHERE entry = :e "
            "ON CONFLICT (month, project, source) DO UPDATE SET grid_kwh = excluded.grid_kwh, "
            "self_kwh = excluded.self_kwh, status = excluded.status, entry = excluded.entry, note = NULL"
        ),
        params,
    )
    return {"month": month, "source": source, "rows": len(rows), "rows_sha256": rows_digest(rows)}
