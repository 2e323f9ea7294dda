"""Concurrent writers in parallel processes never corrupt balances (SQLite BEGIN IMMEDIATE, PostgreSQL row lock)."""

from __future__ import annotations

import itertools
import multiprocessing as mp
from datetime import datetime

from gec_helpers import AT, world

from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry


def at_clock() -> datetime:
    """The registry's clock in every process: the history's own time (its certificates are live then)."""
    return datetime.fromisoformat(AT)


WORKERS = 4
CLAIMS_EACH = 12
QUANTITY = 60  # 4 × 12 × 60 = 2880 wanted, 2346 held: some claims must be refused, none may overspend


def _worker(url: str, worker: int) -> list[bool]:
    with Registry.open(url, clock=at_clock) as r:
        out = []
        for i in range(CLAIMS_EACH):
            res = r.apply(
                {
                    "op": "claim",
                    "claim": f"W{worker}-{i}",
                    "account": "S1",
                    "quantity": QUANTITY,
                    "beneficiary": f"worker {worker}",
                    "period": "2024",
                    "at": AT,
                }
            )
            assert res["ok"] or res["error"]["code"] == "insufficient_quantity", res
            out.append(bool(res["ok"]))
        return out


def test_parallel_claims_never_overspend_and_keep_the_chain(db_url: str) -> None:
    with Registry.open(db_url, clock=at_clock) as r:
        world(r)  # S1 holds 2346 live certificates
    ctx = mp.get_context("spawn")
    with ctx.Pool(WORKERS) as pool:
        results = pool.starmap(_worker, [(db_url, w) for w in range(WORKERS)])
    accepted = sum(sum(r) for r in results)
    with Registry.open(db_url, clock=at_clock) as r:
        s = r.state()["accounts"]["S1"]
        assert accepted == 2346 // QUANTITY
        assert s["claimed"] == accepted * QUANTITY
        assert s["live"] + s["claimed"] == 2346
        blocks = sorted((int(b["first_code"][3:-1]), int(b["last_code"][3:-1])) for b in r.holdings("S1"))
        assert all(a[1] < b[0] for a, b in itertools.pairwise(blocks))  # no serial held twice
        assert sum(c["quantity"] for c in r.claims()) == accepted * QUANTITY
        report = audit(r)
        assert report["ok"], report["problems"]
