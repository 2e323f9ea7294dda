"""A firm's green-electricity accounts at size: 500 sites × 12 months and 2,000 claims, as a ratio in one run.

The registry is built through its own commands (accounts, 20 projects, 12 months of meter data and issuance, then
2,000 claims with purpose, consumer province and, for some, a site). The use file is written as CSV. Then, timed
in alternating blocks: the baseline — reading the same rows (the CSV parsed into rows, the account's claims read
from the database with their certificates by type) — and the report over them (the same reading, then placing
the claims and every figure, and the JSON written out). Medians of the blocks; the PDF once, for scale.
Run: python benchmarks/greenpower_bench.py [--sites 500] [--claims 2000] [--blocks 5] [--db sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from policyhub.gec.registry import Registry
from policyhub.greenpower import service
from policyhub.greenpower.usefile import read_use

PG_ADMIN = os.environ.get("POLICYHUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PROVINCES = ["江苏", "浙江", "山东", "广东", "云南", "四川", "内蒙古", "河北", "河南", "湖北"]
MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
PURPOSES = ["绿色电力消费声明", "消纳责任权重", "能耗双控", "碳排放核算", "产品碳足迹", "其他"]
AT = "2025-01-20T10:00:00+08:00"
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(body17: str) -> str:
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


def use_csv(sites: int, rng: random.Random) -> tuple[str, dict[str, str]]:
    """The firm's use file: every site every month; a tenth with green-power trade, a third per product."""
    where = {f"S{n:04d}": rng.choice(PROVINCES) for n in range(1, sites + 1)}
    lines = ["site,province,month,kwh,green_trade_kwh,product,output,output_unit"]
    for month in MONTHS:
        for site, province in where.items():
            kwh = rng.randint(50_000, 500_000)
            traded = rng.randint(0, kwh // 5) if rng.random() < 0.1 else ""
            product = (
                (rng.choice(["电解铝锭", "钢材", "光伏组件"]), rng.randint(10, 200), "t")
                if rng.random() < 0.3
                else ("", "", "")
            )
            lines.append(f"{site},{province},{month},{kwh},{traded},{product[0]},{product[1]},{product[2]}")
    return "\n".join(lines) + "\n", where


def build_registry(url: str, claims: int, where: dict[str, str], rng: random.Random) -> float:
    """Accounts, 20 projects issued for 12 months, then the claims; the seconds the claims took."""
    with Registry.open(url) as r:
        seller = {"op": "open_account", "account": "S1", "kind": "seller", "name": "某集团", "at": AT,
                  "id_doc": _uscc("91320000MA01ABCD1"), "province": "江苏", "gec_only_pledge": True}  # fmt: skip
        commands: list[dict[str, Any]] = [seller]
        for n in range(20):
            kind = ["wind", "pv", "hydro", "biomass"][n % 4]
            commands.append({"op": "register_project", "project": f"P{n:02d}", "owner": "S1", "name": f"电站{n}",
                             "type": kind, "province": "河北", "capacity_kw": 500_000, "commissioned": "2023-05-01",
                             "fully_market": True, "at": AT})  # fmt: skip
            commands += [{"op": "meter", "project": f"P{n:02d}", "month": m, "grid_kwh": 300_000_000, "self_kwh": 0,
                          "source": "grid", "at": AT} for m in MONTHS]  # fmt: skip
        commands += [{"op": "issue", "month": m, "at": AT} for m in MONTHS]
        for result in r.apply_many(commands):
            assert result["ok"], result
        sites = list(where)
        started = time.perf_counter()
        batch = []
        for n in range(claims):
            site = rng.choice(sites) if rng.random() < 0.3 else None
            province = where[site] if site else rng.choice(PROVINCES)
            month = rng.choice(MONTHS)
            batch.append({"op": "claim", "account": "S1", "claim": f"C{n:05d}", "quantity": rng.randint(20, 400),
                          "period": month if rng.random() < 0.7 else "2024", "beneficiary": "某集团",
                          "purpose": rng.choice(PURPOSES), "consumer_province": province, "site": site,
                          "month": month, "at": AT})  # fmt: skip
        for result in r.apply_many(batch):
            assert result["ok"], result
        return time.perf_counter() - started


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh SQLite file or PostgreSQL database, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite'}"
        return
    name = f"ph_gpbench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def run(kind: str, sites: int, claims: int, blocks: int, pdf: bool) -> dict[str, Any]:
    rng = random.Random(29)
    text, where = use_csv(sites, rng)
    data = text.encode()
    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
        claiming = build_registry(url, claims, where, rng)
        with Registry.open(url) as reg:

            def reading() -> Any:
                rows = read_use(data, "use.csv")
                return rows, service.claims_of_account(reg, "S1", rows)

            def reporting() -> str:
                rows, records = reading()
                kwh = reg.rules.kwh_per_certificate
                result = service.build(rows, records, year=2024, sector="电解铝", target="0.3",
                                       kwh_per_certificate=kwh, source={"account": "S1"})  # fmt: skip
                return json.dumps(result, ensure_ascii=False)

            base, full, parse, claim_read = [], [], [], []
            for _ in range(blocks):
                base.append(timed(reading)[0])
                full.append(timed(reporting)[0])
                parse.append(timed(lambda: read_use(data, "use.csv"))[0])
                claim_read.append(
                    timed(lambda rows=read_use(data, "use.csv"): service.claims_of_account(reg, "S1", rows))[0]
                )
            _, body = timed(reporting)
            result = json.loads(body)
            pdf_seconds = None
            if pdf:
                from policyhub.greenpower.render import render_pdf

                pdf_seconds = timed(lambda: render_pdf(result))[0]
    b, f = statistics.median(base), statistics.median(full)
    warned: dict[str, int] = {}
    for w in result["warnings"]:
        warned[w["code"]] = warned.get(w["code"], 0) + 1
    return {
        "db": kind, "rows": sites * 12, "claims": len(result["claims"]), "reading_s": round(b, 3),
        "parse_s": round(statistics.median(parse), 3), "claims_read_s": round(statistics.median(claim_read), 3),
        "report_s": round(f, 3), "ratio": round(f / b, 2), "json_bytes": len(body),
        "pdf_s": None if pdf_seconds is None else round(pdf_seconds, 1), "claiming_s": round(claiming, 1),
        "green_share": result["total"]["green_share"], "warnings": warned,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--pdf", action="store_true", help="also render the PDF once")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for kind in kinds:
        print(json.dumps(run(kind, args.sites, args.claims, args.blocks, args.pdf), ensure_ascii=False))


if __name__ == "__main__":
    main()
