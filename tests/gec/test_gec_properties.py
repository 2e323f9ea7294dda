"""Properties of the registry as a whole: moving and cancelling certificates never creates or loses one."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from gec_helpers import AT, buyer, issue, meter, ok, project, seller
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from databases import copy_sqlite
from policyhub.gec.registry import Registry

steps = st.lists(
    st.tuples(st.sampled_from(["claim_s", "claim_b", "transfer"]), st.integers(1, 40)), min_size=1, max_size=8
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_any_sequence_of_moves_keeps_the_count_and_never_overlaps(
    sqlite_template: Path, seq: list[tuple[str, int]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp, Registry.open(copy_sqlite(sqlite_template, Path(tmp) / "p.sqlite")) as r:
        seller(r)
        buyer(r)
        project(r, "H1", "hydro", "2020-01-01")
        ok(meter(r, "H1", "2024-08", 100_000, 0))
        issued = issue(r, "2024-08")["issued"]
        for kind, q in seq:
            if kind == "transfer":
                cmd = {"op": "transfer", "from": "S1", "to": "B1", "project": "H1", "month": "2024-08", "quantity": q}
            else:
                who = "S1" if kind == "claim_s" else "B1"
                cmd = {"op": "claim", "account": who, "quantity": q, "beneficiary": "x", "period": "2024"}
            r.apply({**cmd, "at": AT})
        state = r.state()["accounts"]
        assert sum(a["live"] + a["claimed"] for a in state.values()) == issued
        spans = sorted(
            (int(b["first_code"][3:-1]), int(b["last_code"][3:-1])) for acc in ("S1", "B1") for b in r.holdings(acc)
        )
        assert sum(e - s + 1 for s, e in spans) == issued
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
