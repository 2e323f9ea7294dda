"""Metering data (第十六条–第十七条): grid data as pushed, owner data after initial check and review."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.journal import rows_digest
from ..domain.months import last_day
from . import plausible
from .context import Ctx, existing_project, refuse

MAX_KWH = 10**15
NAME = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")  # a project name as the command models accept it


def _check_month(ctx: Ctx, month: str, commissioned: str | None) -> None:
    """Only ended months, and not before the project was commissioned."""
    if last_day(month) >= ctx.today:
        raise refuse(f"该月尚未结束 month {month} has not ended on {ctx.day}", "month_not_ended")
    if commissioned is not None and commissioned > last_day(month).isoformat():
        raise refuse(f"该月早于项目投产 month {month} is before commissioning ({commissioned})", "before_commissioning")


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
    if actor.get("role") == "account_holder" and actor.get("account") != proj.owner:
        raise refuse(
            f"项目 {proj.project} 属于 {proj.owner}，不属于 {actor.get('account')} not your project: "
            "an account holder submits data for its own projects only",
            "not_project_owner",
        )


def meter(ctx: Ctx, cmd: c.Meter) -> dict[str, Any]:
    """Record one month's grid-fed and self-consumed kWh of a project."""
    proj = existing_project(ctx, cmd.project)
    _owner_submits(ctx, proj)
    _check_month(ctx, cmd.month, proj.commissioned)
    if cmd.grid_kwh is None and cmd.self_kwh is None:
        raise refuse("电量数据须填写上网电量或自发自用电量 meter: give grid_kwh and/or self_kwh", "invalid_command")
    plausible.check(ctx, proj, cmd.month, cmd.grid_kwh, cmd.self_kwh)
    rows = _rows(ctx, cmd.month, cmd.project)
    old = rows.get(cmd.source)
    if old is not None and _issued(ctx, cmd.month, cmd.project):
        lower = any(
            getattr(old, f) is not None and (v is None or v < getattr(old, f))
            for f, v in (("grid_kwh", cmd.grid_kwh), ("self_kwh", cmd.self_kwh))
        )
        if lower:
            # 第三十二条: issued figures are lowered only by a correction with a reason, never silently.
            raise refuse(
                f"该月绿证已核发，调低电量须更正 {cmd.project} {cmd.month} is issued; lower figures need op 'correct'",
                "needs_correction",
            )
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
    who = ctx.actor_id
    if row.submitted_by is not None and who == row.submitted_by:
        raise refuse(f"提交数据者不得审核 {who} submitted this owner data and may not review it", "own_submission")
    if stage == "final" and row.initial_by is not None and who == row.initial_by:
        why = f"初核与复核须由不同主体 {who} made the initial check; the final review needs another reviewer"
        raise refuse(why, "same_reviewer")


def review(ctx: Ctx, cmd: c.ReviewMeter) -> dict[str, Any]:
    """初核 by the information centre, then 复核 by the 资质中心 (第十七条)."""
    existing_project(ctx, cmd.project)
    row = _rows(ctx, cmd.month, cmd.project).get("owner")
    if row is None:
        raise refuse(f"无业主提交的电量数据 no owner-submitted data for {cmd.project} {cmd.month}", "no_owner_data")
    expected = "submitted" if cmd.stage == "initial" else "initial_ok"
    if row.status != expected:
        raise refuse(f"审核顺序不符 {cmd.stage} review needs status {expected}, data is {row.status}", "review_order")
    _segregated(ctx, cmd.stage, row)
    status = ("initial_ok" if cmd.stage == "initial" else "approved") if cmd.approve else "rejected"
    m = t.meter.c
    where = (m.month == cmd.month) & (m.project == cmd.project) & (m.source == "owner")
    changes: dict[str, Any] = {"status": status, "note": cmd.note}
    if cmd.stage == "initial":
        changes["initial_by"] = ctx.actor_id
    ctx.conn.execute(sa.update(t.meter).where(where).values(**changes))
    return {"project": cmd.project, "month": cmd.month, "status": status}


def batch(ctx: Ctx, month: str, source: str) -> dict[str, Any]:
    """Bulk grid data for a month: rows stored with the entry, checked and applied set-based."""
    rows = ctx.batch_rows
    if not rows:
        raise refuse("批量电量数据为空 meter_batch: no rows", "invalid_command")
    _check_month(ctx, month, None)
    wrong = [
        f"row {n}: bad reading {project!r} {grid!r} {self_!r}"
        for n, (project, grid, self_) in enumerate(rows, 1)
        if not isinstance(project, str)
        or not NAME.match(project)
        or (grid is None and self_ is None)
        or any(v is not None and not (type(v) is int and 0 <= v <= MAX_KWH) for v in (grid, self_))
    ]
    if wrong:
        more = f"; and {len(wrong) - plausible.SHOWN} more" if len(wrong) > plausible.SHOWN else ""
        shown = "; ".join(wrong[: plausible.SHOWN])
        raise refuse(f"批量电量数据有错误行 meter_batch: {len(wrong)} bad rows: {shown}{more}", "invalid_command")
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
    if problems:
        named = "; ".join(
            f"row {r.line} {r.project}: {'unknown project' if r.known is None else 'month before commissioning'}"
            for r in problems[: plausible.SHOWN]
        )
        more = f"; and {len(problems) - plausible.SHOWN} more" if len(problems) > plausible.SHOWN else ""
        first = problems[0]
        raise refuse(
            f"批量电量数据中有项目不存在或早于投产 meter_batch: {named}{more}",
            "unknown_project" if first.known is None else "before_commissioning",
        )
    plausible.check_batch(ctx, month)
    dup = x(
        sa.text("SELECT project FROM gec_batch_rows WHERE entry = :e GROUP BY project HAVING COUNT(*) > 1 LIMIT 1"),
        params,
    ).first()
    if dup is not None:
        raise refuse(f"批量电量数据中项目重复 meter_batch: {dup.project} appears twice", "duplicate_row")
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
    if lower is not None:
        raise refuse(
            f"该月绿证已核发，调低电量须更正 meter_batch: {lower.project} {month} is issued; "
            "lower figures need op 'correct'",
            "needs_correction",
        )
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
