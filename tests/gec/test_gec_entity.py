"""One account per entity (第十条), no trade between one entity's accounts, approved account changes (第十二条)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from gec_helpers import AT, BUYER2_DOC, BUYER_DOC, SELLER2_DOC, SELLER_DOC, buyer, ok, refused, seller, world
from trading_helpers import buy, list_

from policyhub.gec.adapters import tables as t
from policyhub.gec.registry import Registry


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def _open(reg: Registry, account: str, kind: str, doc: str) -> dict[str, Any]:
    cmd = {"op": "open_account", "account": account, "kind": kind, "name": "某公司", "id_doc": doc, "at": AT}
    return reg.apply({**cmd, "gec_only_pledge": kind == "seller"})


def _twin(reg: Registry, account: str = "S1B", doc: str = SELLER_DOC) -> None:
    """A buyer account of S1's entity, as a registry from before the rule may hold (written directly)."""
    with reg.engine.begin() as conn:
        conn.execute(
            sa.insert(t.accounts).values(
                account=account,
                kind="buyer",
                name="风电公司",
                id_doc=doc,
                id_doc_kind="uscc",
                province=None,
                pledge=False,
                status="open",
                frozen=False,
                freeze_reason=None,
                opened_at=AT,
                closed_at=None,
            )
        )


def test_one_open_account_per_identity_document_whatever_the_kind(reg: Registry) -> None:
    seller(reg)
    refused(_open(reg, "B9", "buyer", SELLER_DOC), "duplicate_entity")  # the generator buys with S1
    refused(_open(reg, "S9", "seller", SELLER_DOC), "duplicate_entity")
    buyer(reg)
    refused(_open(reg, "S8", "seller", BUYER_DOC), "duplicate_entity")
    ok(reg.apply({"op": "close_account", "account": "B1", "at": AT}))
    ok(_open(reg, "B2", "buyer", BUYER_DOC))  # after closing, the document may open again


def test_a_seller_account_may_buy_and_a_special_account_may_not(reg: Registry) -> None:
    world(reg)
    seller(reg, "S2", SELLER2_DOC)
    ok(list_(reg))
    assert ok(buy(reg, 5, account="S2"))["buyer"] == "S2"
    ok(reg.apply({"op": "open_account", "account": "X1", "kind": "special", "name": "绿证专用账户", "at": AT}))
    refused(buy(reg, 5, account="X1"), "not_a_buyer")


def test_a_listing_bought_by_the_sellers_own_other_account_is_self_trade(reg: Registry) -> None:
    world(reg)
    _twin(reg)
    ok(list_(reg, price="88.88"))
    refused(buy(reg, 10, account="S1B"), "self_trade")
    ok(buy(reg, 10))  # B1 is another entity


def test_bilateral_and_green_power_settlement_between_one_entitys_accounts_are_refused(reg: Registry) -> None:
    world(reg)
    _twin(reg)
    deal = {"op": "bilateral", "seller": "S1", "buyer": "S1B", "quantity": 5, "price": "9.00", "platform": "BJ"}
    refused(reg.apply({**deal, "at": AT}), "self_trade")
    gp = {"op": "green_power_settlement", "seller": "S1", "buyer": "S1B", "project": "P1", "month": "2024-08",
          "kwh": 5000, "price": "0.35", "platform": "BJ", "at": AT}  # fmt: skip
    refused(reg.apply(gp), "self_trade")


def test_auction_orders_of_one_entity_on_both_sides_are_refused(reg: Registry) -> None:
    world(reg)
    _twin(reg)
    closes = "2024-09-25T12:00:00+08:00"
    ok(reg.apply({"op": "auction_open", "auction": "A1", "platform": "CGEC", "closes": closes, "at": AT}))
    ok(reg.apply({"op": "ask", "auction": "A1", "account": "S1", "quantity": 10, "price": "5.00", "at": AT}))
    refused(reg.apply({"op": "bid", "auction": "A1", "account": "S1B", "quantity": 10, "price": "6.00", "at": AT}),
            "self_trade")  # fmt: skip
    ok(reg.apply({"op": "bid", "auction": "A1", "account": "B1", "quantity": 10, "price": "6.00", "at": AT}))


def test_clearing_never_matches_one_entity_with_itself(reg: Registry) -> None:
    world(reg)
    closes = "2024-09-25T12:00:00+08:00"
    ok(reg.apply({"op": "auction_open", "auction": "A1", "platform": "CGEC", "closes": closes, "at": AT}))
    ok(reg.apply({"op": "ask", "auction": "A1", "account": "S1", "quantity": 10, "price": "5.00", "at": AT}))
    ok(reg.apply({"op": "bid", "auction": "A1", "account": "B1", "quantity": 10, "price": "6.00", "at": AT}))
    with reg.engine.begin() as conn:  # B1's document became S1's after the orders (a pre-rule registry)
        conn.execute(sa.update(t.accounts).where(t.accounts.c.account == "B1").values(id_doc=SELLER_DOC))
    res = ok(reg.apply({"op": "auction_clear", "auction": "A1", "at": "2024-09-25T12:00:00+08:00"}))
    assert res["fills"] == [] and res["volume"] == 0


def test_change_of_name_or_document_waits_for_the_operator(reg: Registry) -> None:
    seller(reg)
    buyer(reg)
    res = ok(reg.apply({"op": "update_account", "account": "S1", "name": "新名称", "id_doc": BUYER2_DOC, "at": AT}))
    assert res["pending_approval"] == ["id_doc", "name"]
    assert (reg.account("S1")["name"], reg.account("S1")["id_doc"]) == ("风电公司", SELLER_DOC)
    ok(reg.apply({"op": "approve_account_change", "account": "S1", "at": AT}))
    assert (reg.account("S1")["name"], reg.account("S1")["id_doc"]) == ("新名称", BUYER2_DOC)
    refused(reg.apply({"op": "approve_account_change", "account": "S1", "at": AT}), "no_pending_change")
    ok(reg.apply({"op": "update_account", "account": "S1", "name": "又一名称", "at": AT}))
    ok(reg.apply({"op": "reject_account_change", "account": "S1", "reason": "材料不全", "at": AT}))
    assert reg.account("S1")["name"] == "新名称"


def test_change_refused_when_frozen_or_when_the_document_has_another_account(reg: Registry) -> None:
    seller(reg)
    buyer(reg)
    refused(reg.apply({"op": "update_account", "account": "S1", "id_doc": BUYER_DOC, "at": AT}), "duplicate_entity")
    ok(reg.apply({"op": "update_account", "account": "S1", "id_doc": BUYER2_DOC, "at": AT}))
    ok(_open(reg, "B2", "buyer", BUYER2_DOC))  # the document opened an account meanwhile
    refused(reg.apply({"op": "approve_account_change", "account": "S1", "at": AT}), "duplicate_entity")
    ok(reg.apply({"op": "freeze", "account": "S1", "reason": "核查", "at": AT}))
    refused(reg.apply({"op": "approve_account_change", "account": "S1", "at": AT}), "account_frozen")
    refused(reg.apply({"op": "update_account", "account": "S1", "name": "x", "at": AT}), "account_frozen")


def test_new_ops_are_the_operators_alone() -> None:
    from policyhub.access.roles import _SHARED, Role

    assert _SHARED["approve_account_change"] == {Role.operator}
    assert _SHARED["reject_account_change"] == {Role.operator}
