"""Transfer, claim and expiry rules (第二十二条, 第二十四条) over plain values."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from refusal_helpers import code_of, refusal

from policyhub.gec.config import rules
from policyhub.gec.domain.refusals import movements as check

R = rules()
counts = st.integers(min_value=0, max_value=10**6)


def test_only_legacy_hydro_certificates_move_by_transfer() -> None:
    check.legacy_hydro("H1", "hydro", False)
    assert code_of(check.legacy_hydro, "H2", "hydro", True) == "not_transferable"  # fully market-based after 2023
    assert code_of(check.legacy_hydro, "W1", "wind", True) == "not_transferable"


def test_a_transfer_goes_to_a_buyer_or_provincial_account_other_than_the_sender() -> None:
    for kind in ("buyer", "provincial"):
        check.transfer_recipient("X1", kind, R.transfer_recipients)
    assert code_of(check.transfer_recipient, "S2", "seller", R.transfer_recipients) == "bad_recipient"
    check.two_accounts("S1", "B1")
    assert code_of(check.two_accounts, "S1", "S1") == "invalid_command"


def test_a_transfer_is_covered_by_movable_certificates() -> None:
    check.transfer_covered("S1", "H1", "2024-08", 10, 10)
    assert code_of(check.transfer_covered, "S1", "H1", "2024-08", 9, 10) == "insufficient_quantity"


def test_a_claims_production_month_lies_in_its_period() -> None:
    check.month_in_period(None, "2024", "2024-01", "2024-12")
    check.month_in_period("2024-01", "2024", "2024-01", "2024-12")
    found = refusal(check.month_in_period, "2023-12", "2024", "2024-01", "2024-12")
    assert found.code == "period_mismatch" and "2023-12" in found.message


@given(quantity=st.integers(min_value=1, max_value=10**6), in_period=counts, outside=counts)
def test_a_claim_is_covered_by_certificates_produced_in_its_period(quantity: int, in_period: int, outside: int) -> None:
    total = in_period + outside
    if in_period >= quantity:
        check.claim_covered("B1", "2024", "2024-01", "2024-12", quantity, in_period, total)
    else:
        # Enough held, but produced outside the period, is its own refusal: the buyer can claim another period.
        code = code_of(check.claim_covered, "B1", "2024", "2024-01", "2024-12", quantity, in_period, total)
        assert code == ("period_not_covered" if total >= quantity else "insufficient_quantity")


def test_claim_numbers_stay_within_the_codes_digits() -> None:
    check.claim_number_left(10**R.claim_digits - 1, R.claim_digits)
    assert code_of(check.claim_number_left, 10**R.claim_digits, R.claim_digits) == "claim_space_exhausted"


def test_expiry_never_runs_ahead_of_the_registrys_date() -> None:
    check.as_of_not_ahead(None, date(2026, 8, 1))
    check.as_of_not_ahead(date(2026, 8, 1), date(2026, 8, 1))
    assert code_of(check.as_of_not_ahead, date(2026, 8, 2), date(2026, 8, 1)) == "as_of_in_future"
