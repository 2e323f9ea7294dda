"""Benchmark: what the command desk's guards (issue 25) cost a buy, as a ratio against the code before them.

Usage: git worktree add --detach /tmp/before 715ff5d
       python benchmarks/gec_desk_bench.py --before /tmp/before --buys 4000 --rounds 3 --db both \
           --out benchmarks/gec_desk_results.md
Each measurement runs in a child process with one tree's sources first on the path, on a fresh database, the two
trees alternating within each round: buys of 1 certificate by one account holder, (a) through the desk (`Desk.submit`,
64 requests in flight, no key: the bounded fair queue and its bookkeeping) and (b) in groups of 200 through
`Registry.apply_prepared` (the keyed-answer hook in every group); and (c) the desk alone, its registry stubbed out,
so that its own CPU a request is not lost in the database's. No HTTP: the route's own checks are a
length comparison and a header lookup. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

PG_ADMIN = os.environ.get("POLICYHUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AT = "2024-09-25T10:00:00+08:00"
IN_FLIGHT = 64
GROUP = 200
AFTER = Path(__file__).resolve().parents[1]


def _world(buys: int) -> list[dict[str, Any]]:
    """A seller with one wind project issued for 2024-08, a buyer, and one listing of every certificate to buy."""
    sys.path.insert(0, str(Path(__file__).parent))
    from gec_issue_bench import uscc

    return [
        {"op": "open_account", "account": "S1", "kind": "seller", "name": "风电公司",
         "id_doc": uscc("91110000MA01ABCD1"), "province": "河北", "gec_only_pledge": True},
        {"op": "open_account", "account": "B1", "kind": "buyer", "name": "买方", "id_doc": uscc("91310000MA1FL0000")},
        {"op": "register_project", "project": "P1", "owner": "S1", "name": "P1 电站", "type": "wind",
         "province": "河北", "capacity_kw": 50000, "commissioned": "2022-05-01"},
        {"op": "meter", "project": "P1", "month": "2024-08", "grid_kwh": (buys + 10) * 1000, "self_kwh": 0,
         "source": "grid"},
        {"op": "issue", "month": "2024-08"},
        {"op": "list", "listing": "L1", "account": "S1", "quantity": buys + 10, "price": "5.00", "platforms": ["BJ"]},
    ]  # fmt: skip


def machinery(requests: int) -> tuple[float, float]:
    """The desk's own work a request, with the registry stubbed out: what its queue and bookkeeping cost."""
    from policyhub.access.roles import Actor, Role
    from policyhub.gec import desk as desk_module
    from policyhub.gec.prepared import Prepared

    class Stub:
        def submit(self, ready: list[Any]) -> list[dict[str, Any]]:
            return [{"ok": True}] * len(ready)

    desk_module.prepare_as = lambda *_: Prepared(None, {"actor": {}}, [], None)  # type: ignore[arg-type, assignment]
    actor = Actor(Role.account_holder, account="B1", token=1)
    desk = desk_module.Desk(Stub())  # type: ignore[arg-type]

    async def send() -> None:
        for first in range(0, requests, IN_FLIGHT):
            await asyncio.gather(*[desk.submit(lambda: actor, [{}]) for _ in range(min(IN_FLIGHT, requests - first))])

    start, cpu = time.perf_counter(), time.process_time()
    asyncio.run(send())
    desk.close()
    return requests / (time.perf_counter() - start), (time.process_time() - cpu) * 1e6 / requests


def child(url: str, mode: str, buys: int) -> tuple[float, float]:
    """Buys a second (wall clock) and CPU µs a buy (this process, every thread) in this process's tree (run with
    that tree's `src` first on the path). The CPU figure is the one to compare on a shared machine: the code under
    test is the process's own, and other processes' load moves the wall clock far more than it."""
    if mode == "machinery":
        return machinery(buys * 5)
    from policyhub.access.roles import Actor, Role
    from policyhub.gec.desk import Desk
    from policyhub.gec.registry import Registry

    fixed = datetime.fromisoformat(AT)
    registry = Registry.open(url, clock=lambda: fixed)
    try:
        for command in _world(buys):
            result = registry.apply(command)
            assert result["ok"], result
        buy = {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 1}
        actor = Actor(Role.account_holder, account="B1", token=1)
        start, cpu = time.perf_counter(), time.process_time()
        if mode == "desk":
            desk = Desk(registry)

            async def send() -> None:
                for first in range(0, buys, IN_FLIGHT):
                    calls = [desk.submit(lambda: actor, [buy]) for _ in range(min(IN_FLIGHT, buys - first))]
                    for answer in await asyncio.gather(*calls):
                        assert answer[0][0] == 200, answer

            asyncio.run(send())
            desk.close()
        else:
            prepared = [registry.prepare(buy, actor.journal()) for _ in range(buys)]
            for first in range(0, buys, GROUP):
                assert all(r["ok"] for r in registry.apply_prepared(prepared[first : first + GROUP]))  # type: ignore[arg-type]
        return buys / (time.perf_counter() - start), (time.process_time() - cpu) * 1e6 / buys
    finally:
        registry.close()


def _fresh(db: str, tmp: Path) -> tuple[str, Any]:
    """A fresh database URL and a function that drops it."""
    if db == "sqlite":
        path = tmp / f"{uuid.uuid4().hex}.sqlite"
        return f"sqlite:///{path}", lambda: None
    import sqlalchemy as sa

    name = f"ph_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


def measure(tree: Path, db: str, mode: str, buys: int, tmp: Path) -> tuple[float, float]:
    url, drop = ("-", lambda: None) if mode == "machinery" else _fresh(db, tmp)
    try:
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        cmd = [sys.executable, __file__, "--child", url, "--mode", mode, "--buys", str(buys)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
        found = json.loads(out.strip().splitlines()[-1])
        return float(found["rate"]), float(found["cpu_us"])
    finally:
        drop()


def _ratio(figures: dict[str, list[float]]) -> float:
    return statistics.median(figures["after"]) / statistics.median(figures["before"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--before", type=Path, default=Path("/tmp/before"))
    ap.add_argument("--buys", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="desk", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        rate, cpu_us = child(args.child, args.mode, args.buys)
        print(json.dumps({"rate": rate, "cpu_us": cpu_us}))
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from gec_issue_bench import machine

    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    commit = subprocess.run(["git", "-C", str(AFTER), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    lines = [f"# Command desk guards: a buy after ({commit}) against before ({args.before}), one run", "",
             f"{args.buys} buys of 1 certificate per measurement, {args.rounds} rounds, trees alternating. CPU: µs "
             "of this process's CPU (every thread) a buy, the figure to compare on a shared machine; wall: buys a "
             "second. Ratios are after / before of the medians.", "",
             "| database | path | CPU µs/buy before | CPU µs/buy after | CPU after / before | wall buys/s before "
             "| wall buys/s after | wall after / before |",
             "|---|---|---|---|---:|---|---|---:|"]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="gec-desk-bench-") as tmp:
        for db in dbs:
            for mode in ("machinery", "desk", "group") if db == dbs[0] else ("desk", "group"):
                runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
                for _ in range(args.rounds):
                    for name, tree in (("before", args.before), ("after", AFTER)):
                        runs[name].append(measure(tree, db, mode, args.buys, Path(tmp)))
                cpu = {k: [c for _, c in v] for k, v in runs.items()}
                wall = {k: [r for r, _ in v] for k, v in runs.items()}
                cells = [", ".join(f"{x:,.1f}" if x < 100 else f"{x:,.0f}" for x in figures) for figures in
                         (cpu["before"], cpu["after"], wall["before"], wall["after"])]  # fmt: skip
                path = {"machinery": "desk alone, registry stubbed (5× the requests)", "desk": "desk, 64 in flight",
                        "group": "groups of 200"}[mode]  # fmt: skip
                where = "—" if mode == "machinery" else db
                row = (f"| {where} | {path} | {cells[0]} | {cells[1]} | {_ratio(cpu):.3f} | {cells[2]} | {cells[3]} "
                       f"| {_ratio(wall):.3f} |")  # fmt: skip
                print(row, flush=True)
                lines.append(row)
    lines += ["", f"Run {datetime.now().isoformat(timespec='minutes')}:", "", *machine()]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
