"""Bulk meter import (meter_batch): journaled, all-or-nothing, issued set-based like single readings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from gec_helpers import AT, issue, meter, ok, project, refused, seller, snapshot

from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry

WHEN = datetime.fromisoformat(AT)


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        seller(r)
        for n in range(1, 6):
            project(r, f"P{n}")
        project(r, "H1", "hydro", "2020-01-01")
        yield r


def test_batch_import_issues_one_block_per_project_month_kind(reg: Registry) -> None:
    rows = [(f"P{n}", n * 1_000_500, 1_200) for n in range(1, 6)] + [("H1", 9_999, None)]
    res = ok(reg.import_meter("2024-08", rows, at=WHEN))
    assert res["rows"] == 6 and len(res["rows_sha256"]) == 64
    out = issue(reg, "2024-08")
    assert out["tradable"] == sum(n * 1_000_500 // 1000 for n in range(1, 6))
    assert out["non_tradable"] == 5 * 1 + 9
    assert out["blocks"] == 11
    assert audit(reg)["ok"]


def test_batch_through_apply_with_inline_rows(reg: Registry) -> None:
    res = ok(
        reg.apply(
            {
                "op": "meter_batch",
                "month": "2024-08",
                "at": AT,
                "rows": [{"project": "P1", "grid_kwh": 4000}, {"project": "P2", "grid_kwh": 2000}],
            }
        )
    )
    entry = reg.journal()[-1]
    assert entry["command"]["count"] == 2 and "rows" not in entry["command"]
    assert res["rows"] == 2
    assert issue(reg, "2024-08")["issued"] == 6


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([("P1", 1000, 0), ("NOPE", 1000, 0)], "unknown_project"),
        ([("P1", 1000, 0), ("P1", 2000, 0)], "duplicate_row"),
        ([("P1", -5, 0)], "invalid_command"),
        ([("P1", None, None)], "invalid_command"),
    ],
)
def test_a_bad_row_refuses_the_whole_batch(
    reg: Registry, rows: list[tuple[str, int | None, int | None]], code: str
) -> None:
    before = snapshot(reg)
    refused(reg.import_meter("2024-08", rows, at=WHEN), code)
    assert snapshot(reg) == before


def test_batch_lowering_issued_figures_is_refused(reg: Registry) -> None:
    ok(meter(reg, "P1", "2024-08", 10_000, 0))
    issue(reg, "2024-08")
    refused(reg.import_meter("2024-08", [("P1", 9_000, 0)], at=WHEN), "needs_correction")
    ok(reg.import_meter("2024-08", [("P1", 12_000, 0)], at=WHEN))
    assert issue(reg, "2024-08")["issued"] == 2
