"""The monthly report's CSV (CLI and API) goes through the one CSV writer: no cell starts a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from policyhub.gec.report import to_csv


def _report(key: str) -> dict[str, Any]:
    figures = dict.fromkeys(("issued", "issued_tradable", "issued_non_tradable", "traded", "trades", "turnover",
                             "claimed", "expired", "cancelled"), 0)  # fmt: skip
    return {
        "month": "2024-09",
        "platform": None,
        "average_price": None,
        **figures,
        "issued_by_type": {key: 5},
        "issued_by_province": {},
        "issued_by_production_month": {},
        "traded_by_route": {},
        "traded_by_platform": {key: {"traded": 3, "average_price": "5.00"}},
    }


def test_a_key_that_would_start_a_formula_is_written_as_text() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(_report('=HYPERLINK("http://x","y")')))))
    keyed = [r for r in rows if r[2] in ("issued_by_type", "traded_by_platform")]
    assert [r[3] for r in keyed] == ['\'=HYPERLINK("http://x","y")'] * 2
    assert [r[4] for r in keyed] == ["5", "3"]  # the figures stay numbers
    assert rows[0] == ["month", "platform", "metric", "key", "value", "average_price"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
