"""Monthly issuance (第十三条–第十五条), set-based: one INSERT … SELECT per table for the whole month."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..adapters import tables as t
from ..domain import commands as c
from ..domain.months import last_day, valid_until
from .context import Ctx, refuse

# Effective figures per project: a correction wins; else grid data (第十六条: 以电网企业…数据为基础);
# else owner data once reviewed (第十七条). Grid and owner data that differ hold the month (discrepancy).
# Per kind, only the kWh not yet counted for this project-month is issued (idempotent; late data later),
# added to the project's carry of that kind (第十五条: 不足 1 个绿证的电量结转至次月).
_PLAN = """
WITH m AS (
  SELECT project,
    MAX(CASE WHEN source = 'correction' THEN 1 ELSE 0 END) AS has_c,
    MAX(CASE WHEN source = 'correction' THEN grid_kwh END) AS c_grid,
    MAX(CASE WHEN source = 'correction' THEN self_kwh END) AS c_self,
    MAX(CASE WHEN source = 'grid' THEN grid_kwh END) AS g_grid,
    MAX(CASE WHEN source = 'grid' THEN self_kwh END) AS g_self,
    MAX(CASE WHEN source = 'owner' AND status <> 'rejected' THEN grid_kwh END) AS o_grid_any,
    MAX(CASE WHEN source = 'owner' AND status <> 'rejected' THEN self_kwh END) AS o_self_any,
    MAX(CASE WHEN source = 'owner' AND status = 'approved' THEN grid_kwh END) AS o_grid,
    MAX(CASE WHEN source = 'owner' AND status = 'approved' THEN self_kwh END) AS o_self
  FROM gec_meter WHERE month = :month {project_filter} GROUP BY project
), e AS (
  SELECT m.project, p.pid, p.owner, p.grid_tradable, p.carry_t, p.carry_n,
    CASE WHEN has_c = 1 THEN c_grid ELSE COALESCE(g_grid, o_grid, 0) END AS grid,
    CASE WHEN has_c = 1 THEN c_self ELSE COALESCE(g_self, o_self, 0) END AS selfk,
    CASE WHEN has_c = 0 AND ((g_grid IS NOT NULL AND o_grid_any IS NOT NULL AND g_grid <> o_grid_any)
      OR (g_self IS NOT NULL AND o_self_any IS NOT NULL AND g_self <> o_self_any)) THEN 1 ELSE 0 END AS held
  FROM m JOIN gec_projects p ON p.project = m.project
), k AS (
  SELECT project, pid, owner, 'tradable' AS kind, CASE WHEN grid_tradable THEN grid ELSE 0 END AS kwh, carry_t AS carry
    FROM e WHERE held = 0
  UNION ALL
  SELECT project, pid, owner, 'non_tradable', CASE WHEN grid_tradable THEN selfk ELSE grid + selfk END, carry_n
    FROM e WHERE held = 0
  UNION ALL
  SELECT project, pid, owner, 'held', 0, 0 FROM e WHERE held = 1
), d AS (
  SELECT k.project, k.pid, k.owner, k.kind, k.carry,
    CASE WHEN k.kind = 'held' THEN 1 ELSE k.kwh - COALESCE(i.kwh, 0) END AS delta
  FROM k LEFT JOIN (SELECT project, kind, CAST(SUM(kwh) AS BIGINT) AS kwh FROM gec_issuance
                    WHERE month = :month {project_filter} GROUP BY project, kind) i
    ON i.project = k.project AND i.kind = k.kind
), n AS (
  SELECT project, pid, owner, kind, carry, delta,
    CASE WHEN kind <> 'held' AND carry + delta > 0 THEN (carry + delta) / {unit} ELSE 0 END AS certs
  FROM d WHERE delta > 0
)
SELECT project, owner, kind, carry, delta, certs,
  CAST(:base AS BIGINT) - certs
    + CAST(SUM(certs) OVER (ORDER BY pid, kind ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT)
    AS serial_start
FROM n
"""

_STEPS = (
    "INSERT INTO gec_issuance (entry, project, kind, month, kwh, carry_in, certs, serial_start) "
    "SELECT :entry, project, kind, :month, delta, carry, certs, CASE WHEN certs > 0 THEN serial_start END "
    "FROM gec_tmp_issue WHERE kind <> 'held'",
    "INSERT INTO gec_blocks (serial_start, serial_end, project, month, kind, tradable, holder, status, traded, "
    "listing, claim, valid_until, entry) "
    "SELECT serial_start, serial_start + certs, project, :month, kind, kind = 'tradable', owner, "
    "'live', FALSE, NULL, NULL, :valid_until, :entry FROM gec_tmp_issue WHERE certs > 0 AND kind <> 'held'",
    # Both carries in one pass: on PostgreSQL every UPDATE writes a new row version.
    "UPDATE gec_projects SET carry_t = COALESCE(t.ct, gec_projects.carry_t), "
    "carry_n = COALESCE(t.cn, gec_projects.carry_n) FROM ("
    "SELECT project, MAX(CASE WHEN kind = 'tradable' THEN carry + delta - certs * {unit} END) AS ct, "
    "MAX(CASE WHEN kind = 'non_tradable' THEN carry + delta - certs * {unit} END) AS cn "
    "FROM gec_tmp_issue WHERE kind <> 'held' GROUP BY project) t WHERE t.project = gec_projects.project",
)


def issue_month(ctx: Ctx, month: str, project: str | None = None) -> dict[str, Any]:
    """Issue whatever of `month` has not been issued yet (all projects, or one); return the totals."""
    conn = ctx.conn
    unit = int(ctx.rules.kwh_per_certificate)
    base = int(conn.execute(sa.select(t.meta.c.next_serial).where(t.meta.c.id == 1)).scalar_one())
    filt = "AND project = :project" if project is not None else ""
    plan = _PLAN.format(project_filter=filt, unit=unit)
    temp = (
        "CREATE TEMP TABLE gec_tmp_issue ON COMMIT DROP AS "
        if conn.dialect.name == "postgresql"
        else ("CREATE TEMP TABLE gec_tmp_issue AS ")
    )
    params: dict[str, Any] = {
        "month": month,
        "base": base,
        "entry": ctx.entry,
        "project": project,
        "valid_until": valid_until(month, ctx.rules).isoformat(),
    }
    conn.exec_driver_sql("DROP TABLE IF EXISTS gec_tmp_issue") if conn.dialect.name == "sqlite" else None
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")  # a national month's aggregates stay in memory
    conn.execute(sa.text(temp + plan), {k: v for k, v in params.items() if k in ("month", "base", "project")})
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE gec_tmp_issue")  # a temp table has no statistics: plan the joins right
    tot = conn.execute(
        sa.text(
            "SELECT COALESCE(SUM(certs), 0) AS issued, "
            "COALESCE(SUM(CASE WHEN kind = 'tradable' THEN certs ELSE 0 END), 0) AS tradable, "
            "COALESCE(SUM(CASE WHEN certs > 0 THEN 1 ELSE 0 END), 0) AS blocks, "
            "COALESCE(SUM(CASE WHEN kind = 'held' THEN 1 ELSE 0 END), 0) AS held FROM gec_tmp_issue"
        )
    ).one()
    for step in _STEPS:
        sql = step.format(unit=unit)
        used = {k: v for k, v in params.items() if f":{k}" in sql}
        conn.execute(sa.text(sql), used)
    issued = int(tot.issued)
    conn.execute(sa.update(t.meta).where(t.meta.c.id == 1).values(next_serial=base + issued))
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TABLE gec_tmp_issue")
    tradable = int(tot.tradable)
    return {
        "month": month,
        "issued": issued,
        "tradable": tradable,
        "non_tradable": issued - tradable,
        "blocks": int(tot.blocks),
        "held": int(tot.held),
    }


def issue(ctx: Ctx, cmd: c.Issue) -> dict[str, Any]:
    """Issue a month (第十三条: 按月统一核发); issuing it again issues only data that arrived since."""
    if last_day(cmd.month) >= ctx.today:
        raise refuse(f"month {cmd.month} has not ended on {ctx.day}", "month_not_ended")
    return issue_month(ctx, cmd.month)
