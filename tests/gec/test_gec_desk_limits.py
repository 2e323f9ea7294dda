"""The command desk's limits over HTTP: a batch's size, a full queue, a long array's fairness, a wait that runs out."""

from __future__ import annotations

import time
from typing import Any

import pytest
from desk_helpers import bearer, buy, in_thread, post, release, served
from test_gec_group_commit import _hold_writer_lock

from policyhub.gec.audit import audit
from policyhub.gec.desk_queue import MAX_COMMANDS

PROBLEM = "application/problem+json"


def test_an_array_of_1000_commands_is_applied_and_1001_are_refused_with_413(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        refused = post(client, b1, [buy()] * (MAX_COMMANDS + 1))
        assert refused.status_code == 413 and refused.headers["content-type"] == PROBLEM
        assert refused.json()["code"] == "batch_too_large" and refused.json()["limit"] == 1000
        assert registry.listing("L1")["sold"] == 0  # nothing applied
        accepted = post(client, b1, [buy()] * MAX_COMMANDS)
        assert accepted.status_code == 200 and accepted.headers["Policyhub-Applied"] == "1000"
        entries = [r["entry"] for r in accepted.json()]
        assert entries == sorted(entries) and len(set(entries)) == 1000  # in order, each its own entry
        assert registry.listing("L1")["sold"] == 1000


def test_a_batch_too_large_is_refused_before_its_token_is_looked_up(reg_url: str) -> None:
    with served(reg_url) as (client, _, _):
        answer = post(client, {"Authorization": "Bearer ph_forged"}, [buy()] * (MAX_COMMANDS + 1))
        assert answer.status_code == 413  # not 401: no token or database work for an oversized array


def test_a_single_command_sent_with_a_long_array_waits_for_one_group_not_the_array(reg_url: str) -> None:
    with served(reg_url) as (client, registry, _):
        b1, b2 = bearer(client), bearer(client, account="B2")
        head = len(registry.journal(limit=10**6))
        held, engine = _hold_writer_lock(reg_url)
        array, array_answer = in_thread(lambda: (post(client, b1, [buy()] * 1000), time.monotonic()))
        time.sleep(0.5)  # the desk has taken the array's first 200 and waits for the held lock
        single, single_answer = in_thread(lambda: (post(client, b2, buy(account="B2")), time.monotonic()))
        time.sleep(0.5)
        release(held, engine)
        single.join(60)
        array.join(60)
        (whole, array_done), (one, single_done) = array_answer[0], single_answer[0]
        assert one.status_code == 200 and whole.status_code == 200
        # The single command is written in the group right after the array's first part, and answered before
        # the array's last part is written.
        assert one.json()["entry"] == head + 201
        assert single_done < array_done
        entries = [r["entry"] for r in whole.json()]
        assert len(entries) == 1000 and entries == sorted(entries)  # the array's answer whole and in order
        assert registry.listing("L1")["sold"] == 1001 and audit(registry)["ok"]


def test_a_full_desk_answers_503_busy_with_retry_after_and_queues_nothing(
    reg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policyhub.gec.desk_queue.MAX_QUEUED", 10)
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        held, engine = _hold_writer_lock(reg_url)
        desk = client.app.state.services.desk  # type: ignore[attr-defined]
        first, first_answer = in_thread(lambda: post(client, b1, buy()))
        _until(lambda: desk._queue.queued == 0 and desk._thread is not None)  # taken, waiting for the lock
        time.sleep(0.2)
        full, full_answer = in_thread(lambda: post(client, b1, [buy()] * 10))
        _until(lambda: desk._queue.queued == 10)  # ten commands queued: at the limit, accepted
        busy = post(client, b1, buy())
        release(held, engine)
        first.join(60)
        full.join(60)
        assert busy.status_code == 503 and busy.headers["content-type"] == PROBLEM
        assert busy.json()["code"] == "busy" and int(busy.headers["Retry-After"]) >= 1
        assert first_answer[0].status_code == 200 and full_answer[0].status_code == 200
        assert registry.listing("L1")["sold"] == 11  # the refused one was not applied


def test_a_wait_that_runs_out_answers_503_pending_and_the_command_is_applied_later(
    reg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policyhub.gec.desk.WAIT_S", 0.5)
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        held, engine = _hold_writer_lock(reg_url)
        answer = post(client, b1, buy(3))
        release(held, engine)
        assert answer.status_code == 503 and answer.headers["content-type"] == PROBLEM
        body = answer.json()
        assert body["code"] == "pending" and body["written"] == 0 and body["total"] == 1
        assert "journal" in body["detail"] and "Idempotency-Key" in body["detail"]
        deadline = time.monotonic() + 30
        while registry.listing("L1")["sold"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert registry.listing("L1")["sold"] == 3  # it stayed queued and was applied, once


def test_after_a_pending_answer_a_repeat_with_the_same_key_gets_the_outcome(
    reg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policyhub.gec.desk.WAIT_S", 0.5)
    with served(reg_url) as (client, registry, _):
        b1 = bearer(client)
        held, engine = _hold_writer_lock(reg_url)
        pending = post(client, b1, buy(3), key="slow")
        assert pending.status_code == 503 and pending.json()["idempotency_key"] == "slow"
        repeat, answer = in_thread(lambda: post(client, b1, buy(3), key="slow"))
        time.sleep(0.1)
        release(held, engine)
        repeat.join(60)
        assert answer[0].status_code == 200 and answer[0].json()["duplicate"] is True
        assert registry.listing("L1")["sold"] == 3


def _until(condition: Any, timeout: float = 30.0) -> None:
    """Wait (bounded) until the condition holds: a loaded machine takes its time, a fixed sleep would guess."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the desk never reached the state the test waits for"
        time.sleep(0.02)
