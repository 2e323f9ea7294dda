"""The monthly report of a recent month on a registry with a long history, against a fixed cheap read.

    python benchmarks/gec_report_bench.py build --url sqlite:////tmp/rep.sqlite --months 30
    PYTHONPATH=/work/main/src python benchmarks/gec_report_bench.py time --url sqlite:////tmp/rep-main.sqlite
    PYTHONPATH=src python benchmarks/gec_report_bench.py time --url sqlite:////tmp/rep-branch.sqlite

`build` writes, through the registry's own commands (apply_many), a history of `--months` report months from
2024-01: a seller with `--projects` projects metered and issued every month (their 2023-12 certificates first,
valid to 2025-12-31 like everything produced before 2024), listings of 500, three buyers that buy one certificate
`--buys` times a month on BJ, GZ or CGEC and claim one `--claims` times a month (six purposes, five provinces),
and `expire` on the first of every month. Copy the file once built (or, on PostgreSQL, CREATE DATABASE … TEMPLATE)
so that the main branch's code and this branch's each read the same rows; opening migrates a copy to its code's
head.

`time` reads `report(registry, month)` nationally and for BJ for the last months (best of `--runs`), on a fixed
clock so the lapsed certificates are the same in every run, and the baseline `SELECT count(*) FROM gec_meta` and
`registry.state()` in the same run. Keep the ratio report / baseline; absolute times follow the machine's hour.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from policyhub.gec.registry import Registry
from policyhub.gec.report import report

USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LOT = 500
PLATFORMS = ("BJ", "GZ", "CGEC")
PURPOSES = ("绿色电力消费声明", "消纳责任权重", "能耗双控", "碳排放核算", "产品碳足迹", "其他")
PROVINCES = ("北京", "上海", "广东", "江苏", None)
CLOCK = datetime(2026, 7, 15, 4, 0, tzinfo=UTC)  # 2026-07-15 12:00 in Beijing: a fixed registry date


def uscc(body17: str) -> str:
    total = sum(USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + USCC[(31 - total % 31) % 31]


def add(month: str, n: int) -> str:
    y, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + n, 12)
    return f"{y:04d}-{m + 1:02d}"


def at(month: str, day: int, n: int = 0) -> str:
    return f"{month}-{day:02d}T{8 + n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}+08:00"


def history(r: Registry, months: int, projects: int, buys: int, claims: int) -> None:
    """The history described above."""
    ok = lambda res: res["ok"] or (_ for _ in ()).throw(AssertionError(res))  # noqa: E731
    first = "2024-01"
    ok(r.apply({"op": "open_account", "account": "S1", "kind": "seller", "name": "发电集团", "province": "河北",
                "id_doc": uscc("91110000MA01ABCD1"), "gec_only_pledge": True, "at": at(first, 1)}))  # fmt: skip
    for k, body in enumerate(("91310000MA1FL0000", "91440300MA5F00001", "91320000MA1MK0002")):
        ok(r.apply({"op": "open_account", "account": f"B{k}", "kind": "buyer", "name": f"制造企业{k}",
                    "id_doc": uscc(body), "at": at(first, 1)}))  # fmt: skip
    rows = [{"project": f"P{i}", "owner": "S1", "name": f"风电场{i}", "type": "wind", "province": "河北",
             "capacity_kw": 50000, "commissioned": "2022-05-01", "fully_market": True}
            for i in range(projects)]  # fmt: skip
    ok(r.apply({"op": "project_batch", "rows": rows, "at": at(first, 1, 1)}))
    per_project = -(-(buys + claims) // projects) + 1
    lot = 0
    for m in range(months):
        month = add(first, m)
        if month >= "2026-01":
            ok(r.apply({"op": "expire", "as_of": f"{month}-01", "at": at(month, 1)}))
        produced = add(month, -1)
        meters = [{"project": f"P{i}", "grid_kwh": per_project * 1000, "self_kwh": 0} for i in range(projects)]
        ok(r.apply({"op": "meter_batch", "month": produced, "rows": meters, "at": at(month, 2)}))
        ok(r.apply({"op": "issue", "month": produced, "at": at(month, 2, 1)}))
        lots = -(-buys // LOT)
        listings = [{"op": "list", "listing": f"L{lot + n}", "account": "S1",
                     "quantity": min(LOT, buys - n * LOT), "price": "5.00",
                     "month": produced, "platforms": list(PLATFORMS), "at": at(month, 2, 2)}
                    for n in range(lots)]  # fmt: skip
        refused = [x for x in r.apply_many(listings) if not x["ok"]]
        assert not refused, refused[:1]

        def commands(month: str = month, lot: int = lot) -> Iterable[dict[str, Any]]:
            for k in range(buys):
                when = at(month, 3 + k * 25 // buys, k % 40000)
                yield {"op": "buy", "account": f"B{k % 3}", "listing": f"L{lot + k // LOT}",
                       "platform": PLATFORMS[k % 3], "quantity": 1, "at": when}  # fmt: skip
                if k < claims:
                    province = PROVINCES[k % len(PROVINCES)]
                    yield {"op": "claim", "account": f"B{k % 3}", "quantity": 1, "beneficiary": "制造企业",
                           "period": "2023/2027", "purpose": PURPOSES[k % len(PURPOSES)], "at": when,
                           **({"consumer_province": province} if province else {})}  # fmt: skip

        refused = [x for x in r.apply_many(commands()) if not x["ok"]]
        assert not refused, refused[:3]
        lot += lots


def best(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    out, times = None, []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def timing(url: str, months: list[str], runs: int) -> dict[str, Any]:
    """Best-of-`runs` seconds of each report and of the baselines, and a digest of the reports' JSON."""
    r = Registry.open(url, clock=lambda: CLOCK)
    try:
        out: dict[str, Any] = {}
        with r.engine.connect() as conn:
            out["meta_count"] = best(lambda: conn.execute(sa.text("SELECT count(*) FROM gec_meta")).scalar(), runs)[0]
        out["state"] = best(r.state, runs)[0]
        digest = hashlib.sha256()
        for month in months:
            for platform in (None, "BJ"):
                t, rep = best(lambda m=month, p=platform: report(r, m, p), runs)  # type: ignore[misc]
                out[f"report {month} {platform or 'national'}"] = t
                digest.update(json.dumps(rep, ensure_ascii=False, sort_keys=True).encode())
        out["digest"] = digest.hexdigest()[:16]
        return out
    finally:
        r.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["build", "time"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--months", type=int, default=30)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--buys", type=int, default=3000)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--report-months", default="2026-05,2026-06")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.action == "build":
        r = Registry.open(args.url, clock=lambda: CLOCK)
        t0 = time.perf_counter()
        history(r, args.months, args.projects, args.buys, args.claims)
        r.close()
        print(json.dumps({"built_s": round(time.perf_counter() - t0, 1)}))
    else:
        print(json.dumps(timing(args.url, args.report_months.split(","), args.runs)))


if __name__ == "__main__":
    main()
