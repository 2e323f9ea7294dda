"""Mandate rules (第八条: 交易主体可委托代理机构) over plain values."""

from __future__ import annotations

from refusal_helpers import code_of, refusal

from policyhub.gec.domain.refusals import mandates as check


def test_a_platform_acts_for_an_account_only_under_its_standing_mandate() -> None:
    check.acting_under_mandate("B1", "BJ", True)
    found = refusal(check.acting_under_mandate, "B1", "BJ", False)
    assert found.code == "no_mandate" and "the platform may not act for it" in found.message


def test_a_mandate_is_granted_once_and_only_a_standing_one_is_revoked() -> None:
    check.not_yet_mandated("B1", "BJ", False)
    assert code_of(check.not_yet_mandated, "B1", "BJ", True) == "already_mandated"
    check.mandated("B1", "BJ", True)
    assert code_of(check.mandated, "B1", "BJ", False) == "no_mandate"
