"""The report's cancellations and claims read by index (migration 0010) equal a count over every row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from gec_helpers import AT, BUYER2_DOC, buyer, meter, ok, project, seller

from policyhub.gec.adapters import schema_v9
from policyhub.gec.registry import Registry
from policyhub.gec.report import report
from policyhub.gec.report_release import previous_month

MONTHS = ["2024-09", "2024-10", "2024-11", "2025-12", "2026-01", "2026-02", "2026-03"]
PLATFORMS = [None, "BJ", "GZ", "CGEC"]


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def _claim(r: Registry, account: str, n: int, at: str, **extra: str) -> None:
    ok(r.apply({"op": "claim", "account": account, "quantity": n, "beneficiary": "某制造企业", "period": "2023/2024",
                "at": at, **extra}))  # fmt: skip


def history(r: Registry) -> None:
    """P1 issued for 2023-12 and 2024-01 (valid to 2025-12-31, 第二十四条), 2024-02 (to 2026-01-31), 2024-03 (to
    2026-02-28) and 2024-04 (to 2026-03-31); B1 buys 200 on BJ, 20 on CGEC and 100 on GZ, B2
    150 on GZ (oldest expiry first); claims a second either side of month
    ends; `expire` at 2025-12-31 (nothing), 2026-01-01 and 2026-02-01; 2024-03's certificates left live lapse in
    March 2026, when the registry's clock stops (2026-03-05)."""
    seller(r)
    buyer(r)
    buyer(r, "B2", BUYER2_DOC)
    project(r, "P1")
    for month in ("2023-12", "2024-01", "2024-02", "2024-03", "2024-04"):
        ok(meter(r, "P1", month, 100_000, 0))
        ok(r.apply({"op": "issue", "month": month, "at": AT}))
    ok(r.apply({"op": "list", "listing": "L1", "account": "S1", "quantity": 500, "price": "5.00",
                "platforms": ["CGEC", "BJ", "GZ"], "at": AT}))  # fmt: skip
    for account, platform, n in (("B1", "BJ", 200), ("B2", "GZ", 150), ("B1", "CGEC", 20), ("B1", "GZ", 100)):
        ok(r.apply({"op": "buy", "account": account, "listing": "L1", "platform": platform, "quantity": n, "at": AT}))
    _claim(r, "B1", 7, "2024-09-30T23:59:59+08:00", purpose="能耗双控", consumer_province="广东")
    _claim(r, "B1", 5, "2024-10-01T00:00:00+08:00", consumer_province="广东")
    _claim(r, "B2", 3, "2024-10-31T23:59:59+08:00", purpose="产品碳足迹", consumer_province="江苏")
    _claim(r, "B2", 4, "2024-11-01T00:00:00+08:00")
    _claim(r, "B1", 2, "2025-12-31T23:59:59+08:00", purpose="碳排放核算")
    ok(r.apply({"op": "expire", "as_of": "2025-12-31", "at": "2025-12-31T23:59:59+08:00"}))
    ok(r.apply({"op": "expire", "as_of": "2026-01-01", "at": "2026-01-01T00:00:00+08:00"}))
    _claim(r, "B2", 6, "2026-01-31T23:59:59+08:00", purpose="消纳责任权重", consumer_province="北京")
    ok(r.apply({"op": "expire", "as_of": "2026-02-01", "at": "2026-02-01T00:00:00+08:00"}))
    _claim(r, "B1", 9, "2026-02-28T23:59:59+08:00", consumer_province="江苏")
    _claim(r, "B1", 1, "2026-03-05T10:00:00+08:00", purpose="其他")


def _rows(r: Registry, table: sa.Table) -> list[Any]:
    with r.engine.connect() as conn:
        return list(conn.execute(sa.select(table)))


def brute_force(r: Registry, month: str, platform: str | None) -> dict[str, Any]:
    """claimed, expired and claims by province and purpose, counted in Python over every row of every table."""
    from policyhub.gec.adapters import tables as t

    at = {int(j.seq): str(j.at) for j in _rows(r, t.journal)}
    ranges = sorted((int(x.serial_start), int(x.serial_end), int(x.trade)) for x in _rows(r, t.trade_ranges))
    venue = {int(x.trade): x.platform for x in _rows(r, t.trades)}

    def last_platform(start: int) -> str | None:
        holding = [(s, e, trade) for s, e, trade in ranges if s <= start]
        if not holding or holding[-1][1] <= start:
            return None
        return venue[holding[-1][2]]

    blocks = [b for b in _rows(r, t.blocks) if platform is None or last_platform(int(b.serial_start)) == platform]
    size = {"claimed": 0, "expired": 0}
    for b in blocks:
        if b.status in size and at[int(b.entry)][:7] == month:
            size[b.status] += int(b.serial_end) - int(b.serial_start)
    if f"{month}-01" <= r.today():
        size["expired"] += sum(int(b.serial_end) - int(b.serial_start) for b in blocks
                               if b.status == "live" and str(b.valid_until)[:7] == previous_month(month))  # fmt: skip
    by: dict[str, dict[str, int]] = {}
    for c in _rows(r, t.claims):
        if str(c.at)[:7] != month:
            continue
        n = int(c.quantity)
        if platform is not None:
            n = sum(int(b.serial_end) - int(b.serial_start) for b in blocks if b.claim == c.claim)
            if not n:
                continue
        row = by.setdefault(c.consumer_province or "-", {})
        row[str(c.purpose)] = row.get(str(c.purpose), 0) + n
    return {"claimed": size["claimed"], "expired": size["expired"], "claims_by_province_purpose": by}


def test_cancellations_and_claims_equal_a_count_over_every_row(reg: Registry) -> None:
    history(reg)
    seen = set()
    for month in MONTHS:
        for platform in PLATFORMS:
            rep = report(reg, month, platform)
            got = {k: rep[k] for k in ("claimed", "expired", "claims_by_province_purpose")}  # type: ignore[literal-required]
            assert got == brute_force(reg, month, platform), (month, platform)
            seen.add((rep["claimed"] > 0, rep["expired"] > 0))
    assert (True, False) in seen and (False, True) in seen  # the history has months of each
    # A second either side of midnight at a month's end falls in its own month (Beijing time, +08:00).
    claimed = {m: report(reg, m)["claimed"] for m in MONTHS}
    assert claimed == {"2024-09": 7, "2024-10": 8, "2024-11": 4, "2025-12": 2, "2026-01": 6, "2026-02": 9,
                       "2026-03": 1}  # fmt: skip
    lapsed_march = report(reg, "2026-03")["expired"]
    assert lapsed_march > 0 and report(reg, "2026-04")["expired"] == 0


def test_the_report_reads_no_whole_journal_claims_or_blocks_on_sqlite(migrated_sqlite_url: str) -> None:
    """SQLite plans without statistics (the registry never runs ANALYZE on these tables): the query's shape decides."""
    with Registry.open(migrated_sqlite_url) as r:
        history(r)
        statements: list[tuple[str, Any]] = []

        def seen(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
            statements.append((sql, params))

        sa.event.listen(r.engine, "before_cursor_execute", seen)
        for platform in (None, "BJ"):
            report(r, "2026-02", platform)
        sa.event.remove(r.engine, "before_cursor_execute", seen)
        plans = []
        with r.engine.connect() as conn:
            for sql, params in statements:
                if sql.lstrip().upper().startswith("SELECT"):
                    found = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
                    plans.extend(str(row[-1]) for row in found)
    for table in ("gec_journal", "gec_claims", "gec_blocks"):
        assert not [p for p in plans if p.startswith(f"SCAN {table}")], plans
    # Every block read is a search of an index by more than the status alone (not every claimed or live block).
    assert not [p for p in plans if p.startswith("SEARCH gec_blocks") and p.endswith("(status=?)")], plans
    assert any(schema_v9.JOURNAL_INDEX in p for p in plans) and any(schema_v9.CLAIMS_INDEX in p for p in plans)
    assert any(schema_v9.BLOCKS_INDEX in p for p in plans)


def test_migration_0010_upgrades_a_registry_with_rows_and_the_report_reads_the_same(db_url: str) -> None:
    with Registry.open(db_url) as r:
        history(r)
        before = [report(r, m, p) for m in MONTHS for p in PLATFORMS]
    engine = sa.create_engine(db_url)

    def indexes(conn: sa.Connection) -> set[str]:
        return {str(i["name"]) for table in schema_v9.INDEXES for i in sa.inspect(conn).get_indexes(table)}

    cfg = Config()
    cfg.set_main_option("script_location", "policyhub.gec:migrations")
    cfg.set_main_option("version_table", "gec_alembic_version")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
        assert not indexes(conn) & set(schema_v9.INDEXES.values())
    with Registry.open(db_url) as r:  # opening migrates to the head again, over the rows already there
        with r.engine.connect() as conn:
            assert indexes(conn) >= set(schema_v9.INDEXES.values())
        again = [report(r, m, p) for m in MONTHS for p in PLATFORMS]
    engine.dispose()
    assert again == before  # (a new registry's clock, today's date, judges these past months' lapses alike)
