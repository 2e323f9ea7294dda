"""Accounts (第十条–第十二条), projects and supervision (第三十三条), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gec_helpers import AT, BUYER2_DOC, BUYER_DOC, SELLER_DOC, buyer, ok, project, refused, seller, snapshot, world

from policyhub.gec.registry import Registry


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def test_seller_without_gec_only_pledge_is_refused_and_nothing_changes(reg: Registry) -> None:
    before = snapshot(reg)
    refused(
        reg.apply(
            {
                "op": "open_account",
                "account": "S1",
                "kind": "seller",
                "name": "x",
                "id_doc": SELLER_DOC,
                "gec_only_pledge": False,
                "at": AT,
            }
        ),
        "pledge_required",
    )
    assert snapshot(reg) == before


def test_id_doc_check_digit_is_validated(reg: Registry) -> None:
    bad = SELLER_DOC[:-1] + ("0" if SELLER_DOC[-1] != "0" else "1")
    refused(
        reg.apply(
            {
                "op": "open_account",
                "account": "S1",
                "kind": "seller",
                "name": "x",
                "id_doc": bad,
                "gec_only_pledge": True,
                "at": AT,
            }
        ),
        "invalid_id_doc",
    )
    refused(
        reg.apply({"op": "open_account", "account": "B1", "kind": "buyer", "name": "x", "at": AT}), "id_doc_required"
    )


def test_one_real_name_account_per_entity(reg: Registry) -> None:
    buyer(reg)
    r = reg.apply({"op": "open_account", "account": "B2", "kind": "buyer", "name": "x", "id_doc": BUYER_DOC, "at": AT})
    refused(r, "duplicate_entity")


def test_opening_the_same_account_twice_is_done_once(reg: Registry) -> None:
    cmd = {"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三", "id_doc": BUYER_DOC, "at": AT}
    first = ok(reg.apply(cmd))
    again = ok(reg.apply(cmd))
    assert again["duplicate"] is True and again["entry"] == first["entry"]
    assert len(reg.journal()) == 1
    refused(reg.apply({**cmd, "name": "李四"}), "already_exists")


def test_provincial_account_one_per_province(reg: Registry) -> None:
    ok(
        reg.apply(
            {
                "op": "open_account",
                "account": "PROV-SC",
                "kind": "provincial",
                "name": "四川省绿证专用账户",
                "province": "四川",
                "at": AT,
            }
        )
    )
    refused(
        reg.apply(
            {
                "op": "open_account",
                "account": "PROV-SC2",
                "kind": "provincial",
                "name": "x",
                "province": "四川",
                "at": AT,
            }
        ),
        "duplicate_entity",
    )


def test_update_account_changes_info_but_a_seller_keeps_the_pledge(reg: Registry) -> None:
    seller(reg)
    ok(reg.apply({"op": "update_account", "account": "S1", "name": "新名称", "at": AT}))
    ok(reg.apply({"op": "approve_account_change", "account": "S1", "at": AT}))  # 第十二条: the operator approves
    assert reg.account("S1")["name"] == "新名称"
    refused(reg.apply({"op": "update_account", "account": "S1", "gec_only_pledge": False, "at": AT}), "pledge_required")
    ok(reg.apply({"op": "update_account", "account": "S1", "id_doc": BUYER2_DOC, "at": AT}))
    ok(reg.apply({"op": "approve_account_change", "account": "S1", "at": AT}))
    assert reg.account("S1")["id_doc"] == BUYER2_DOC


def test_closing_is_refused_while_live_certificates_are_held(reg: Registry) -> None:
    world(reg)
    refused(reg.apply({"op": "close_account", "account": "S1", "at": AT}), "has_live_certificates")
    ok(reg.apply({"op": "close_account", "account": "B1", "at": AT}))


def test_after_closing_nothing_can_be_done_with_the_account(reg: Registry) -> None:
    buyer(reg)
    ok(reg.apply({"op": "close_account", "account": "B1", "at": AT}))
    refused(reg.apply({"op": "update_account", "account": "B1", "name": "y", "at": AT}), "account_closed")
    refused(
        reg.apply({"op": "claim", "account": "B1", "quantity": 1, "beneficiary": "x", "period": "2024", "at": AT}),
        "account_closed",
    )
    refused(reg.apply({"op": "freeze", "account": "B1", "reason": "x", "at": AT}), "account_closed")
    buyer(reg, "B9")  # the same entity may open a new account once the old one is closed


def test_projects_belong_to_seller_accounts(reg: Registry) -> None:
    buyer(reg)
    refused(
        reg.apply(
            {
                "op": "register_project",
                "project": "P1",
                "owner": "B1",
                "name": "x",
                "type": "pv",
                "province": "河北",
                "capacity_kw": 10,
                "commissioned": "2020-01-01",
                "at": AT,
            }
        ),
        "not_seller",
    )
    refused(
        reg.apply(
            {
                "op": "register_project",
                "project": "P1",
                "owner": "B1",
                "name": "x",
                "type": "coal",
                "province": "河北",
                "capacity_kw": 10,
                "commissioned": "2020-01-01",
                "at": AT,
            }
        ),
        "invalid_command",
    )


def test_hydro_project_tradability_is_recorded_at_registration(reg: Registry) -> None:
    seller(reg)
    project(reg, "H22", "hydro", "2022-12-31", True)
    project(reg, "H23", "hydro", "2023-01-01", True)
    by_name = {p["project"]: p for p in reg.projects("S1")}
    assert by_name["H22"]["grid_tradable"] is False
    assert by_name["H23"]["grid_tradable"] is True


def test_frozen_account_can_neither_move_nor_claim_until_unfrozen(reg: Registry) -> None:
    world(reg)
    ok(reg.apply({"op": "freeze", "account": "S1", "reason": "数据造假调查 (第三十三条)", "at": AT}))
    claim = {"op": "claim", "account": "S1", "quantity": 1, "beneficiary": "x", "period": "2024", "at": AT}
    refused(reg.apply(claim), "account_frozen")
    ok(reg.apply({"op": "unfreeze", "account": "S1", "at": AT}))
    ok(reg.apply(claim))


def test_unknown_op_and_bad_fields_are_refused_with_codes(reg: Registry) -> None:
    refused(reg.apply({"op": "mint"}), "unknown_op")
    refused(reg.apply(["not", "an", "object"]), "invalid_command")
    refused(reg.apply({"op": "issue", "month": "2024-13"}), "invalid_month")
    refused(reg.apply({"op": "issue", "month": "2024-08", "surprise": 1}), "invalid_command")
