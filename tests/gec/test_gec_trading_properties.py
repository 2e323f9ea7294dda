"""Any sequence of listings, buys, delistings and claims keeps every certificate once and every listing balanced."""

from __future__ import annotations

import tempfile
from pathlib import Path

from gec_helpers import AT, refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trading_helpers import market, no_serial_twice

from databases import copy_sqlite
from policyhub.gec.registry import Registry

PLATFORMS = ["CGEC", "BJ", "GZ"]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("list"), st.integers(1, 900), st.sets(st.sampled_from(PLATFORMS), min_size=1)),
        st.tuples(st.just("buy"), st.integers(0, 4), st.sampled_from(PLATFORMS), st.integers(1, 400), st.booleans()),
        st.tuples(st.just("delist"), st.integers(0, 4)),
        st.tuples(st.just("claim"), st.booleans(), st.integers(1, 300)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_trading_never_creates_loses_or_double_sells_a_certificate(
    sqlite_template: Path, seq: list[tuple[object, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp, Registry.open(copy_sqlite(sqlite_template, Path(tmp) / "p.sqlite")) as r:
        market(r)  # S1: 2,345 tradable + 1 non-tradable certificate
        listed: dict[str, set[str]] = {}
        for step in seq:
            if step[0] == "list":
                _, quantity, platforms = step
                name = f"L{len(listed)}"
                res = r.apply({"op": "list", "listing": name, "account": "S1", "quantity": quantity,
                               "price": "5.00", "platforms": sorted(platforms), "at": AT})  # fmt: skip
                if res["ok"]:
                    listed[name] = set(platforms)  # type: ignore[arg-type]
                else:
                    assert res["error"]["code"] == "insufficient_quantity", res
            elif step[0] == "buy" and listed:
                _, pick, platform, quantity, b2 = step
                name = sorted(listed)[int(pick) % len(listed)]  # type: ignore[call-overload]
                res = r.apply({"op": "buy", "account": "B2" if b2 else "B1", "listing": name, "platform": platform,
                               "quantity": quantity, "at": AT})  # fmt: skip
                if platform not in listed[name]:
                    refused(res, "platform_not_listed")
                elif not res["ok"]:
                    assert res["error"]["code"] == "insufficient_quantity", res
            elif step[0] == "delist" and listed:
                name = sorted(listed)[int(step[1]) % len(listed)]  # type: ignore[call-overload]
                res = r.apply({"op": "delist", "listing": name, "at": AT})
                assert res["ok"] or res["error"]["code"] == "listing_closed", res
            elif step[0] == "claim":
                _, buyer_claims, quantity = step
                who = "B1" if buyer_claims else "S1"
                r.apply({"op": "claim", "account": who, "quantity": quantity, "beneficiary": "x", "period": "2024",
                         "at": AT})  # fmt: skip
        state = r.state()["accounts"]
        assert sum(a["live"] + a["claimed"] for a in state.values()) == 2346
        no_serial_twice(r)
        for name in listed:
            x = r.listing(name)
            assert x["sold"] <= x["quantity"]  # never oversold
            if x["status"] == "open":
                assert x["sold"] + x["remaining"] == x["quantity"]  # nothing leaks from an open listing
            else:
                assert x["remaining"] == 0
        reserved = sum(r.listing(n)["remaining"] for n in listed)
        assert state["S1"]["listed"] == reserved
        bought = [t for t in r.trades(limit=10_000)]
        assert all(t["seller"] == "S1" for t in bought)
        assert state["B1"]["live"] + state["B1"]["claimed"] + state["B2"]["live"] == sum(t["quantity"] for t in bought)
