"""Benchmark: import a month's meter data and issue it for N projects, vs a bare bulk insert; verify codes/s.

Usage: python benchmarks/gec_issue_bench.py --projects 1000000 --db both --out benchmarks/gec_results.md
Not part of the test suite (size is a flag; the suite never runs this file).
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
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from policyhub.gec.audit import audit
from policyhub.gec.domain.codes import certificate_code
from policyhub.gec.domain.months import BEIJING
from policyhub.gec.registry import Registry

# Dated an hour ago, issuing last month: the registry refuses times ahead of its clock, and certificates of a
# month more than two years back would already read as expired (validity at read time, 第二十四条).
_NOW = (datetime.now(BEIJING) - timedelta(hours=1)).replace(microsecond=0)
AT = _NOW.isoformat()
_LAST = _NOW.date().replace(day=1) - timedelta(days=1)
MONTH = f"{_LAST.year:04d}-{_LAST.month:02d}"
PG_ADMIN = os.environ.get("POLICYHUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SELLERS = 1000


def uscc(body17: str) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(chars.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + chars[(31 - total % 31) % 31]


def project_rows(n: int) -> list[tuple[Any, ...]]:
    """N project records as `gec import-projects` reads them (project, owner, name, type, province, kW, day, …)."""
    types = ["distributed_pv"] * 7 + ["pv", "wind", "hydro"]
    # 1200 kW: up to 864 MWh in a month is plausible for it (1200 kW × 720 h), the readings stay below 805 MWh.
    return [(f"P{i:07d}", f"S{i % SELLERS}", f"项目{i}", types[i % 10], "河北", 1200.0, "2022-06-01", False)
            for i in range(n)]  # fmt: skip


def setup_projects(reg: Registry, n: int) -> float:
    """Sellers and N projects through the registry's own commands (audit replays the store); the import's seconds."""
    sellers = [
        {"op": "open_account", "account": f"S{s}", "kind": "seller", "name": f"发电企业{s}",
         "id_doc": uscc(f"9111000000{s:07d}"), "gec_only_pledge": True, "at": AT}
        for s in range(SELLERS)
    ]  # fmt: skip
    for res in reg.apply_many(sellers):
        assert res["ok"], res
    rows = project_rows(n)
    _settle(reg.engine)
    t0 = time.perf_counter()
    res = reg.import_projects(rows, at=datetime.fromisoformat(AT))  # type: ignore[arg-type]
    elapsed = time.perf_counter() - t0
    assert res["ok"], str(res)[:500]
    return elapsed


def plain_projects(engine: sa.Engine, n: int) -> float:
    """Seconds to bulk-insert the same project rows into a bare table (primary key only) of the same database."""
    rows = [(p, o, name, k, prov, kw, day, market) for p, o, name, k, prov, kw, day, market in project_rows(n)]
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS bench_plain_projects")
        conn.exec_driver_sql(
            "CREATE TABLE bench_plain_projects (project VARCHAR(64) PRIMARY KEY, owner VARCHAR(64), name VARCHAR(200), "
            "type VARCHAR(20), province VARCHAR(50), capacity_kw FLOAT, commissioned VARCHAR(10), fully_market BOOLEAN)"
        )
    _settle(engine)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        if conn.dialect.name == "sqlite":
            raw.executemany(f"INSERT INTO bench_plain_projects VALUES ({','.join('?' * 8)})", rows)
        else:
            with raw.cursor() as cur, cur.copy("COPY bench_plain_projects FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)
    return time.perf_counter() - t0


_COLS = ("project", "pid", "owner", "name", "type", "province", "capacity_kw", "commissioned", "fully_market",
         "grid_tradable", "carry_t", "carry_n")  # fmt: skip


def indexed_projects(engine: sa.Engine, n: int) -> float:
    """Seconds to write the import's own rows the import's way into a copy of gec_projects with all its indexes.

    Not the target's baseline: the floor that the registry's table itself sets, to tell its index maintenance
    apart from the import's own work (checks, the batch text and digest, the journal entry).
    """
    rows = [(p, i, o, name, k, prov, kw, day, market, True, 0, 0)
            for i, (p, o, name, k, prov, kw, day, market) in enumerate(project_rows(n), 1)]  # fmt: skip
    return _into_copy_of(engine, "gec_projects", _COLS, rows)


def indexed_blocks(engine: sa.Engine, n: int) -> float:
    """Seconds to write the bare insert's block rows into a copy of gec_blocks with all its indexes (the floor)."""
    return _into_copy_of(engine, "gec_blocks", _BLOCK_COLS, _block_rows(n))


def _into_copy_of(engine: sa.Engine, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> float:
    """Seconds to bulk-insert rows (COPY / executemany) into a new copy of a registry table, indexes and all.

    On PostgreSQL the copy also takes the table's storage parameters (gec_projects is filled to 45 %).
    """
    from policyhub.gec.adapters.repository import bulk_insert

    copy = f"bench_copy_of_{table}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {copy}")
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
            # LIKE leaves out storage parameters: gec_projects' fillfactor (room for issuance's carry updates).
            q = f"SELECT array_to_string(reloptions, ', ') FROM pg_class WHERE relname = '{table}'"
            options = conn.exec_driver_sql(q).scalar()
            if options:
                conn.exec_driver_sql(f"ALTER TABLE {copy} SET ({options})")
        else:
            q = f"SELECT sql FROM sqlite_master WHERE tbl_name = '{table}' AND sql IS NOT NULL"
            for (sql,) in conn.exec_driver_sql(q).all():
                conn.exec_driver_sql(sql.replace(table, copy))
    _settle(engine)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        bulk_insert(conn, copy, cols, rows)
    elapsed = time.perf_counter() - t0
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE {copy}")
    return elapsed


def _settle(engine: sa.Engine) -> None:
    """Start each timed write from clean buffers (PostgreSQL): the last step's dirty pages are not its cost."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("CHECKPOINT")


# What each statement of the issue command does, by how its SQL starts (service/issue.py).
_LABELS = (
    ("CREATE TEMP TABLE", "plan: effective figures per project (meter pivot, project, owner, issued so far, carry)"),
    ("INSERT INTO gec_issuance", "ledger: gec_issuance rows (kWh, carry in, certificates, first serial)"),
    ("INSERT INTO gec_blocks", "certificates: gec_blocks rows (one block per project and kind)"),
    ("UPDATE gec_projects", "carries: gec_projects carry and carry month (第十五条)"),
    ("ANALYZE", "statistics for the planner (PostgreSQL)"),
    ("INSERT INTO gec_journal", "journal entry"),
)


class StepTimer:
    """Seconds per kind of statement while it listens (cursor events), to show where an issue spends its time."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine, self._t0 = engine, 0.0
        self.totals: dict[str, float] = {}
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *args: Any) -> None:
        self._t0 = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        head = " ".join(statement.split())[:60]
        label = next((lab for prefix, lab in _LABELS if head.startswith(prefix)), "other (totals, head, checks)")
        self.totals[label] = self.totals.get(label, 0.0) + time.perf_counter() - self._t0

    def stop(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._before)
        sa.event.remove(self.engine, "after_cursor_execute", self._after)


_BLOCK_COLS = ("serial_start", "serial_end", "project", "month", "kind", "tradable", "holder", "status", "traded",
               "listing", "claim", "valid_until", "entry")  # fmt: skip


def _block_rows(n: int) -> list[tuple[Any, ...]]:
    """n rows shaped like an issued month's blocks (400 certificates each)."""
    return [
        (i * 400 + 1, i * 400 + 401, f"P{i:07d}", MONTH, "tradable", True, f"S{i % SELLERS}", "live", False, None,
         None, "2026-07-31", 7)
        for i in range(n)
    ]  # fmt: skip


def plain_insert(engine: sa.Engine, n: int) -> float:
    """Seconds to bulk-insert n block-shaped rows into a bare table (primary key only) of the same database."""
    rows = _block_rows(n)
    # The same key type as gec_blocks: on SQLite an INTEGER PRIMARY KEY is the rowid (no separate index).
    key = "INTEGER" if engine.dialect.name == "sqlite" else "BIGINT"
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS bench_plain")
        conn.exec_driver_sql(
            f"CREATE TABLE bench_plain (serial_start {key} PRIMARY KEY, serial_end BIGINT NOT NULL, "
            "project VARCHAR(64), month VARCHAR(7), kind VARCHAR(12), tradable BOOLEAN, holder VARCHAR(64), "
            "status VARCHAR(10), "
            "traded BOOLEAN, listing VARCHAR(64), claim VARCHAR(64), valid_until VARCHAR(10), entry BIGINT)"
        )
    t0 = time.perf_counter()
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        if conn.dialect.name == "sqlite":
            raw.executemany(f"INSERT INTO bench_plain VALUES ({','.join('?' * 13)})", rows)
        else:
            with raw.cursor() as cur, cur.copy("COPY bench_plain FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)
    return time.perf_counter() - t0


def run_one(url: str, n: int, samples: int) -> dict[str, Any]:
    """Set up, import, issue, compare, verify on one database."""
    reg = Registry.open(url)
    t_projects = setup_projects(reg, n)
    # The baselines three times each, alternating (this machine's speed wanders): their medians.
    plain, indexed = [], []
    for _ in range(3):
        plain.append(plain_projects(reg.engine, n))
        indexed.append(indexed_projects(reg.engine, n))
    t_plain_projects, t_indexed_projects = statistics.median(plain), statistics.median(indexed)
    with reg.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE bench_plain_projects")
    rnd = random.Random(42)
    # ≈400 certificates per project on average (4.7 billion a year / ~1 million projects / 12 months).
    readings = [
        (f"P{i:07d}", rnd.randint(1_000, 800_000), rnd.choice((0, 0, 0, rnd.randint(0, 5_000)))) for i in range(n)
    ]
    t0 = time.perf_counter()
    imp = reg.import_meter(MONTH, readings, at=datetime.fromisoformat(AT))
    t_import = time.perf_counter() - t0
    assert imp["ok"], imp
    steps = StepTimer(reg.engine)
    t0 = time.perf_counter()
    res = reg.apply({"op": "issue", "month": MONTH, "at": AT})
    t_issue = time.perf_counter() - t0
    steps.stop()
    assert res["ok"], res
    t_plain = plain_insert(reg.engine, res["blocks"])
    t_indexed_blocks = indexed_blocks(reg.engine, res["blocks"])
    top = res["issued"]
    codes = [certificate_code(rnd.randint(1, top), reg.rules) for _ in range(samples)]
    t0 = time.perf_counter()
    for code in codes:
        reg.verify(code)
    t_verify = time.perf_counter() - t0
    t0 = time.perf_counter()
    checked = audit(reg)
    t_audit = time.perf_counter() - t0
    assert checked["ok"], checked["problems"][:3]
    reg.close()
    return {
        "steps": steps.totals,
        "projects_s": t_projects,
        "plain_projects_s": t_plain_projects,
        "indexed_projects_s": t_indexed_projects,
        "plain_projects_runs": plain,
        "indexed_projects_runs": indexed,
        "audit_s": t_audit,
        "projects": n,
        "certificates": top,
        "blocks": res["blocks"],
        "import_s": t_import,
        "issue_s": t_issue,
        "plain_s": t_plain,
        "indexed_blocks_s": t_indexed_blocks,
        "verify_per_s": samples / t_verify,
        "samples": samples,
    }


def machine() -> list[str]:
    def sh(cmd: str) -> str:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.rstrip()

    pg = sh("psql -h 127.0.0.1 -U postgres -d test -tAc 'show server_version'") or "n/a"
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    return [
        f"- CPU: {cpu} (`nproc` = {sh('nproc')})",
        "- Memory (`free -h`):",
        "",
        "```",
        sh("free -h"),
        "```",
        "",
        f"- Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, PostgreSQL {pg}",
        f"- load average at the end: {sh('cat /proc/loadavg')}",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--projects", type=int, default=1_000_000)
    ap.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--samples", type=int, default=20_000, help="random codes to verify")
    ap.add_argument("--out", type=Path, default=None, help="write the markdown results here")
    args = ap.parse_args()
    results: dict[str, dict[str, Any]] = {}
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(dir=os.environ.get("GEC_BENCH_TMP")) as tmp:
            results["SQLite"] = run_one(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", args.projects, args.samples)
            print("SQLite", results["SQLite"], flush=True)
    if args.db in ("postgresql", "both"):
        name = f"gec_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            results["PostgreSQL"] = run_one(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", args.projects, args.samples)
            print("PostgreSQL", results["PostgreSQL"], flush=True)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    lines = [
        "# GEC registry benchmark",
        "",
        f"`python benchmarks/gec_issue_bench.py --projects {args.projects} --db {args.db}` "
        f"({datetime.now().strftime('%Y-%m-%d %H:%M')} UTC)",
        "",
        "| database | projects | certificates issued | blocks | meter import (s) | issue month (s) | "
        "bare bulk insert of the same rows (s) | issue / bare | import / bare | verify codes/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for db, r in results.items():
        lines.append(
            f"| {db} | {r['projects']:,} | {r['certificates']:,} | {r['blocks']:,} | {r['import_s']:.1f} | "
            f"{r['issue_s']:.1f} | {r['plain_s']:.1f} | {r['issue_s'] / r['plain_s']:.2f}× | "
            f"{r['import_s'] / r['plain_s']:.2f}× | {r['verify_per_s']:,.0f} |"
        )
    lines += [
        "",
        "| database | import-projects (s) | bare insert of the same project rows (s, median of 3) | "
        "import-projects / bare | the same writes into a copy of gec_projects with its indexes (s, median of 3) | "
        "import-projects / those writes | gec audit afterwards (s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for db, r in results.items():
        lines.append(
            f"| {db} | {r['projects_s']:.1f} | {r['plain_projects_s']:.1f} | "
            f"{r['projects_s'] / r['plain_projects_s']:.2f}× | {r['indexed_projects_s']:.1f} | "
            f"{r['projects_s'] / r['indexed_projects_s']:.2f}× | {r['audit_s']:.1f} (ok) |"
        )
    for db, r in results.items():
        lines += [
            "",
            f"Where the issue command's time goes ({db}; statements timed by cursor events; the bare insert above "
            "is one INSERT of the block rows alone):",
            "",
            "| step | seconds | × bare insert |",
            "|---|---:|---:|",
        ]
        for label, secs in sorted(r["steps"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {label} | {secs:.2f} | {secs / r['plain_s']:.2f}× |")
        lines.append(f"| (for comparison: the bare insert's rows into a copy of gec_blocks with its indexes) | "
                     f"{r['indexed_blocks_s']:.2f} | {r['indexed_blocks_s'] / r['plain_s']:.2f}× |")  # fmt: skip
        accounted = sum(r["steps"].values())
        lines.append(f"| Python, SQLAlchemy, commit (the rest) | {r['issue_s'] - accounted:.2f} | "
                     f"{(r['issue_s'] - accounted) / r['plain_s']:.2f}× |")  # fmt: skip
    lines += ["", "Machine:", "", *machine(), ""]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
