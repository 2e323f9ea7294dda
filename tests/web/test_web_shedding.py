"""Load shedding on a served port: readers past their number in flight get 503 `busy` with Retry-After, while the
registry's writers keep their own share and the health probe always answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import httpx
from tests_web_support import free_port, uscc, wait_until_served

from cli_runner import run_cli
from policyhub.web.shedding import ENV_READERS

READERS, ROUNDS, WRITERS, WRITES = 24, 15, 4, 8


def test_readers_past_their_share_are_shed_while_writers_and_health_are_not(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'shed.sqlite'}"
    made = run_cli("admin", "token", "create", "--role", "operator", "--db", db, "--format", "json", check=True)
    token = json.loads(made.stdout)["token"]
    port = free_port()
    env = {**os.environ, ENV_READERS: "2"}
    server = subprocess.Popen([sys.executable, "-m", "policyhub.cli", "serve", "--db", db, "--port", str(port),
                               "--no-access-log"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    seen: dict[str, Counter[int]] = {"read": Counter(), "write": Counter(), "health": Counter()}
    bad: list[str] = []
    lock = threading.Lock()

    def note(kind: str, res: httpx.Response) -> None:
        with lock:
            seen[kind][res.status_code] += 1
            if res.status_code == 503 and not (
                res.headers.get("Retry-After") and res.json().get("code") == "busy" and kind == "read"
            ):
                bad.append(f"{kind}: {res.status_code} {res.text[:200]}")

    def reader(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            for i in range(ROUNDS):
                note("read", c.get("/api/gec/listings", params={"after": f"L{n}-{i}"}))

    def writer(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}) as c:
            for i in range(WRITES):
                cmd = {"op": "open_account", "account": f"W{n}-{i}", "kind": "buyer", "name": f"买方{n}-{i}",
                       "id_doc": uscc(n * 100 + i)}  # fmt: skip
                note("write", c.post("/api/gec/commands", json=cmd))

    def prober() -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(10):
                note("health", c.get("/api/health"))

    try:
        wait_until_served(server, f"{base}/api/health")
        threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
        threads += [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        threads.append(threading.Thread(target=prober))
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not bad, bad[:5]
    assert seen["read"][503] > 0 and seen["read"][200] > 0, seen
    assert set(seen["read"]) <= {200, 503}, seen
    assert seen["write"] == Counter({200: WRITERS * WRITES}), seen
    assert seen["health"] == Counter({200: 10}), seen
