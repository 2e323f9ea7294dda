"""Benchmark: listing and buying throughput with a book of N listings, in process and over HTTP.

Usage: python benchmarks/gec_trade_bench.py --listings 100000 --buys 20000 --db both --http \
           --out benchmarks/gec_trade_results.md
Baseline (same run, same database): a bare transaction doing a buy's writes with no registry logic — read the
listing's reserved blocks by key, split one, insert the trade, its range and a journal row, bump a head row.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from gec_issue_bench import AT, MONTH, PG_ADMIN, SELLERS, machine, setup_projects, uscc

from policyhub.gec.registry import Registry

BUYERS = 200
PLATFORMS = ["CGEC", "BJ", "GZ"]


def setup(url: str, listings: int) -> Registry:
    """Sellers, buyers, projects (≈400 certificates each, two per listing) and one issued month: not measured."""
    reg = Registry.open(url)
    projects = max(listings * 2 // 3, 2 * SELLERS)  # every seller owns at least two projects
    setup_projects(reg, projects)
    people: list[dict[str, Any]] = []
    for b in range(BUYERS):
        people.append({"op": "open_account", "account": f"B{b}", "kind": "buyer", "name": f"买方{b}",
                       "id_doc": uscc(f"9131000000{b:07d}"), "at": AT})  # fmt: skip
        # The platforms buy for the buyers over HTTP: each holds their mandate.
        people += [{"op": "mandate", "account": f"B{b}", "platform": p, "at": AT} for p in PLATFORMS]
    for res in reg.apply_many(people):
        assert res["ok"], res
    rnd = random.Random(7)
    readings = [(f"P{i:07d}", rnd.randint(300_000, 500_000), 0) for i in range(projects)]
    assert reg.import_meter(MONTH, readings, at=datetime.fromisoformat(AT))["ok"]
    assert reg.apply({"op": "issue", "month": MONTH, "at": AT})["ok"]
    return reg


def list_book(reg: Registry, n: int, rnd: random.Random, prefix: str = "L") -> tuple[float, dict[str, list[str]]]:
    """Apply n list commands; seconds and each listing's platforms."""
    book: dict[str, list[str]] = {}
    # setup_projects gives seller s only projects of one type, types[s % 10]; those with s % 10 == 9 own hydro
    # (non-tradable, 第十四条), so they do not list.
    sellers = [f"S{s}" for s in range(SELLERS) if s % 10 != 9]
    t0 = time.perf_counter()
    for i in range(n):
        platforms = rnd.sample(PLATFORMS, rnd.randint(1, 3))
        name = f"{prefix}{i:06d}"
        res = reg.apply(
            {
                "op": "list",
                "listing": name,
                "account": sellers[i % len(sellers)],
                "quantity": rnd.randint(20, 120),
                "price": f"{rnd.randint(300, 1200) / 100:.2f}",
                "platforms": platforms,
                "at": AT,
            }
        )
        assert res["ok"], res
        book[name] = platforms
    return time.perf_counter() - t0, book


def buys(reg: Registry, book: dict[str, list[str]], n: int, rnd: random.Random) -> tuple[float, int]:
    """Apply n buys of 1–40 certificates from random listings on one of their platforms; seconds and trades."""
    names = list(book)
    done = 0
    t0 = time.perf_counter()
    for k in range(n):
        name = rnd.choice(names)
        res = reg.apply(
            {
                "op": "buy",
                "account": f"B{k % BUYERS}",
                "listing": name,
                "platform": rnd.choice(book[name]),
                "quantity": rnd.randint(1, 40),
                "at": AT,
            }
        )
        assert res["ok"] or res["error"]["code"] == "insufficient_quantity", res
        done += res["ok"]
    return time.perf_counter() - t0, done


def grouped_buys(
    reg: Registry, book: dict[str, list[str]], n: int, rnd: random.Random, group: int
) -> tuple[float, int]:
    """The same buys sent `group` at a time (a platform relaying a batch, or concurrent requests): group commit."""
    names = list(book)
    commands = []
    for k in range(n):
        name = rnd.choice(names)
        commands.append({"op": "buy", "account": f"B{k % BUYERS}", "listing": name, "platform": rnd.choice(book[name]),
                         "quantity": rnd.randint(1, 40), "at": AT})  # fmt: skip
    done = 0
    t0 = time.perf_counter()
    for first in range(0, n, group):
        prepared = [reg.prepare(cmd) for cmd in commands[first : first + group]]
        for res in reg.apply_prepared(prepared):  # type: ignore[arg-type]
            assert res["ok"] or res["error"]["code"] == "insufficient_quantity", res
            done += res["ok"]
    return time.perf_counter() - t0, done


def bare_buys(reg: Registry, n: int, rnd: random.Random) -> float:
    """The baseline: n transactions with a buy's reads and writes on copies of the tables, no registry logic."""
    eng = reg.engine
    pg = eng.dialect.name == "postgresql"
    big = "BIGINT"
    with eng.begin() as conn:
        for name in ("bench_blocks", "bench_trades", "bench_ranges", "bench_journal", "bench_head"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        conn.exec_driver_sql("CREATE TABLE bench_blocks AS SELECT * FROM gec_blocks WHERE listing IS NOT NULL")
        conn.exec_driver_sql("CREATE UNIQUE INDEX bench_blocks_pk ON bench_blocks (serial_start)")
        conn.exec_driver_sql("CREATE INDEX bench_blocks_listing ON bench_blocks (listing, status)")
        conn.exec_driver_sql(
            f"CREATE TABLE bench_trades (trade {big} PRIMARY KEY, seller VARCHAR(64), buyer VARCHAR(64), "
            "quantity BIGINT, price_fen BIGINT, platform VARCHAR(20), at VARCHAR(40))"
        )
        conn.exec_driver_sql(
            f"CREATE TABLE bench_ranges (serial_start {big} PRIMARY KEY, serial_end BIGINT, trade BIGINT)"
        )
        conn.exec_driver_sql(
            f"CREATE TABLE bench_journal (seq {big} PRIMARY KEY, command TEXT, result TEXT, hash VARCHAR(64))"
        )
        conn.exec_driver_sql("CREATE TABLE bench_head (id INTEGER PRIMARY KEY, seq BIGINT)")
        conn.exec_driver_sql("INSERT INTO bench_head VALUES (1, 0)")
        keys = [r[0] for r in conn.exec_driver_sql("SELECT DISTINCT listing FROM bench_blocks")]
    t0 = time.perf_counter()
    for k in range(1, n + 1):
        key = rnd.choice(keys)
        with eng.begin() as conn:
            conn.exec_driver_sql("SELECT seq FROM bench_head WHERE id = 1" + (" FOR UPDATE" if pg else ""))
            rows = conn.exec_driver_sql(
                "SELECT serial_start, serial_end FROM bench_blocks WHERE listing = %(k)s AND status = 'live'"
                if pg
                else "SELECT serial_start, serial_end FROM bench_blocks WHERE listing = ? AND status = 'live'",
                {"k": key} if pg else (key,),
            ).fetchall()
            if not rows or rows[0][1] - rows[0][0] < 2:
                continue
            s, e = rows[0]
            cut = s + 1
            p = "%s" if pg else "?"
            conn.exec_driver_sql(f"UPDATE bench_blocks SET serial_end = {p} WHERE serial_start = {p}", (cut, s))
            conn.exec_driver_sql(
                "INSERT INTO bench_blocks (serial_start, serial_end, project, month, kind, tradable, holder, status, "
                f"traded, listing, valid_until, entry) SELECT {p}, {p}, project, month, kind, tradable, holder, "
                f"status, traded, listing, valid_until, entry FROM bench_blocks WHERE serial_start = {p}",
                (cut, e, s),
            )
            conn.exec_driver_sql(
                f"UPDATE bench_blocks SET holder = 'B1', traded = {p}, listing = NULL WHERE serial_start = {p}",
                (True, s),
            )
            conn.exec_driver_sql(f"INSERT INTO bench_trades VALUES ({p}, 'S1', 'B1', 1, 500, 'BJ', {p})", (k, AT))
            conn.exec_driver_sql(f"INSERT INTO bench_ranges VALUES ({p}, {p}, {p})", (s, cut, k))
            conn.exec_driver_sql(
                f"INSERT INTO bench_journal VALUES ({p}, {p}, {p}, {p})", (k, "{}" * 60, "{}" * 80, "0" * 64)
            )
            conn.exec_driver_sql(f"UPDATE bench_head SET seq = {p} WHERE id = 1", (k,))
    elapsed = time.perf_counter() - t0
    with eng.begin() as conn:
        for name in ("bench_blocks", "bench_trades", "bench_ranges", "bench_journal", "bench_head"):
            conn.exec_driver_sql(f"DROP TABLE {name}")
    return elapsed


def read_book(reg: Registry) -> tuple[float, int]:
    """Page through the whole open book, 1,000 listings a page: seconds and listings read."""
    t0 = time.perf_counter()
    after, seen = "", 0
    while page := reg.listings(after=after, limit=1000):
        seen += len(page)
        after = page[-1]["listing"]
    return time.perf_counter() - t0, seen


def http_buys(
    url: str,
    book: dict[str, list[str]],
    n: int,
    threads: int,
    workers: int = 1,
    seconds: int = 8,
    connections: tuple[int, ...] = (4,),
) -> dict[str, dict[str, float]]:
    """Buys POSTed by platform tokens to `policyhub serve` on loopback, against /api/health in the same run."""
    from api_load import drive, drive_wrk, request_line, start_server

    def token(platform: str) -> str:
        cmd = ["policyhub", "admin", "token", "create", "--role", "platform", "--platform", platform, "--db", url]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()

    secrets = {p: token(p) for p in PLATFORMS}
    server, base = start_server(url, *(["--workers", str(workers)] if workers > 1 else []))
    try:
        rnd = random.Random(5)
        names = list(book)
        picks = [(name, rnd.choice(book[name])) for name in rnd.choices(names, k=n)]

        def buy(k: int) -> tuple[str, str, dict[str, object]]:
            name, platform = picks[k]
            cmd = {
                "op": "buy",
                "account": f"B{k % BUYERS}",
                "listing": name,
                "platform": platform,
                "quantity": 1 + k % 10,
            }  # fmt: skip  (no `at`: the registry stamps it)
            auth = {"Authorization": f"Bearer {secrets[platform]}"}
            return "POST", f"{base}/api/gec/commands", {"json": cmd, "headers": auth}

        def page(k: int) -> str:
            return f"{base}/api/gec/listings?platform={PLATFORMS[k % 3]}&limit=100&after={picks[k][0]}"

        health = drive(lambda k: f"{base}/api/health", n, threads)
        bought = drive(buy, n, threads)
        book_page = drive(page, n // 4, threads)
        # Then from wrk, a C client: the buys not yet sent (no listing is bought twice by the two clients' sets).
        more = [(name, rnd.choice(book[name])) for name in rnd.choices(names, k=12 * n)]
        lines = [
            request_line(
                "POST",
                "/api/gec/commands",
                secrets[platform],
                {
                    "op": "buy",
                    "account": f"B{k % BUYERS}",
                    "listing": name,
                    "platform": platform,
                    "quantity": 1 + k % 10,
                },
            )
            for k, (name, platform) in enumerate(more)
        ]
        out = {"health": health, "buy": bought, "book": book_page}
        for c in connections:  # each run's buys start where the last one's ended: no listing is bought twice
            wrk_health = drive_wrk(base, [request_line("GET", "/api/health")], seconds, c)
            wrk_buy = drive_wrk(base, lines, seconds, c)
            if wrk_health is None or wrk_buy is None:
                break
            out.update({f"wrk_health_{c}": wrk_health, f"wrk_buy_{c}": wrk_buy})
            lines = lines[int(wrk_buy["requests"]) :] + lines[: int(wrk_buy["requests"])]
    finally:
        server.terminate()
        server.wait(timeout=10)
    return out


def run_one(url: str, args: argparse.Namespace) -> dict[str, Any]:
    reg = setup(url, 2 * args.listings)  # certificates for two books
    rnd = random.Random(11)
    t_list, book = list_book(reg, args.listings, rnd)
    print(f"  listed {args.listings:,} in {t_list:.1f} s", flush=True)
    t_read, seen = read_book(reg)
    t_buy, trades = buys(reg, book, args.buys, rnd)
    print(f"  {trades:,} trades of {args.buys:,} buys in {t_buy:.1f} s", flush=True)
    # The grouped buys take a book of their own, listed the same way: both runs start from a full book.
    _, second = list_book(reg, args.listings, rnd, prefix="G")
    t_grouped, grouped = grouped_buys(reg, second, args.buys, rnd, args.group)
    print(f"  {grouped:,} trades of {args.buys:,} buys in groups of {args.group} in {t_grouped:.1f} s", flush=True)
    t_bare = bare_buys(reg, args.buys, rnd)
    out: dict[str, Any] = {
        "listings": args.listings,
        "list_s": t_list,
        "buys": args.buys,
        "trades": trades,
        "buy_s": t_buy,
        "grouped_s": t_grouped,
        "grouped_trades": grouped,
        "group": args.group,
        "bare_s": t_bare,
        "book_read_s": t_read,
        "book_seen": seen,
    }
    reg.close()
    if args.http:
        workers = 1 if url.startswith("sqlite") else args.workers  # SQLite has one writer: one process
        out["http"] = http_buys(url, book, args.http_buys, args.threads, workers, args.seconds, args.connections)
        out["workers"] = workers
    return out


def _http_table(title: str, h: dict[str, dict[str, float]], rows: list[tuple[str, str]]) -> list[str]:
    """A table of HTTP runs; the first row is the baseline the others are rated against."""
    base = h[rows[0][1]]["rps"]
    out = ["", title, "", "| request | requests/s | p50 (ms) | p99 (ms) | 200 | 409 refused | 5xx | rate vs health |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for label, key in rows:
        x = h[key]
        out.append(
            f"| {label} | {x['rps']:,.0f} | {x['p50_ms']:.1f} | {x['p99_ms']:.1f} | {x['ok']:,.0f} | "
            f"{x['refused']:,.0f} | {x['errors']:,.0f} | {x['rps'] / base:.2f}× |"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--listings", type=int, default=100_000)
    ap.add_argument("--buys", type=int, default=20_000)
    ap.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--http", action="store_true", help="also drive buys through `policyhub serve` (SQLite)")
    ap.add_argument("--http-buys", type=int, default=4000)
    ap.add_argument("--threads", type=int, default=4, help="client threads (httpx) and connections (wrk)")
    ap.add_argument("--seconds", type=int, default=8, help="duration of each wrk run")
    ap.add_argument(
        "--connections",
        type=lambda v: tuple(int(c) for c in v.split(",")),
        default=(4, 8, 16),
        help="wrk connections, one run each (comma-separated)",
    )
    ap.add_argument("--workers", type=int, default=2, help="`serve --workers` for the HTTP run on PostgreSQL")
    ap.add_argument("--group", type=int, default=200, help="buys per transaction in the group-commit run")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    results: dict[str, dict[str, Any]] = {}
    if args.db in ("sqlite", "both"):
        tmp = tempfile.mkdtemp(dir=os.environ.get("GEC_BENCH_TMP"))
        results["SQLite"] = run_one(f"sqlite:///{Path(tmp) / 'trade.sqlite'}", args)
        print("SQLite", results["SQLite"], flush=True)
    if args.db in ("postgresql", "both"):
        name = f"gec_trade_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            results["PostgreSQL"] = run_one(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", args)
            print("PostgreSQL", results["PostgreSQL"], flush=True)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    lines = [
        "# GEC trading benchmark",
        "",
        f"`python benchmarks/gec_trade_bench.py --listings {args.listings} --buys {args.buys} --db {args.db}"
        f"{' --http' if args.http else ''}` ({datetime.now().strftime('%Y-%m-%d %H:%M')} UTC)",
        "",
        "In process (one writer; each command validated and journaled with its hash; tokens are the HTTP layer's):",
        "",
        "| database | book | list (listings/s) | buys/s | bare buy writes (tx/s) | buy / bare | "
        "read whole book (listings/s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for db, r in results.items():
        buy_rate, bare_rate = r["buys"] / r["buy_s"], r["buys"] / r["bare_s"]
        lines.append(
            f"| {db} | {r['listings']:,} | {r['listings'] / r['list_s']:,.0f} | {buy_rate:,.0f} "
            f"({r['trades']:,} of {r['buys']:,} filled) | {bare_rate:,.0f} | {r['buy_s'] / r['bare_s']:.1f}× | "
            f"{r['book_seen'] / r['book_read_s']:,.0f} |"
        )
    lines += [
        "",
        "Group commit in process (the same kind of buys, `--group` per transaction, a journal entry each; run first "
        "without savepoints, pipelined on PostgreSQL), against the same bare baseline (one transaction per buy):",
        "",
        "| database | group size | buys/s | trades/s (filled buys) | bare buy writes (tx/s) | grouped / bare (rate) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for db, r in results.items():
        rate, bare_rate = r["buys"] / r["grouped_s"], r["buys"] / r["bare_s"]
        lines.append(
            f"| {db} | {r['group']} | {rate:,.0f} | {r['grouped_trades'] / r['grouped_s']:,.0f} "
            f"({r['grouped_trades']:,} of {r['buys']:,}) | {bare_rate:,.0f} | {rate / bare_rate:.2f}× |"
        )
    for db, r in results.items():
        if "http" in r:
            h = r["http"]
            over = (
                f"Over HTTP ({db}, `policyhub serve --workers {r['workers']}`, {args.threads} client threads on the "
                "same 2 cores; platform tokens; concurrent buys share transactions through the group-commit queue):"
            )
            rows = [("GET /api/health (baseline)", "health"), ("POST buy /api/gec/commands", "buy"),
                    ("GET /api/gec/listings page of 100", "book")]  # fmt: skip
            lines += _http_table(over, h, rows)
            for c in args.connections:
                if f"wrk_buy_{c}" not in h:
                    continue
                wrk = (
                    f"The same from wrk ({c} connections, {args.seconds} s each: a C client, so the figures are the "
                    "server's, not the client's):"
                )
                rows = [
                    ("GET /api/health (baseline)", f"wrk_health_{c}"),
                    ("POST buy /api/gec/commands", f"wrk_buy_{c}"),
                ]
                lines += _http_table(wrk, h, rows)
    lines += ["", "Machine:", "", *machine(), ""]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
