"""A cost budget for every public route: CPU per request under load, as a ratio to `GET /api/health`'s in the same run.

Starts `policyhub serve --demo` on a free loopback port over a fresh SQLite file (with `--db both`, a fresh PostgreSQL
database too, `--workers 2`, dropped afterwards). The routes come from the running service's /openapi.json and the
app's page routes; each must have a request in route_table.py or a reason to be skipped, or nothing runs. Each route
is driven by C client threads (httpx) for N requests, in blocks alternating with the baseline `GET /api/health`, and
measured: requests/s, p50, p99, and the CPU time of the server's process tree per request (utime+stime from /proc
before and after each block; on PostgreSQL the database's own backends are shown beside it). Each route's CPU per
request is divided by that of the health blocks on either side of it, and compared with its budget in
route_budgets.json. Exit 1 if a route is over budget, has no budget, or answers a status other than its expected one.

Run (about 10 minutes a database; the machine should be otherwise idle):
    python benchmarks/route_budgets.py --requests 200 --threads 8 --db both
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from api_load import start_server
from route_table import CSRF_FROM, HEALTH, REQUESTS, SHARE, SKIPPED, Call, Demo, route_names, schema_names, unaccounted

HERE = Path(__file__).parent
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
TICK = os.sysconf("SC_CLK_TCK")
HEALTH_BLOCK = 2  # a health block is this many times a route's block
HEADROOM = 2.0  # a budget is this many times the first measured ratio, rounded up (route_budgets.json's "about")


def _ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


def _tree(pid: int) -> list[int]:
    """A process and its descendants (uvicorn's workers, multiprocessing's helpers)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        found = subprocess.run(["pgrep", "-P", str(p)], capture_output=True, text=True).stdout.split()
        todo += [int(c) for c in found]
    return out


class Meter:
    """CPU seconds of the server's process tree and (PostgreSQL) of its database's backends, read from /proc."""

    def __init__(self, pid: int, pg_db: str | None) -> None:
        self.pid = pid
        self.pg = None
        if pg_db is not None:
            import psycopg

            self.pg = psycopg.connect(f"{PG_SERVER}/{pg_db}", autocommit=True)

    def read(self) -> tuple[dict[int, int], dict[int, int]]:
        server = {p: _ticks(p) for p in _tree(self.pid)}
        backends: dict[int, int] = {}
        if self.pg is not None:
            rows = self.pg.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND pid <> pg_backend_pid()").fetchall()  # fmt: skip
            backends = {int(r[0]): _ticks(int(r[0])) for r in rows}
        return server, backends

    @staticmethod
    def spent(before: dict[int, int], after: dict[int, int]) -> float:
        """CPU seconds between two readings (a process that started between them counts from zero)."""
        return sum(t - before.get(p, 0) for p, t in after.items()) / TICK

    def close(self) -> None:
        if self.pg is not None:
            self.pg.close()


@dataclass
class Tally:
    """What the blocks of one route measured."""

    requests: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # the server's process tree
    db_cpu: float = 0.0  # PostgreSQL's backends of this database
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    health_cpu_per_request: list[float] = field(default_factory=list)  # the health blocks either side


def block(base: str, route: str, demo: Demo, count: int, threads: int, meter: Meter, tally: Tally) -> float:
    """`count` requests of `route` from `threads` clients; adds to `tally`; returns CPU seconds per request."""
    ask = REQUESTS[route]
    clients = [httpx.Client(base_url=base, timeout=120) for _ in range(threads)]
    tokens: list[str] = []
    for c in clients:  # open each connection (and read a form's CSRF token) before the timed block
        page = c.get(CSRF_FROM.get(route, "/api/health"))
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        tokens.append(found.group(1) if found else "")
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    done = tally.requests  # numbers the requests across blocks (a sign-up's firm name is never used twice)

    def worker(n: int) -> None:
        for i in range(n, count, threads):
            call: Call = ask(demo, done + i)
            kwargs = dict(call.kwargs)
            if route in CSRF_FROM:
                kwargs["data"] = {**kwargs["data"], "csrf": tokens[n]}
            start = time.perf_counter()
            res = clients[n].request(call.method, call.url, **kwargs)
            latencies.append(time.perf_counter() - start)
            statuses[res.status_code if res.status_code == call.expect else -res.status_code] += 1

    before = meter.read()
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    elapsed = time.perf_counter() - start
    after = meter.read()
    for c in clients:
        c.close()
    cpu = Meter.spent(before[0], after[0])
    tally.requests += count
    tally.seconds += elapsed
    tally.cpu += cpu
    tally.db_cpu += Meter.spent(before[1], after[1])
    tally.latencies += latencies
    tally.statuses.update(statuses)
    return cpu / count


def measure(base: str, routes: list[str], demo: Demo, args: argparse.Namespace, meter: Meter) -> dict[str, Tally]:
    """Rounds of H R1 H R2 … Rk H (the second round in reverse order): each route's share of N a round, each health
    block twice that (it costs little time, and its CPU, a third of a millisecond a request, needs the clock ticks)."""
    tallies = {r: Tally() for r in [HEALTH, *routes]}
    per_round = max(1, args.requests // args.rounds)
    per_health = HEALTH_BLOCK * per_round
    for k in range(args.rounds):
        order = routes if k % 2 == 0 else routes[::-1]
        last = block(base, HEALTH, demo, per_health, args.threads, meter, tallies[HEALTH])
        for route in order:
            for i in range(args.warmup):  # caches filled and imports done: the steady state is what is budgeted
                call = REQUESTS[route](demo, i)
                if route not in CSRF_FROM:
                    httpx.request(call.method, base + call.url, timeout=120, **call.kwargs)
            count = max(args.threads, round(per_round * SHARE.get(route, 1.0)))
            block(base, route, demo, count, args.threads, meter, tallies[route])
            nxt = block(base, HEALTH, demo, per_health, args.threads, meter, tallies[HEALTH])
            tallies[route].health_cpu_per_request += [last, nxt]
            last = nxt
            print(f"  {route}: {tallies[route].cpu / max(1, tallies[route].requests) * 1000:.2f} ms CPU/request",
                  file=sys.stderr)  # fmt: skip
    return tallies


def summarize(tallies: dict[str, Tally]) -> dict[str, dict[str, Any]]:
    """Per route: requests/s, p50, p99, CPU ms/request, its ratio to the neighbouring health blocks, statuses."""
    health = tallies[HEALTH]
    health_cpu = health.cpu / health.requests
    rows: dict[str, dict[str, Any]] = {}
    for route, t in tallies.items():
        ordered = sorted(t.latencies)
        cpu = t.cpu / t.requests
        # The health blocks either side of this route's; the whole run's when those were too short to tick.
        reference = statistics.mean(t.health_cpu_per_request or [0.0]) or health_cpu
        rows[route] = {
            "requests": t.requests,
            "rps": t.requests / t.seconds,
            "p50_ms": 1000 * statistics.median(ordered),
            "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
            "cpu_ms": 1000 * cpu,
            "db_cpu_ms": 1000 * t.db_cpu / t.requests,
            "ratio": cpu / reference if reference > 0 else math.inf,
            "statuses": dict(t.statuses),
        }
    return rows


def budget_for(ratio: float) -> float:
    """HEADROOM × the ratio, rounded up: to 0.5 below 5, to 1 below 20, to 5 above."""
    x = HEADROOM * ratio if math.isfinite(ratio) else 1000.0
    step = 0.5 if x < 5 else 1.0 if x < 20 else 5.0
    return max(1.0, math.ceil(x / step) * step)


def verdicts(rows: dict[str, dict[str, Any]], budgets: dict[str, float]) -> dict[str, str]:
    """Per route: "ok", or what is wrong (a status not expected, a 5xx, over budget, no budget)."""
    out = {}
    for route, row in rows.items():
        wrong = [f"{-s} {'server error' if s <= -500 else 'unexpected'}" for s in row["statuses"] if s < 0]
        if route != HEALTH:
            if route not in budgets:
                wrong.append("no budget")
            elif row["ratio"] > budgets[route]:
                wrong.append(f"over budget ({row['ratio']:.1f}× > {budgets[route]:g}×)")
        out[route] = "ok" if not wrong else "; ".join(wrong)
    return out


def check_routes(base: str, tmp: Path) -> list[str]:
    """The public routes to measure; exits loudly when a route has neither a request nor a reason to skip it."""
    from policyhub.web.app import create_app

    served = schema_names(httpx.get(f"{base}/openapi.json", timeout=60).json())
    pages = route_names(create_app(f"sqlite:///{tmp / 'routes.sqlite'}"))
    missing, stale = unaccounted(served | pages)
    if missing or stale:
        raise SystemExit(
            "route_table.py is out of date with the app:\n"
            + "\n".join(
                [f"  no request and no reason to skip: {r}" for r in missing] + [f"  not a route: {r}" for r in stale]
            )
        )
    return [r for r in REQUESTS if r != HEALTH]


def run_on(kind: str, args: argparse.Namespace) -> tuple[str, dict[str, dict[str, Any]]]:
    tmp = Path(tempfile.mkdtemp())
    name = f"ph_routes_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        db = f"sqlite:///{tmp / 'routes.sqlite'}"
    else:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        db = f"{PG_SERVER}/{name}"
    flags = ["--demo", "--no-access-log"] + (["--workers", str(args.workers)] if kind != "sqlite" else [])
    server, base = start_server(db, *flags)
    meter = Meter(server.pid, name if kind != "sqlite" else None)
    try:
        routes = [r for r in check_routes(base, tmp) if re.search(args.only, r)]
        demo = Demo.read(base, db, uuid.uuid4().hex[:6])
        print(f"{kind}: {len(routes)} routes, {len(SKIPPED)} skipped", file=sys.stderr)
        rows = summarize(measure(base, routes, demo, args, meter))
    finally:
        meter.close()
        server.terminate()
        server.wait(timeout=60)
        if kind != "sqlite":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name], check=False)
    return kind, rows


LABELS = {"sqlite": "SQLite, 1 process", "postgresql": "PostgreSQL, --workers {workers}"}


def report(results: list[tuple[str, dict[str, dict[str, Any]]]], budgets: dict[str, dict[str, float]],
           checks: dict[str, dict[str, str]], args: argparse.Namespace, machine: dict[str, str]) -> str:  # fmt: skip
    """The results file: the machine, then one table a database, then the routes left out."""
    lines = ["# Every public route: CPU per request under load, against its budget", "",
             f"`python benchmarks/route_budgets.py --requests {args.requests} --threads {args.threads} "
             f"--rounds {args.rounds} --db {args.db}`", ""]  # fmt: skip
    lines += [f"- {k}: {v}" for k, v in machine.items()]
    lines += [
        "",
        "CPU is the server's process tree (utime+stime from /proc) over each block, divided by its requests; "
        "the ratio divides it by `GET /api/health`'s in the blocks either side. The two PDFs made per request run "
        "a quarter of N.",
    ]
    for kind, rows in results:
        health = rows[HEALTH]
        db_col = kind != "sqlite"
        lines += ["", f"## {LABELS[kind].format(workers=args.workers)}", "",
                  f"Baseline `GET /api/health`: {health['cpu_ms']:.2f} ms CPU a request, {health['rps']:.0f} "
                  f"requests/s, p99 {health['p99_ms']:.1f} ms ({health['requests']} requests).", "",
                  "| route | CPU ms/request | ratio to health | budget | requests/s | p50 (ms) | p99 (ms) | "
                  + ("database CPU ms/request | " if db_col else "") + "statuses | verdict |",
                  "|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if db_col else "") + "---|---|"]  # fmt: skip
        for route, row in sorted(rows.items(), key=lambda kv: -kv[1]["ratio"]):
            if route == HEALTH:
                continue
            budget = budgets.get(kind, {}).get(route)
            statuses = ", ".join(f"{abs(s)}{'' if s > 0 else ' (unexpected)'}: {n}" for s, n in row["statuses"].items())
            lines.append(f"| `{route}` | {row['cpu_ms']:.2f} | {row['ratio']:.1f}× | "
                         f"{'—' if budget is None else f'{budget:g}×'} | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
                         f"{row['p99_ms']:.1f} | " + (f"{row['db_cpu_ms']:.2f} | " if db_col else "")
                         + f"{statuses} | {checks[kind][route]} |")  # fmt: skip
    lines += ["", "## Skipped", ""] + [f"- `{r}`: {why}" for r, why in sorted(SKIPPED.items())]
    return "\n".join(lines) + "\n"


def machine_facts() -> dict[str, str]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    return {"machine": platform.platform(), "processor": platform.processor() or platform.machine(),
            "cores": str(os.cpu_count()), "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": commit.stdout.strip() or "?",
            "load average before": " ".join(f"{x:.2f}" for x in os.getloadavg())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="N: requests per route (and per health block)")
    parser.add_argument("--threads", type=int, default=8, help="C: concurrent client threads (httpx)")
    parser.add_argument("--rounds", type=int, default=2, help="N is split over this many rounds (alternate orders)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests before a route's block")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers on PostgreSQL")
    parser.add_argument("--only", default="", help="a regular expression: measure only the routes it finds")
    parser.add_argument("--budgets", type=Path, default=HERE / "route_budgets.json")
    parser.add_argument(
        "--write-budgets",
        action="store_true",
        help=f"set each budget to {HEADROOM:g}× this run's ratio, rounded up, and write them",
    )
    parser.add_argument("--out", type=Path, default=HERE / "route_results.md")
    args = parser.parse_args()
    machine = machine_facts()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = [run_on(kind, args) for kind in kinds]
    machine["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    stored: dict[str, Any] = json.loads(args.budgets.read_text(encoding="utf-8")) if args.budgets.exists() else {}
    budgets: dict[str, dict[str, float]] = stored.get("budgets", {})
    if args.write_budgets:
        for kind, rows in results:
            budgets[kind] = {**budgets.get(kind, {}),
                             **{r: budget_for(row["ratio"]) for r, row in rows.items() if r != HEALTH}}  # fmt: skip
        stored["budgets"] = {k: dict(sorted(v.items())) for k, v in sorted(budgets.items())}
        args.budgets.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    checks = {kind: verdicts(rows, budgets.get(kind, {})) for kind, rows in results}
    text = report(results, budgets, checks, args, machine)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    failed = [f"{kind} {route}: {v}" for kind, c in checks.items() for route, v in c.items() if v != "ok"]
    if failed:
        print("FAILED:\n  " + "\n  ".join(failed), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
