"""Tamper evidence (第三十条): the chain and the replay catch edits made behind the registry's back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from gec_helpers import AT, issue, meter, ok, world

from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        world(r)
        ok(
            r.apply(
                {
                    "op": "claim",
                    "claim": "C1",
                    "account": "S1",
                    "quantity": 5,
                    "beneficiary": "x",
                    "period": "2024",
                    "at": AT,
                }
            )
        )
        yield r


def raw(r: Registry, sql: str) -> None:
    """Edit the database directly, bypassing every registry rule."""
    engine = sa.create_engine(r.engine.url)  # a plain engine: no registry hooks, no journal
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


def test_untouched_registry_passes_audit(reg: Registry) -> None:
    report = audit(reg)
    assert report["ok"] and report["chain_ok"] and report["replay_ok"]
    assert report["entries"] == len(reg.journal(limit=1000))


def test_a_changed_holder_is_reported_with_table_and_row(reg: Registry) -> None:
    first = min(int(b["first_code"][3:-1]) for b in reg.holdings("S1"))
    raw(reg, f"UPDATE gec_blocks SET holder = 'B1' WHERE serial_start = {first}")
    report = audit(reg)
    assert not report["ok"] and report["chain_ok"]
    hit = [p for p in report["problems"] if p.get("table") == "gec_blocks"]
    assert hit and hit[0]["key"] == [first] and "holder" in hit[0]["message"]


def test_a_changed_carry_is_reported(reg: Registry) -> None:
    raw(reg, "UPDATE gec_projects SET carry_t = carry_t + 1 WHERE project = 'P1'")
    report = audit(reg)
    assert any(p.get("table") == "gec_projects" and p["key"] == ["P1"] for p in report["problems"])


def test_a_flipped_byte_in_a_journal_entry_names_the_entry(reg: Registry) -> None:
    seq = next(e["seq"] for e in reg.journal() if e["op"] == "issue")
    raw(reg, f"UPDATE gec_journal SET result = replace(result, '\"issued\":', '\"issueD\":') WHERE seq = {seq}")
    report = audit(reg)
    assert not report["ok"] and not report["chain_ok"]
    assert report["problems"][0]["entry"] == seq and "hash mismatch" in report["problems"][0]["message"]


def test_a_deleted_journal_entry_breaks_the_chain(reg: Registry) -> None:
    raw(reg, "DELETE FROM gec_journal WHERE seq = 2")
    report = audit(reg)
    assert not report["chain_ok"]
    assert any(p["entry"] == 3 and p["where"] == "journal" for p in report["problems"])


def test_a_forged_extra_block_is_reported(reg: Registry) -> None:
    raw(
        reg,
        "INSERT INTO gec_blocks (serial_start, serial_end, project, month, kind, tradable, holder, status, traded, "
        "listing, claim, valid_until, entry) VALUES (900000, 900100, 'P1', '2024-08', 'tradable', TRUE, 'B1', "
        "'live', FALSE, NULL, NULL, '2026-07-31', 3)",
    )
    report = audit(reg)
    assert any(p.get("table") == "gec_blocks" and p["key"] == [900000] for p in report["problems"])


def test_flipping_a_byte_in_the_sqlite_file_with_sqlite3_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "reg.sqlite"
    with Registry.open(f"sqlite:///{path}") as r:
        world(r)
    con = sqlite3.connect(path)
    con.execute("UPDATE gec_claims SET beneficiary = 'y'")  # no claim: nothing changes
    con.execute("UPDATE gec_meter SET grid_kwh = grid_kwh + 1")
    con.commit()
    con.close()
    with Registry.open(f"sqlite:///{path}") as r:
        report = audit(r)
    assert not report["ok"]
    assert any(p.get("table") == "gec_meter" for p in report["problems"])


def test_tampered_batch_rows_are_caught_by_their_digest(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        world(r)
        from gec_helpers import project

        project(r, "P2")
        rows = [("P1", 5000, 0), ("P2", 7000, None)]
        ok(r.import_meter("2024-09", rows, at=_dt("2024-10-20T10:00:00+08:00")))
        issue(r, "2024-09", at="2024-10-25T10:00:00+08:00")
        assert audit(r)["ok"]
        raw(r, "UPDATE gec_batch_rows SET grid_kwh = 7001 WHERE project = 'P2'")
        report = audit(r)
        assert not report["ok"]
        assert any("batch rows altered" in p["message"] for p in report["problems"])


def test_audit_on_a_store_with_no_entries_is_ok(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        assert audit(r) == {"ok": True, "entries": 0, "chain_ok": True, "replay_ok": True, "anchors_ok": True,
                            "tokens_ok": True, "problems": [], "warnings": []}  # fmt: skip


def test_meter_changes_after_issuance_replay_identically(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        world(r)
        ok(meter(r, "P1", "2024-08", 2_400_000, 1_500, at="2024-10-01T10:00:00+08:00"))
        issue(r, "2024-08", at="2024-10-02T10:00:00+08:00")
        assert audit(r)["ok"]
        with r.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM gec_issuance")).scalar_one() == 3


def _dt(text: str):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(text)
