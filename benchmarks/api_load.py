"""Load test of the service on loopback: requests/s and p99 latency of verify and buy (health is the baseline).

Starts `policyhub serve --demo` on a free 127.0.0.1 port with a fresh SQLite file, then drives it with a
bounded number of requests from a few client threads. Run: python benchmarks/api_load.py [--requests N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


Request = tuple[str, str, dict[str, object]]


def drive(url_for: Callable[[int], str | Request], requests: int, threads: int) -> dict[str, float]:
    """Send `requests` requests (a URL to GET, or method, URL and httpx arguments) from `threads` clients."""
    latencies: list[float] = []
    errors = refused = ok = other = 0

    def worker(indices: range) -> None:
        nonlocal errors, refused, ok, other
        with httpx.Client(timeout=10) as client:
            for i in indices:
                what = url_for(i)
                method, url, kwargs = ("GET", what, {}) if isinstance(what, str) else what
                start = time.perf_counter()
                r = client.request(method, url, **kwargs)  # type: ignore[arg-type]
                latencies.append(time.perf_counter() - start)
                errors += r.status_code >= 500
                refused += r.status_code == 409
                ok += r.status_code == 200
                other += r.status_code not in (200, 409) and r.status_code < 500  # 4xx: a broken benchmark

    chunks = [range(t, requests, threads) for t in range(threads)]
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, chunks))
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "rps": requests / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "errors": errors,
        "refused": refused,
        "ok": ok,
        "other_4xx": other,
    }


WRK_SCRIPT = Path(__file__).with_name("wrk_requests.lua")


def request_line(method: str, path: str, token: str | None = None, body: object = None) -> str:
    """One request for `drive_wrk`: method, path, bearer token, JSON body (tab-separated, `-` for none)."""
    return "\t".join([method, path, token or "-", "-" if body is None else json.dumps(body, ensure_ascii=False)])


def drive_wrk(base: str, lines: list[str], seconds: int, connections: int) -> dict[str, float] | None:
    """Requests from wrk (C, epoll; `apt-get install wrk`) for `seconds` over `connections` keep-alive connections.

    A Python client on the same 2 cores spends more CPU per request than the server does on a simple one, so its
    figures measure the client too; None when wrk is not installed.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    cmd = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(WRK_SCRIPT), base, "--", f.name]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    data = json.loads(out.strip().splitlines()[-1])
    return {"rps": data["requests"] / data["seconds"], **{k: float(v) for k, v in data.items()}}


def start_server(db: str, *flags: str) -> tuple[subprocess.Popen[bytes], str]:
    """`policyhub serve` on a free loopback port over `db`; returns once /api/health answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "policyhub.cli", "serve", *flags, "--port", str(port)],
        env={**os.environ, "POLICYHUB_DB": db},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit("server did not start")
        time.sleep(0.2)


def buyer(base: str, db: str, rng: random.Random) -> Callable[[int], Request]:
    """Buys of 1–3 certificates from the demo's open listings, each through a platform it is listed on."""
    book = httpx.get(f"{base}/api/gec/listings?limit=1000", timeout=10).json()
    if not book:
        raise SystemExit("the demo has no open listings to buy from")
    tokens: dict[str, str] = {}
    for venue in sorted({p for x in book for p in x["platforms"]}):
        cmd = ["policyhub", "admin", "token", "create", "--role", "platform", "--platform", venue, "--db", db]
        tokens[venue] = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    picks = [(x["listing"], rng.choice(x["platforms"])) for x in rng.choices(book, k=10_000)]

    def request(i: int) -> Request:
        listing, platform = picks[i % len(picks)]
        # The demo is dated up to the day it was loaded, so its open listings hold live certificates; the registry
        # stamps each buy with its own clock (a client never sends `at`).
        cmd = {"op": "buy", "account": f"B{1 + i % 8}", "listing": listing, "platform": platform,
               "quantity": 1 + i % 3}  # fmt: skip
        return (
            "POST",
            f"{base}/api/gec/commands",
            {"json": cmd, "headers": {"Authorization": f"Bearer {tokens[platform]}"}},
        )

    return request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=8, help="client threads (httpx) and connections (wrk)")
    parser.add_argument("--seconds", type=int, default=8, help="duration of each wrk run")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("api_results.md"))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = f"sqlite:///{tmp / 'load.sqlite'}"
    server, base = start_server(db, "--demo")
    try:
        from policyhub.gec.registry import Registry

        registry = Registry.open(db)
        codes = [b["first_code"] for a in ("S1", "S2", "S3", "S4") for b in registry.holdings(a)]
        registry.close()
        rng = random.Random(1)
        sample = [rng.choice(codes) for _ in range(args.requests)]
        health = drive(lambda i: f"{base}/api/health", args.requests, args.threads)
        verify = drive(lambda i: f"{base}/api/gec/verify/{sample[i]}", args.requests, args.threads)
        page = drive(lambda i: f"{base}/verify/{sample[i]}", args.requests // 3, args.threads)
        buy = drive(buyer(base, db, rng), args.requests // 3, args.threads)
        wrk_rows = [
            (name, drive_wrk(base, [request_line("GET", f(c)) for c in sample], args.seconds, args.threads))
            for name, f in (
                ("GET /api/health (baseline)", lambda c: "/api/health"),
                ("GET /api/gec/verify/{code}", lambda c: f"/api/gec/verify/{c}"),
                ("GET /verify/{code} (page)", lambda c: f"/verify/{c}"),
            )
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    rows = [("GET /api/health (baseline)", health), ("GET /api/gec/verify/{code}", verify),
            ("GET /verify/{code} (page)", page), ("POST buy /api/gec/commands (platform token)", buy)]  # fmt: skip
    lines = [
        "# Service load test (loopback)",
        "",
        f"`python benchmarks/api_load.py --requests {args.requests} --threads {args.threads}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}); one uvicorn worker, SQLite, demo data.",
        "",
        "| endpoint | requests/s | p50 (ms) | p99 (ms) | 5xx | 409 refused | rate vs baseline |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']:.0f} | "
                     f"{r['refused']:.0f} | {r['rps'] / health['rps']:.2f}× |")  # fmt: skip
    if all(r is not None for _, r in wrk_rows):
        base_rps = wrk_rows[0][1]["rps"]  # type: ignore[index]
        lines += [
            "",
            f"The same reads from wrk ({args.threads} connections, {args.seconds} s each; a C client, so "
            "the figures are the server's, not the client's):",
            "",
            "| endpoint | requests/s | p50 (ms) | p99 (ms) | 5xx | rate vs baseline |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, w in wrk_rows:
            assert w is not None
            lines.append(f"| {name} | {w['rps']:.0f} | {w['p50_ms']:.1f} | {w['p99_ms']:.1f} | {w['errors']:.0f} | "
                         f"{w['rps'] / base_rps:.2f}× |")  # fmt: skip
    lines += ["", f"Machine: {platform.processor() or platform.machine()}, nproc={os.cpu_count()}, "
              f"Python {platform.python_version()}; client and server share the same 2 cores."]  # fmt: skip
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
