"""Soak of the service: a mixed load at N connections for M minutes on each database, with the server's memory.

Starts `policyhub serve --demo` on a free loopback port (a fresh SQLite file; a fresh PostgreSQL database, dropped
afterwards), then N client threads (httpx) send a fixed mix — buys, verifications (API and page), every public page
and report, and `GET /api/health` as the baseline in the same run — for M minutes. Reports requests/s and p50/p99
per route, the statuses (2xx, 409, 503 busy/unavailable, other 5xx) and the server's own memory (RssAnon) at the start
(after a warm-up) and the end: flat within 10 % is the goal (issue 26). VmRSS is shown too; it also counts the
database file's pages that SQLite maps in each connection, the kernel's page cache counted once per mapping.

Run (the whole soak: about 25 minutes with both demos loaded; the machine should be otherwise idle):
    python benchmarks/soak.py --minutes 10 --connections 16 --db both
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx
from api_load import start_server

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
# (route name, share of requests): every public page and report, verifications, buys, and the health baseline.
MIX = [
    ("GET /api/health (baseline)", 10),
    ("POST buy", 20),
    ("GET /api/gec/verify/{code}", 20),
    ("GET /verify/{code}", 10),
    ("GET /gec", 8),
    ("GET /gec/market", 8),
    ("GET /gec/report", 8),
    ("GET /api/gec/report", 8),
    ("GET /api/gec/listings", 8),
]
WARM_UP_S = 60.0  # memory at "start" is read after this much load (imports, pools and caches filled)
SAMPLE_S = 5.0
WINDOW_S = 60.0  # "start" and "end" are the median of a minute's samples: one sample moves ±10 % with the requests


def rss(pid: int, field: str = "RssAnon") -> int:
    """Memory of a process and its children (the workers of `serve --workers N`), in bytes: `RssAnon`, the
    process's own (heap, stacks), or `VmRSS`, which also counts file pages mapped, once per mapping (SQLite maps its
    file in each pooled connection: the same kernel page-cache pages counted up to 40 times)."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                   text=True).stdout.split()]  # fmt: skip
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    total += int(line.split()[1]) * 1024
        except FileNotFoundError:
            pass
    return total


class Load:
    """The requests of the mix, built from the demo's data."""

    def __init__(self, base: str, db: str, rng: random.Random) -> None:
        from policyhub.gec.registry import Registry

        with Registry.open(db) as registry:
            self.codes = [b["first_code"] for a in ("S1", "S2", "S3", "S4") for b in registry.holdings(a)]
            months = sorted({b["month"] for a in ("S1", "S2") for b in registry.holdings(a)})
            self.buyers = [a["account"] for a in registry.accounts() if a["kind"] == "buyer"][:8]
        self.months = months[-6:] or ["2024-08"]
        self.book = httpx.get(f"{base}/api/gec/listings?limit=1000", timeout=30).json()
        if not self.book or not self.buyers:
            raise SystemExit("the demo has no open listings or no buyers")
        # Each buyer buys for itself with its own token (the demo's buyers gave no platform a mandate).
        self.tokens: dict[str, str] = {}
        for account in self.buyers:
            cmd = [sys.executable, "-m", "policyhub.cli", "admin", "token", "create", "--role", "account_holder",
                   "--account", account, "--db", db]  # fmt: skip
            self.tokens[account] = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        self.rng = rng

    def request(self, route: str, i: int) -> tuple[str, str, dict[str, Any]]:
        rng = self.rng
        if route == "POST buy":
            listing = rng.choice(self.book)
            account = self.buyers[i % len(self.buyers)]
            cmd = {"op": "buy", "account": account, "listing": listing["listing"],
                   "platform": rng.choice(listing["platforms"]), "quantity": 1 + i % 3}  # fmt: skip
            headers = {"Authorization": f"Bearer {self.tokens[account]}"}
            return "POST", "/api/gec/commands", {"json": cmd, "headers": headers}
        paths = {
            "GET /api/health (baseline)": "/api/health",
            "GET /api/gec/verify/{code}": f"/api/gec/verify/{rng.choice(self.codes)}",
            "GET /verify/{code}": f"/verify/{rng.choice(self.codes)}",
            "GET /gec": "/gec",
            "GET /gec/market": "/gec/market",
            "GET /gec/report": f"/gec/report?month={rng.choice(self.months)}",
            "GET /api/gec/report": f"/api/gec/report?month={rng.choice(self.months)}",
            "GET /api/gec/listings": "/api/gec/listings?limit=100",
        }
        return "GET", paths[route], {}


def soak(base: str, load: Load, seconds: float, connections: int, server_pid: int) -> dict[str, Any]:
    routes = [name for name, share in MIX for _ in range(share)]
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    lock, stop = threading.Lock(), threading.Event()

    def client(n: int) -> None:
        rng = random.Random(n)
        with httpx.Client(base_url=base, timeout=60) as c:
            i = n
            while not stop.is_set():
                route = rng.choice(routes)
                method, path, kwargs = load.request(route, i)
                i += connections
                start = time.perf_counter()
                try:
                    res = c.request(method, path, **kwargs)
                    kind = str(res.status_code)
                    if res.status_code == 503:
                        problem = "json" in res.headers.get("content-type", "")
                        kind = f"503 {res.json().get('code', '?') if problem else 'page'}"
                except httpx.HTTPError as exc:
                    kind = f"no answer ({type(exc).__name__})"
                took = time.perf_counter() - start
                with lock:
                    latencies[route].append(took)
                    statuses[route][kind] += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(connections)]
    began = time.monotonic()
    for t in threads:
        t.start()
    memory: list[tuple[float, int]] = []
    mapped: list[int] = []
    while (now := time.monotonic() - began) < seconds:
        time.sleep(min(SAMPLE_S, max(0.0, seconds - now)))
        memory.append((time.monotonic() - began, rss(server_pid)))
        mapped.append(rss(server_pid, "VmRSS"))
    stop.set()
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - began
    warm_at = min(WARM_UP_S, seconds / 3)
    window = min(WINDOW_S, (seconds - warm_at) / 3)
    warm = [m for at, m in memory if at >= warm_at] or [m for _, m in memory]
    first = [m for at, m in memory if warm_at <= at < warm_at + window] or warm[:1]
    last = [m for at, m in memory if at >= elapsed - window] or warm[-1:]
    minutes = [
        int(statistics.median(m for at, m in memory if k * 60 <= at < (k + 1) * 60) or 0)
        for k in range(int(elapsed // 60))
        if any(k * 60 <= at < (k + 1) * 60 for at, _ in memory)
    ]
    rows = {}
    for route, _ in MIX:
        ordered = sorted(latencies[route]) or [0.0]
        rows[route] = {
            "rps": len(latencies[route]) / elapsed,
            "p50_ms": 1000 * statistics.median(ordered),
            "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
            "statuses": dict(statuses[route]),
        }
    return {"rows": rows, "seconds": elapsed, "rss_start": int(statistics.median(first)),
            "rss_end": int(statistics.median(last)), "rss_max": max(warm), "rss_minutes": minutes,
            "vmrss_start": mapped[len(memory) - len(warm)] if warm else 0, "vmrss_end": mapped[-1] if mapped else 0,
            "total_rps": sum(len(v) for v in latencies.values()) / elapsed}  # fmt: skip


def run_on(kind: str, args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    tmp = Path(tempfile.mkdtemp())
    name = f"ph_soak_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        db = f"sqlite:///{tmp / 'soak.sqlite'}"
    else:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        db = f"{PG_SERVER}/{name}"
    flags = ["--demo", "--no-access-log"] + (["--workers", str(args.workers)] if kind != "sqlite" else [])
    server, base = start_server(db, *flags)
    try:
        load = Load(base, db, random.Random(1))
        result = soak(base, load, args.minutes * 60, args.connections, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
        if kind != "sqlite":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name], check=False)
    label = "SQLite, 1 process" if kind == "sqlite" else f"PostgreSQL, --workers {args.workers}"
    return label, result


def report(results: list[tuple[str, dict[str, Any]]], args: argparse.Namespace) -> str:
    lines = [
        "# Soak results",
        "",
        f"`python benchmarks/soak.py --minutes {args.minutes} --connections {args.connections} --db {args.db}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}); `serve --demo`, httpx client threads on the same "
        f"machine ({os.cpu_count()} cores, Python {platform.python_version()}).",
    ]
    for label, r in results:
        growth = (r["rss_end"] - r["rss_start"]) / r["rss_start"] if r["rss_start"] else 0.0
        verdict = "flat (within 10 %)" if abs(growth) <= 0.10 else "NOT flat"
        lines += [
            "",
            f"## {label}: {r['total_rps']:.0f} requests/s over {r['seconds'] / 60:.1f} min",
            "",
            f"Server memory (its own, RssAnon; median of the first minute after a {WARM_UP_S:.0f} s warm-up and of "
            f"the last "
            f"minute): start {r['rss_start'] >> 20} MiB, end {r['rss_end'] >> 20} MiB, max {r['rss_max'] >> 20} MiB: "
            f"{growth:+.1%}, {verdict}. Per minute (median, MiB): "
            + " ".join(str(m >> 20) for m in r["rss_minutes"])
            + f". VmRSS (file pages mapped included, one sample each): {r['vmrss_start'] >> 20} → "
            + f"{r['vmrss_end'] >> 20} MiB.",
            "",
            "| route | requests/s | p50 (ms) | p99 (ms) | p99 vs health | statuses |",
            "|---|---:|---:|---:|---:|---|",
        ]
        health = r["rows"]["GET /api/health (baseline)"]["p99_ms"] or 1.0
        for route, row in r["rows"].items():
            shown = ", ".join(f"{k}: {v}" for k, v in sorted(row["statuses"].items()))
            lines.append(f"| {route} | {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
                         f"{row['p99_ms'] / health:.1f}× | {shown} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers on PostgreSQL")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("soak_results.md"))
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    text = report([run_on(kind, args) for kind in kinds], args)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
