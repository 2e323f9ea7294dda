"""Negative list 2024 checker: real activities, manufacturing, the 2024-11-01 effective date, exceptions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyhub.errors import InputError
from policyhub.library.rules.matching import normalise
from policyhub.library.rules.negative_list import check_activity
from policyhub.library.rules.ruledata import load

IN_FORCE = dt.date(2025, 3, 1)

# One real activity per measure (every clause of the list is used), with the measure and headline type it must get.
ONE_PER_MEASURE = [
    ("小麦新品种选育", 1, "equity_cap"),
    ("珍稀优良品种的养殖", 2, "prohibited"),
    ("转基因种子生产", 3, "prohibited"),
    ("海洋水产品捕捞", 4, "prohibited"),
    ("稀土矿开采", 5, "prohibited"),
    ("核电站建设经营", 6, "chinese_control"),
    ("卷烟批发", 7, "prohibited"),
    ("国内水上运输", 8, "chinese_control"),
    ("公共航空运输公司", 9, "chinese_control"),
    ("民用机场建设", 10, "chinese_control"),
    ("邮政公司", 11, "prohibited"),
    ("电信 增值", 12, "equity_cap"),
    ("互联网新闻信息服务", 13, "prohibited"),
    ("中国法律事务咨询", 14, "prohibited"),
    ("市场调查", 15, "joint_venture_only"),
    ("社会调查", 16, "prohibited"),
    ("人体干细胞技术开发", 17, "prohibited"),
    ("人文社会科学研究机构", 18, "prohibited"),
    ("导航电子地图编制", 19, "prohibited"),
    ("高等教育机构", 20, "joint_venture_only"),
    ("义务教育", 21, "prohibited"),
    ("民营医院", 22, "joint_venture_only"),
    ("新闻", 23, "prohibited"),
    ("出版物", 24, "prohibited"),
    ("电视台", 25, "prohibited"),
    ("广播电视节目制作经营", 26, "prohibited"),
    ("电影制作公司", 27, "prohibited"),
    ("文物拍卖", 28, "prohibited"),
    ("文艺表演团体", 29, "prohibited"),
]


@pytest.mark.parametrize(("activity", "no", "kind"), ONE_PER_MEASURE)
def test_real_activity_gets_its_measure_and_type(activity: str, no: int, kind: str) -> None:
    result = check_activity(activity, IN_FORCE)
    assert result["restricted"] is True
    matched = {m["no"]: m for m in result["measures"]}
    assert no in matched
    assert matched[no]["type"] == kind
    assert f"第{no}项" in matched[no]["citation"]
    assert "商务部令第23号" in matched[no]["citation"]


def test_every_measure_of_the_list_is_exercised() -> None:
    assert {no for _, no, _ in ONE_PER_MEASURE} == {m["no"] for m in load("negative_list_2024")["measures"]}
    assert len(load("negative_list_2024")["measures"]) == 29


def test_nuclear_power_station_needs_chinese_control() -> None:
    result = check_activity("核电站建设经营", IN_FORCE)
    assert [(m["no"], m["type"]) for m in result["measures"]] == [(6, "chinese_control")]
    assert result["measures"][0]["text"] == "核电站的建设、经营须由中方控股。"
    assert any("不得设立外商投资合伙企业" in n["text"] for n in result["measures"][0]["notes"])
    assert any(b["citation"].endswith("说明八") for b in result["basis"])


@pytest.mark.parametrize(
    ("activity", "cap"),
    [
        ("小麦种子生产", {"chinese_min_percent": 34, "foreign_max_percent": 66}),
        ("公共航空运输", {"foreign_max_percent": 25, "per": "一家外商及其关联企业"}),
        ("增值电信业务", {"foreign_max_percent": 50}),
    ],
)
def test_equity_caps_carry_their_figure(activity: str, cap: dict[str, object]) -> None:
    measures = check_activity(activity, IN_FORCE)["measures"]
    assert measures[0]["equity_cap"] == cap
    assert "equity_cap" in measures[0]["types"]


def test_corn_breeding_needs_chinese_control_while_wheat_has_a_cap() -> None:
    assert check_activity("玉米新品种选育", IN_FORCE)["measures"][0]["types"] == ["chinese_control"]
    assert check_activity("小麦新品种选育", IN_FORCE)["measures"][0]["types"] == ["equity_cap"]


def test_general_aviation_for_farming_is_joint_venture_with_chinese_legal_representative() -> None:
    m = check_activity("农业通用航空公司", IN_FORCE)["measures"][0]
    assert m["no"] == 9
    assert set(m["types"]) == {"joint_venture_only", "legal_rep_nationality"}
    other = check_activity("通用航空公司", IN_FORCE)["measures"][0]
    assert set(other["types"]) == {"chinese_control", "legal_rep_nationality"}


def test_airport_tower_is_closed_and_airport_is_relative_control() -> None:
    airport = check_activity("民用机场", IN_FORCE)["measures"][0]
    assert airport["restrictions"][0].get("control") == "relative"
    tower = check_activity("机场塔台运营", IN_FORCE)["measures"][0]
    assert tower["type"] == "prohibited"


def test_internet_data_centre_is_value_added_telecom_with_50_percent_cap() -> None:
    m = check_activity("互联网数据中心（IDC）业务", IN_FORCE)["measures"][0]
    assert (m["no"], m["equity_cap"]) == (12, {"foreign_max_percent": 50})


def test_basic_telecom_needs_chinese_control() -> None:
    m = check_activity("基础电信业务", IN_FORCE)["measures"][0]
    assert m["no"] == 12 and m["type"] == "chinese_control"


@pytest.mark.parametrize(
    "activity",
    [
        "重型机械制造",
        "起重机制造",
        "出版物印刷",
        "中药饮片炮制",
        "核电设备制造",
        "稀土冶炼",
        "汽车制造",
        "测绘仪器制造",
        "新闻纸生产",
        "钨钢刀具制造",
    ],
)
def test_manufacturing_is_explicitly_unrestricted(activity: str) -> None:
    result = check_activity(activity, IN_FORCE)
    assert result["restricted"] is False
    assert result["measures"] == []
    assert result["determined"] is True
    assert result["manufacturing"] is True
    assert result["answer"].startswith("无限制")
    assert any("清零" in b["text"] for b in result["basis"])


def test_activity_the_list_does_not_name_is_explicitly_unrestricted() -> None:
    result = check_activity("咖啡店经营", IN_FORCE)
    assert result["restricted"] is False and result["determined"] is True
    assert "未列出" in result["answer"]
    assert result["basis"][0]["text"].startswith("《外商投资准入负面清单》之外的领域")


def test_removed_2021_measures_are_reported_as_removed() -> None:
    result = check_activity("出版物印刷", IN_FORCE)
    assert [m["text"] for m in result["removed_in_2024"]] == ["出版物印刷须由中方控股"]


@pytest.mark.parametrize(("activity", "nos"), [("种业", {1, 2, 3}), ("教育", {20, 21}), ("稀土", {5})])
def test_a_bare_field_name_is_not_decided(activity: str, nos: set[int]) -> None:
    result = check_activity(activity, IN_FORCE)
    assert result["restricted"] is False
    assert result["determined"] is False
    assert {r["no"] for r in result["related"]} == nos
    assert result["answer"].startswith("未能判定")


def test_rare_earth_smelting_is_outside_the_mining_measure_but_mining_is_prohibited() -> None:
    assert check_activity("稀土冶炼分离", IN_FORCE)["restricted"] is False
    assert check_activity("稀土勘查", IN_FORCE)["measures"][0]["no"] == 5


def test_publishing_and_news_online_fall_under_measure_13_not_23() -> None:
    news = check_activity("互联网新闻", IN_FORCE)
    assert [m["no"] for m in news["measures"]] == [13]
    pub = check_activity("网络出版服务", IN_FORCE)
    assert [m["no"] for m in pub["measures"]] == [13]


@pytest.mark.parametrize(
    ("activity", "no", "exception"),
    [
        ("电子商务类增值电信业务", 12, "电子商务、国内多方通信、存储转发类、呼叫中心除外"),
        ("呼叫中心增值电信", 12, "电子商务、国内多方通信、存储转发类、呼叫中心除外"),
        ("互联网文化经营（音乐）", 13, "音乐除外"),
        ("矿业权人在其矿业权范围内开展地质调查", 19, "矿业权人在其矿业权范围内开展工作不受此特别管理措施限制"),
    ],
)
def test_exceptions_printed_in_a_measure_lift_it(activity: str, no: int, exception: str) -> None:
    result = check_activity(activity, IN_FORCE)
    assert any(e["no"] == no and e["exception"] == exception for e in result["excepted"])
    assert all(not (m["no"] == no and m["type"] == "prohibited") for m in result["measures"])


def test_value_added_telecom_exception_leaves_only_the_wto_commitment_measure() -> None:
    m = check_activity("电子商务类增值电信业务", IN_FORCE)["measures"]
    assert [(x["no"], x["types"]) for x in m] == [(12, ["other"])]


def test_foreign_sole_trader_is_barred_by_explanatory_note_two() -> None:
    result = check_activity("外国人开个体工商户", IN_FORCE)
    assert result["restricted"] is True
    assert result["general_measures"][0]["id"] == "说明二"


def test_list_is_not_in_force_on_2024_10_31_and_in_force_on_2024_11_01() -> None:
    before = check_activity("核电站建设经营", dt.date(2024, 10, 31))
    on = check_activity("核电站建设经营", dt.date(2024, 11, 1))
    assert before["in_force"] is False and on["in_force"] is True
    assert "2021年版" in before["applicable_list"] and "尚未施行" in before["answer"]
    assert on["applicable_list"] == "外商投资准入特别管理措施（负面清单）（2024年版）"
    assert before["effective"] == on["effective"] == {"from": "2024-11-01", "to": None}


def test_printing_was_restricted_under_2021_list_until_2024_10_31() -> None:
    before = check_activity("出版物印刷", dt.date(2024, 10, 31))
    on = check_activity("出版物印刷", dt.date(2024, 11, 1))
    assert before["restricted"] is True
    assert before["measures"][0]["list"] == "2021" and before["measures"][0]["no"] is None
    assert on["restricted"] is False


def test_blank_activity_is_bad_input() -> None:
    with pytest.raises(InputError, match="activity"):
        check_activity("   ", IN_FORCE)


@given(st.sampled_from([a for a, _, _ in ONE_PER_MEASURE]), st.integers(min_value=1, max_value=4))
def test_spaces_and_full_width_do_not_change_the_answer(activity: str, gap: int) -> None:
    spaced = (" " * gap).join(activity)
    assert check_activity(spaced, IN_FORCE)["measures"] == check_activity(activity, IN_FORCE)["measures"]


@given(st.text(min_size=1, max_size=12).filter(lambda s: normalise(s) != ""))
def test_restricted_exactly_when_some_measure_applies(activity: str) -> None:
    result = check_activity(activity, IN_FORCE)
    assert isinstance(result["restricted"], bool)
    assert result["restricted"] == bool(result["measures"] or result["general_measures"])
    assert all(m["type"] in m["types"] for m in result["measures"])
