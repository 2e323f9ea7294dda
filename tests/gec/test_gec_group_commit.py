"""Group commit: commands applied together share a transaction, each in its own savepoint with its own entry."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from gec_helpers import AT, ok, refused, uscc
from trading_helpers import list_, market

from policyhub.gec.adapters import fast
from policyhub.gec.adapters import tables as t
from policyhub.gec.audit import audit
from policyhub.gec.prepared import Prepared
from policyhub.gec.registry import Registry
from policyhub.gec.service import HANDLERS
from policyhub.gec.service.context import Ctx, refuse


def clock() -> datetime:
    return datetime.fromisoformat(AT)


def buy(account: str, quantity: int, platform: str = "BJ") -> dict[str, object]:
    return {"op": "buy", "account": account, "listing": "L1", "platform": platform, "quantity": quantity}


def test_a_refused_command_in_the_middle_of_a_group_rolls_back_only_itself(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        market(r)
        ok(list_(r, quantity=100))
        head = len(r.journal(limit=10**6))
        # 60 + 50 oversells the listing of 100: the second buy is refused, the first and third stand.
        results = r.apply_many([buy("B1", 60), buy("B1", 50), buy("B1", 40), {"op": "nonsense"}])
        ok(results[0])
        refused(results[1], "insufficient_quantity")
        ok(results[2])
        refused(results[3], "unknown_op")
        assert [results[0]["entry"], results[2]["entry"]] == [head + 1, head + 2]  # no gap for the refusal
        listing = r.listing("L1")
        assert listing["sold"] == 100 and listing["remaining"] == 0
        assert sorted(t["quantity"] for t in listing["trades"]) == [40, 60]
        journal = r.journal(limit=10**6)
        assert len(journal) == head + 2 and journal[-1]["prev_hash"] == journal[-2]["hash"]
        report = audit(r)
        assert report["ok"], report["problems"]


def test_a_duplicate_creation_inside_a_group_is_done_once(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        market(r)
        listing = {"op": "list", "listing": "L2", "account": "S1", "quantity": 10, "price": "5.00", "platforms": ["BJ"]}
        first, again, other = r.apply_many([listing, listing, {**listing, "price": "6.00"}])
        assert ok(first)["entry"] == again["entry"] and again["duplicate"] is True
        refused(other, "already_exists")
        report = audit(r)
        assert report["ok"], report["problems"]


def _hold_writer_lock(url: str) -> tuple[sa.Connection, sa.Engine]:
    """Another session holds the journal head: the registry's writer waits behind it."""
    engine = sa.create_engine(url)
    conn = engine.connect()
    if engine.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.begin()
        conn.exec_driver_sql("SELECT head_seq FROM gec_meta WHERE id = 1 FOR UPDATE")
    return conn, engine


def test_commands_arriving_together_are_written_as_one_group(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        market(r)
        for w in range(6):
            ok(r.apply({"op": "open_account", "account": f"W{w}", "kind": "buyer", "name": f"买方{w}",
                        "id_doc": uscc(f"9133010{w}MA2ABCD01")}))  # fmt: skip
        ok(list_(r, quantity=50))
        prepared = [r.prepare(buy(f"W{w}", 10)) for w in range(6)]
        assert all(isinstance(p, Prepared) for p in prepared)
        held, engine = _hold_writer_lock(reg_url)
        results: dict[int, dict[str, object]] = {}

        def send(i: int) -> None:
            [results[i]] = r.submit([prepared[i]])  # type: ignore[list-item]

        threads = [threading.Thread(target=send, args=(0,))]
        threads[0].start()
        time.sleep(0.3)  # the writer has taken the first and waits for the lock; the others queue behind it
        threads += [threading.Thread(target=send, args=(i,)) for i in range(1, 6)]
        for t in threads[1:]:
            t.start()
        time.sleep(0.3)
        held.rollback() if engine.dialect.name == "postgresql" else held.exec_driver_sql("ROLLBACK")
        held.close()
        engine.dispose()
        for t in threads:
            t.join(timeout=30)
        assert list(r.committer().groups)[-2:] == [1, 5]
        # 50 listed, 6 × 10 asked: exactly one buy of the group is refused, the rest of its group commits.
        assert sum(1 for res in results.values() if res["ok"]) == 5
        assert r.listing("L1")["remaining"] == 0
        report = audit(r)
        assert report["ok"], report["problems"]


def test_buyers_through_the_queue_from_many_threads_never_oversell(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        market(r)
        ok(list_(r, quantity=300))
        outcomes: list[dict[str, object]] = []
        lock = threading.Lock()

        def worker(account: str) -> None:
            for _ in range(25):
                p = r.prepare(buy(account, 7))
                assert isinstance(p, Prepared)
                [res] = r.submit([p])
                with lock:
                    outcomes.append(res)

        threads = [threading.Thread(target=worker, args=(a,)) for a in ("B1", "B2", "B1", "B2", "B1", "B2")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        sold = sum(int(o["quantity"]) for o in outcomes if o["ok"])  # type: ignore[call-overload]
        assert sold == 300 // 7 * 7 and r.listing("L1")["remaining"] == 300 - sold
        assert all(o["ok"] or o["error"]["code"] == "insufficient_quantity" for o in outcomes)  # type: ignore[index]
        report = audit(r)
        assert report["ok"], report["problems"]


def test_a_mandate_revoked_while_a_platform_buy_waits_is_caught_when_the_buy_is_applied(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        market(r)
        ok(list_(r, quantity=100))
        ok(r.apply({"op": "mandate", "account": "B1", "platform": "BJ"}))
        platform = {"role": "platform", "token": 7, "account": None, "platform": "BJ"}
        queued = r.prepare(buy("B1", 10), platform)  # authorised at the edge while the mandate stood
        assert isinstance(queued, Prepared)
        ok(r.apply({"op": "revoke_mandate", "account": "B1", "platform": "BJ"}))
        [late] = r.submit([queued])
        refused(late, "no_mandate")
        assert r.listing("L1")["remaining"] == 100
        ok(r.apply({"op": "mandate", "account": "B1", "platform": "BJ"}))
        ok(r.submit([r.prepare(buy("B1", 10), platform)])[0])  # type: ignore[list-item]
        report = audit(r)
        assert report["ok"], report["problems"]


def _freeze_then(fail: str) -> Any:
    """A `freeze` handler that changes the account, then is refused (`refuse`) or breaks a key (`key`)."""
    real = HANDLERS["freeze"]

    def handler(ctx: Ctx, cmd: Any) -> dict[str, Any]:
        result = real(ctx, cmd)
        if cmd.account == "B1":
            if fail == "refuse":
                raise refuse("测试：已冻结后拒绝 refused after writing", "test_refusal")
            row = {"seq": 1, "at": AT, "op": "x", "command": "{}", "result": "{}", "prev_hash": "0", "hash": "1"}
            fast.execute(ctx.conn, sa.insert(t.journal), row)  # entry 1 exists: the key refuses it
        return result

    return handler


@pytest.mark.parametrize("fail", ["refuse", "key"])
def test_a_command_failing_after_it_wrote_leaves_no_trace_and_its_neighbours_commit(
    reg_url: str, fail: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        market(r)
        ok(list_(r, quantity=100))
        head = len(r.journal(limit=10**6))
        monkeypatch.setitem(HANDLERS, "freeze", _freeze_then(fail))
        freeze = {"op": "freeze", "reason": "核查"}
        # B1's freeze fails after it froze B1: undone, B1's next buy goes through.
        results = r.apply_many([buy("B1", 30), {**freeze, "account": "B1"}, {**freeze, "account": "B2"}, buy("B1", 20)])
        ok(results[0])
        refused(results[1], "test_refusal" if fail == "refuse" else "conflict")
        ok(results[2])
        ok(results[3])
        assert [res["entry"] for res in (results[0], results[2], results[3])] == [head + 1, head + 2, head + 3]
        assert r.account("B1")["frozen"] is False
        assert r.account("B2")["frozen"] is True
        assert r.listing("L1")["sold"] == 50
        monkeypatch.undo()
        report = audit(r)
        assert report["ok"], report["problems"]


def test_a_writer_that_waited_for_the_head_never_dates_its_entry_before_the_one_just_committed(reg_url: str) -> None:
    # Two writers queue behind a held head; the first stamps later than the second's clock reads (a host whose clock
    # stepped back). The second, let in once the first commits, must still see the first's time.
    late, early = datetime.fromisoformat("2024-09-25T12:00:00+08:00"), datetime.fromisoformat(AT)

    def two_clocks() -> datetime:
        return late if threading.current_thread().name == "late" else early

    with Registry.open(reg_url, clock=two_clocks) as r:
        market(r)
        held, engine = _hold_writer_lock(reg_url)
        opened: dict[str, dict[str, Any]] = {}

        def open_one(name: str, account: str, doc: str) -> None:
            opened[name] = r.apply({"op": "open_account", "account": account, "kind": "buyer", "name": "买方",
                                    "id_doc": uscc(doc)})  # fmt: skip

        docs = {"late": ("W1", "9133010XMA2ABCD01"), "early": ("W2", "9133010YMA2ABCD01")}
        threads = [threading.Thread(target=open_one, name=name, args=(name, *docs[name])) for name in docs]
        for thread in threads:
            thread.start()
            time.sleep(0.3)  # each waits for the head in turn
        held.rollback() if engine.dialect.name == "postgresql" else held.exec_driver_sql("ROLLBACK")
        held.close()
        engine.dispose()
        for thread in threads:
            thread.join(timeout=30)
        first, second = ok(opened["late"])["entry"], ok(opened["early"])["entry"]
        assert second == first + 1
        times = {e["seq"]: e["at"] for e in r.journal(limit=10**6)}
        assert times[second] == times[first] == late.isoformat()
        report = audit(r)
        assert report["ok"], report["problems"]
