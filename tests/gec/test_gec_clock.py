"""The registry's own clock: callers over HTTP never set the time; the local tool's times are checked; every date
rule is judged in Beijing time."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from gec_helpers import live, meter, ok, refused, world

from cli_runner import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from policyhub.gec.registry import Registry

NOW = "2024-09-26T12:00:00+08:00"


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url, clock=lambda: datetime.fromisoformat(NOW)) as r:
        yield r


def test_a_time_without_an_offset_or_as_a_number_is_refused(reg: Registry) -> None:
    world(reg)
    before = live(reg, "S1")
    for at in ("2024-09-26T10:00:00", 1727316000, "yesterday"):
        claim = {"op": "claim", "account": "S1", "quantity": 1, "beneficiary": "x", "period": "2024", "at": at}
        refused(reg.apply(claim), "invalid_command")
    assert live(reg, "S1") == before


def test_the_journal_only_moves_forward_and_never_runs_ahead_of_the_clock(reg: Registry) -> None:
    world(reg)  # entries at 2024-09-25T10:00+08:00
    back = {"op": "claim", "account": "S1", "quantity": 1, "beneficiary": "x", "period": "2024"}
    refused(reg.apply({**back, "at": "2024-09-25T09:59:59+08:00"}), "at_before_journal")
    refused(reg.apply({**back, "at": "2024-09-26T12:05:01+08:00"}), "at_in_future")
    ok(reg.apply({**back, "at": "2024-09-26T12:04:59+08:00"}))  # within the 5 minutes a host's clock may drift
    # Without `at` the registry stamps its own time, never earlier than the entry before (the journal only moves
    # forward); `received` keeps the clock's own reading.
    assert ok(reg.apply(back))
    last = reg.journal(limit=100)[-1]
    assert last["at"] == "2024-09-26T12:04:59+08:00" and last["received"] == NOW


def test_a_clock_that_steps_back_never_dates_an_entry_before_the_one_before(reg_url: str) -> None:
    times = iter(["2024-09-26T12:00:00+08:00", "2024-09-26T11:59:00+08:00"])
    now = {"t": "2024-09-26T12:00:00+08:00"}
    with Registry.open(reg_url, clock=lambda: datetime.fromisoformat(now["t"])) as r:
        world(r)
        back = {"op": "claim", "account": "S1", "quantity": 1, "beneficiary": "x", "period": "2024"}
        for t in times:
            now["t"] = t
            ok(r.apply(back))
        ats = [e["at"] for e in r.journal(limit=100)]
        assert ats == sorted(ats) and ats[-1] == "2024-09-26T12:00:00+08:00"


def test_any_offset_is_brought_to_beijing_time_before_a_date_rule(reg: Registry) -> None:
    world(reg)
    # 2024-09-25T20:30-08:00 is 2024-09-26T12:30 in Beijing: still "now" within drift, and dated the 26th there.
    ok(reg.apply({"op": "claim", "account": "S1", "quantity": 1, "beneficiary": "x", "period": "2024",
                  "at": "2024-09-25T20:03:00-08:00"}))  # fmt: skip
    entry = reg.journal(limit=100)[-1]
    assert entry["at"] == "2024-09-26T12:03:00+08:00"


def test_a_plus_14_month_end_is_judged_in_beijing(reg_url: str) -> None:
    with Registry.open(reg_url, clock=lambda: datetime.fromisoformat("2024-10-02T00:00:00+08:00")) as r:
        world(r)
        # 2024-10-01T01:00+14:00 is 2024-09-30T19:00 in Beijing: September has not ended there yet.
        refused(meter(r, "P1", "2024-09", 5_000, 0, at="2024-10-01T01:00:00+14:00"), "month_not_ended")
        ok(meter(r, "P1", "2024-09", 5_000, 0, at="2024-10-01T00:00:00+08:00"))
        assert r.journal(limit=100)[-1]["at"] == "2024-10-01T00:00:00+08:00"


def test_gec_apply_refuses_a_time_before_the_journal_head(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    lines = [
        {"op": "open_account", "account": "B1", "kind": "buyer", "name": "买方", "id_doc": "11010519491231002X",
         "at": "2024-09-26T09:00:00+08:00"},
        {"op": "open_account", "account": "B2", "kind": "buyer", "name": "买方二", "id_doc": "110105194912310038",
         "at": "2024-09-25T09:00:00+08:00"},
        {"op": "open_account", "account": "B3", "kind": "buyer", "name": "买方三", "id_doc": "110105194912310054",
         "at": "2999-01-01T00:00:00+08:00"},
    ]  # fmt: skip
    file = tmp_path / "c.jsonl"
    file.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = run_cli("gec", "apply", str(file), "--db", db).stdout
    results = [json.loads(x) for x in out.splitlines()]
    assert results[0]["ok"] is True
    assert results[1]["error"]["code"] == "at_before_journal"
    assert results[2]["error"]["code"] == "at_in_future"
