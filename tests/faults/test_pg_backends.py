"""PostgreSQL backends of the service's database terminated mid-load: every request is answered (2xx, 409 or 503
`unavailable` with Retry-After, never a dropped connection or a 500), and the service answers again by itself."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fault_helpers import assert_survived, free_port, market, serve, stop, token, wait_until_served

pytestmark = [pytest.mark.faults, pytest.mark.postgres]
BUYERS, READERS = 4, 4


def _terminate_backends(pg_url: str) -> int:
    name = pg_url.rsplit("/", 1)[1]
    admin = sa.create_engine(pg_url.rsplit("/", 1)[0] + "/test", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            ended = conn.execute(
                sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :d"),
                {"d": name},
            ).scalar_one()
    finally:
        admin.dispose()
    return int(ended)


def test_terminated_backends_are_answered_503_and_the_service_recovers_without_restart(pg_url: str) -> None:
    market(pg_url, BUYERS)
    bj = token(pg_url, "platform", "--platform", "BJ")
    port = free_port()
    server = serve(pg_url, port)
    base = f"http://127.0.0.1:{port}"
    statuses: Counter[int] = Counter()
    acknowledged: list[dict[str, Any]] = []
    problems: list[str] = []
    lock, done = threading.Lock(), threading.Event()

    def note(res: httpx.Response) -> None:
        with lock:
            statuses[res.status_code] += 1
            if res.status_code == 503 and not (res.headers.get("Retry-After") and "unavailable" in res.text):
                problems.append(res.text[:200])
            elif res.status_code not in (200, 404, 409, 503):
                problems.append(f"{res.status_code} {res.text[:200]}")

    def buyer(b: int) -> None:
        with httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {bj}"}) as c:
            while not done.is_set():
                cmd = {"op": "buy", "account": f"B{b}", "listing": "L1", "platform": "BJ", "quantity": 1}
                try:
                    res = c.post("/api/gec/commands", json=cmd)
                except httpx.TransportError as exc:
                    problems.append(f"no answer: {exc!r}")
                    continue
                note(res)
                if res.status_code == 200:
                    with lock:
                        acknowledged.append(res.json())

    def reader(n: int) -> None:
        paths = ["/api/gec/listings/L1", "/gec", "/gec/market", "/verify/GEC000000000001X"]
        with httpx.Client(base_url=base, timeout=30) as c:
            while not done.is_set():
                try:
                    note(c.get(paths[n % len(paths)]))
                except httpx.TransportError as exc:
                    problems.append(f"no answer: {exc!r}")

    try:
        wait_until_served(server, base)
        threads = [threading.Thread(target=buyer, args=(b,)) for b in range(BUYERS)]
        threads += [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
        for t in threads:
            t.start()
        for _ in range(3):
            time.sleep(1.0)
            assert _terminate_backends(pg_url) > 0
        time.sleep(1.0)
        done.set()
        for t in threads:
            t.join(timeout=60)
        before = len(acknowledged)
        deadline = time.monotonic() + 10  # back by itself: no restart, no operator
        while httpx.get(f"{base}/api/health", timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "health did not come back"
            time.sleep(0.2)
        cmd = {"op": "buy", "account": "B0", "listing": "L1", "platform": "BJ", "quantity": 1}
        res = httpx.post(f"{base}/api/gec/commands", headers={"Authorization": f"Bearer {bj}"}, json=cmd, timeout=30)
        assert res.status_code == 200, res.text
        acknowledged.append(res.json())
    finally:
        log = stop(server)
    assert not problems, problems[:5]
    assert before > 0 and statuses[200] > 0, statuses
    assert "Traceback" not in log, log[-3000:]
    assert_survived(pg_url, acknowledged)
