"""Issuance and metering rules (第十三条–第十七条, 第三十二条) over plain values."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from refusal_helpers import code_of, refusal

from policyhub.gec.config import rules
from policyhub.gec.domain.refusals import issuance, metering

R = rules()
kwh = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))


@pytest.mark.parametrize(("today", "ended"), [(date(2024, 8, 31), False), (date(2024, 9, 1), True)])
def test_a_month_is_issued_and_metered_once_it_has_ended(today: date, ended: bool) -> None:
    if ended:
        issuance.month_ended("2024-08", today)
    else:
        found = refusal(issuance.month_ended, "2024-08", today)
        assert (found.code, found.message) == (
            "month_not_ended",
            "该月尚未结束 month 2024-08 has not ended on 2024-08-31",
        )


def test_a_closed_owner_is_issued_nothing_and_one_named_project_of_it_is_refused() -> None:
    issuance.owner_open(None, 3)  # a whole month skips them and names them in its result
    issuance.owner_open("P1", 0)
    assert code_of(issuance.owner_open, "P1", 1) == "owner_closed"


@given(base=st.integers(min_value=1, max_value=10**6), issued=st.integers(min_value=0, max_value=10**6))
def test_serials_stay_within_the_codes_digits(base: int, issued: int) -> None:
    digits = 6
    if issued > 0 and base + issued - 1 > 10**digits - 1:
        assert code_of(issuance.serials_left, base, issued, digits) == "serial_space_exhausted"
    else:
        issuance.serials_left(base, issued, digits)


def test_no_data_for_a_month_before_commissioning() -> None:
    metering.after_commissioning("2024-08", None)
    metering.after_commissioning("2024-08", "2024-08-31")
    assert code_of(metering.after_commissioning, "2024-08", "2024-09-01") == "before_commissioning"


@pytest.mark.parametrize(
    ("role", "account", "allowed"),
    [
        ("account_holder", "S1", True),
        ("account_holder", "S2", False),
        ("data_provider", None, True),
        (None, None, True),
    ],
)
def test_an_account_holder_submits_data_for_its_own_projects_only(
    role: str | None, account: str | None, allowed: bool
) -> None:
    if allowed:
        metering.owner_submits("P1", "S1", role, account)
    else:
        assert code_of(metering.owner_submits, "P1", "S1", role, account) == "not_project_owner"


def test_a_reading_gives_grid_or_self_consumed_kwh() -> None:
    metering.some_reading(0, None)
    metering.some_reading(None, 5)
    assert code_of(metering.some_reading, None, None) == "invalid_command"


def test_a_month_has_its_calendar_hours() -> None:
    assert [metering.hours(m) for m in ("2024-02", "2023-02", "2024-08")] == [696, 672, 744]


@given(capacity=st.floats(min_value=0.1, max_value=10**7, allow_nan=False), grid=kwh, self_=kwh)
def test_a_reading_above_capacity_round_the_clock_is_implausible(
    capacity: float, grid: int | None, self_: int | None
) -> None:
    top = int(capacity * 744 * R.max_capacity_factor)
    if (grid or 0) + (self_ or 0) > top:
        found = refusal(metering.plausible, "P1", capacity, "2024-08", grid, self_, R.max_capacity_factor)
        assert found.code == "implausible_meter" and f"at most {top:,} kWh" in found.message
    else:
        metering.plausible("P1", capacity, "2024-08", grid, self_, R.max_capacity_factor)


@pytest.mark.parametrize(
    ("old", "new", "lowered"),
    [((100, 0), (100, 0), False), ((100, 0), (150, 0), False), ((100, None), (100, 7), False),
     ((100, 0), (99, 0), True), ((100, 0), (None, 0), True), ((None, 5), (100, 4), True)],
)  # fmt: skip
def test_issued_figures_are_lowered_only_by_a_correction(
    old: tuple[int | None, int | None], new: tuple[int | None, int | None], lowered: bool
) -> None:
    if lowered:
        assert code_of(metering.not_lowered, "P1", "2024-08", old, new) == "needs_correction"
    else:
        metering.not_lowered("P1", "2024-08", old, new)


def test_a_review_needs_owner_data_in_the_order_initial_then_final() -> None:
    row = object()
    assert metering.owner_data("P1", "2024-08", row) is row
    assert code_of(metering.owner_data, "P1", "2024-08", None) == "no_owner_data"
    metering.review_order("initial", "submitted")
    metering.review_order("final", "initial_ok")
    assert code_of(metering.review_order, "final", "submitted") == "review_order"
    assert code_of(metering.review_order, "initial", "approved") == "review_order"


def test_the_submitter_reviews_none_of_its_data_and_the_final_review_is_by_another() -> None:
    metering.segregated("initial", "info_centre:2:", "account_holder:1:S1", None)
    metering.segregated("final", "operator:local:", "account_holder:1:S1", "info_centre:2:")
    assert code_of(metering.segregated, "initial", "operator:local:", "operator:local:", None) == "own_submission"
    assert code_of(metering.segregated, "final", "info_centre:2:", None, "info_centre:2:") == "same_reviewer"
    metering.segregated("initial", "info_centre:2:", None, "info_centre:2:")  # 初核 again after a resubmission


def test_a_meter_batch_has_rows_and_names_every_bad_one_up_to_twenty() -> None:
    assert code_of(metering.some_rows, 0) == "invalid_command"
    metering.readings_well_formed([("P1", 5, None), ("P2", None, 0)])
    bad = [("P1", None, None), ("bad name!", 1, 1), ("P3", -1, 0), ("P4", True, 0), ("P5", 10**15 + 1, 0)]
    found = refusal(metering.readings_well_formed, bad * 5)
    assert found.code == "invalid_command" and "25 bad rows" in found.message and found.message.endswith("and 5 more")


def test_a_meter_batch_names_unknown_projects_and_months_before_commissioning() -> None:
    metering.batch_projects_known([])
    unknown = refusal(metering.batch_projects_known, [(2, "PX", False), (5, "P1", True)])
    assert unknown.code == "unknown_project" and "row 5 P1: month before commissioning" in unknown.message
    assert code_of(metering.batch_projects_known, [(1, "P1", True)]) == "before_commissioning"


def test_a_meter_batch_is_plausible_once_each_and_lowers_no_issued_figure() -> None:
    metering.batch_plausible("2024-08", [])
    found = refusal(metering.batch_plausible, "2024-08", [(3, "P1", 2_000_000, 1_000_000)])
    assert found.code == "implausible_meter" and "row 3 P1: 2,000,000 kWh > 1,000,000" in found.message
    metering.batch_once_each(None)
    assert code_of(metering.batch_once_each, "P1") == "duplicate_row"
    metering.batch_not_lowered("2024-08", None)
    assert code_of(metering.batch_not_lowered, "2024-08", "P1") == "needs_correction"
