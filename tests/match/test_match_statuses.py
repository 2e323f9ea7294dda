"""Per call and duty: profiles that make each status appear, the seed's words beside each case."""

from __future__ import annotations

from typing import Any

import pytest
from match_support import FIRM, entity, item

CHAMPION_6 = {"year": 2021, "batch": 6, "kind": "enterprise"}
PROVINCE = {"kind": "provincial_government", "province": "江苏"}
# A government names its department (entity.department): the long forms a bureau writes are accepted.
MIIT = {**PROVINCE, "department": "江苏省工业和信息化厅"}
NDRC = {**PROVINCE, "department": "发展和改革委员会"}
SAMR = {**PROVINCE, "department": "江苏省市场监督管理局"}
TRANSPORT = {**PROVINCE, "department": "交通运输厅"}
SOFTWARE = {**FIRM, "sector": "软件和信息技术服务业"}
D22_ALL = {
    "d22_chain_coverage_percent": 85,
    "d22_supporting_firms": 70,
    "d22_region_basis": True,
    "d22_units_basis": True,
}
REVIEWED_3 = {"batch": 3, "passed_review": True}

CASES: list[tuple[str, str, dict[str, Any], str]] = [
    # d08 一（一）“申请企业须符合《管理办法》中单项冠军企业认定标准” — the standard is not printed: undetermined.
    ("d08-apply", "undetermined", {"entity": FIRM}, "申请企业须符合《管理办法》中单项冠军企业认定标准"),
    ("d08-apply", "eligible", {"entity": FIRM, "facts": {"champion_standard_met": True}}, "认定标准"),
    ("d08-apply", "not_eligible", {"entity": FIRM, "facts": {"champion_standard_met": False}}, "认定标准"),
    ("d08-apply", "not_applicable", entity(kind="association"), "申请企业"),
    # d08 序“现组织开展 2024 年制造业单项冠军企业遴选认定”: 制造业 is GB/T 4754—2017 门类 C
    ("d08-apply", "not_eligible", {"entity": SOFTWARE, "facts": {"champion_standard_met": True}},
     "2024 年制造业单项冠军企业"),
    ("d08-apply", "undetermined", {"entity": {**FIRM, "sector": None}, "facts": {"champion_standard_met": True}},
     "sector not given"),
    # d08 二“2021 年认定的第六批及通过复核的第三批…须参加复核评价工作”
    ("d08-review", "required", {"entity": {**FIRM, "champion": CHAMPION_6}}, "2021 年认定的第六批"),
    ("d08-review", "required", {"entity": {**FIRM, "champion": REVIEWED_3}}, "通过复核的第三批"),
    ("d08-review", "undetermined", {"entity": {**FIRM, "champion": {"batch": 3}}}, "通过复核的第三批"),
    ("d08-review", "undetermined", {"entity": FIRM}, "a firm that says nothing of its recognition"),
    ("d08-review", "not_applicable", {"entity": {**FIRM, "champion": None}}, "not a champion"),
    ("d08-review", "not_applicable", {"entity": {**FIRM, "champion": {"batch": 7}}}, "第七批 is not asked"),
    # d08 三（三）“请各地工业和信息化主管部门、中央企业集团在2024年10月27日前…”
    ("d08-recommend", "required", {"entity": MIIT}, "各地工业和信息化主管部门"),
    ("d08-recommend", "not_applicable", {"entity": SAMR}, "请各地工业和信息化主管部门、中央企业集团在2024年10月27日前"),
    ("d08-recommend", "undetermined", {"entity": PROVINCE}, "department not given"),
    ("d08-recommend", "required", entity(kind="central_enterprise"), "中央企业集团"),
    ("d08-recommend", "not_applicable", {"entity": FIRM}, "a firm does not recommend"),
    # d09 一“申报项目须满足相关申报要求”（附件1 not printed）
    ("d09-apply", "undetermined", {"entity": FIRM}, "申报项目须满足相关申报要求"),
    ("d09-apply", "eligible", {"entity": FIRM, "facts": {"d09_requirements_met": True}}, "附件1"),
    ("d09-apply", "not_eligible", {"entity": FIRM, "facts": {"d09_requirements_met": False}}, "附件1"),
    ("d09-submit", "required", {"entity": NDRC}, "报送数量原则上不超过10个"),
    ("d09-submit", "not_applicable", {"entity": SAMR}, "请各地区发展改革委同本地区有关部门"),
    ("d09-submit", "undetermined", {"entity": PROVINCE}, "department not given"),
    ("d09-submit", "not_applicable", {"entity": FIRM}, "各地区发展改革委"),
    # d12 二“先导区试点以城市（地级及以上城市）为单位进行申报”
    ("d12-apply", "eligible", entity(kind="city_government", city="苏州", city_level="prefecture"), "地级及以上城市"),
    ("d12-apply", "not_eligible", entity(kind="city_government", city="昆山", city_level="county"), "地级及以上城市"),
    ("d12-apply", "undetermined", entity(kind="city_government", city="苏州"), "city level not given"),
    ("d12-apply", "not_applicable", {"entity": PROVINCE}, "以城市…为单位"),
    # d15 一（一）1.“…应为中国大陆境内注册的科研院所、高等学校和企业等”, the rest by rd-eligibility
    ("d15-apply", "undetermined", {"entity": FIRM}, "rd facts not given"),
    (
        "d15-apply",
        "not_eligible",
        {"entity": {"kind": "university", "registered_in_mainland": False}, "facts": {"hk_macao_listed": False}},
        "港澳特别行政区单位",
    ),
    ("d15-apply", "not_applicable", entity(kind="city_government"), "牵头单位和参与单位"),
    ("d16-apply", "undetermined", entity(kind="research_institute"), "具有独立法人资格"),
    ("d16-apply", "not_eligible", entity(kind="enterprise", independent_legal_person=False), "具有独立法人资格"),
    # d17 序“供广大中小企业免费使用”
    ("d17-assess", "eligible", {"entity": FIRM}, "供广大中小企业免费使用"),
    ("d17-assess", "not_eligible", {"entity": {**FIRM, "size": "large"}}, "中小企业"),
    ("d17-assess", "undetermined", entity(kind="enterprise"), "size not given"),
    ("d17-assess", "not_applicable", {"entity": PROVINCE}, "中小企业"),
    ("d17-pilot", "required", {"entity": FIRM, "facts": {"digital_pilot_enterprise": True}}, "进行现场评定"),
    ("d17-pilot", "not_applicable", {"entity": FIRM, "facts": {"digital_pilot_enterprise": False}}, "试点企业"),
    # d19 三（二）“地方工业和信息化主管部门于2024年10月15日前…”
    ("d19-submit", "required", {"entity": MIIT}, "地方工业和信息化主管部门于2024年10月15日前"),
    ("d19-submit", "not_applicable", {"entity": SAMR}, "地方工业和信息化主管部门于2024年10月15日前"),
    ("d19-submit", "not_applicable", entity(kind="university"), "地方工业和信息化主管部门"),
    ("d19-platform", "eligible", {"entity": FIRM, "facts": {"operates_pilot_platform": True}}, "提供中试服务"),
    ("d19-platform", "undetermined", {"entity": FIRM}, "提供中试服务的法人实体"),
    ("d19-platform", "not_eligible", {"entity": FIRM, "facts": {"operates_pilot_platform": False}}, "中试服务"),
    # d20 二（一）“…在中华人民共和国境内注册登记，具有独立法人资格，近三年财务状况良好，…无不良记录”
    ("d20-apply", "eligible", {"entity": FIRM}, "近三年财务状况良好"),
    ("d20-apply", "not_eligible", {"entity": {**FIRM, "bad_records": True}}, "无不良记录"),
    ("d20-apply", "not_eligible", {"entity": {**FIRM, "finances_sound_3y": False}}, "近三年财务状况良好"),
    ("d20-apply", "undetermined", entity(kind="enterprise", registered_in_mainland=True), "finances not given"),
    ("d20-apply", "not_applicable", entity(kind="individual"), "申报主体…具有独立法人资格"),
    # d20 三（一）“各推荐单位于11月15日前…每个方向推荐数量原则上不超过5个”
    ("d20-recommend", "required", entity(kind="association"), "相关行业协会作为推荐单位"),
    ("d20-recommend", "required", {"entity": MIIT}, "省级工业和信息化主管部门"),
    ("d20-recommend", "not_applicable", {"entity": SAMR}, "选择所在地省级工业和信息化主管部门…作为推荐单位"),
    ("d20-recommend", "not_applicable", {"entity": FIRM}, "推荐单位"),
    # d21 三（一）“有关行业协会（联合会）、标准化技术组织、标准化专业机构…”
    ("d21-report", "eligible", entity(kind="standards_body"), "标准化专业机构"),
    ("d21-report", "not_applicable", {"entity": FIRM}, "推荐单位"),
    ("d21-standard", "required", {"entity": {"kind": "association"}, "facts": {"d21_listed": True}}, "列入研制清单"),
    ("d21-standard", "undetermined", entity(kind="association"), "列入研制清单"),
    # d22 二（二）1.“…覆盖全产业链的85%以上…配套企业合计70家以上”
    ("d22-apply", "eligible", {"entity": SAMR, "facts": D22_ALL}, "85%以上 / 70家以上 include the figure"),
    ("d22-apply", "not_eligible", {"entity": SAMR, "facts": {"d22_chain_coverage_percent": 84.9}}, "85%以上"),
    ("d22-apply", "not_eligible", {"entity": SAMR, "facts": {"d22_supporting_firms": 69}}, "70家以上"),
    ("d22-apply", "undetermined", {"entity": SAMR, "facts": {"d22_chain_coverage_percent": 90}}, "70家以上"),
    # d22 四（一）“有意愿的省级市场监管部门会同有关部门根据试点条件确定试点产品”: not a 工信厅's application
    ("d22-apply", "not_applicable", {"entity": MIIT, "facts": D22_ALL}, "有意愿的省级市场监管部门"),
    ("d22-apply", "undetermined", {"entity": PROVINCE, "facts": D22_ALL}, "department not given"),
    ("d22-apply", "not_applicable", entity(kind="city_government"), "省级市场监管部门"),
    # d01: a maker of listed equipment checks its specs against the entry
    ("d01-catalog", "undetermined", {"entity": FIRM}, "no products given"),
    ("d01-catalog", "not_applicable", {"entity": FIRM, "products": []}, "no equipment"),
    # d02 序“现印发给你们，请结合实际推动实施” to 各省…工业和信息化主管部门
    ("d02-implement", "required", {"entity": MIIT}, "请结合实际推动实施"),
    ("d02-implement", "not_applicable", {"entity": SAMR}, "工业和信息化主管部门"),
    # d02 七 重型机械行业
    ("d02-renewal", "eligible", {"entity": FIRM}, "重型机械行业"),
    ("d02-renewal", "not_applicable", {"entity": {**FIRM, "sector": "餐饮"}}, "not one of the 31 industries"),
    ("d02-renewal", "undetermined", entity(kind="enterprise"), "sector not given"),
    # d13 一“《指南》主要面向工业中小企业”
    ("d13-guide", "eligible", {"entity": FIRM}, "《指南》主要面向工业中小企业"),
    ("d13-guide", "not_eligible", {"entity": {**FIRM, "size": "large"}}, "中小企业"),
    ("d13-guide", "not_applicable", {"entity": SOFTWARE}, "主要面向工业中小企业"),
    ("d13-guide", "undetermined", {"entity": {**FIRM, "sector": "月球采矿服务"}}, "a sector no class reads"),
    # d11 序“现印发给你们，请结合实际认真贯彻落实” to 各省…市场监管局（厅、委）
    ("d11-implement", "required", {"entity": SAMR}, "请结合实际认真贯彻落实"),
    ("d11-implement", "not_applicable", {"entity": MIIT}, "各省、自治区、直辖市和新疆生产建设兵团市场监管局（厅、委）"),
    ("d11-implement", "undetermined", {"entity": PROVINCE}, "department not given"),
    ("d11-implement", "not_applicable", {"entity": FIRM}, "a firm is not addressed"),
    # d15 四 2.“各推荐单位…于 2024 年 10 月 28 日 16:00 前通过国科管系统逐项确认推荐项目” (推荐单位 in 附件 2)
    ("d15-recommend", "required", {"entity": TRANSPORT, "facts": {"d15_recommender": True}}, "逐项确认推荐项目"),
    ("d15-recommend", "undetermined", {"entity": TRANSPORT}, "组织申报的推荐单位见附件 2"),
    ("d15-recommend", "not_applicable", {"entity": SAMR, "facts": {"d15_recommender": True}}, "交通运输厅、科技厅"),
    # d16 二（二）“…市场监管局（厅、委）、科技厅（委、局）”（三）“原工业部门转制成立的行业协会”
    ("d16-recommend", "required", {"entity": SAMR}, "请各推荐单位于 2024 年 10 月 28 日 16:00 前"),
    ("d16-recommend", "required", {"entity": {**PROVINCE, "department": "科技厅"}}, "科技厅（委、局）"),
    ("d16-recommend", "not_applicable", {"entity": NDRC}, "市场监管局（厅、委）、科技厅（委、局）"),
    ("d16-recommend", "required", {"entity": {"kind": "association"},
                                   "facts": {"d16_former_industry_association": True}}, "原工业部门转制成立的行业协会"),
    ("d16-recommend", "undetermined", entity(kind="association"), "原工业部门转制成立的行业协会"),
    ("d16-recommend", "not_applicable", {"entity": FIRM}, "a firm does not recommend"),
    # d24 第八条“卖方为已建档立卡的发电企业或项目业主，买方为符合国家有关规定的法人、非法人组织和自然人”
    ("d24-seller", "required", {"entity": {**FIRM, "renewable_generator": True}}, "卖方为已建档立卡的发电企业"),
    ("d24-seller", "not_applicable", {"entity": {**FIRM, "renewable_generator": False}}, "卖方"),
    ("d24-seller", "undetermined", {"entity": FIRM}, "generator not said"),
    ("d24-buyer", "eligible", {"entity": {**FIRM, "green_power_consumer": True}}, "买方为符合国家有关规定的法人"),
    ("d24-buyer", "eligible", entity(kind="individual", green_power_consumer=True), "和自然人"),
    ("d24-buyer", "not_applicable", entity(kind="enterprise", green_power_consumer=False), "买方"),
    # d26 说明三“外商投资企业在中国境内投资，应符合《外商投资准入负面清单》的有关规定”
    ("d26-check", "required", {"entity": {**FIRM, "foreign_investor": True}}, "应符合《外商投资准入负面清单》"),
    ("d26-check", "not_applicable", {"entity": {**FIRM, "foreign_investor": False}}, "外商投资"),
    ("d26-check", "undetermined", {"entity": FIRM}, "foreign investor not said"),
    # d30 序“为支持企业改制重组及事业单位改制”
    ("d30-stamp", "undetermined", {"entity": {**FIRM, "restructuring": True}}, "改制重组"),
    ("d30-stamp", "not_applicable", {"entity": {**FIRM, "restructuring": False}}, "改制重组"),
]


@pytest.mark.parametrize(("item_id", "status", "profile", "seed"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_each_call_takes_each_status_its_clause_allows(item_id: str, status: str, profile: dict[str, Any],
                                                       seed: str) -> None:  # fmt: skip
    got = item(profile, item_id)
    assert got["status"] == status, (seed, got["conditions"], got["missing"])
    if status == "undetermined":
        assert got["missing"], "an undetermined item names the facts to supply"
    if status == "not_applicable":
        assert got["missing"] == []


def test_every_call_and_duty_is_tested_with_at_least_two_statuses() -> None:
    from policyhub.match import catalog

    for i in catalog.items():
        assert len({c[1] for c in CASES if c[0] == i["id"]}) >= 2, i["id"]


def test_a_missing_fact_is_unknown_never_false() -> None:
    got = item(entity(kind="enterprise"), "d20-apply")
    assert [c["result"] for c in got["conditions"]] == ["unknown"] * 4
    assert got["missing"] == ["entity.registered_in_mainland", "entity.independent_legal_person",
                              "entity.finances_sound_3y", "entity.bad_records"]  # fmt: skip
    nulls = item(entity(kind="enterprise", registered_in_mainland=None, bad_records=None), "d20-apply")
    assert nulls["status"] == "undetermined"


def test_without_a_kind_every_item_is_undetermined_asking_for_it() -> None:
    from match_support import run

    result = run({"entity": {"province": "江苏"}})
    assert {i["status"] for i in result["items"]} == {"undetermined"}
    assert all(i["missing"] == ["entity.kind"] for i in result["items"])


def test_standards_outside_the_compilation_are_named_not_guessed() -> None:
    d08 = item({"entity": FIRM}, "d08-apply")
    assert "工信部政法〔2023〕138号" in d08["outside"][0] and "未收录" in d08["outside"][0]
    d09 = item({"entity": FIRM}, "d09-apply")
    assert "附件1" in d09["outside"][0] and "未印" in d09["outside"][0]


def test_a_duty_carries_its_consequence_with_the_clause() -> None:
    review = item({"entity": {**FIRM, "champion": CHAMPION_6}}, "d08-review")
    assert review["consequence"]["text"] == "对未提交复核申请材料的企业将依据《管理办法》撤销认定"
    assert review["consequence"]["citation"] == "d08.二"
    assert review["conditions"][0]["href"] == "/library/docs/d08#%E4%BA%8C%E3%80%81"


def test_quotas_are_listed_with_their_clauses() -> None:
    assert item({"entity": PROVINCE}, "d22-apply")["quotas"][0]["text"] == "各省份申报试点产品不超过2个"
    assert item({"entity": PROVINCE}, "d09-submit")["quotas"][0]["text"] == "报送数量原则上不超过10个"
    assert item(entity(kind="association"), "d20-recommend")["quotas"][0]["text"] == "每个方向推荐数量原则上不超过5个"
    central = item(entity(kind="central_enterprise"), "d08-recommend")
    assert central["quotas"][0]["text"] == "中央企业每家推荐数量不超过 3 家"
