"""R&D programme 2024 application limits: every printed rule, each boundary date on both sides."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyhub.errors import InputError
from policyhub.library.rules.inputs import RdCase, parse
from policyhub.library.rules.rd_eligibility import check_eligibility
from policyhub.library.rules.ruledata import load

TRANSPORT = {"programme": "交通基础设施", "guide": "transport", "role": "leader", "submitted_on": "2024-10-10"}
NQI = {"programme": "国家质量基础设施体系", "guide": "nqi", "role": "leader", "submitted_on": "2024-10-10"}


def base(app: dict[str, Any] | None = None) -> dict[str, Any]:
    """A complete case that meets every rule."""
    return {
        "person": {
            "birth_date": "1980-05-05",
            "sex": "male",
            "title_senior": True,
            "phd": True,
            "civil_servant": False,
            "guide_expert": False,
            "credit_blacklisted": False,
            "months_per_year": 8,
            "proposer": True,
        },
        "unit": {
            "registered_date": "2010-01-01",
            "independent_legal_person": True,
            "state_organ": False,
            "credit_blacklisted": False,
        },
        "applications": [copy.deepcopy(app or TRANSPORT)],
        "ongoing": [],
        "as_of": "2024-10-10",
    }


def run(data: dict[str, Any]) -> dict[str, Any]:
    return check_eligibility(parse(RdCase, data))


def broken(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(v["guide"], v["rule"]) for v in run(data)["violations"]}


def with_(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *keys, last = path.split(".")
    node: Any = data
    for k in keys:
        node = node[int(k)] if k.isdigit() else node[k]
    node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize("app", [TRANSPORT, NQI], ids=["transport", "nqi"])
def test_complete_case_is_eligible_and_complete(app: dict[str, Any]) -> None:
    result = run(base(app))
    assert result["eligible"] is True and result["violations"] == []
    assert result["complete"] is True
    assert all(c["status"] == "met" for c in result["conditions"])


# (scenario, guide application, changes, the (guide, rule) pairs that must break)
SCENARIOS: list[tuple[str, dict[str, Any], dict[str, Any], set[tuple[str, str]]]] = [
    (
        "unit registered 2023-07-01",
        TRANSPORT,
        {"unit.registered_date": "2023-07-01"},
        {("transport", "unit_registered")},
    ),
    ("nqi unit registered 2023-07-01", NQI, {"unit.registered_date": "2023-07-01"}, {("nqi", "unit_registered")}),
    ("no legal person", TRANSPORT, {"unit.independent_legal_person": False}, {("transport", "unit_legal_person")}),
    ("nqi no legal person", NQI, {"unit.independent_legal_person": False}, {("nqi", "unit_legal_person")}),
    ("state organ", TRANSPORT, {"unit.state_organ": True}, {("transport", "unit_not_state_organ")}),
    ("nqi state organ", NQI, {"unit.state_organ": True}, {("nqi", "unit_not_state_organ")}),
    ("unit blacklisted", TRANSPORT, {"unit.credit_blacklisted": True}, {("transport", "unit_credit")}),
    ("nqi unit blacklisted", NQI, {"unit.credit_blacklisted": True}, {("nqi", "unit_credit")}),
    ("no title", TRANSPORT, {"person.title_senior": False, "person.phd": False}, {("transport", "leader_title")}),
    ("nqi no title", NQI, {"person.title_senior": False, "person.phd": False}, {("nqi", "leader_title")}),
    ("5 months", TRANSPORT, {"person.months_per_year": 5}, {("transport", "leader_time")}),
    ("nqi 5 months", NQI, {"person.months_per_year": 5}, {("nqi", "leader_time")}),
    ("born 1963-12-31", TRANSPORT, {"person.birth_date": "1963-12-31"}, {("transport", "leader_age")}),
    ("nqi born 1963-12-31", NQI, {"person.birth_date": "1963-12-31"}, {("nqi", "leader_age")}),
    (
        "young male 1985-12-31",
        TRANSPORT,
        {"applications.0.young_scientist": True, "person.birth_date": "1985-12-31"},
        {("transport", "young_scientist_age")},
    ),
    (
        "young team member 1983-12-31 female",
        TRANSPORT,
        {
            "applications.0.young_scientist": True,
            "applications.0.role": "member",
            "person.sex": "female",
            "person.birth_date": "1983-12-31",
        },
        {("transport", "young_scientist_team_age")},
    ),
    ("not proposer", TRANSPORT, {"person.proposer": False}, {("transport", "leader_proposer")}),
    ("nqi not proposer", NQI, {"person.proposer": False}, {("nqi", "leader_proposer")}),
    ("civil servant", TRANSPORT, {"person.civil_servant": True}, {("transport", "civil_servant")}),
    ("nqi civil servant", NQI, {"person.civil_servant": True}, {("nqi", "civil_servant")}),
    ("guide expert", TRANSPORT, {"person.guide_expert": ["交通基础设施"]}, {("transport", "guide_expert")}),
    ("nqi guide expert", NQI, {"person.guide_expert": True}, {("nqi", "guide_expert")}),
    ("person blacklisted", TRANSPORT, {"person.credit_blacklisted": True}, {("transport", "person_credit")}),
    ("nqi person blacklisted", NQI, {"person.credit_blacklisted": True}, {("nqi", "person_credit")}),
    ("submitted 2024-10-25", TRANSPORT, {"applications.0.submitted_on": "2024-10-25"}, {("transport", "window")}),
    ("nqi submitted 2024-09-24", NQI, {"applications.0.submitted_on": "2024-09-24"}, {("nqi", "window")}),
]


@pytest.mark.parametrize(("name", "app", "changes", "expected"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_single_fact_breaks_exactly_its_rule(
    name: str, app: dict[str, Any], changes: dict[str, Any], expected: set[tuple[str, str]]
) -> None:
    data = base(app)
    for path, value in changes.items():
        data = with_(data, path, value)
    result = run(data)
    assert broken(data) == expected
    assert result["eligible"] is False
    for v in result["violations"]:
        assert v["citation"].startswith(load("rd_limits_2024")["guides"][v["guide"]]["title"])
        assert v["text"]


def two_apps(second: dict[str, Any]) -> dict[str, Any]:
    data = base()
    data["applications"].append(second)
    return data


MEMBER_T = {"programme": "交通载运装备与智能交通技术", "guide": "transport", "role": "member"}


def test_two_led_applications_break_the_one_led_limit() -> None:
    assert ("transport", "one_led") in broken(two_apps({**TRANSPORT, "programme": "交通载运装备与智能交通技术"}))
    assert broken(two_apps(MEMBER_T)) == set()


def test_nqi_one_led_limit() -> None:
    data = base(NQI)
    data["applications"].append({**NQI, "direction": "计量"})
    assert ("nqi", "one_led") in broken(data)


def ongoing(end: str, role: str = "member", **extra: Any) -> dict[str, Any]:
    return {"programme": "先进结构与复合材料", "role": role, "end_date": end, **extra}


@pytest.mark.parametrize("app", [TRANSPORT, NQI], ids=["transport", "nqi"])
def test_ongoing_project_ending_2024_12_30_is_not_counted_but_2024_12_31_is(app: dict[str, Any]) -> None:
    guide = app["guide"]
    member = {**app, "role": "member", "programme": app["programme"] + "2"}
    data = base(app)
    data["applications"].append(member)
    data["ongoing"] = [ongoing("2024-12-30")]
    assert (guide, "total_limit") not in broken(data)
    data["ongoing"] = [ongoing("2024-12-31")]
    assert (guide, "total_limit") in broken(data)


def test_small_international_cooperation_projects_are_outside_the_total() -> None:
    data = two_apps(MEMBER_T)
    data["ongoing"] = [ongoing("2026-06-30", programme="政府间国际科技创新合作", budget_wan=400)]
    assert broken(data) == set()
    data["ongoing"] = [ongoing("2026-06-30", programme="政府间国际科技创新合作", budget_wan=401)]
    assert ("transport", "total_limit") in broken(data)


def test_ongoing_project_leader_is_barred_from_any_application_but_topic_leader_is_not() -> None:
    data = two_apps(MEMBER_T)
    data["applications"].pop(0)  # apply only as a member
    data["ongoing"] = [ongoing("2025-06-30", role="leader")]
    assert broken(data) == {("transport", "ongoing_leader_barred")}
    data["ongoing"] = [ongoing("2025-06-30", role="topic_leader")]
    assert broken(data) == set()


def test_project_ended_before_the_application_does_not_bar() -> None:
    data = base()
    data["ongoing"] = [ongoing("2024-10-09", role="leader")]
    assert broken(data) == set()


def test_leader_of_other_ongoing_project_may_not_join_exempt_cooperation_project() -> None:
    data = base({**MEMBER_T, "programme": "政府间国际科技创新合作", "budget_wan": 300})
    data["ongoing"] = [ongoing("2026-01-01", role="leader")]
    assert broken(data) == {("transport", "ongoing_leader_barred"), ("transport", "exempt_projects_bar")}


@pytest.mark.parametrize("app", [TRANSPORT, NQI], ids=["transport", "nqi"])
def test_quitting_an_ongoing_project_to_apply_is_a_violation(app: dict[str, Any]) -> None:
    data = base(app)
    data["ongoing"] = [ongoing("2026-12-31", withdrawn=True)]
    assert broken(data) == {(app["guide"], "no_withdrawal")}


@pytest.mark.parametrize("app", [TRANSPORT, NQI], ids=["transport", "nqi"])
def test_joint_limit_counts_nsfc_projects_in_principle(app: dict[str, Any]) -> None:
    data = base(app)
    data["ongoing"] = [
        ongoing("2026-12-31", role="leader", scheme="nsfc_major"),
        ongoing("2026-12-31", role="member", scheme="nsfc_center"),
    ]
    result = run(data)
    assert {(v["guide"], v["rule"]) for v in result["violations"]} == {(app["guide"], "joint_limit")}
    assert result["violations"][0]["strength"] == "in_principle"


def test_nqi_unit_may_join_one_team_per_direction_except_young_scientist_projects() -> None:
    data = base({**NQI, "role": "member", "direction": "计量"})
    data["applications"].append({**NQI, "role": "member", "direction": "计量"})
    assert ("nqi", "unit_one_team_per_direction") in broken(data)
    data["applications"][1]["young_scientist"] = True
    data["applications"][1]["role"] = "member"
    assert ("nqi", "unit_one_team_per_direction") not in broken(data)


@pytest.mark.parametrize(("sex", "day", "ok"), [
    ("male", "1985-12-31", False), ("male", "1986-01-01", True),
    ("female", "1983-12-31", False), ("female", "1984-01-01", True), ("female", "1985-06-01", True),
])  # fmt: skip
def test_young_scientist_age_by_sex(sex: str, day: str, ok: bool) -> None:
    data = base({**TRANSPORT, "young_scientist": True})
    data["person"].update({"sex": sex, "birth_date": day})
    assert (("transport", "young_scientist_age") not in broken(data)) is ok


@pytest.mark.parametrize("app", [TRANSPORT, NQI], ids=["transport", "nqi"])
@pytest.mark.parametrize(("day", "ok"), [("1963-12-31", False), ("1964-01-01", True)])
def test_leader_age_boundary(app: dict[str, Any], day: str, ok: bool) -> None:
    assert ((app["guide"], "leader_age") not in broken(with_(base(app), "person.birth_date", day))) is ok


@pytest.mark.parametrize("app", [TRANSPORT, NQI], ids=["transport", "nqi"])
@pytest.mark.parametrize(("day", "ok"), [("2023-06-30", True), ("2023-07-01", False)])
def test_unit_registration_boundary(app: dict[str, Any], day: str, ok: bool) -> None:
    assert ((app["guide"], "unit_registered") not in broken(with_(base(app), "unit.registered_date", day))) is ok


@pytest.mark.parametrize(
    ("app", "day", "ok"),
    [
        (TRANSPORT, "2024-09-18", False), (TRANSPORT, "2024-09-19", True),
        (TRANSPORT, "2024-10-24", True), (TRANSPORT, "2024-10-25", False),
        (NQI, "2024-09-24", False), (NQI, "2024-09-25", True), (NQI, "2024-10-25", True), (NQI, "2024-10-26", False),
    ],
)  # fmt: skip
def test_submission_window_boundaries(app: dict[str, Any], day: str, ok: bool) -> None:
    data = with_(base(app), "applications.0.submitted_on", day)
    assert ((app["guide"], "window") not in broken(data)) is ok


def test_jiebang_waives_registration_age_and_title_in_transport_only() -> None:
    changes = {"unit.registered_date": "2024-01-01", "person.birth_date": "1960-01-01", "person.phd": False,
               "person.title_senior": False}  # fmt: skip
    transport = base({**TRANSPORT, "jiebang": True})
    nqi = base({**NQI, "jiebang": True})
    for path, value in changes.items():
        transport, nqi = with_(transport, path, value), with_(nqi, path, value)
    assert broken(transport) == set()
    assert broken(nqi) == {("nqi", "unit_registered"), ("nqi", "leader_age"), ("nqi", "leader_title")}


def test_nqi_prints_no_young_scientist_age_so_only_1964_applies() -> None:
    data = base({**NQI, "young_scientist": True})
    data["person"]["birth_date"] = "1975-01-01"
    assert broken(data) == set()


def test_members_need_no_title_and_have_no_age_limit() -> None:
    data = base(MEMBER_T)
    data["person"].update({"birth_date": "1950-01-01", "title_senior": False, "phd": False})
    assert broken(data) == set()


def test_phd_alone_is_enough() -> None:
    data = base()
    data["person"]["title_senior"] = False
    assert broken(data) == set()


def test_missing_facts_make_conditions_unknown_not_violations() -> None:
    data = base()
    del data["person"]["birth_date"]
    del data["unit"]["registered_date"]
    result = run(data)
    # Issue 13: never eligible while a deciding fact is unknown (the old answer was eligible: true).
    assert result["eligible"] is None and result["complete"] is False and result["status"] == "undetermined"
    missing = {m for u in result["unknown"] for m in u["missing"]}
    assert {"person.birth_date", "unit.registered_date"} <= missing


def test_every_printed_rule_is_exercised_by_a_test() -> None:
    covered = {e for *_, expected in SCENARIOS for e in expected}
    covered |= {("transport", r) for r in ("one_led", "total_limit", "ongoing_leader_barred", "exempt_projects_bar",
                                           "no_withdrawal", "joint_limit")}  # fmt: skip
    covered |= {("nqi", r) for r in ("one_led", "total_limit", "ongoing_leader_barred", "no_withdrawal", "joint_limit",
                                     "unit_one_team_per_direction")}  # fmt: skip
    assert covered == {(r["guide"], r["id"]) for r in load("rd_limits_2024")["rules"]}


def test_violation_names_rule_citation_and_text() -> None:
    v = run(with_(base(), "person.birth_date", "1963-12-31"))["violations"][0]
    assert v["rule"] == "leader_age"
    assert v["citation"].endswith("一、（二）2.")
    assert "1964年1月1日以后出生" in v["text"]


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("person.birth_date", "1990-02-30", "person.birth_date"),
        ("applications.0.guide", "space", "applications.0.guide"),
        ("applications.0.role", "boss", "applications.0.role"),
        ("person.sex", "x", "person.sex"),
    ],
)
def test_bad_input_names_the_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        parse(RdCase, with_(base(), path, value))


def test_as_of_defaults_to_today() -> None:
    data = base()
    del data["as_of"]
    assert check_eligibility(parse(RdCase, data), today=dt.date(2024, 10, 1))["as_of"] == "2024-10-01"


@given(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2000, 12, 31)))
def test_leader_age_met_exactly_when_born_on_or_after_1964_01_01(born: dt.date) -> None:
    data = with_(base(), "person.birth_date", born.isoformat())
    assert (("transport", "leader_age") in broken(data)) == (born < dt.date(1964, 1, 1))


@given(st.dates(min_value=dt.date(2024, 10, 10), max_value=dt.date(2030, 12, 31)))
def test_ongoing_counted_exactly_from_the_cut_off(end: dt.date) -> None:
    data = two_apps(MEMBER_T)
    data["ongoing"] = [ongoing(end.isoformat())]
    assert (("transport", "total_limit") in broken(data)) == (end >= dt.date(2024, 12, 31))


def test_joint_limit_counts_senior_members_of_instrument_projects_only() -> None:
    data = base()
    data["ongoing"] = [
        ongoing("2026-12-31", role="member", scheme="nsfc_instrument"),
        ongoing("2026-12-31", role="leader", scheme="nsfc_major"),
    ]
    assert broken(data) == {("transport", "joint_limit")}
    data["person"]["title_senior"] = False
    assert broken(data) == set()
