"""Plausible meter data (第十六条–第十七条): a month's kWh cannot exceed what the capacity makes round the clock.

A generator of `capacity_kw` running at full power every hour of a month produces capacity_kw × hours kWh; grid-fed
plus self-consumed electricity both come out of it. rules.json `meter_plausibility.max_capacity_factor` (1.0) is
the ceiling: no renewable plant reaches a 100 % capacity factor (wind and PV run far below it), so 1.0 leaves the
whole distance to any real plant as a margin for meter error, while 10^15 kWh for a 50 MW project is refused.
Hours are the month's calendar days × 24 (Beijing time has no daylight saving).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..domain.refusals import metering
from ..domain.refusals.metering import hours as hours  # the demo's readings stay below the same ceiling
from .context import Ctx


def check(ctx: Ctx, project: Any, month: str, grid: int | None, self_: int | None) -> None:
    """Refuse one reading above the ceiling (`implausible_meter`)."""
    metering.plausible(project.project, project.capacity_kw, month, grid, self_, ctx.rules.max_capacity_factor)


def check_batch(ctx: Ctx, month: str) -> None:
    """Refuse a stored batch (this entry's gec_batch_rows) if any row is above its project's ceiling; name them all."""
    limit = f"p.capacity_kw * {hours(month)} * {float(ctx.rules.max_capacity_factor)!r}"
    bad = list(
        ctx.conn.execute(
            sa.text(
                f"SELECT b.line, b.project, COALESCE(b.grid_kwh, 0) + COALESCE(b.self_kwh, 0) AS total, {limit} AS top "
                "FROM gec_batch_rows b JOIN gec_projects p ON p.project = b.project WHERE b.entry = :e "
                f"AND COALESCE(b.grid_kwh, 0) + COALESCE(b.self_kwh, 0) > {limit} ORDER BY b.line"
            ),
            {"e": ctx.entry},
        )
    )
    metering.batch_plausible(month, [(r.line, r.project, int(r.total), int(r.top)) for r in bad])
