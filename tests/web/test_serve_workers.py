"""`serve --workers N` on PostgreSQL: processes take buys at once, the head row lock orders them, no oversell."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from tests_web_support import free_port, wait_until_served

from cli_runner import run_cli
from policyhub import clock
from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry

LISTED, QUANTITY, BUYERS, BUYS_EACH = 300, 7, 6, 10  # 6 × 10 × 7 = 420 asked of 300


def _uscc(body17: str) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(chars.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + chars[(31 - total % 31) % 31]


def _cli(*args: str) -> str:
    return run_cli(*args, check=True).stdout


def _market(url: str) -> None:
    """A seller's certificates of last month (live today), listed on BJ; buyers who mandated BJ."""
    last = clock.today().replace(day=1) - timedelta(days=1)  # the registry's (Beijing) month
    month = f"{last:%Y-%m}"
    with Registry.open(url) as r:
        cmds = [
            {"op": "open_account", "account": "S1", "kind": "seller", "name": "风电公司", "gec_only_pledge": True,
             "id_doc": _uscc("91110000MA01ABCD1")},
            {"op": "register_project", "project": "P1", "owner": "S1", "name": "风电场", "type": "wind",
             "province": "河北", "capacity_kw": 50000.0, "commissioned": "2022-05-01"},
            {"op": "meter", "project": "P1", "month": month, "grid_kwh": 2_345_678, "self_kwh": 0, "source": "grid"},
            {"op": "issue", "month": month},
            {"op": "list", "listing": "L1", "account": "S1", "quantity": LISTED, "price": "5.00", "platforms": ["BJ"]},
        ]  # fmt: skip
        for b in range(BUYERS):
            cmds.append({"op": "open_account", "account": f"B{b}", "kind": "buyer", "name": f"买方{b}",
                         "id_doc": _uscc(f"9133010{b}MA2ABCD01")})  # fmt: skip
            cmds.append({"op": "mandate", "account": f"B{b}", "platform": "BJ"})
        for result in r.apply_many(cmds):
            assert result["ok"], result


@pytest.mark.postgres
def test_two_workers_on_postgresql_never_oversell_a_listing(pg_url: str) -> None:
    _market(pg_url)
    token = json.loads(_cli("admin", "token", "create", "--role", "platform", "--platform", "BJ", "--db", pg_url,
                            "--format", "json"))["token"]  # fmt: skip
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "policyhub.cli", "serve", "--db", pg_url, "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(server, f"{base}/api/gec/listings/L1")
        workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) >= 2, workers
        statuses: list[int] = []
        lock = threading.Lock()

        def buyer(b: int) -> None:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
                for _ in range(BUYS_EACH):
                    cmd = {"op": "buy", "account": f"B{b}", "listing": "L1", "platform": "BJ", "quantity": QUANTITY}
                    res = c.post("/api/gec/commands", json=cmd)
                    assert res.status_code in (200, 409), res.text
                    if res.status_code == 409:
                        assert res.json()["error"]["code"] == "insufficient_quantity", res.text
                    with lock:
                        statuses.append(res.status_code)

        threads = [threading.Thread(target=buyer, args=(b,)) for b in range(BUYERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert len(statuses) == BUYERS * BUYS_EACH
        assert statuses.count(200) == LISTED // QUANTITY
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    with Registry.open(pg_url) as r:
        listing = r.listing("L1")
        assert listing["sold"] == LISTED // QUANTITY * QUANTITY
        assert listing["sold"] + listing["remaining"] == LISTED
        report = audit(r)
        assert report["ok"], report["problems"]


def test_workers_on_sqlite_are_refused_with_the_reason(tmp_path: object) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "policyhub.cli", "serve", "--db", f"sqlite:///{tmp_path}/w.sqlite", "--workers", "2",
         "--port", str(free_port())],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 2 and out.stderr.startswith("error: ") and "needs PostgreSQL" in out.stderr


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _ended(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (it holds no socket)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _serve(pg_url: str, port: int) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "policyhub.cli", "serve", "--db", pg_url, "--port", str(port), "--workers", "2"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)  # fmt: skip


@pytest.mark.postgres
def test_workers_end_with_their_parent_killed_and_serve_starts_again_on_the_port(pg_url: str) -> None:
    port = free_port()
    server = _serve(pg_url, port)
    again: subprocess.Popen[str] | None = None
    try:
        wait_until_served(server, f"http://127.0.0.1:{port}/api/health")
        workers = [int(p) for p in subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                                  text=True).stdout.split()]  # fmt: skip
        assert len(workers) >= 2
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _listening(port) or not all(_ended(w) for w in workers):
            assert time.monotonic() < deadline, "a worker outlived its parent by 5 s"
            time.sleep(0.1)
        again = _serve(pg_url, port)
        wait_until_served(again, f"http://127.0.0.1:{port}/api/health")
    finally:
        for proc in (server, again):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
