"""Idempotency-Key on POST /api/gec/commands: a repeat is answered as the first time and applies nothing."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import datetime

import pytest
import sqlalchemy as sa
from desk_helpers import bearer, buy, post, release, served
from test_gec_group_commit import _hold_writer_lock

from policyhub.access.roles import Actor, Role
from policyhub.gec.adapters import tables as t
from policyhub.gec.audit import audit
from policyhub.gec.desk_queue import Keyed, KeyReused
from policyhub.gec.receipts import KeyTaken, Receipt
from policyhub.gec.registry import Registry

PROBLEM = "application/problem+json"


def journaled_keys(registry: Registry) -> list[str | None]:
    return [e["command"].get("actor", {}).get("idempotency_key") for e in registry.journal(limit=10**6)]


def test_a_repeat_returns_the_first_answer_marked_duplicate_and_applies_nothing(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        first = post(client, b1, buy(5), key="order-1")
        again = post(client, b1, buy(5), key="order-1")
        assert first.status_code == again.status_code == 200
        assert "duplicate" not in first.json() and again.json() == {**first.json(), "duplicate": True}
        assert registry.listing("L1")["sold"] == 5
        assert journaled_keys(registry).count("order-1") == 1  # the key is in the entry, under its hash
        assert audit(registry)["ok"]


def test_the_same_key_with_another_body_is_409_and_applies_nothing(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        assert post(client, b1, buy(5), key="order-1").status_code == 200
        reused = post(client, b1, buy(6), key="order-1")
        assert reused.status_code == 409 and reused.headers["content-type"] == PROBLEM
        assert reused.json()["code"] == "idempotency_key_reused"
        assert registry.listing("L1")["sold"] == 5


def test_an_array_repeated_answers_each_result_as_duplicate_with_the_first_status(reg_url: str) -> None:
    with served(reg_url, listed=10) as (client, registry, _):
        b1 = bearer(client)
        batch = [buy(4), buy(4), buy(4), {"op": "nonsense"}]
        first = post(client, b1, batch, key="k" * 200)
        assert first.status_code == 207 and [r["ok"] for r in first.json()] == [True, True, False, False]
        again = post(client, b1, batch, key="k" * 200)
        assert again.status_code == 207
        assert again.json() == [{**r, "duplicate": True} for r in first.json()]
        assert again.headers["Policyhub-Applied"] == first.headers["Policyhub-Applied"] == "2"
        assert registry.listing("L1")["sold"] == 8


def test_a_refused_command_repeated_gets_the_first_refusal_not_a_new_one(reg_url: str) -> None:
    with served(reg_url, listed=10) as (client, registry, _):
        b1 = bearer(client)
        first = post(client, b1, buy(20), key="too-many")
        assert first.status_code == 409 and first.json()["code"] == "insufficient_quantity"
        assert "10 left" in first.json()["detail"]
        assert post(client, b1, buy(5)).status_code == 200  # now 5 left: a new refusal would say so
        again = post(client, b1, buy(20), key="too-many")
        assert again.status_code == 409 and again.json() == {**first.json(), "duplicate": True}
        assert registry.listing("L1")["sold"] == 5


def test_a_forbidden_command_repeated_is_answered_from_its_stored_refusal(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        first = post(client, b1, buy(1, account="B2"), key="not-mine")
        again = post(client, b1, buy(1, account="B2"), key="not-mine")
        assert first.status_code == again.status_code == 403
        assert again.json() == {**first.json(), "duplicate": True}
        assert registry.listing("L1")["sold"] == 0


def test_keys_belong_to_their_token(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        one, other = bearer(client), bearer(client)
        assert post(client, one, buy(2), key="same").status_code == 200
        answer = post(client, other, buy(2), key="same")
        assert answer.status_code == 200 and "duplicate" not in answer.json()
        assert registry.listing("L1")["sold"] == 4


def test_a_key_is_forgotten_after_24_hours(reg_url: str) -> None:
    with served(reg_url) as (client, registry, clock):
        b1 = bearer(client)
        assert post(client, b1, buy(2), key="daily").status_code == 200
        clock.advance(23.9)
        assert post(client, b1, buy(2), key="daily").json()["duplicate"] is True
        clock.advance(0.2)
        later = post(client, b1, buy(2), key="daily")
        assert later.status_code == 200 and "duplicate" not in later.json()
        assert registry.listing("L1")["sold"] == 4


@pytest.mark.parametrize("key", ["", "x" * 201, "naïve"])
def test_a_malformed_key_is_400_and_applies_nothing(reg_url: str, key: str) -> None:
    with served(reg_url) as (client, registry, _):
        headers = {**bearer(client), "Idempotency-Key": key, "Content-Type": "application/json"}
        answer = client.post("/api/gec/commands", content=json.dumps(buy()).encode(),
                             headers={k: v.encode() for k, v in headers.items()})  # fmt: skip
        assert answer.status_code == 400 and answer.json()["code"] == "invalid_idempotency_key"
        assert registry.listing("L1")["sold"] == 0


def test_concurrent_repeats_of_one_key_apply_it_exactly_once(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        answers: list[dict[str, object]] = []
        start = threading.Barrier(8)

        def send() -> None:
            start.wait()
            answers.append(post(client, b1, [buy(3), buy(4)], key="together").json())

        threads = [threading.Thread(target=send) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(answers) == 8 and registry.listing("L1")["sold"] == 7
        firsts = [a for a in answers if not any(r.get("duplicate") for r in a)]  # type: ignore[attr-defined]
        assert len(firsts) == 1
        assert all(a == [{**r, "duplicate": True} for r in firsts[0]] for a in answers if a is not firsts[0])  # type: ignore[attr-defined]


def test_a_part_stored_by_another_process_voids_the_group_that_would_write_it_again(reg_url: str) -> None:
    with served(reg_url) as (_, registry, _):
        prepared = registry.prepare(buy(5), {"role": "account_holder", "token": 1, "account": "B1"})
        assert not isinstance(prepared, dict)
        now = datetime.fromisoformat("2024-09-25T10:00:00+08:00").isoformat()
        receipt = Receipt("token:1", "raced", "f" * 64, 1, 0, now, [prepared])
        prepared.receipt = receipt
        with registry.engine.begin() as conn:
            conn.execute(sa.insert(t.request_keys), receipt.row([(200, {"ok": True})]))
        with pytest.raises(KeyTaken):
            registry.apply_prepared([prepared])
        assert registry.listing("L1")["sold"] == 0  # the whole group rolled back


def test_repeats_queued_together_wait_for_the_first_and_share_its_answer(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        desk = client.app.state.services.desk  # type: ignore[attr-defined]
        b1 = Actor(Role.account_holder, account="B1", token=1)
        held, engine = _hold_writer_lock(reg_url)

        async def send() -> list[object]:
            blocker = asyncio.ensure_future(desk.submit(lambda: b1, [buy(1)]))
            await asyncio.sleep(0.3)  # the desk holds it and waits for the lock; the repeats queue behind it
            same = Keyed("together", "f" * 64)
            repeats = [desk.submit(lambda: b1, [buy(2)], None, same) for _ in range(3)]
            other = desk.submit(lambda: b1, [buy(9)], None, Keyed("together", "e" * 64))
            rest = asyncio.gather(*repeats, other, return_exceptions=True)
            await asyncio.sleep(0.3)
            release(held, engine)
            return [await blocker, *await rest]

        _, first, second, third, other = asyncio.run(send())
        assert first == [(200, first[0][1])] and "duplicate" not in first[0][1]  # type: ignore[index]
        assert second == third == [(200, {**first[0][1], "duplicate": True})]  # type: ignore[index]
        assert isinstance(other, KeyReused)
        assert registry.listing("L1")["sold"] == 3
