"""Aggregates for the overview page: what was issued, by month, type and province, and where it stands now."""

from __future__ import annotations

from typing import TypedDict

import sqlalchemy as sa

from .adapters import tables as t
from .domain.issuance import TRADABLE
from .labels import BLOCK_STATUS
from .registry import Registry

# A block's statuses other than live (an IN list, so the index on status is searched rather than scanned).
SETTLED = tuple(s for s in BLOCK_STATUS if s != "live")


class Issued(TypedDict):
    """Certificates issued for a production month: tradable and not (第十四条)."""

    tradable: int
    non_tradable: int


class Overview(TypedDict):
    """The overview page's figures: counts of accounts, projects and claims; issuance by month, type, province, and
    where the issued certificates stand now."""

    accounts: int
    projects: int
    claims: int
    issued: int
    by_status: dict[str, int]
    by_month: dict[str, Issued]
    by_type: dict[str, int]
    by_province: dict[str, int]


def overview(registry: Registry) -> Overview:
    """Totals by status; issued per production month (tradable or not), per project type and per province.

    Read from the issuance rows and the few blocks that are not live, not from every block: buys split blocks, so
    a scan of them grew with trading (45 ms for 18,000 blocks, recomputed for every new journal head).
    """
    i, p, b = t.issuance.c, t.projects.c, t.blocks.c
    issued = i.certs > 0  # a correction's revocation is a negative row; revoked certificates still count as issued
    n_issued = sa.func.sum(i.certs)
    joined = t.issuance.join(t.projects, i.project == p.project)
    today = registry.today()
    with registry.engine.connect().execution_options(gec_readonly=True) as conn:
        by_month: dict[str, Issued] = {}
        by_type: dict[str, int] = {}
        by_province: dict[str, int] = {}
        # One pass over the issuance rows, grouped four ways at once (a few rows per month, type and province).
        keys = (i.month, i.kind, p.type, p.province)
        grouped = sa.select(*keys, n_issued).select_from(joined).where(issued).group_by(*keys).order_by(i.month)
        for month, kind, kind_of_project, province, count in conn.execute(grouped):
            row = by_month.setdefault(str(month), {"tradable": 0, "non_tradable": 0})
            if kind == TRADABLE:
                row["tradable"] += int(count)
            else:
                row["non_tradable"] += int(count)
            by_type[str(kind_of_project)] = by_type.get(str(kind_of_project), 0) + int(count)
            by_province[str(province)] = by_province.get(str(province), 0) + int(count)
        # Both read through ix_gec_blocks_expiry (status, valid_until): the settled blocks, then the live ones past
        # their last valid day, which count as expired before `expire` runs.
        size = sa.func.sum(b.serial_end - b.serial_start)
        by_status = {
            str(s): int(c)
            for s, c in conn.execute(sa.select(b.status, size).where(b.status.in_(SETTLED)).group_by(b.status))
        }
        lapsed = int(conn.execute(sa.select(size).where(b.status == t.LIVE, b.valid_until < today)).scalar() or 0)
        accounts, projects, claims = (
            int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
            for table in (t.accounts, t.projects, t.claims)
        )
    total = sum(row["tradable"] + row["non_tradable"] for row in by_month.values())
    if lapsed:
        by_status["expired"] = by_status.get("expired", 0) + lapsed
    live = total - sum(by_status.values())
    if live:
        by_status = {"live": live, **by_status}
    return {
        "accounts": accounts,
        "projects": projects,
        "claims": claims,
        "issued": total,
        "by_status": by_status,
        "by_month": by_month,
        "by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        "by_province": dict(sorted(by_province.items(), key=lambda kv: -kv[1])),
    }
