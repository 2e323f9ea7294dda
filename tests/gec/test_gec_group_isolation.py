"""A command's outcome in a group is its outcome alone: database errors and per-transaction objects stay its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gec_helpers import buyer, issue, meter, ok, project, seller
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_pool import base_world, clock, clone, drop, pool

from cli_runner import run_cli
from policyhub.gec.domain.commands import OPS
from policyhub.gec.registry import Registry

NOV = "2024-11-05T10:00:00+08:00"  # 2024-09 and 2024-10 have ended
DEC = "2024-12-05T10:00:00+08:00"


@pytest.fixture
def world_url(reg_url: str) -> Iterator[str]:
    """A database holding `base_world`, its registry closed (so it can be copied)."""
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
    yield reg_url


def _grouped_and_alone(url: str, commands: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """The same commands on two copies of one history: in groups (apply_many) and one by one (apply)."""
    copies = [clone(url), clone(url)]
    try:
        with Registry.open(copies[0], clock=clock) as grouped, Registry.open(copies[1], clock=clock) as alone:
            together = grouped.apply_many(commands)
            one_by_one = [alone.apply(cmd) for cmd in commands]
            assert grouped.journal(limit=10**6) == alone.journal(limit=10**6)  # the same entries, hashes and all
            assert grouped.state() == alone.state()
        return together, one_by_one
    finally:
        for copy in copies:
            drop(copy)


def test_the_pool_has_every_op_at_least_twice() -> None:
    ops = [cmd["op"] for cmd in pool()]
    assert {op for op in OPS if ops.count(op) < 2} == set()


def test_every_op_twice_in_one_group_is_applied_as_alone(world_url: str) -> None:
    commands = [cmd for cmd in pool() for _ in range(2)]
    together, one_by_one = _grouped_and_alone(world_url, commands)
    assert together == one_by_one
    assert all(r["error"]["code"] != "internal" for r in together if not r["ok"]), together
    applied = {cmd["op"] for cmd, r in zip(commands, together, strict=True) if r["ok"]}
    # The pool is no pool of refusals: most ops apply at least once here.
    assert {"issue", "claim", "buy", "list", "meter_batch", "open_account", "auction_clear"} <= applied


def test_two_issues_in_one_group_issue_both_months(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        seller(r)
        buyer(r)
        project(r)
        for month in ("2024-08", "2024-09", "2024-10"):
            ok(meter(r, "P1", month, 1_000_000 + int(month[-2:]) * 1000, 0, at=NOV))
        ok(r.apply({"op": "issue", "month": "2024-08", "at": NOV}))
        mandate = {"op": "mandate", "account": "B1", "platform": "BJ", "at": NOV}
        results = r.apply_many(
            [mandate, {"op": "issue", "month": "2024-09", "at": NOV}, {"op": "issue", "month": "2024-10", "at": NOV}]
        )
        assert [res["ok"] for res in results] == [True, True, True], results
        assert [res["issued"] for res in results[1:]] == [1009, 1010]
        assert r.state()["accounts"]["S1"]["live"] == 1008 + 1009 + 1010


def test_gec_apply_of_a_file_with_two_issues_and_commands_between_them_applies_every_line(
    reg_url: str, tmp_path: Path
) -> None:
    with Registry.open(reg_url) as r:
        seller(r)
        buyer(r)
        project(r)
        for month in ("2024-08", "2024-09", "2024-10", "2024-11"):
            ok(meter(r, "P1", month, 2_000_000, 0, at=DEC))
        issue(r, "2024-08", at=DEC)
    lines = [
        {"op": "mandate", "account": "B1", "platform": "BJ"},
        {"op": "issue", "month": "2024-10"},
        {"op": "list", "listing": "L1", "account": "S1", "quantity": 100, "price": "5.00", "platforms": ["BJ"]},
        {"op": "issue", "month": "2024-11"},
        {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 10},
        {"op": "issue", "month": "2024-09"},
    ]
    day = tmp_path / "day.jsonl"
    # Dated (the operator's local tool may): certificates of 2024 are past their validity by the host's clock.
    text = "\n".join(json.dumps({**line, "at": "2024-12-06T10:00:00+08:00"}, ensure_ascii=False) for line in lines)
    day.write_text(text + "\n", encoding="utf-8")
    done = run_cli("gec", "apply", str(day), "--db", reg_url, "--format", "json")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert [res["ok"] for res in results] == [True] * 6, results
    with Registry.open(reg_url) as r:
        accounts = r.state(as_of="2024-12-06")["accounts"]
        assert accounts["S1"]["live"] + accounts["B1"]["live"] == 4 * 2000


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(picks=st.lists(st.integers(min_value=0, max_value=len(pool()) - 1), min_size=2, max_size=24))
def test_any_group_of_commands_gives_each_its_outcome_alone(world_url: str, picks: list[int]) -> None:
    candidates = pool()
    commands = [candidates[i] for i in picks]
    together, one_by_one = _grouped_and_alone(world_url, commands)
    assert together == one_by_one


def _freeze_failing_for(account: str) -> Any:
    """A freeze handler whose statement fails in the database for one account (a bug, not an outage)."""
    from policyhub.gec.service import accounts

    def handler(ctx: Any, cmd: Any) -> dict[str, Any]:
        result = accounts.freeze(ctx, cmd)
        if cmd.account == account:
            ctx.conn.exec_driver_sql("SELECT no_such_column FROM gec_accounts")
        return result

    return handler


def test_a_database_error_in_one_command_refuses_it_alone_and_its_neighbours_commit(
    world_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from policyhub.gec.service import HANDLERS

    monkeypatch.setitem(HANDLERS, "freeze", _freeze_failing_for("B1"))
    freeze = {"op": "freeze", "reason": "核查"}
    with Registry.open(world_url, clock=clock) as r:
        head = len(r.journal(limit=10**6))
        results = r.apply_many([{**freeze, "account": "B2"}, {**freeze, "account": "B1"}, {**freeze, "account": "S2"}])
        assert [res["ok"] for res in results] == [True, False, True]
        assert results[1]["error"]["code"] == "internal"
        assert "no_such_column" not in results[1]["error"]["message"]  # the cause is the operator's, in the log
        assert [res["entry"] for res in (results[0], results[2])] == [head + 1, head + 2]
        assert (r.account("B1")["frozen"], r.account("B2")["frozen"], r.account("S2")["frozen"]) == (False, True, True)
        lone = r.apply({**freeze, "account": "B1"})
        assert lone["error"]["code"] == "internal"
        assert r.account("B1")["frozen"] is False
    assert sum("database error" in rec.getMessage() for rec in caplog.records) == 2  # once per refused command


def test_an_outage_is_the_databases_fault_and_a_statement_error_is_the_commands() -> None:
    import sqlite3

    import sqlalchemy as sa

    from policyhub.dbfaults import outage

    def wrapped(orig: Exception) -> sa.exc.DBAPIError:
        return sa.exc.DBAPIError.instance("SELECT 1", {}, orig, sqlite3.Error)

    assert outage(wrapped(sqlite3.OperationalError("database or disk is full")))
    assert outage(wrapped(sqlite3.OperationalError("attempt to write a readonly database")))
    assert outage(wrapped(sqlite3.OperationalError("database is locked")))
    assert not outage(wrapped(sqlite3.OperationalError("no such table: gec_tmp_issue")))
    assert not outage(wrapped(sqlite3.OperationalError("table gec_tmp_issue already exists")))
    assert not outage(wrapped(sqlite3.IntegrityError("UNIQUE constraint failed")))
