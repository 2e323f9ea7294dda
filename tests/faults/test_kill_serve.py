"""`kill -9` of `serve` while buys are being written, at three moments: every acknowledged buy is in the journal
with the result the client got, nothing is half-applied (audit replays the journal), and `serve` starts again."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from fault_helpers import assert_survived, free_port, market, serve, stop, token, wait_until_served

pytestmark = pytest.mark.faults
BUYERS = 6


def _buy_until_killed(db: str, after: int, *flags: str) -> list[dict[str, Any]]:
    """Buys from BUYERS clients; `kill -9` of serve once `after` were acknowledged. Returns the acknowledged."""
    bj = token(db, "platform", "--platform", "BJ")
    port = free_port()
    server = serve(db, port, *flags)
    base = f"http://127.0.0.1:{port}"
    acknowledged: list[dict[str, Any]] = []
    lock, killed = threading.Lock(), threading.Event()

    def buyer(b: int) -> None:
        with httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {bj}"}) as c:
            while not killed.is_set():
                cmd = {"op": "buy", "account": f"B{b}", "listing": "L1", "platform": "BJ", "quantity": 1 + b}
                try:
                    res = c.post("/api/gec/commands", json=cmd)
                except httpx.TransportError:
                    return  # the server is gone: this request was never acknowledged
                assert res.status_code < 500 or res.status_code == 503, res.text  # never a 500
                if res.status_code == 200:
                    with lock:
                        acknowledged.append(res.json())
                        if len(acknowledged) >= after and not killed.is_set():
                            os.killpg(server.pid, signal.SIGKILL)  # serve and any workers, mid-write
                            killed.set()

    try:
        wait_until_served(server, base)
        threads = [threading.Thread(target=buyer, args=(b,)) for b in range(BUYERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert killed.is_set()
    finally:
        stop(server)
    return acknowledged


@pytest.mark.parametrize("after", [1, 40, 150])
def test_kill_9_of_serve_on_sqlite_loses_no_acknowledged_buy(tmp_path: Path, after: int) -> None:
    db = f"sqlite:///{tmp_path / 'killed.sqlite'}"
    market(db, BUYERS)
    acknowledged = _buy_until_killed(db, after)
    assert len(acknowledged) >= after
    assert_survived(db, acknowledged)
    port = free_port()
    again = serve(db, port)
    try:
        wait_until_served(again, f"http://127.0.0.1:{port}")
        listing = httpx.get(f"http://127.0.0.1:{port}/api/gec/listings/L1", timeout=10).json()
        assert listing["sold"] + listing["remaining"] == listing["quantity"]
    finally:
        stop(again)


@pytest.mark.postgres
def test_kill_9_of_serve_with_two_workers_on_postgresql_loses_no_acknowledged_buy(pg_url: str) -> None:
    market(pg_url, BUYERS)
    acknowledged = _buy_until_killed(pg_url, 60, "--workers", "2")
    assert_survived(pg_url, acknowledged)
