"""Monthly issuance (第十三条–第十五条), set-based: one INSERT … SELECT per table for the whole month."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

import sqlalchemy as sa

from ..adapters import tables as t
from ..domain import commands as c
from ..domain.months import valid_until
from ..domain.refusals import issuance as check
from .context import Ctx


class Issued(TypedDict):
    """A month's issuance (第十三条–第十五条): certificates issued, tradable and not, blocks, projects held over a
    discrepancy (第十七条), and projects skipped because their owner's account is closed."""

    month: str
    issued: int
    tradable: int
    non_tradable: int
    blocks: int
    held: int
    owner_closed: NotRequired[list[str]]


# One row per project of the month. Effective figures: a correction wins; else grid data (第十六条: 以电网企业…
# 数据为基础); else owner data once reviewed (第十七条). Grid and owner data that differ hold the project-month.
# Per kind (t = tradable, n = non-tradable, 第十四条) only the kWh not yet counted for this project-month is
# issued (idempotent; late data later), added to the project's carry of that kind (第十五条: 结转至次月).
# A carry moves forward only: it belongs to the latest month issued for that kind (carry_*_month); late data for
# an earlier month is issued on its own electricity (carry in 0) and its remainder joins the later carry.
# A project whose owner account is closed is issued nothing (owner_closed), like a held one.
# Serials: tradable block first, then non-tradable, projects in byte order of their name on both databases.
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
  SELECT m.project, p.owner, p.grid_tradable, p.carry_t, p.carry_n,
    CASE WHEN p.carry_t_month > :month THEN 0 ELSE p.carry_t END AS cin_t,
    CASE WHEN p.carry_n_month > :month THEN 0 ELSE p.carry_n END AS cin_n,
    {closed} AS closed,
    CASE WHEN has_c = 1 THEN c_grid ELSE COALESCE(g_grid, o_grid, 0) END AS grid,
    CASE WHEN has_c = 1 THEN c_self ELSE COALESCE(g_self, o_self, 0) END AS selfk,
    CASE WHEN has_c = 0 AND ((g_grid IS NOT NULL AND o_grid_any IS NOT NULL AND g_grid <> o_grid_any)
      OR (g_self IS NOT NULL AND o_self_any IS NOT NULL AND g_self <> o_self_any)) THEN 1 ELSE 0 END AS held
  FROM m JOIN gec_projects p ON p.project = m.project{owner_join}
), d AS (
  SELECT e.project, e.owner, e.held, e.closed, e.carry_t, e.carry_n, e.cin_t, e.cin_n,
    CASE WHEN e.held = 1 OR e.closed = 1 THEN 0
      ELSE (CASE WHEN e.grid_tradable THEN e.grid ELSE 0 END) - COALESCE(i.kwh_t, 0) END AS delta_t,
    CASE WHEN e.held = 1 OR e.closed = 1 THEN 0
      ELSE (CASE WHEN e.grid_tradable THEN e.selfk ELSE e.grid + e.selfk END) - COALESCE(i.kwh_n, 0) END AS delta_n
  FROM e LEFT JOIN (
    SELECT project, CAST(SUM(CASE WHEN kind = 'tradable' THEN kwh ELSE 0 END) AS BIGINT) AS kwh_t,
      CAST(SUM(CASE WHEN kind = 'non_tradable' THEN kwh ELSE 0 END) AS BIGINT) AS kwh_n
    FROM gec_issuance WHERE month = :month {project_filter} GROUP BY project
  ) i ON i.project = e.project
), n AS (
  SELECT project, owner, held, closed, carry_t, carry_n, cin_t, cin_n, delta_t, delta_n,
    CASE WHEN delta_t > 0 AND cin_t + delta_t > 0 THEN (cin_t + delta_t) / {unit} ELSE 0 END AS certs_t,
    CASE WHEN delta_n > 0 AND cin_n + delta_n > 0 THEN (cin_n + delta_n) / {unit} ELSE 0 END AS certs_n
  FROM d WHERE held = 1 OR closed = 1 OR delta_t > 0 OR delta_n > 0
)
SELECT project, owner, held, closed, carry_t, carry_n, cin_t, cin_n, delta_t, delta_n, certs_t, certs_n,
  CAST(:base AS BIGINT) - certs_t - certs_n + CAST(SUM(certs_t + certs_n)
    OVER (ORDER BY project{collate} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS serial_t
FROM n
"""

_STEPS = (
    "INSERT INTO gec_issuance (month, project, kind, entry, kwh, carry_in, certs, serial_start) "
    "SELECT :month, project, 'tradable', :entry, delta_t, cin_t, certs_t, CASE WHEN certs_t > 0 THEN serial_t END "
    "FROM gec_tmp_issue WHERE held = 0 AND delta_t > 0 "
    "UNION ALL SELECT :month, project, 'non_tradable', :entry, delta_n, cin_n, certs_n, "
    "CASE WHEN certs_n > 0 THEN serial_t + certs_t END FROM gec_tmp_issue WHERE held = 0 AND delta_n > 0",
    "INSERT INTO gec_blocks (serial_start, serial_end, project, month, kind, tradable, holder, status, traded, "
    "listing, claim, valid_until, entry) "
    "SELECT serial_t, serial_t + certs_t, project, :month, 'tradable', TRUE, owner, 'live', FALSE, NULL, NULL, "
    ":valid_until, :entry FROM gec_tmp_issue WHERE certs_t > 0 "
    "UNION ALL SELECT serial_t + certs_t, serial_t + certs_t + certs_n, project, :month, 'non_tradable', FALSE, "
    "owner, 'live', FALSE, NULL, NULL, :valid_until, :entry FROM gec_tmp_issue WHERE certs_n > 0",
    # Both carries in one pass: on PostgreSQL every UPDATE writes a new row version. A later month's carry keeps
    # its month (the late month's remainder joins it, moving forward); otherwise the carry is now this month's.
    "UPDATE gec_projects SET "
    "carry_t = CASE WHEN t.delta_t > 0 THEN t.carry_t + t.delta_t - t.certs_t * {unit} ELSE gec_projects.carry_t END, "
    "carry_n = CASE WHEN t.delta_n > 0 THEN t.carry_n + t.delta_n - t.certs_n * {unit} ELSE gec_projects.carry_n END, "
    "carry_t_month = CASE WHEN t.delta_t > 0 AND (gec_projects.carry_t_month IS NULL "
    "OR gec_projects.carry_t_month < :month) THEN :month ELSE gec_projects.carry_t_month END, "
    "carry_n_month = CASE WHEN t.delta_n > 0 AND (gec_projects.carry_n_month IS NULL "
    "OR gec_projects.carry_n_month < :month) THEN :month ELSE gec_projects.carry_n_month END "
    "FROM gec_tmp_issue t WHERE t.project = gec_projects.project AND t.held = 0 AND t.closed = 0",
)

_TOTALS = (
    "SELECT COALESCE(SUM(certs_t + certs_n), 0) AS issued, COALESCE(SUM(certs_t), 0) AS tradable, "
    "COALESCE(SUM(CASE WHEN certs_t > 0 THEN 1 ELSE 0 END + CASE WHEN certs_n > 0 THEN 1 ELSE 0 END), 0) AS blocks, "
    "COALESCE(SUM(held), 0) AS held, COALESCE(SUM(closed), 0) AS closed FROM gec_tmp_issue"
)


def issue_month(ctx: Ctx, month: str, project: str | None = None) -> Issued:
    """Issue whatever of `month` has not been issued yet (all projects, or one); return the totals."""
    conn = ctx.conn
    pg = conn.dialect.name == "postgresql"
    unit = int(ctx.rules.kwh_per_certificate)
    base = int(conn.execute(sa.select(t.meta.c.next_serial).where(t.meta.c.id == 1)).scalar_one())
    # Only while some account is closed does each project need its owner looked up (a million lookups otherwise).
    any_closed = conn.execute(sa.select(t.accounts.c.account).where(t.accounts.c.status == "closed").limit(1)).first()
    plan = _PLAN.format(
        project_filter="AND project = :project" if project is not None else "",
        closed="CASE WHEN a.status = 'closed' THEN 1 ELSE 0 END" if any_closed else "0",
        owner_join=" JOIN gec_accounts a ON a.account = p.owner" if any_closed else "",
        unit=unit,
        collate=' COLLATE "C"' if pg else "",  # byte order: a replay on the other database assigns the same serials
    )
    params: dict[str, Any] = {
        "month": month,
        "base": base,
        "entry": ctx.entry,
        "project": project,
        "valid_until": valid_until(month, ctx.rules).isoformat(),
    }
    if pg:
        conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")  # a national month's aggregates stay in memory
        if project is None:
            # A bulk import may have just added a million rows: plan with fresh statistics, not autovacuum's.
            conn.exec_driver_sql("ANALYZE gec_meter, gec_projects, gec_issuance")
    # The plan table lives for this command only: a second `issue` in the same group (one transaction) makes its own.
    # A refused issue's table goes with its savepoint; ON COMMIT DROP is PostgreSQL's net behind both.
    conn.exec_driver_sql("DROP TABLE IF EXISTS gec_tmp_issue")
    create = "CREATE TEMP TABLE gec_tmp_issue ON COMMIT DROP AS " if pg else "CREATE TEMP TABLE gec_tmp_issue AS "
    conn.execute(sa.text(create + plan), {k: v for k, v in params.items() if f":{k}" in plan})
    if pg:
        conn.exec_driver_sql("ANALYZE gec_tmp_issue")  # a temp table has no statistics: plan the joins right
    tot = conn.execute(sa.text(_TOTALS)).one()
    closed = _owner_closed(ctx, project, int(tot.closed))
    _serials_left(ctx, base, int(tot.issued))
    for step in _STEPS:
        sql = step.format(unit=unit)
        conn.execute(sa.text(sql), {k: v for k, v in params.items() if f":{k}" in sql})
    issued = int(tot.issued)
    conn.execute(sa.update(t.meta).where(t.meta.c.id == 1).values(next_serial=base + issued))
    conn.exec_driver_sql("DROP TABLE gec_tmp_issue")
    tradable = int(tot.tradable)
    out: Issued = {
        "month": month,
        "issued": issued,
        "tradable": tradable,
        "non_tradable": issued - tradable,
        "blocks": int(tot.blocks),
        "held": int(tot.held),
    }
    if closed:
        out["owner_closed"] = closed
    return out


def _owner_closed(ctx: Ctx, project: str | None, count: int) -> list[str]:
    """Projects skipped because their owner account is closed; issuing only such a project is refused."""
    if not count:
        return []
    q = sa.text("SELECT project FROM gec_tmp_issue WHERE closed = 1 ORDER BY project")
    names = list(ctx.conn.execute(q).scalars())
    check.owner_open(project, count)
    return [str(n) for n in names]


def _serials_left(ctx: Ctx, base: int, issued: int) -> None:
    """Every certificate keeps a verifiable code: its serial fits the code's digits (domain/codes.py)."""
    check.serials_left(base, issued, ctx.rules.serial_digits)


def issue(ctx: Ctx, cmd: c.Issue) -> Issued:
    """Issue a month (第十三条: 按月统一核发); issuing it again issues only data that arrived since."""
    check.month_ended(cmd.month, ctx.today)
    return issue_month(ctx, cmd.month)
