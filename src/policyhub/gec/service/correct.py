"""Corrections (第三十二条): wrong or late data corrected with a reason; surplus revoked, shortfall issued."""

from __future__ import annotations

from typing import TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..answers import MovedRange
from ..domain import commands as c
from ..domain.issuance import KINDS, TRADABLE, split_kwh
from . import listings
from .context import Ctx, existing_project, ranges_json
from .issue import issue_month
from .meter import _check_month


class Corrected(TypedDict):
    """A correction (第三十二条): the figures replaced, the certificates issued for a shortfall, revoked for a
    surplus (and what could not be recovered, already moved on), and the ranges revoked."""

    project: str
    month: str
    reason: str
    issued: int
    revoked: int
    unrecovered: int
    revoked_ranges: list[MovedRange]


def _revoke(ctx: Ctx, project: str, month: str, kind: str, delta: int) -> tuple[int, int, list[MovedRange]]:
    """Apply a negative kWh delta to a project's carry; revoke the certificates it no longer covers.

    Revoked from whoever still holds them live (untraded, unreserved first; newest serials first). What cannot
    be revoked (claimed or expired already) stays as a negative carry paid back by future issuance.
    """
    conn, unit = ctx.conn, ctx.rules.kwh_per_certificate
    col = "carry_t" if kind == TRADABLE else "carry_n"
    carry = int(getattr(existing_project(ctx, project), col))
    total = carry + delta
    need = -(total // unit) if total < 0 else 0  # ceil(-total / unit)
    b, i = t.blocks.c, t.issuance.c
    # Blocks never leave the serial range they were issued in: find them through the issuance rows.
    issued = ctx.conn.execute(
        sa.select(i.serial_start, i.certs).where(i.month == month, i.project == project, i.kind == kind, i.certs > 0)
    )
    spans = [sa.and_(b.serial_start >= s, b.serial_start < s + n) for s, n in issued]
    if not spans:
        spans = [sa.false()]
    q = sa.select(t.blocks).where(sa.or_(*spans), b.status == t.LIVE)
    rows = list(conn.execute(q.order_by(b.traded, b.listing.is_not(None), b.serial_start.desc())))
    revoked = min(need, repo.available(rows))
    taken = repo.take(conn, rows, revoked, {"status": "revoked", "entry": ctx.entry}, last=True) if revoked else []
    conn.execute(
        sa.insert(t.issuance).values(
            entry=ctx.entry,
            project=project,
            kind=kind,
            month=month,
            kwh=delta,
            carry_in=carry,
            certs=-revoked,
            serial_start=None,
        )
    )
    listings.close_emptied(ctx, {r.listing for _, _, r in taken if r.listing is not None})
    carry_out = total + revoked * unit
    conn.execute(sa.update(t.projects).where(t.projects.c.project == project).values({col: carry_out}))
    return revoked, max(0, need - revoked), ranges_json(ctx, taken)


def correct(ctx: Ctx, cmd: c.Correct) -> Corrected:
    """Replace a project-month's figures; if the month was issued, settle the difference at once."""
    proj = existing_project(ctx, cmd.project)
    _check_month(ctx, cmd.month, proj.commissioned)
    m = t.meter.c
    where = (m.month == cmd.month) & (m.project == cmd.project) & (m.source == "correction")
    # An earlier correction row is superseded, not deleted: its text stays in the journal (第三十条).
    values = {"grid_kwh": cmd.grid_kwh, "self_kwh": cmd.self_kwh, "entry": ctx.entry, "note": cmd.reason}
    if ctx.conn.execute(sa.update(t.meter).where(where).values(**values)).rowcount == 0:
        key = {"month": cmd.month, "project": cmd.project, "source": "correction", "status": "approved"}
        ctx.conn.execute(sa.insert(t.meter).values(**key, **values))
    out: Corrected = {
        "project": cmd.project,
        "month": cmd.month,
        "reason": cmd.reason,
        "issued": 0,
        "revoked": 0,
        "unrecovered": 0,
        "revoked_ranges": [],
    }
    i = t.issuance.c
    month_issued = ctx.conn.execute(sa.select(i.entry).where(i.month == cmd.month).limit(1)).first() is not None
    if not month_issued:
        return out  # the month's issuance will use the corrected figures
    out["issued"] = issue_month(ctx, cmd.month, cmd.project)["issued"]
    want = split_kwh(cmd.grid_kwh, cmd.self_kwh, bool(proj.grid_tradable))
    q = sa.select(i.kind, sa.func.sum(i.kwh)).where(i.month == cmd.month, i.project == cmd.project).group_by(i.kind)
    counted = {k: int(v) for k, v in ctx.conn.execute(q)}
    for kind in KINDS:
        delta = want[kind] - counted.get(kind, 0)
        if delta < 0:
            revoked, unrecovered, ranges = _revoke(ctx, cmd.project, cmd.month, kind, delta)
            out["revoked"] += revoked
            out["unrecovered"] += unrecovered
            out["revoked_ranges"] += ranges
    return out
