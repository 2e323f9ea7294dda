"""Project rules (建档立卡, 第八条, 第十条) over plain values, one record or a batch of them."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from refusal_helpers import code_of, refusal

from policyhub.gec.domain.project_rows import ProjectRow
from policyhub.gec.domain.refusals import projects as check
from policyhub.gec.domain.refusals.projects import RowsRefused

TODAY = "2024-09-25"


def row(project: str, owner: str = "S1", commissioned: str = "2022-05-01") -> ProjectRow:
    return (project, owner, f"{project} 电站", "wind", "河北", 50000.0, commissioned, False)


def test_projects_belong_to_seller_accounts() -> None:
    check.owner_may_own("S1", "seller")
    assert code_of(check.owner_may_own, "B1", "buyer") == "not_seller"
    check.receiver_may_own("S2", "seller")
    assert code_of(check.receiver_may_own, "B1", "buyer") == "not_seller"


def test_a_project_is_recorded_once_commissioned() -> None:
    check.commissioned_by(date(2024, 9, 25), date(2024, 9, 25))
    found = refusal(check.commissioned_by, date(2024, 9, 26), date(2024, 9, 25))
    assert (found.code, found.message) == (
        "future_date",
        "投产日期晚于今日 commissioning date 2024-09-26 is after 2024-09-25",
    )


def test_a_project_moves_to_another_account_of_its_own_entity() -> None:
    check.new_owner("P1", "S1", "S2")
    assert code_of(check.new_owner, "P1", "S1", "S1") == "same_owner"
    check.one_entity("S1", "S2", "91110000MA01ABCD1X", "91110000MA01ABCD1X")
    assert code_of(check.one_entity, "S1", "S2", "DOC-A", "DOC-B") == "different_entity"
    assert code_of(check.one_entity, "S1", "S2", None, None) == "different_entity"  # no document: no entity to share


def test_an_empty_batch_is_refused() -> None:
    found = refusal(check.some_projects, 0)
    assert isinstance(found, RowsRefused) and found.code == "invalid_command"
    assert found.rows == [{"row": 0, "reason": "没有项目 no rows"}]


def test_a_good_batch_has_no_problems() -> None:
    owners = {"S1": ("seller", "open"), "S2": ("seller", "open")}
    assert check.row_problems([row("P1"), row("P2", "S2")], TODAY, owners) == []


def test_every_bad_row_of_a_batch_is_named_with_its_code_in_row_order() -> None:
    rows = [
        row("P1"),
        row("P1"),
        row("P3", "B1"),
        row("P4", "S9"),
        row("P5", "S2"),
        row("P6", commissioned="2025-01-01"),
    ]
    owners = {"S1": ("seller", "open"), "B1": ("buyer", "open"), "S2": ("seller", "closed")}
    found = check.row_problems(rows, TODAY, owners)
    assert [(n, code) for n, _, code in found] == [
        (2, "duplicate_row"),
        (3, "not_seller"),
        (4, "unknown_account"),
        (5, "account_closed"),
        (6, "future_date"),
    ]


def test_a_refused_batch_also_names_the_rows_already_registered_and_takes_the_first_rows_code() -> None:
    check.rows_refused([], [(1, "项目 P1 已建档 project already exists")])  # nothing else wrong: no refusal here
    rows = [row("P1"), row("P2", "B1")]
    registered = check.already_registered(rows, {"P1"})
    assert registered == [(1, "项目 P1 已建档 project already exists")]
    problems = check.row_problems(rows, TODAY, {"S1": ("seller", "open"), "B1": ("buyer", "open")})
    found = refusal(check.rows_refused, problems, registered)
    assert isinstance(found, RowsRefused) and found.code == "already_exists"
    assert [r["row"] for r in found.rows] == [1, 2]


@given(n=st.integers(min_value=1, max_value=60))
def test_a_refusal_names_twenty_rows_and_counts_the_rest(n: int) -> None:
    found = RowsRefused("future_date", [(i, "x") for i in range(1, n + 1)])
    assert len(found.rows) == n
    assert found.message.endswith(f"and {n - 20} more") == (n > 20)
