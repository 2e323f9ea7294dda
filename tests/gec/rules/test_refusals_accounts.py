"""Account rules (第十条–第十二条, 第三十三条) over plain values: who may open, change, close and be frozen."""

from __future__ import annotations

import pytest
from gec_helpers import id_number, uscc
from refusal_helpers import code_of, refusal

from policyhub.gec.config import rules
from policyhub.gec.domain.refusals import accounts as check

R = rules()
SELLER, BUYER = R.account_kinds["seller"], R.account_kinds["buyer"]


def test_a_closed_account_does_nothing_and_says_so() -> None:
    check.not_closed("S1", "open")
    assert refusal(check.not_closed, "S1", "closed").message == "账户已注销 account S1 is closed"
    assert code_of(check.not_closed, "S1", "closed") == "account_closed"


def test_a_frozen_account_names_the_reason_of_its_freeze() -> None:
    check.not_frozen("B1", False, None)
    found = refusal(check.not_frozen, "B1", True, "第三十三条 监管")
    assert (found.code, found.message) == ("account_frozen", "账户已冻结 account B1 is frozen: 第三十三条 监管")


def test_a_frozen_account_neither_changes_its_registration_nor_has_a_change_approved() -> None:
    check.changeable("S1", False, None)
    found = refusal(check.changeable, "S1", True, "稽查")
    assert (found.code, found.message) == ("account_frozen", "账户 S1 已冻结 is frozen: 稽查")


@pytest.mark.parametrize(
    ("status", "frozen", "why"),
    [
        ("open", False, None),
        ("open", True, "account B1 is frozen"),
        ("closed", False, "account B1 is closed"),
        ("closed", True, "account B1 is closed"),  # closed says more than frozen
        (None, False, "account B1 is closed"),  # no row at all: it cannot take part either
    ],
)
def test_why_an_account_cannot_take_part_in_a_later_settlement(status: str | None, frozen: bool, why: str) -> None:
    assert check.cannot_trade("B1", status, frozen) == why


def test_an_enterprise_account_needs_a_valid_identity_document_normalised_to_upper_case() -> None:
    code = uscc("91110000MA01ABCD1")
    assert check.real_name_doc(f"  {code.lower()} ", "seller", SELLER) == (code, "uscc")
    assert check.real_name_doc(id_number("11010519491231002"), "buyer", BUYER)[1] == "id_card"
    assert code_of(check.real_name_doc, None, "seller", SELLER) == "id_doc_required"
    assert code_of(check.real_name_doc, "91110000MA01ABCD0", "seller", SELLER) == "invalid_id_doc"


def test_a_kind_that_needs_no_document_opens_without_one() -> None:
    optional = [k for k, spec in R.account_kinds.items() if not spec.id_doc_required]
    assert optional, "rules.json: some account kind (provincial, special) needs no identity document"
    for kind in optional:
        assert check.real_name_doc(None, kind, R.account_kinds[kind]) == (None, None)


def test_one_open_account_per_identity_document_without_naming_the_other_account() -> None:
    check.one_account_per_entity(False)
    found = refusal(check.one_account_per_entity, True)
    assert found.code == "duplicate_entity" and "第十条" in found.message


def test_a_seller_pledges_to_claim_only_chinese_gecs_and_cannot_withdraw_it() -> None:
    check.pledge_given(SELLER, True)
    check.pledge_given(BUYER, False)  # a buyer pledges nothing
    assert code_of(check.pledge_given, SELLER, False) == "pledge_required"
    check.pledge_kept(SELLER, True)
    check.pledge_kept(BUYER, False)
    withdrawn = refusal(check.pledge_kept, SELLER, False)
    assert withdrawn.code == "pledge_required" and "撤回" in withdrawn.message


def test_a_provincial_account_names_its_province_and_is_the_only_one_there() -> None:
    assert check.province_named("云南") == "云南"
    assert code_of(check.province_named, None) == "province_required"
    assert code_of(check.province_named, "") == "province_required"
    check.one_per_province("云南", False)
    assert code_of(check.one_per_province, "云南", True) == "duplicate_entity"


def test_an_update_changes_something() -> None:
    check.something_to_change(1)
    assert code_of(check.something_to_change, 0) == "invalid_command"


def test_only_a_pending_change_is_approved_or_rejected() -> None:
    check.change_pending("S1", True)
    assert code_of(check.change_pending, "S1", False) == "no_pending_change"


def test_an_account_with_live_certificates_stays_open() -> None:
    check.closable("S1", 0)
    found = refusal(check.closable, "S1", 3)
    assert found.code == "has_live_certificates" and "still holds 3 live certificates" in found.message


def test_freezing_and_unfreezing_are_one_step_each() -> None:
    check.freezable("S1", False)
    assert code_of(check.freezable, "S1", True) == "already_frozen"
    check.unfreezable("S1", True)
    assert code_of(check.unfreezable, "S1", False) == "not_frozen"
