"""The overview's figures, read from issuance rows and settled blocks, equal a count over every block."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from ledger_pool import base_world, pool

from policyhub.gec.adapters import tables as t
from policyhub.gec.registry import Registry
from policyhub.gec.stats import overview
from policyhub.gec.validity import status_at


def _by_every_block(r: Registry) -> dict[str, Any]:
    """The figures counted block by block, as the overview once did (the oracle)."""
    b, p = t.blocks.c, t.projects.c
    n = sa.func.sum(b.serial_end - b.serial_start)
    joined = t.blocks.join(t.projects, b.project == p.project)
    with r.engine.connect() as conn:
        status = status_at()
        by_status = {
            str(s): int(c) for s, c in conn.execute(sa.select(status, n).group_by(status), {"as_of": r.today()})
        }
        by_month: dict[str, dict[str, int]] = {}
        for month, tradable, count in conn.execute(sa.select(b.month, b.tradable, n).group_by(b.month, b.tradable)):
            row = by_month.setdefault(str(month), {"tradable": 0, "non_tradable": 0})
            row["tradable" if tradable else "non_tradable"] += int(count)
        by_type = {str(k): int(c) for k, c in conn.execute(sa.select(p.type, n).select_from(joined).group_by(p.type))}
        by_province = {
            str(k): int(c) for k, c in conn.execute(sa.select(p.province, n).select_from(joined).group_by(p.province))
        }
    return {"issued": sum(by_status.values()), "by_status": by_status, "by_month": by_month, "by_type": by_type,
            "by_province": by_province}  # fmt: skip


@pytest.mark.parametrize(
    "read_on", ["2024-12-16T02:00:00+00:00", "2026-08-05T02:00:00+00:00", "2027-01-01T02:00:00+00:00"]
)
def test_the_overview_equals_a_count_of_every_block(db_url: str, read_on: str) -> None:
    now = datetime(2024, 12, 16, 2, 0, tzinfo=UTC)
    with Registry.open(db_url, clock=lambda: now) as r:
        base_world(r)
        for cmd in pool():  # every op: issues, corrections that revoke, claims, expiry, trades that split blocks
            r.apply(cmd)
        now = datetime.fromisoformat(read_on)  # later dates: live certificates past their last day read expired
        seen = overview(r)
        expected = _by_every_block(r)
        assert {k: seen[k] for k in expected} == expected
        assert {"revoked", "claimed"} <= set(seen["by_status"])  # the history exercised what the shortcut skips
