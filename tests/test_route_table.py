"""Every route the app serves has a measured request and a cost budget in benchmarks/, or a stated reason to skip it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from route_table import HEALTH, REQUESTS, SKIPPED, route_names, schema_names, unaccounted  # noqa: E402

from policyhub.web.app import create_app  # noqa: E402


def test_every_route_of_the_app_has_a_request_or_a_reason_to_skip_it(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'routes.sqlite'}")
    routes = route_names(app) | schema_names(app.openapi())
    missing, stale = unaccounted(routes)
    assert missing == [], "a new route needs a request in benchmarks/route_table.py (and a budget), or a reason"
    assert stale == [], "benchmarks/route_table.py names routes the app no longer serves"
    assert not set(REQUESTS) & set(SKIPPED)
    assert {HEALTH, "GET /", "GET /gec/report", "POST /api/greenpower/report"} <= set(REQUESTS)


def test_every_measured_route_has_a_budget_on_each_database() -> None:
    budgets = json.loads((BENCHMARKS / "route_budgets.json").read_text(encoding="utf-8"))["budgets"]
    for kind in ("sqlite", "postgresql"):
        assert set(budgets[kind]) == set(REQUESTS) - {HEALTH}, kind
        assert all(isinstance(b, int | float) and b >= 1 for b in budgets[kind].values()), kind
