"""Metering (第十五条–第十七条), issuance with carry-forward (第十三条–第十五条), corrections (第三十二条)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gec_helpers import AT, issue, live, meter, ok, project, refused, seller, snapshot, world

from policyhub.gec.registry import Registry


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        seller(r)
        yield r


def kinds(r: Registry, account: str = "S1") -> dict[str, int]:
    out: dict[str, int] = {}
    for b in r.holdings(account):
        if b["status"] == "live":
            out[b["kind"]] = out.get(b["kind"], 0) + b["count"]
    return out


def test_one_certificate_per_1000_kwh_tradable_and_self_consumed_separately(reg: Registry) -> None:
    project(reg)
    ok(meter(reg, "P1", "2024-08", 1_234_567, 2_500))
    res = issue(reg, "2024-08")
    assert (res["issued"], res["tradable"], res["non_tradable"], res["blocks"]) == (1236, 1234, 2, 2)
    assert kinds(reg) == {"tradable": 1234, "non_tradable": 2}
    assert reg.state()["accounts"]["S1"]["tradable"] == 1234


def test_remainder_is_carried_to_next_month_per_kind(reg: Registry) -> None:
    project(reg)
    ok(meter(reg, "P1", "2024-08", 1_600, 700))
    assert issue(reg, "2024-08")["issued"] == 1  # 1600 → 1 tradable, carry 600; 700 self → 0, carry 700
    ok(meter(reg, "P1", "2024-09", 1_600, 700, at="2024-10-25T10:00:00+08:00"))
    res = issue(reg, "2024-09", at="2024-10-25T10:00:00+08:00")
    assert (res["tradable"], res["non_tradable"]) == (2, 1)  # 600+1600=2200 → 2; 700+700=1400 → 1
    p = reg.projects("S1")[0]
    assert (p["carry_tradable_kwh"], p["carry_non_tradable_kwh"]) == (200, 400)


def test_legacy_hydro_grid_power_is_issued_but_not_tradable(reg: Registry) -> None:
    project(reg, "H22", "hydro", "2022-12-31", True)
    project(reg, "H23", "hydro", "2023-01-01", True)
    ok(meter(reg, "H22", "2024-08", 5_000, 0))
    ok(meter(reg, "H23", "2024-08", 5_000, 0))
    issue(reg, "2024-08")
    by_project = {b["project"]: b for b in reg.holdings("S1")}
    assert by_project["H22"]["tradable"] is False and by_project["H22"]["count"] == 5
    assert by_project["H23"]["tradable"] is True and by_project["H23"]["count"] == 5


def test_issuing_a_month_twice_issues_nothing_more(reg: Registry) -> None:
    project(reg)
    ok(meter(reg, "P1", "2024-08", 10_500, 0))
    assert issue(reg, "2024-08")["issued"] == 10
    assert issue(reg, "2024-08")["issued"] == 0
    assert live(reg, "S1") == 10


def test_late_data_for_an_issued_month_is_issued_later_and_once(reg: Registry) -> None:
    project(reg)
    project(reg, "P2")
    ok(meter(reg, "P1", "2024-08", 10_000, 0))
    assert issue(reg, "2024-08")["issued"] == 10
    ok(meter(reg, "P2", "2024-08", 3_000, 0, at="2024-10-02T10:00:00+08:00"))  # late push
    ok(meter(reg, "P1", "2024-08", 12_000, 0, at="2024-10-02T10:00:00+08:00"))  # late additional data
    assert issue(reg, "2024-08", at="2024-10-03T10:00:00+08:00")["issued"] == 5
    assert issue(reg, "2024-08", at="2024-10-04T10:00:00+08:00")["issued"] == 0
    assert live(reg, "S1") == 15


def test_owner_data_needs_initial_check_and_review_before_issuance(reg: Registry) -> None:
    project(reg, "DPV", "distributed_pv", "2023-06-01")
    owner = {"op": "meter", "project": "DPV", "month": "2024-08", "self_kwh": 4_000, "source": "owner", "at": AT}
    ok(reg.apply(owner, {"role": "account_holder", "token": 2, "account": "S1"}))  # 第十七条: not the reviewers
    assert issue(reg, "2024-08")["issued"] == 0
    review = {"op": "review_meter", "project": "DPV", "month": "2024-08", "approve": True, "at": AT}
    refused(reg.apply({**review, "stage": "final"}), "review_order")
    ok(reg.apply({**review, "stage": "initial"}, {"role": "info_centre", "token": 3}))
    assert issue(reg, "2024-08")["issued"] == 0
    ok(reg.apply({**review, "stage": "final"}))
    res = issue(reg, "2024-08")
    assert (res["issued"], res["non_tradable"]) == (4, 4)


def test_grid_and_owner_figures_that_differ_hold_the_month_until_corrected(reg: Registry) -> None:
    project(reg)
    ok(meter(reg, "P1", "2024-08", 10_000, 0))
    assert ok(meter(reg, "P1", "2024-08", 12_000, None, source="owner"))["discrepancy"] is True
    res = issue(reg, "2024-08")
    assert (res["issued"], res["held"]) == (0, 1)
    ok(
        reg.apply(
            {
                "op": "correct",
                "project": "P1",
                "month": "2024-08",
                "grid_kwh": 11_000,
                "self_kwh": 0,
                "reason": "现场核查",
                "at": AT,
            }
        )
    )
    assert issue(reg, "2024-08")["issued"] == 11


def test_meter_for_a_month_not_ended_or_before_commissioning_is_refused(reg: Registry) -> None:
    project(reg, commissioned="2024-08-20")
    refused(meter(reg, "P1", "2024-09", 1000, 0), "month_not_ended")
    refused(meter(reg, "P1", "2024-07", 1000, 0), "before_commissioning")
    refused(meter(reg, "PX", "2024-08", 1000, 0), "unknown_project")
    refused(reg.apply({"op": "issue", "month": "2024-09", "at": AT}), "month_not_ended")


def test_lowering_issued_figures_needs_a_correction(reg: Registry) -> None:
    project(reg)
    ok(meter(reg, "P1", "2024-08", 10_000, 0))
    issue(reg, "2024-08")
    before = snapshot(reg)
    refused(meter(reg, "P1", "2024-08", 9_000, 0), "needs_correction")
    assert snapshot(reg) == before


def test_correction_revokes_surplus_from_the_holder_and_issues_a_shortfall(reg: Registry) -> None:
    world(reg)  # P1: 2,345,678 grid → 2345 tradable (carry 678); 1,500 self → 1 (carry 500)
    fix = {"op": "correct", "project": "P1", "month": "2024-08", "self_kwh": 1_500, "reason": "表计倍率错误", "at": AT}
    res = ok(reg.apply({**fix, "grid_kwh": 2_300_000}))
    assert (res["revoked"], res["issued"], res["unrecovered"]) == (45, 0, 0)  # 678 - 45,678 = -45,000
    assert reg.state()["accounts"]["S1"]["revoked"] == 45
    res = ok(reg.apply({**fix, "grid_kwh": 2_310_500}))
    assert (res["issued"], res["revoked"]) == (10, 0)  # 0 carry + 10,500 → 10, carry 500
    assert live(reg, "S1") == 2300 + 10 + 1


def test_correction_cannot_revoke_claimed_certificates_and_carries_the_debt(reg: Registry) -> None:
    world(reg)
    ok(reg.apply({"op": "claim", "account": "S1", "quantity": 2346, "beneficiary": "自用", "period": "2024", "at": AT}))
    res = ok(
        reg.apply(
            {
                "op": "correct",
                "project": "P1",
                "month": "2024-08",
                "grid_kwh": 345_678,
                "self_kwh": 1_500,
                "reason": "重复计量",
                "at": AT,
            }
        )
    )
    assert (res["revoked"], res["unrecovered"]) == (0, 2000)
    assert reg.projects("S1")[0]["carry_tradable_kwh"] == 678 - 2_000_000 + 0
    ok(meter(reg, "P1", "2024-09", 2_500_000, 0, at="2024-10-25T10:00:00+08:00"))
    # the debt of 2,000,000 kWh is paid back first: 678 - 2,000,000 + 2,500,000 = 500,678 → 500
    assert issue(reg, "2024-09", at="2024-10-25T10:00:00+08:00")["tradable"] == 500


def test_correction_before_issuance_just_sets_the_figures(reg: Registry) -> None:
    project(reg)
    ok(meter(reg, "P1", "2024-08", 10_000, 0))
    res = ok(
        reg.apply(
            {
                "op": "correct",
                "project": "P1",
                "month": "2024-08",
                "grid_kwh": 8_000,
                "self_kwh": 0,
                "reason": "推送数据有误",
                "at": AT,
            }
        )
    )
    assert res["issued"] == res["revoked"] == 0
    assert issue(reg, "2024-08")["issued"] == 8
