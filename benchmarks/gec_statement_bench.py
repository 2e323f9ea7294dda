"""Account statements of a large account, against reading the same rows in the same run.

    python benchmarks/gec_statement_bench.py --buys 80000 --claims 20000 --projects 1000 --db both

Builds, through the registry's own commands: a seller S1 with `--projects` projects issued for six months
(project_batch, meter_batch, issue), listings of 500, and a buyer B1 that buys one certificate buys + claims
times and claims one `--claims` times (apply_many, groups of 200). B1's statement then has buys + 2 × claims
movements, S1's six issuance movements and buys + claims sales. Measured, each the best of three:

- the statement's header (balances, counts: aggregates only) and the whole statement streamed as JSON and CSV
  (`gec statement --format json|csv` writes the same chunks), with the peak of Python memory while streaming;
- a one-month statement as the API answers it (at most 10,000 movements, built as one document);
- baseline: the same rows read bare (`SELECT * FROM gec_trades WHERE buyer = … / seller = …`, `gec_claims`),
  each turned into a dict, in the same run.

The ratio statement / baseline is the figure to keep; absolute times follow the machine's hour.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from policyhub.gec.cli_statement import json_chunks
from policyhub.gec.registry import Registry
from policyhub.gec.statement import open_statement, statement
from policyhub.gec.statement_render import csv_chunks

PG_ADMIN = os.environ.get("POLICYHUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
LOT = 500  # certificates per listing


def uscc(body17: str) -> str:
    total = sum(USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + USCC[(31 - total % 31) % 31]


def at(day: str, n: int = 0) -> str:
    return f"{day}T{10 + n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}+08:00"


def build(r: Registry, projects: int, buys: int, claims: int) -> None:
    """The history described above, every command through the registry (the journal and the audit hold it)."""
    start = "2024-07-01"
    r.apply({"op": "open_account", "account": "S1", "kind": "seller", "name": "发电集团", "province": "河北",
             "id_doc": uscc("91110000MA01ABCD1"), "gec_only_pledge": True, "at": at(start)})  # fmt: skip
    r.apply({"op": "open_account", "account": "B1", "kind": "buyer", "name": "制造企业",
             "id_doc": uscc("91310000MA1FL0000"), "at": at(start)})  # fmt: skip
    rows = [{"project": f"P{i}", "owner": "S1", "name": f"风电场{i}", "type": "wind", "province": "河北",
             "capacity_kw": 50000, "commissioned": "2022-05-01", "fully_market": True}
            for i in range(projects)]  # fmt: skip
    assert r.apply({"op": "project_batch", "rows": rows, "at": at(start, 1)})["ok"]
    per_project = -(-(buys + claims) // (projects * len(MONTHS))) + 1  # certificates enough for every buy and claim
    for n, month in enumerate(MONTHS):
        meters = [{"project": f"P{i}", "grid_kwh": per_project * 1000, "self_kwh": 0} for i in range(projects)]
        assert r.apply({"op": "meter_batch", "month": month, "rows": meters, "at": at(start, 10 + 2 * n)})["ok"]
        assert r.apply({"op": "issue", "month": month, "at": at(start, 11 + 2 * n)})["ok"]
    # Listings of LOT certificates: a buy reads every block its listing reserved, so one listing of all of them
    # would make each buy read thousands.
    lots = -(-(buys + claims) // LOT)
    listings = [{"op": "list", "listing": f"L{n}", "account": "S1", "quantity": LOT, "price": "5.00",
                 "platforms": ["CGEC", "BJ", "GZ"], "at": at(start, 100)} for n in range(lots)]  # fmt: skip
    assert all(x["ok"] for x in r.apply_many(listings))

    def commands() -> Iterable[dict[str, Any]]:
        day = ["2024-08-01", "2024-09-01", "2024-10-01"]
        per_day = -(-(buys + claims) // len(day))  # at most 50,400 a day: one a second from 10:00
        for k in range(buys + claims):
            when = at(day[k // per_day], k % per_day)
            yield {"op": "buy", "account": "B1", "listing": f"L{k // LOT}", "platform": "BJ", "quantity": 1,
                   "at": when}  # fmt: skip
            if k < claims:
                yield {"op": "claim", "account": "B1", "quantity": 1, "beneficiary": "制造企业", "period": "2024",
                       "at": when}  # fmt: skip

    refused = [x for x in r.apply_many(commands()) if not x["ok"]]
    assert not refused, refused[:3]


def best(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    out, times = None, []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def stream(r: Registry, account: str, first: str, last: str, fmt: str) -> int:
    """Write the whole statement as the CLI does (counted, not kept); the characters written."""
    written = 0
    with open_statement(r, account, first, last) as st:
        chunks = json_chunks(st.header, st.movements()) if fmt == "json" else csv_chunks(st.header, st.movements())
        for chunk in chunks:
            written += len(chunk)
    return written


def peak_memory(fn: Callable[[], Any]) -> int:
    """The peak of Python's own allocations while `fn` runs (a run of its own: tracing slows everything)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bare(r: Registry, account: str) -> int:
    """The same rows read plainly: the account's trades (both sides) and claims, each as a dict."""
    n = 0
    with r.engine.connect() as conn:
        for q in (
            sa.text("SELECT * FROM gec_trades WHERE buyer = :a OR seller = :a ORDER BY trade"),
            sa.text("SELECT * FROM gec_claims WHERE account = :a ORDER BY number"),
        ):
            for row in conn.execute(q.execution_options(yield_per=1000), {"a": account}):
                n += len(dict(row._mapping))
    return n


def measure(url: str, label: str, args: argparse.Namespace, out: io.StringIO) -> None:
    r = Registry.open(url)
    t0 = time.perf_counter()
    build(r, args.projects, args.buys, args.claims)
    built = time.perf_counter() - t0
    out.write(f"\n### {label}\n\nBuilt in {built:.0f} s ({args.buys + args.claims:,} buys, {args.claims:,} claims, "
              f"{args.projects:,} projects × {len(MONTHS)} months).\n\n")  # fmt: skip
    out.write("| what | account | movements | time (best of 3) | vs bare rows | peak Python memory |\n")
    out.write("|---|---|---:|---:|---:|---:|\n")
    for account in ("B1", "S1"):
        base, _ = best(lambda a=account: bare(r, a))  # type: ignore[misc]
        head_t, head = best(lambda a=account: _header(r, a))  # type: ignore[misc]
        out.write(f"| header (balances and counts) | {account} | {head['count']:,} | {head_t * 1000:.0f} ms | "
                  f"{head_t / base:.2f}× | — |\n")  # fmt: skip
        for fmt in ("json", "csv"):
            run = lambda a=account, f=fmt: stream(r, a, "2024-07", "2024-12", f)  # noqa: E731
            t, chars = best(run)
            peak = peak_memory(run)
            out.write(f"| whole statement streamed as {fmt} ({chars / 1e6:.0f} M characters) | {account} | "
                      f"{head['count']:,} | {t:.2f} s | {t / base:.2f}× | {peak / 1e6:.1f} MB |\n")  # fmt: skip
        out.write(f"| bare rows (baseline) | {account} | — | {base:.2f} s | 1.00× | — |\n")
    t, doc = best(lambda: statement(r, "B1", "2024-10", "2024-10", limit=10**9))
    what = "one month as the API builds it (its 10,000 budget lifted)"
    out.write(f"| {what} | B1 | {doc['count']:,} | {t:.2f} s | — | — |\n")
    r.close()


def _header(r: Registry, account: str) -> dict[str, Any]:
    with open_statement(r, account, "2024-07", "2024-12") as st:
        return st.header


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buys", type=int, default=80_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--projects", type=int, default=1_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = io.StringIO()
    out.write(f"## Account statements ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})\n")
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            measure(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", "SQLite", args, out)
    if args.db in ("postgresql", "both"):
        name = f"ph_stbench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            measure(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", "PostgreSQL", args, out)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
    sys.stdout.write(out.getvalue())
    if args.out:
        args.out.write_text(out.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
