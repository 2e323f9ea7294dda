"""Trading rules (第十四条, 第十九条–第二十三条) over plain values: venues, parties, listings, auctions, settlement."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from refusal_helpers import code_of, refusal

from policyhub import clock
from policyhub.gec.config import rules
from policyhub.gec.domain.refusals import trading as check

R = rules()
NOON = datetime(2024, 9, 25, 12, 0, tzinfo=clock.BEIJING)
counts = st.integers(min_value=0, max_value=10**6)


def test_certificates_trade_on_their_own_only_on_the_certificate_platforms() -> None:
    assert check.certificate_venue("CGEC", R.certificate_platforms) == "CGEC"
    found = refusal(check.certificate_venue, "NM", R.certificate_platforms)
    assert found.code == "unknown_platform" and "第十九条: CGEC, BJ, GZ" in found.message


@pytest.mark.parametrize(("platform", "ok"), [(None, True), ("BJ", True), ("NM", True), ("PX-YN", True),
                                              ("CGEC", False), ("PX-", False), ("XX", False)])  # fmt: skip
def test_green_power_settles_on_green_power_venues_only(platform: str | None, ok: bool) -> None:
    if ok:
        check.green_power_venue(platform, R)
    else:
        assert code_of(check.green_power_venue, platform, R) == "unknown_platform"


@given(quantity=st.integers(min_value=1, max_value=10**6), have=counts, extra=counts)
def test_a_short_sale_is_not_tradable_when_the_holder_has_them_else_insufficient(
    quantity: int, have: int, extra: int
) -> None:
    every = have + extra  # live certificates there, sellable or not
    found = check.short_to_sell("S1", quantity, have, every)
    assert found.code == ("not_tradable" if every >= quantity else "insufficient_quantity")
    assert f" {have} " in found.message


docs = st.dictionaries(st.sampled_from(["A", "B", "C"]), st.one_of(st.none(), st.sampled_from(["D1", "D2"])))


@given(one=st.sampled_from(["A", "B", "C"]), other=st.sampled_from(["A", "B", "C"]), found=docs)
def test_one_entity_is_one_account_or_one_identity_document_and_is_symmetric(
    one: str, other: str, found: dict[str, str | None]
) -> None:
    same = check.same_entity(one, other, found)
    assert same == check.same_entity(other, one, found)
    assert same == (one == other or (found.get(one) is not None and found.get(one) == found.get(other)))


def test_accounts_without_a_document_are_never_one_entity() -> None:
    assert not check.same_entity("P1", "P2", {"P1": None, "P2": None})
    assert check.same_entity("P1", "P1", {})


def test_no_trade_between_two_accounts_of_one_entity() -> None:
    check.not_self_trade("B1", "S1", False)
    found = refusal(check.not_self_trade, "B1", "S1", True)
    assert (found.code, found.message) == (
        "self_trade",
        "买卖双方为同一主体 S1 and B1 are one entity (same identity document): no trade with itself",
    )


def test_a_buyer_is_neither_the_seller_nor_its_entity_and_of_a_kind_that_buys() -> None:
    check.may_buy_from("B1", "S1", False, "buyer", R.account_kinds)
    check.may_buy_from("S2", "S1", False, "seller", R.account_kinds)  # 第十条: a generator buys with its seller account
    own = refusal(check.may_buy_from, "S1", "S1", True, "seller", R.account_kinds)
    assert own.code == "self_trade" and "自己的绿证" in own.message
    assert code_of(check.may_buy_from, "S2", "S1", True, "seller", R.account_kinds) == "self_trade"
    non_buyers = [k for k, spec in R.account_kinds.items() if not spec.may_buy]
    assert non_buyers, "rules.json: some account kind does not buy"
    assert code_of(check.may_buy_from, "X1", "S1", False, non_buyers[0], R.account_kinds) == "not_a_buyer"


def test_a_listing_is_withdrawn_while_open_and_taken_where_it_is_shown() -> None:
    check.listing_open("L1", "open")
    assert code_of(check.listing_open, "L1", "sold_out") == "listing_closed"
    check.shown_on("L1", "GZ", "BJ,GZ")
    found = refusal(check.shown_on, "L1", "CGEC", "BJ,GZ")
    assert found.code == "platform_not_listed" and "展示平台：BJ、GZ" in found.message


@given(left=counts, quantity=st.integers(min_value=1, max_value=10**6))
def test_a_buy_takes_all_it_asks_for_or_nothing(left: int, quantity: int) -> None:
    if left >= quantity:
        check.enough_left("L1", left, quantity)
    else:
        assert code_of(check.enough_left, "L1", left, quantity) == "insufficient_quantity"


def test_a_sold_out_listing_has_none_left() -> None:
    check.some_left("L1", "open")
    assert code_of(check.some_left, "L1", "sold_out") == "insufficient_quantity"


def test_an_auction_closes_after_it_opens() -> None:
    check.closes_after_opening(NOON + timedelta(seconds=1), NOON)
    assert code_of(check.closes_after_opening, NOON, NOON) == "invalid_command"


def test_an_auction_takes_orders_while_open_and_before_its_close() -> None:
    closes = (NOON + timedelta(hours=1)).isoformat()
    check.taking_orders("A1", "open", closes, NOON)
    assert code_of(check.taking_orders, "A1", "open", closes, NOON + timedelta(hours=1)) == "auction_closed"
    assert code_of(check.taking_orders, "A1", "cleared", closes, NOON) == "auction_closed"


def test_an_entity_is_on_one_side_of_an_auction_and_the_refusal_names_no_other_account() -> None:
    check.one_side_per_entity("B1", "A1", "ask", False)
    found = refusal(check.one_side_per_entity, "B1", "A1", "ask", True)
    assert found.code == "self_trade" and "S1" not in found.message


def test_an_auction_clears_once() -> None:
    check.not_cleared("A1", "open")
    assert code_of(check.not_cleared, "A1", "cleared") == "auction_closed"


@given(kwh=st.integers(min_value=0, max_value=10**12))
def test_green_power_carries_one_certificate_per_1000_kwh_and_at_least_one(kwh: int) -> None:
    if kwh < R.kwh_per_certificate:
        assert code_of(check.certificates_of, kwh, R.kwh_per_certificate) == "insufficient_quantity"
    else:
        assert check.certificates_of(kwh, R.kwh_per_certificate) == kwh // 1000  # 第十五条


def test_green_power_needs_tradable_certificates_of_that_project_and_month() -> None:
    check.grid_tradable("P1", True)
    assert code_of(check.grid_tradable, "H1", False) == "not_tradable"
    check.holds_project_month("S1", "P1", "2024-08", 5, 5)
    assert code_of(check.holds_project_month, "S1", "P1", "2024-08", 4, 5) == "insufficient_quantity"
