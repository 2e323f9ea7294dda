"""The service's command desk: requests queued together are resolved, authorised and written as one group."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from gec_helpers import AT, ok
from test_gec_group_commit import _hold_writer_lock
from trading_helpers import list_, market

from policyhub.access.roles import Actor, Role
from policyhub.errors import Unauthorized
from policyhub.gec.audit import audit
from policyhub.gec.desk import Desk
from policyhub.gec.registry import Registry


def clock() -> datetime:
    return datetime.fromisoformat(AT)


def buy(account: str, quantity: int) -> dict[str, object]:
    return {"op": "buy", "account": account, "listing": "L1", "platform": "BJ", "quantity": quantity}


def holder(account: str) -> Actor:
    return Actor(Role.account_holder, account=account, token=1)


def nobody() -> Actor:
    raise Unauthorized("令牌无效或已撤销 unknown or revoked token")


@contextmanager
def _desk(reg_url: str, listed: int) -> Iterator[tuple[Registry, Desk]]:
    """The trading world, S1's listing L1 of `listed` on BJ and two more platforms, and a desk over it."""
    with Registry.open(reg_url, clock=clock) as r:
        market(r)
        ok(list_(r, quantity=listed))
        desk = Desk(r)
        try:
            yield r, desk
        finally:
            desk.close()


def test_requests_queued_together_are_written_as_one_group_and_never_oversell(reg_url: str) -> None:
    with _desk(reg_url, 100) as (r, desk):
        held, engine = _hold_writer_lock(reg_url)

        async def send() -> list[object]:
            first = asyncio.ensure_future(desk.submit(lambda: holder("B1"), [buy("B1", 7)]))
            await asyncio.sleep(0.3)  # the desk has taken the first request and waits for the held lock
            rest = [desk.submit(lambda a=a: holder(a), [buy(a, 7)]) for a in ["B1", "B2"] * 10]
            await asyncio.sleep(0.3)
            held.rollback() if engine.dialect.name == "postgresql" else held.exec_driver_sql("ROLLBACK")
            held.close()
            return [await first, *await asyncio.gather(*rest)]

        answers = asyncio.run(send())
        engine.dispose()
        outcomes = [outcome for answer in answers for outcome in answer]  # type: ignore[attr-defined]
        assert list(r.committer().groups)[-2:] == [1, 20]  # the 20 queued meanwhile: one transaction
        assert [status for status, _ in outcomes].count(200) == 100 // 7
        assert all(status == 409 and res["error"]["code"] == "insufficient_quantity" for status, res in outcomes
                   if status != 200)  # fmt: skip
        assert r.listing("L1")["remaining"] == 100 - 7 * (100 // 7)
        assert audit(r)["ok"]


def test_an_unknown_token_fails_only_its_own_request(reg_url: str) -> None:
    with _desk(reg_url, 100) as (r, desk):

        async def send() -> list[object]:
            calls = [desk.submit(holder_of, [buy(a, 5)]) for holder_of, a in
                     [(lambda: holder("B1"), "B1"), (nobody, "B2"), (lambda: holder("B2"), "B2")]]  # fmt: skip
            return await asyncio.gather(*calls, return_exceptions=True)

        first, second, third = asyncio.run(send())
        assert isinstance(second, Unauthorized)
        assert first[0][0] == 200 and third[0][0] == 200  # type: ignore[index]
        assert r.listing("L1")["sold"] == 10


def test_requests_of_one_group_with_the_same_token_resolve_their_caller_once(reg_url: str) -> None:
    with _desk(reg_url, 100) as (r, desk):
        held, engine = _hold_writer_lock(reg_url)
        asked: list[str] = []

        def resolver(key: str, account: str | None) -> Callable[[], Actor]:
            def resolve() -> Actor:
                asked.append(key)
                return nobody() if account is None else holder(account)

            return resolve

        async def send() -> list[object]:
            first = asyncio.ensure_future(desk.submit(resolver("t1", "B1"), [buy("B1", 1)], "t1"))
            await asyncio.sleep(0.3)  # the desk holds the first request and waits for the held lock
            calls = [desk.submit(resolver(k, a), [buy(a or "B2", 1)], k)
                     for k, a in [("t1", "B1"), ("t2", "B2"), ("bad", None), ("t1", "B1"), ("bad", None)]]  # fmt: skip
            rest = asyncio.gather(*calls, return_exceptions=True)
            await asyncio.sleep(0.3)
            held.rollback() if engine.dialect.name == "postgresql" else held.exec_driver_sql("ROLLBACK")
            held.close()
            return [await first, *await rest]

        answers = asyncio.run(send())
        engine.dispose()
        assert asked == ["t1", "t1", "t2", "bad"]  # the first group, then one lookup per token in the second
        assert [a[0][0] if isinstance(a, list) else type(a) for a in answers] == [
            200, 200, 200, Unauthorized, 200, Unauthorized]  # fmt: skip
        assert r.listing("L1")["sold"] == 4


def test_a_holder_cannot_buy_for_another_account_through_the_desk(reg_url: str) -> None:
    with _desk(reg_url, 100) as (r, desk):
        [(status, result)] = asyncio.run(desk.submit(lambda: holder("B1"), [buy("B2", 5)]))
        assert status == 403 and result["ok"] is False
        assert r.listing("L1")["sold"] == 0


def test_closing_the_desk_writes_what_is_queued_first(reg_url: str) -> None:
    with _desk(reg_url, 100) as (r, desk):

        async def send() -> list[object]:
            pending = [asyncio.ensure_future(desk.submit(lambda: holder("B1"), [buy("B1", 1)])) for _ in range(30)]
            await asyncio.sleep(0)  # all 30 are queued
            await asyncio.get_running_loop().run_in_executor(None, desk.close)
            return await asyncio.gather(*pending)

        answers = asyncio.run(send())
        assert all(answer[0][0] == 200 for answer in answers)  # type: ignore[index]
        assert r.listing("L1")["sold"] == 30


@pytest.mark.parametrize("batch", [1, 3])
def test_a_batch_keeps_its_order_and_each_result(reg_url: str, batch: int) -> None:
    with _desk(reg_url, 10) as (_, desk):
        commands = [buy("B1", 4)] * batch + [{"op": "nonsense"}]
        outcomes = asyncio.run(desk.submit(lambda: holder("B1"), commands))
        statuses = [status for status, _ in outcomes]
        assert statuses == ([200, 200, 409] if batch == 3 else [200]) + [400]


def test_an_idle_desk_lets_its_thread_go_and_the_next_request_starts_another(
    reg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policyhub.gec.desk.IDLE_S", 0.05)
    with _desk(reg_url, 100) as (r, desk):
        [(first, _)] = asyncio.run(desk.submit(lambda: holder("B1"), [buy("B1", 5)]))
        deadline = time.monotonic() + 5
        while desk._thread is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert desk._thread is None  # no thread (and no hold on the registry) while nothing comes
        [(second, _)] = asyncio.run(desk.submit(lambda: holder("B1"), [buy("B1", 5)]))
        assert (first, second) == (200, 200) and r.listing("L1")["sold"] == 10
