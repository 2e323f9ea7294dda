"""Helpers of the fault suite: `serve` and the CLI as real processes, a market to write to, what survived."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

import httpx

from cli_runner import run_cli
from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry

CLI = [sys.executable, "-m", "policyhub.cli"]
LISTED = 100_000  # certificates on the market's listing: far more than any test buys


def uscc(n: int) -> str:
    """A valid unified social credit code, a different one for each n."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body17 = f"91330100MA{n:07d}"
    total = sum(chars.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + chars[(31 - total % 31) % 31]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: str, port: int, *flags: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`policyhub serve` in a session of its own (so that its workers can be ended with it)."""
    return subprocess.Popen([*CLI, "serve", "--db", db, "--port", str(port), "--no-access-log", *flags],
                            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)  # fmt: skip


def wait_until_served(server: subprocess.Popen[str], base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert server.poll() is None and time.monotonic() < deadline, "server did not start"
        time.sleep(0.2)


def stop(server: subprocess.Popen[str]) -> str:
    """End the server's session (SIGINT, then SIGKILL) and return what it printed."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGINT)
    try:
        out, _ = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        out, _ = server.communicate(timeout=30)
    return out or ""


def token(db: str, role: str, *scope: str) -> str:
    made = run_cli("admin", "token", "create", "--role", role, *scope, "--db", db, "--format", "json", check=True)
    return str(json.loads(made.stdout)["token"])


def market(db: str, buyers: int) -> None:
    """A seller's certificates of last month (live today) listed on BJ as L1; buyers B0… who mandated BJ."""
    month = f"{date.today().replace(day=1) - timedelta(days=1):%Y-%m}"
    cmds: list[dict[str, Any]] = [
        {"op": "open_account", "account": "S1", "kind": "seller", "name": "风电公司", "gec_only_pledge": True,
         "id_doc": uscc(9_000_000)},
        {"op": "register_project", "project": "P1", "owner": "S1", "name": "风电场", "type": "wind",
         "province": "河北", "capacity_kw": 500000.0, "commissioned": "2022-05-01"},
        {"op": "meter", "project": "P1", "month": month, "grid_kwh": 234_567_890, "self_kwh": 0, "source": "grid"},
        {"op": "issue", "month": month},
        {"op": "list", "listing": "L1", "account": "S1", "quantity": LISTED, "price": "5.00", "platforms": ["BJ"]},
    ]  # fmt: skip
    for b in range(buyers):
        cmds.append({"op": "open_account", "account": f"B{b}", "kind": "buyer", "name": f"买方{b}",
                     "id_doc": uscc(8_000_000 + b)})  # fmt: skip
        cmds.append({"op": "mandate", "account": f"B{b}", "platform": "BJ"})
    with Registry.open(db) as r:
        for result in r.apply_many(cmds):
            assert result["ok"], result


def assert_survived(db: str, acknowledged: list[dict[str, Any]]) -> None:
    """Audit passes, and every acknowledged result is its journal entry's result."""
    with Registry.open(db) as r:
        report = audit(r)
        assert report["ok"], report["problems"]
        for result in acknowledged:
            [entry] = r.journal(after=int(result["entry"]) - 1, limit=1)
            assert entry["seq"] == result["entry"] and entry["result"] == result, (entry, result)
