"""Issue 13: every checker says not_covered outside its dates, undetermined while a deciding fact is unknown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from policyhub.library.rules.cli import rules_app
from policyhub.library.rules.inputs import RdCase, StampCase, parse
from policyhub.library.rules.negative_list import check_activity
from policyhub.library.rules.rd_eligibility import check_eligibility
from policyhub.library.rules.stamp_duty import assess

RUNNER = CliRunner()
D = dt.date.fromisoformat


# --- negative list -------------------------------------------------------------------------------------------
# 说明十一: "2021 年 12 月 27 日…发布的 2021 年版《外商投资准入负面清单》自 2024 年 11 月 1 日起废止。"
# The 2021 list applied from 2022-01-01 (issue 13); earlier dates are not covered.


@pytest.mark.parametrize("day", ["2019-06-01", "2021-12-27", "2021-12-31"])
def test_negative_list_before_2022_is_not_covered(day: str) -> None:
    r = check_activity("核电站建设经营", D(day))
    assert (r["status"], r["verdict"], r["determined"], r["measures"]) == ("not_covered", "not_covered", False, [])
    assert "2021年版" not in (r["applicable_list"] or "")  # the old answer "适用2021年版" was wrong
    assert r["answer"].startswith("未覆盖") and "2021-12-27" in r["answer"] and "说明十一" in r["answer"]
    assert [c["from"] for c in r["covers"]] == ["2022-01-01", "2024-11-01"]


def test_negative_list_from_2022_reads_the_2021_list() -> None:
    r = check_activity("核电站建设经营", D("2022-01-01"))
    assert r["status"] == "restricted" and r["in_force"] is False
    assert r["applicable_list"] == "2021年版《外商投资准入负面清单》"


@pytest.mark.parametrize("activity", ["投资一家公司", "设立外商独资企业", "收购一家企业的股权"])
def test_a_vague_activity_is_undetermined(activity: str) -> None:
    r = check_activity(activity, D("2025-01-01"))
    assert (r["status"], r["determined"], r["restricted"], r["missing"]) == ("undetermined", False, False, ["activity"])
    assert r["headline"].startswith("未能判定")


def test_a_named_activity_outside_the_list_is_still_decided() -> None:
    r = check_activity("软件开发", D("2025-01-01"))  # 说明一: 负面清单之外的领域，按照内外资一致原则实施管理
    assert (r["status"], r["determined"]) == ("no_restriction", True)


@pytest.mark.parametrize("activity", ["小麦种子生产", "玉米种子生产"])
def test_seed_production_is_in_the_lists_own_sector_not_manufacturing(activity: str) -> None:
    # 清单 "一、农、林、牧、渔业 / 1 小麦新品种选育和种子生产的中方股比不低于 34%、玉米…须由中方控股。"
    r = check_activity(activity, D("2025-01-01"))
    assert r["manufacturing"] is False
    assert r["sectors"] == ["一、农、林、牧、渔业"] and r["measures"][0]["no"] == 1


def test_manufacturing_is_still_read_where_no_measure_lists_the_activity() -> None:
    assert check_activity("起重机制造", D("2025-01-01"))["manufacturing"] is True


def test_negative_list_text_prints_the_headline() -> None:
    out = RUNNER.invoke(rules_app, ["negative-list", "投资一家公司", "--date", "2025-01-01"]).output
    assert "未能判定" in out
    out = RUNNER.invoke(rules_app, ["negative-list", "核电站建设经营", "--date", "2019-06-01"]).output
    assert "未覆盖" in out and "2022-01-01" in out
    data = json.loads(RUNNER.invoke(rules_app, ["negative-list", "投资一家公司", "--format", "json"]).output)
    assert data["status"] == "undetermined"


# --- stamp duty ----------------------------------------------------------------------------------------------
# "本公告自2024年10月1日起执行至2027年12月31日。《财政部 国家税务总局关于企业改制过程中有关印花税政策的通知》
#  （财税〔2003〕183号）同时废止。"

REFORM = {"type": "enterprise_reform", "from_form": "llc", "to_form": "jsc", "investors_persist": True,
          "investor_share_percent": 80, "successor_assumes": True}  # fmt: skip
LAND = {"id": "land", "kind": "property_transfer", "asset": "land_use_right", "amount": 5_000_000}


def stamp(date: str, restructuring: dict[str, Any], *items: dict[str, Any]) -> dict[str, Any]:
    return assess(parse(StampCase, {"date": date, "restructuring": restructuring, "items": list(items)}))


@pytest.mark.parametrize(("day", "why"), [("2024-09-30", "财税〔2003〕183号"), ("2028-01-01", "未收录")])
def test_stamp_duty_outside_the_period_is_not_covered(day: str, why: str) -> None:
    r = stamp(day, REFORM, LAND)
    item = r["items"][0]
    assert (r["status"], item["status"], item["exempt"], item["tax"]) == ("not_covered", "not_covered", False, None)
    assert why in item["basis"] and r["headline"].startswith("未覆盖")
    assert r["covers"] == {"from": "2024-10-01", "to": "2027-12-31"}
    assert r["total_tax"] is None


def test_a_consulting_contract_is_not_a_taxable_kind() -> None:
    # Not one of the contracts of the 印花税税目税率表 (借款、融资租赁、买卖、承揽、建设工程、运输、技术 …).
    item = stamp("2024-11-15", REFORM, {"id": "c", "kind": "contract", "contract_type": "咨询合同", "amount": 1e5})
    c = item["items"][0]
    assert (c["status"], c["tax"], c["taxable_base"]) == ("not_taxable", 0.0, 0.0)
    assert "咨询合同不属于《印花税税目税率表》所列的应税合同" in c["basis"]


def test_a_technical_consulting_contract_is_a_technical_contract() -> None:
    facts = {"drawn_before_restructuring": True, "fully_performed": False, "successor_assumes": True,
             "base_unchanged": True, "tax_paid_before": False}  # fmt: skip
    item = {"id": "c", "kind": "contract", "contract_type": "技术咨询合同", "amount": 100_000, **facts}
    c = stamp("2024-11-15", REFORM, item)["items"][0]
    assert (c["status"], c["rate"], c["tax"]) == ("taxable", 0.0003, 30.0)


def test_omitted_facts_are_pending_never_not_met_in_the_basis() -> None:
    # 二: "…由改制重组后的主体承继原合同权利和义务且未变更原合同计税依据的，改制重组前已缴纳印花税的，不再缴纳印花税。"
    contract = {"id": "c", "kind": "contract", "contract_type": "买卖合同", "amount": 100_000}
    r = stamp("2024-11-15", REFORM, contract)
    c = r["items"][0]
    assert c["status"] == "unknown" and "不满足" not in c["basis"] and "待定" in c["basis"]
    unknown = {x["label"] for x in c["conditions"] if x["status"] == "unknown"}
    assert unknown and all(label in c["basis"] for label in unknown)
    assert "items.tax_paid_before" in c["missing"] and r["status"] == "undetermined"
    assert r["headline"].startswith("未能判定") and "items.tax_paid_before" in r["missing"]


def test_a_broken_condition_is_listed_as_not_met_and_the_unknown_ones_are_not() -> None:
    low = {**REFORM, "investor_share_percent": 60}
    c = stamp("2024-11-15", low, {"id": "c", "kind": "contract", "contract_type": "买卖合同", "amount": 100_000})
    item = c["items"][0]
    assert item["status"] == "taxable" and c["status"] == "determined"
    assert item["basis"].endswith("（不满足：原投资主体在改制（变更）后的公司中所持股权（股份）比例超过75%）")
    assert item["missing"] == []


def test_stamp_duty_text_prints_the_headline(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"date": "2024-09-30", "restructuring": REFORM, "items": [LAND]}), encoding="utf-8")
    out = RUNNER.invoke(rules_app, ["stamp-duty", str(path)]).output
    assert "未覆盖" in out and "未覆盖" in out.splitlines()[1]


# --- rd-eligibility ------------------------------------------------------------------------------------------
# 交通: "内地单位应具有独立法人资格，注册时间为2023年6月30日前。"
# NQI: "…具有独立法人资格，注册时间为2023年6月30日及以前，…"

TRANSPORT = {"programme": "交通基础设施", "guide": "transport", "role": "leader", "submitted_on": "2024-10-10"}
NQI = {"programme": "国家质量基础设施体系", "guide": "nqi", "role": "leader", "submitted_on": "2024-10-10"}


def rd(data: dict[str, Any]) -> dict[str, Any]:
    return check_eligibility(parse(RdCase, data))


def complete(app: dict[str, Any], registered: str = "2010-01-01") -> dict[str, Any]:
    return {
        "person": {"birth_date": "1980-05-05", "sex": "male", "title_senior": True, "phd": True,
                   "civil_servant": False, "guide_expert": False, "credit_blacklisted": False,
                   "months_per_year": 8, "proposer": True},
        "unit": {"registered_date": registered, "independent_legal_person": True, "state_organ": False,
                 "credit_blacklisted": False},
        "applications": [app], "ongoing": [], "as_of": "2024-10-10",
    }  # fmt: skip


def test_only_a_birth_date_is_undetermined_never_eligible() -> None:
    r = rd({"person": {"birth_date": "1980-01-01"}, "applications": [TRANSPORT], "as_of": "2024-10-10"})
    assert r["eligible"] is None and r["status"] == "undetermined" and r["complete"] is False
    assert r["applications"][0]["eligible"] is None
    assert {"unit.registered_date", "person.title_senior", "person.months_per_year"} <= set(r["missing"])
    assert r["headline"].startswith("未能判定") and "unit.registered_date" in r["headline"]


def test_rd_text_says_undetermined(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"person": {"birth_date": "1980-01-01"}, "applications": [TRANSPORT],
                                "as_of": "2024-10-10"}), encoding="utf-8")  # fmt: skip
    out = RUNNER.invoke(rules_app, ["rd-eligibility", str(path)]).output
    assert out.startswith("未能判定") and "符合申报条件 eligible" not in out


def test_a_complete_case_is_eligible() -> None:
    r = rd(complete(TRANSPORT))
    assert (r["eligible"], r["status"], r["missing"], r["edges"]) == (True, "eligible", [], [])


def test_registration_on_2023_06_30_is_flagged_for_the_transport_guide() -> None:
    r = rd(complete(TRANSPORT, "2023-06-30"))
    assert r["eligible"] is True  # read as on or before (docs/rules.md), but the answer says the text is an edge
    (edge,) = r["edges"]
    assert edge["transport"] == "注册时间为2023年6月30日前" and edge["nqi"] == "注册时间为2023年6月30日及以前"
    assert "前" in edge["reading"] and "及以前" in edge["reading"]


def test_the_nqi_wording_includes_the_day_and_is_not_flagged() -> None:
    assert rd(complete(NQI, "2023-06-30"))["edges"] == []
    assert rd(complete(TRANSPORT, "2023-07-01"))["edges"] == []


@pytest.mark.parametrize("as_of", ["2024-09-01", "2025-06-01"])
def test_rd_outside_the_2024_round_is_not_covered(as_of: str) -> None:
    r = rd({**complete(TRANSPORT), "as_of": as_of})
    assert (r["status"], r["eligible"]) == ("not_covered", None)
    assert r["covers"] == {"transport": {"from": "2024-09-05", "to": "2024-10-24"}}
    assert r["headline"].startswith("未覆盖")
