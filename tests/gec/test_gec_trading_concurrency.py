"""Many buyers take one listing at once on different platforms: never oversold (第二十一条: 确保同一绿证不重复成交)."""

from __future__ import annotations

import itertools
import multiprocessing as mp
from datetime import datetime

from gec_helpers import AT, uscc
from trading_helpers import list_, market, no_serial_twice, ok, traded_serials

from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry


def at_clock() -> datetime:
    """The registry's clock in every process: the history's own time (its certificates are live then)."""
    return datetime.fromisoformat(AT)


WORKERS = 4
BUYS_EACH = 15
QUANTITY = 7  # 4 × 15 × 7 = 420 wanted from a listing of 300: some buys must be refused, none may oversell
LISTED = 300
PLATFORMS = ["CGEC", "BJ", "GZ", "BJ"]


def _worker(url: str, worker: int) -> list[str]:
    account = f"W{worker}"
    with Registry.open(url, clock=at_clock) as r:
        trades = []
        for _ in range(BUYS_EACH):
            res = r.apply({"op": "buy", "account": account, "listing": "L1", "platform": PLATFORMS[worker],
                           "quantity": QUANTITY, "at": AT})  # fmt: skip
            assert res["ok"] or res["error"]["code"] == "insufficient_quantity", res
            if res["ok"]:
                trades.append(res["trade"])
        return trades


def test_parallel_buyers_on_every_platform_never_oversell_a_listing(db_url: str) -> None:
    with Registry.open(db_url, clock=at_clock) as r:
        market(r)
        for w in range(WORKERS):
            ok(r.apply({"op": "open_account", "account": f"W{w}", "kind": "buyer", "name": f"买方{w}", "at": AT,
                        "id_doc": uscc(f"9133010{w}MA2ABCD01")}))  # fmt: skip
        ok(list_(r, quantity=LISTED))
    with mp.get_context("spawn").Pool(WORKERS) as pool:
        results = pool.starmap(_worker, [(db_url, w) for w in range(WORKERS)])
    trades = [t for ts in results for t in ts]
    with Registry.open(db_url, clock=at_clock) as r:
        listing = r.listing("L1")
        sold = sum(r.trade(t)["quantity"] for t in trades)
        assert len(trades) == LISTED // QUANTITY and sold == LISTED // QUANTITY * QUANTITY
        assert sold + listing["remaining"] == LISTED
        assert listing["sold"] == sold
        ranges = traded_serials(r, trades)
        assert sum(e - s for s, e in ranges) == sold
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges))  # no serial sold twice
        no_serial_twice(r)
        report = audit(r)
        assert report["ok"], report["problems"]
