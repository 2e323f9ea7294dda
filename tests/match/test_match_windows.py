"""Windows on Beijing dates: open, closed or upcoming either side of each printed date; closed sorts last."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from match_support import FIRM, item, run

from policyhub.match import catalog, window

DATED = [i for i in catalog.items() if i["window"]["closes"]]


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("spec", DATED, ids=[i["id"] for i in DATED])
def test_the_window_is_open_on_its_last_day_and_closed_the_day_after(spec: dict[str, Any]) -> None:
    profile = {"entity": {"kind": spec["who_kinds"][0]}}
    closes = item(profile, spec["id"])["window"]["closes"]
    assert item(profile, spec["id"], closes)["window"]["state"] == "open"  # “X日前”: X is the last day to act
    assert item(profile, spec["id"], _shift(closes, 1))["window"]["state"] == "closed"


@pytest.mark.parametrize("spec", [i for i in catalog.items() if i["window"]["opens"]], ids=lambda i: i["id"])
def test_a_window_with_a_printed_start_is_upcoming_the_day_before(spec: dict[str, Any]) -> None:
    profile = {"entity": {"kind": spec["who_kinds"][0]}}
    opens = spec["window"]["opens"]["date"]
    assert item(profile, spec["id"], _shift(opens, -1))["window"]["state"] == "upcoming"
    assert item(profile, spec["id"], opens)["window"]["state"] == "open"


def test_the_printed_windows_are_the_seeds_dates() -> None:
    # d15 四 1.“受理时间为 2024 年 9 月 19 日 8:00 至 10 月 24 日 16:00”; d16 四（一） 9月25日 至 10月25日
    d15 = item({"entity": FIRM}, "d15-apply")["window"]
    assert (d15["opens"], d15["closes"], d15["time"]) == ("2024-09-19", "2024-10-24", "16:00")
    d16 = item({"entity": FIRM}, "d16-apply")["window"]
    assert (d16["opens"], d16["closes"]) == ("2024-09-25", "2024-10-25")
    # d30 四（六）“本公告自2024年10月1日起执行至2027年12月31日”
    d30 = item({"entity": FIRM}, "d30-stamp")["window"]
    assert (d30["opens"], d30["closes"]) == ("2024-10-01", "2027-12-31")
    # d26 序“自2024年11月1日起施行”
    assert item({"entity": FIRM}, "d26-check", "2024-10-31")["window"]["state"] == "upcoming"


def test_the_applicants_own_date_not_the_recommenders() -> None:
    # d20 三（一）“申报单位于10月31日前…各推荐单位于11月15日前”
    assert item({"entity": FIRM}, "d20-apply")["window"]["closes"] == "2024-10-31"
    assert item({"entity": {"kind": "association"}}, "d20-recommend")["window"]["closes"] == "2024-11-15"


def test_a_firm_filing_through_its_authority_must_act_before_the_authoritys_date() -> None:
    # d08 三（三）: only the authorities' 2024-10-27 is printed; the firm files through them (三（二）)
    w = item({"entity": FIRM}, "d08-apply")["window"]
    assert (w["closes"], w["deadline"]) == ("2024-10-27", "chain")
    assert "本文未印申请人自己的截止日期" in w["note"] and "2024-10-27" in w["note"]
    own = item({"entity": {"kind": "provincial_government"}}, "d08-recommend")["window"]
    assert (own["closes"], own["deadline"], own["note"]) == ("2024-10-27", "own", None)


def test_closed_windows_stay_listed_after_the_open_ones() -> None:
    items = run({"entity": FIRM}, "2024-10-12")["items"]
    states = [i["window"]["state"] for i in items]
    assert "closed" in states and "open" in states
    assert all(s == "closed" for s in states[states.index("closed") :])
    assert len(items) == len(catalog.items())


def test_as_of_defaults_to_todays_beijing_date() -> None:
    assert window.today() == dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    from policyhub.match.matcher import match
    from policyhub.match.profile import parse_profile

    assert match(parse_profile({"entity": FIRM}))["as_of"] == window.today().isoformat()


def test_on_one_date_the_entitys_duty_comes_before_what_does_not_concern_it() -> None:
    items = run({"entity": {**FIRM, "champion": {"year": 2021, "batch": 6}}})["items"]
    d08 = [i["id"] for i in items if i["doc"] == "d08"]
    assert d08 == ["d08-review", "d08-apply", "d08-recommend"]  # required, undetermined, not_applicable
