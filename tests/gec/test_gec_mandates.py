"""Trust boundary in the registry: platform mandates, segregation of duties on owner data, moving a project."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from gec_helpers import AT, SELLER2_DOC, SELLER_DOC, issue, live, meter, ok, project, refused, seller, world

from policyhub.gec.adapters import tables as t
from policyhub.gec.registry import Registry

OWNER_S1 = {"role": "account_holder", "token": 3, "account": "S1", "platform": None}
INFO = {"role": "info_centre", "token": 4, "account": None, "platform": None}
INFO2 = {"role": "info_centre", "token": 5, "account": None, "platform": None}
OPERATOR = {"role": "operator", "token": 1, "account": None, "platform": None}
BJ = {"role": "platform", "token": 7, "account": None, "platform": "BJ"}


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def review(r: Registry, stage: str, actor: dict[str, Any] | None, approve: bool = True) -> dict[str, Any]:
    cmd = {"op": "review_meter", "project": "DPV", "month": "2024-08", "stage": stage, "approve": approve, "at": AT}
    return r.apply(cmd, actor)


def owner_data(r: Registry, actor: dict[str, Any] | None = OWNER_S1, kwh: int = 4_000) -> dict[str, Any]:
    cmd = {"op": "meter", "project": "DPV", "month": "2024-08", "self_kwh": kwh, "source": "owner", "at": AT}
    return r.apply(cmd, actor)


def test_mandates_are_granted_revoked_and_journaled(reg: Registry) -> None:
    world(reg)
    mandate = {"op": "mandate", "account": "S1", "platform": "BJ", "at": AT}
    assert ok(reg.apply(mandate))["mandate"] == "granted"
    refused(reg.apply(mandate), "already_mandated")
    refused(reg.apply({**mandate, "platform": "NOPE"}), "unknown_platform")
    refused(reg.apply({**mandate, "account": "S404"}), "unknown_account")
    assert ok(reg.apply({**mandate, "op": "revoke_mandate"}))["mandate"] == "revoked"
    refused(reg.apply({**mandate, "op": "revoke_mandate"}), "no_mandate")
    ops = [e["op"] for e in reg.journal(limit=1000)]
    assert ops.count("mandate") == 1 and ops.count("revoke_mandate") == 1


def test_an_account_opened_through_a_platform_starts_with_its_mandate(reg: Registry) -> None:
    buyer = {"op": "open_account", "account": "B7", "kind": "buyer", "name": "买方", "id_doc": SELLER2_DOC, "at": AT}
    assert ok(reg.apply(buyer, BJ))["mandates"] == ["BJ"]
    refused(reg.apply({"op": "mandate", "account": "B7", "platform": "BJ", "at": AT}), "already_mandated")
    assert reg.account("B7")["mandates"] == ["BJ"]
    seller(reg)
    assert reg.account("S1")["mandates"] == []  # opened by the operator: no platform acts for it yet


def test_owner_data_is_checked_by_one_actor_and_reviewed_by_another(reg: Registry) -> None:
    seller(reg)
    project(reg, "DPV", "distributed_pv", "2023-06-01")
    ok(owner_data(reg))
    refused(review(reg, "initial", OWNER_S1), "own_submission")  # the submitter checks none of its data
    ok(review(reg, "initial", INFO))
    refused(review(reg, "final", INFO), "same_reviewer")
    refused(review(reg, "final", OWNER_S1), "own_submission")
    ok(review(reg, "final", OPERATOR))
    res = issue(reg, "2024-08")
    assert (res["issued"], res["non_tradable"]) == (4, 4)


def test_the_local_tool_is_one_actor_for_segregation(reg: Registry) -> None:
    seller(reg)
    project(reg, "DPV", "distributed_pv", "2023-06-01")
    ok(owner_data(reg, None))  # the operator's local tool submits …
    refused(review(reg, "initial", None), "own_submission")  # … so it reviews none of it
    ok(owner_data(reg, OWNER_S1, 5_000))  # a resubmission starts over
    ok(review(reg, "initial", None))
    refused(review(reg, "final", None), "same_reviewer")
    ok(review(reg, "final", OPERATOR))


def test_a_resubmission_needs_a_fresh_initial_check(reg: Registry) -> None:
    seller(reg)
    project(reg, "DPV", "distributed_pv", "2023-06-01")
    ok(owner_data(reg))
    ok(review(reg, "initial", INFO))
    ok(owner_data(reg, OWNER_S1, 4_500))
    refused(review(reg, "final", OPERATOR), "review_order")
    ok(review(reg, "initial", INFO2))
    ok(review(reg, "final", INFO))  # the first checker's check was discarded with the old figures
    assert issue(reg, "2024-08")["issued"] == 4


def test_a_project_moves_to_another_account_of_the_same_entity_and_issuance_follows(reg: Registry) -> None:
    seller(reg)
    project(reg)  # S1's P1, August metered but not yet issued
    ok(meter(reg, "P1", "2024-08", 2_345_678, 0))
    move = {"op": "transfer_project", "project": "P1", "to": "S9", "at": AT}
    refused(reg.apply(move), "unknown_account")
    seller(reg, "S2", SELLER2_DOC)
    refused(reg.apply({**move, "to": "S2"}), "different_entity")
    refused(reg.apply({**move, "to": "S1"}), "same_owner")
    refused(reg.apply({**move, "project": "P404"}), "unknown_project")
    ok(reg.apply({"op": "open_account", "account": "X9", "kind": "special", "name": "绿证专用账户", "at": AT}))
    refused(reg.apply({**move, "to": "X9"}), "not_seller")
    # The entity re-registers: S1 closes (it holds nothing), S9 opens with the same document and takes the project.
    ok(reg.apply({"op": "close_account", "account": "S1", "at": AT}))
    account = {"op": "open_account", "account": "S9", "kind": "seller", "name": "风电公司（新）", "id_doc": SELLER_DOC,
               "province": "河北", "gec_only_pledge": True, "at": AT}  # fmt: skip
    ok(reg.apply(account))
    moved = ok(reg.apply(move))
    assert (moved["from"], moved["to"]) == ("S1", "S9")
    assert [p["owner"] for p in reg.projects() if p["project"] == "P1"] == ["S9"]
    assert issue(reg, "2024-08")["issued"] == 2345
    assert live(reg, "S9") == 2345
    assert [e["op"] for e in reg.journal(limit=1000)].count("transfer_project") == 1


def test_owner_data_queued_before_its_project_moved_is_refused_when_applied(reg: Registry) -> None:
    seller(reg)
    project(reg, "DPV", "distributed_pv", "2023-06-01")
    cmd = {"op": "meter", "project": "DPV", "month": "2024-08", "self_kwh": 4_000, "source": "owner", "at": AT}
    queued = reg.prepare(cmd, OWNER_S1)  # authorised at the edge while S1 owned DPV
    assert not isinstance(queued, dict)
    # The entity re-registers while the data waits: S1 closes, S9 opens with the same document and takes DPV.
    ok(reg.apply({"op": "close_account", "account": "S1", "at": AT}))
    ok(reg.apply({"op": "open_account", "account": "S9", "kind": "seller", "name": "风电公司（新）",
                  "id_doc": SELLER_DOC, "province": "河北", "gec_only_pledge": True, "at": AT}))  # fmt: skip
    ok(reg.apply({"op": "transfer_project", "project": "DPV", "to": "S9", "at": AT}))
    [late] = reg.submit([queued])
    refused(late, "not_project_owner")
    with reg.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.meter)).scalar() == 0  # nothing was recorded
    owner_s9 = {**OWNER_S1, "account": "S9", "token": 9}
    ok(owner_data(reg, owner_s9))  # the new owner's data goes in
    refused(owner_data(reg), "not_project_owner")  # and the old account's is refused outright
