"""Aggregates for the overview page: what was issued, by month, type and province, and where it stands now."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .adapters import tables as t
from .registry import Registry
from .validity import status_at


def overview(registry: Registry) -> dict[str, Any]:
    """Totals by status; issued per production month (tradable or not), per project type and per province."""
    b, p = t.blocks.c, t.projects.c
    n = sa.func.sum(b.serial_end - b.serial_start)
    joined = t.blocks.join(t.projects, b.project == p.project)
    with registry.engine.connect().execution_options(gec_readonly=True) as conn:
        status = status_at()  # past its last valid day a certificate counts as expired, before `expire` runs
        rows = conn.execute(sa.select(status, n).group_by(status), {"as_of": registry.today()})
        by_status = {str(s): int(c) for s, c in rows}
        by_month: dict[str, dict[str, int]] = {}
        for month, tradable, count in conn.execute(
            sa.select(b.month, b.tradable, n).group_by(b.month, b.tradable).order_by(b.month)
        ):
            row = by_month.setdefault(str(month), {"tradable": 0, "non_tradable": 0})
            row["tradable" if tradable else "non_tradable"] += int(count)
        by_type = {str(k): int(c) for k, c in conn.execute(sa.select(p.type, n).select_from(joined).group_by(p.type))}
        by_province = {
            str(k): int(c) for k, c in conn.execute(sa.select(p.province, n).select_from(joined).group_by(p.province))
        }
        counts = {
            "accounts": int(conn.execute(sa.select(sa.func.count()).select_from(t.accounts)).scalar_one()),
            "projects": int(conn.execute(sa.select(sa.func.count()).select_from(t.projects)).scalar_one()),
            "claims": int(conn.execute(sa.select(sa.func.count()).select_from(t.claims)).scalar_one()),
        }
    return {
        **counts,
        "issued": sum(by_status.values()),
        "by_status": by_status,
        "by_month": by_month,
        "by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        "by_province": dict(sorted(by_province.items(), key=lambda kv: -kv[1])),
    }
