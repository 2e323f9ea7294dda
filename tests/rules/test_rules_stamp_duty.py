"""Stamp duty on restructuring (财政部 税务总局公告2024年第14号): every article, conditions, period boundaries."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyhub.errors import InputError
from policyhub.library.rules.inputs import StampCase, parse
from policyhub.library.rules.stamp_duty import assess

REFORM = {
    "type": "enterprise_reform",
    "from_form": "llc",
    "to_form": "jsc",
    "investors_persist": True,
    "investor_share_percent": 80,
    "successor_assumes": True,
}
LAND = {"id": "land", "kind": "property_transfer", "asset": "land_use_right", "amount": 5_000_000}
CONTRACT = {
    "id": "c1",
    "kind": "contract",
    "contract_type": "买卖合同",
    "amount": 100_000,
    "drawn_before_restructuring": True,
    "fully_performed": False,
    "successor_assumes": True,
    "base_unchanged": True,
    "tax_paid_before": True,
}


def run(restructuring: dict[str, Any], *items: dict[str, Any], date: str = "2024-11-15") -> list[dict[str, Any]]:
    data = {"date": date, "restructuring": copy.deepcopy(restructuring), "items": [copy.deepcopy(i) for i in items]}
    return list(assess(parse(StampCase, data))["items"])


def one(restructuring: dict[str, Any], item: dict[str, Any], date: str = "2024-11-15") -> dict[str, Any]:
    return run(restructuring, item, date=date)[0]


@pytest.mark.parametrize(
    ("date", "exempt"), [("2024-09-30", False), ("2024-10-01", True), ("2027-12-31", True), ("2028-01-01", False)]
)
def test_exemption_only_within_2024_10_01_to_2027_12_31(date: str, exempt: bool) -> None:
    item = one(REFORM, LAND, date)
    assert item["exempt"] is exempt
    if not exempt:
        # Issue 13 (the old answer "taxable, tax 2500" was wrong): before 2024-10-01 财税〔2003〕183号 applied and
        # after 2027-12-31 other rules apply; neither is encoded, so the answer is "not covered", never a tax.
        assert item["status"] == "not_covered" and "未覆盖" in item["basis"]
        assert item["taxable_base"] is None and item["tax"] is None


def test_item_date_overrides_case_date() -> None:
    assert one(REFORM, {**LAND, "date": "2028-01-01"})["exempt"] is False


@pytest.mark.parametrize(("share", "exempt"), [(75, False), (75.01, True), (100, True)])
def test_enterprise_reform_needs_investors_over_75_percent(share: float, exempt: bool) -> None:
    item = one({**REFORM, "investor_share_percent": share}, LAND)
    assert item["exempt"] is exempt
    assert item["clause"] == "三、第一款"
    assert item["citation"] == "财政部 税务总局公告2024年第14号 三、第一款"


@pytest.mark.parametrize(
    ("change", "exempt"),
    [
        ({"from_form": "non_company", "to_form": "llc"}, True),
        ({"from_form": "jsc", "to_form": "llc"}, True),
        ({"from_form": "llc", "to_form": "llc"}, False),
        ({"investors_persist": False}, False),
        ({"successor_assumes": False}, False),
        ({"registered_in_china": False}, False),
    ],
)
def test_enterprise_reform_definition_of_article_4_1(change: dict[str, Any], exempt: bool) -> None:
    assert one({**REFORM, **change}, LAND)["exempt"] is exempt


@pytest.mark.parametrize(("share", "exempt"), [(50, False), (50.5, True)])
def test_institution_reform_needs_investors_over_50_percent(share: float, exempt: bool) -> None:
    case = {"type": "institution_reform", "investors_persist": True, "investor_share_percent": share}
    assert one(case, LAND)["exempt"] is exempt


@pytest.mark.parametrize(
    ("case", "exempt"),
    [
        ({"type": "merger", "investors_persist": True}, True),
        ({"type": "merger", "investors_persist": False}, False),
        ({"type": "division", "investors_same": True}, True),
        ({"type": "division", "investors_same": False}, False),
        ({"type": "bankruptcy"}, True),
        ({"type": "debt_restructuring"}, False),
        ({"type": "asset_contribution"}, False),
    ],
)
def test_property_transfer_documents_of_article_3_first_paragraph(case: dict[str, Any], exempt: bool) -> None:
    assert one(case, {**LAND, "asset": "equity"})["exempt"] is exempt


@pytest.mark.parametrize(
    ("gov", "asset", "exempt"),
    [(True, "equity", True), (True, "building", True), (True, "ip", False), (False, "equity", False)],
)
def test_administrative_adjustment_by_county_or_higher_government(gov: bool, asset: str, exempt: bool) -> None:
    item = one({"type": "admin_adjustment", "government_county_or_above": gov}, {**LAND, "asset": asset})
    assert item["exempt"] is exempt and item["clause"] == "三、第二款"


@pytest.mark.parametrize(
    ("relation", "exempt"),
    [("parent_wholly_owned", True), ("wholly_owned_sisters", True), ("person_own_entity", True), ("other", False)],
)
def test_transfer_within_the_same_investor(relation: str, exempt: bool) -> None:
    item = one({"type": "intra_group_transfer", "relation": relation}, LAND)
    assert item["exempt"] is exempt and item["clause"] == "三、第三款"


def test_new_books_pay_only_on_capital_not_taxed_before_and_later_increases() -> None:
    books = {"id": "b", "kind": "new_books_capital", "amount": 10_000_000, "already_taxed": 8_000_000}
    item = one(REFORM, books)
    assert item["clause"] == "一、（一）"
    assert (item["exempt"], item["status"]) == (False, "partly_exempt")
    assert item["exempt_amount"] == 8_000_000 and item["taxable_base"] == 2_000_000
    assert item["tax"] == 500.0  # 万分之二点五 of 2,000,000
    later = one(REFORM, {**books, "later_increase": 1_000_000})
    assert later["taxable_base"] == 3_000_000


def test_new_books_fully_taxed_before_are_exempt() -> None:
    item = one(REFORM, {"kind": "new_books_capital", "amount": 5_000_000, "already_taxed": 5_000_000})
    assert item["exempt"] is True and item["taxable_base"] == 0


def test_new_books_without_already_taxed_amount_are_unknown() -> None:
    item = one(REFORM, {"kind": "new_books_capital", "amount": 5_000_000})
    assert item["exempt"] is False and item["status"] == "unknown" and item["taxable_base"] is None


@pytest.mark.parametrize(("approved", "exempt"), [(True, True), (False, False)])
def test_debt_to_equity_exempt_only_in_state_council_approved_restructuring(approved: bool, exempt: bool) -> None:
    case = {"type": "debt_restructuring", "state_council_approved": approved}
    item = one(case, {"kind": "debt_to_equity", "amount": 1_000_000})
    assert item["exempt"] is exempt and item["clause"] == "一、（二）"
    assert item["taxable_base"] == (0 if exempt else 1_000_000)


@pytest.mark.parametrize(
    ("kind", "clause"), [("appraisal_increase", "一、（三）"), ("other_accounts_to_capital", "一、（四）")]
)
def test_appraisal_increase_and_other_accounts_are_taxable(kind: str, clause: str) -> None:
    item = one(REFORM, {"kind": kind, "amount": 2_000_000})
    assert item["exempt"] is False and item["clause"] == clause
    assert item["taxable_base"] == 2_000_000 and item["tax"] == 500.0
    assert "应当按规定缴纳印花税" in item["text"]


def test_contract_carried_over_unchanged_and_taxed_before_is_not_taxed_again() -> None:
    item = one(REFORM, CONTRACT)
    assert item["exempt"] is True and item["clause"] == "二"


@pytest.mark.parametrize(
    "change",
    [
        {"drawn_before_restructuring": False},
        {"fully_performed": True},
        {"successor_assumes": False},
        {"base_unchanged": False},
        {"tax_paid_before": False},
    ],
)
def test_contract_loses_relief_when_any_condition_of_article_2_fails(change: dict[str, Any]) -> None:
    item = one(REFORM, {**CONTRACT, **change})
    assert item["exempt"] is False and item["status"] == "taxable"
    assert item["taxable_base"] == 100_000 and item["tax"] == 30.0  # 买卖合同 万分之三


def test_contracts_of_a_debt_restructuring_also_keep_relief() -> None:
    assert one({"type": "debt_restructuring"}, CONTRACT)["exempt"] is True


def test_government_adjustment_is_not_a_restructuring_for_books_and_contracts() -> None:
    case = {"type": "admin_adjustment", "government_county_or_above": True}
    assert one(case, CONTRACT)["exempt"] is False


def test_missing_fact_makes_item_unknown_and_not_exempt() -> None:
    item = one({"type": "merger"}, LAND)
    assert item["exempt"] is False and item["status"] == "unknown"
    assert "缺少事实" in item["basis"]


def test_case_totals() -> None:
    items = [LAND, {"kind": "appraisal_increase", "amount": 2_000_000}, {**CONTRACT, "tax_paid_before": False}]
    result = assess(parse(StampCase, {"date": "2024-11-15", "restructuring": REFORM, "items": items}))
    assert result["total_taxable_base"] == 2_100_000 and result["total_tax"] == 530.0
    assert result["all_exempt"] is False
    assert result["effective"] == {"from": "2024-10-01", "to": "2027-12-31"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": "2024-11-15", "restructuring": {"type": "spin"}, "items": [LAND]}, "restructuring.type"),
        ({"date": "2024-11-15", "restructuring": REFORM, "items": []}, "items"),
        ({"date": "15/11/2024", "restructuring": REFORM, "items": [LAND]}, "date"),
        ({"date": "2024-11-15", "restructuring": REFORM, "items": [{**LAND, "amount": -1}]}, "items.0.amount"),
    ],
)
def test_bad_input_names_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError, match=f"^{field}:"):
        parse(StampCase, data)


@given(st.integers(0, 10**9), st.integers(0, 10**9), st.integers(0, 10**8))
def test_new_books_exempt_plus_taxable_is_the_whole(amount: int, taxed: int, later: int) -> None:
    item = one(REFORM, {"kind": "new_books_capital", "amount": amount, "already_taxed": taxed, "later_increase": later})
    assert item["exempt_amount"] + item["taxable_base"] == pytest.approx(amount + later)
    assert item["exempt"] == (item["taxable_base"] == 0)


def test_every_clause_of_the_announcement_is_used() -> None:
    from policyhub.library.rules.ruledata import load

    cases: list[tuple[dict[str, Any], dict[str, Any]]] = [
        (REFORM, LAND),
        (REFORM, {"kind": "new_books_capital", "amount": 1, "already_taxed": 1}),
        ({"type": "debt_restructuring", "state_council_approved": True}, {"kind": "debt_to_equity", "amount": 1}),
        (REFORM, {"kind": "appraisal_increase", "amount": 1}),
        (REFORM, {"kind": "other_accounts_to_capital", "amount": 1}),
        (REFORM, CONTRACT),
        ({"type": "asset_contribution"}, LAND),
        ({"type": "merger", "investors_persist": True}, LAND),
        ({"type": "division", "investors_same": True}, LAND),
        ({"type": "institution_reform", "investors_persist": True, "investor_share_percent": 60}, LAND),
        ({"type": "admin_adjustment", "government_county_or_above": True}, LAND),
        ({"type": "intra_group_transfer", "relation": "parent_wholly_owned"}, LAND),
    ]
    used: set[str] = set()
    prefix = "财政部 税务总局公告2024年第14号 "
    for case, item in cases:
        out = one(case, item)
        used.add(out["clause"])
        used |= {c["citation"].removeprefix(prefix) for c in out["conditions"]}
    assert used == set(load("stamp_duty_2024_14")["clauses"])


@given(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2029, 12, 31)))
def test_exempt_exactly_within_the_period(day: dt.date) -> None:
    in_period = dt.date(2024, 10, 1) <= day <= dt.date(2027, 12, 31)
    assert one(REFORM, LAND, day.isoformat())["exempt"] is in_period
