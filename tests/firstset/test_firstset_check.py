"""Checking a product against entries: one test per requirement form, tiers, shared indicators, names, match."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyhub.errors import InputError, NotFound
from policyhub.firstset.catalog import load
from policyhub.firstset.check import check, match


def _one(code: str, params: dict[str, Any], tier: int = 0) -> dict[str, dict[str, Any]]:
    res = check(load(), code, params)
    return {i["name"]: i for i in res["tiers"][tier]["indicators"]}


SPEC_112 = {"加工工件圆度": "0.4um", "圆柱度": "0.9 μm", "直线轴定位精度": "1.8 μm", "直线轴重复定位精度": "1μm"}


def test_entry_is_met_when_every_indicator_of_its_tier_is_met() -> None:
    res = check(load(), "1.1.2", SPEC_112)
    assert res["qualifies"] is True
    assert res["tiers"][0]["pass"] is True


def test_a_missed_indicator_reports_its_gap_in_the_catalogs_unit_and_in_percent() -> None:
    row = _one("1.1.2", {**SPEC_112, "直线轴定位精度": "0.0025 mm"})["直线轴定位精度"]
    assert row["pass"] is False
    assert row["gap"] == {"value": pytest.approx(0.5), "unit": "μm", "percent": pytest.approx(25.0)}
    assert check(load(), "1.1.2", {**SPEC_112, "直线轴定位精度": "0.0025 mm"})["qualifies"] is False


def test_a_value_not_given_leaves_the_verdict_open() -> None:
    res = check(load(), "1.1.2", {"加工工件圆度": "0.4um"})
    assert res["qualifies"] is None
    assert _one("1.1.2", {"加工工件圆度": "0.4um"})["圆柱度"]["pass"] is None


def test_at_least_is_met_at_the_limit_and_missed_below() -> None:
    assert _one("1.2.1", {"锁模力": "90 MN"})["锁模力"]["pass"] is True
    assert _one("1.2.1", {"锁模力": "89999 kN"})["锁模力"]["pass"] is False


def test_strictly_less_is_missed_at_the_limit() -> None:
    assert _one("1.1.1", {"工作台跳动（端面、径向）": "0.015mm"})["工作台跳动（端面、径向）"]["pass"] is False
    assert _one("1.1.1", {"工作台跳动（端面、径向）": "14 μm"})["工作台跳动（端面、径向）"]["pass"] is True


def test_stated_value_must_equal() -> None:
    assert _one("2.1.1", {"晶圆直径": "300mm"})["晶圆直径"]["pass"] is True
    assert _one("2.1.1", {"晶圆直径": "200mm"})["晶圆直径"]["pass"] is False


def test_range_excluding_its_low_end() -> None:
    tier = 1  # 1.1.4's second tier: 630（不含）~1100mm
    assert _one("1.1.4", {"最大加工直径": "630mm"}, tier)["最大加工直径"]["pass"] is False
    assert _one("1.1.4", {"最大加工直径": "631mm"}, tier)["最大加工直径"]["pass"] is True
    assert _one("1.1.4", {"最大加工直径": "1.1 m"}, tier)["最大加工直径"]["pass"] is True


def test_range_given_as_a_range_must_cover_the_required_one() -> None:
    name = "工作环境温度"
    assert _one("3.8.7.2", {name: "-45~+45℃"})[name]["pass"] is True
    assert _one("3.8.7.2", {name: "-30~+45℃"})[name]["pass"] is False


def test_tolerance_is_met_within_plus_minus() -> None:
    assert _one("1.7.2.1", {"重复定位精度": "±0.04mm"})["重复定位精度"]["pass"] is True
    assert _one("1.7.2.1", {"重复定位精度": "0.06 mm"})["重复定位精度"]["pass"] is False


def test_temperature_tolerance_in_kelvin() -> None:
    assert _one("1.2.2", {"温度控制精度": "±0.5 K"})["温度控制精度"]["pass"] is True


def test_magnitude_at_least_for_plus_minus_and_above() -> None:
    assert _one("3.8.1", {"额定电压": "±1100kV"})["额定电压"]["pass"] is True
    assert _one("3.8.1", {"额定电压": "±500kV"})["额定电压"]["pass"] is False


def test_printed_allowance_widens_the_limit() -> None:
    name = "燃油消耗率"
    assert _one("8.4.3.1", {name: "180 g/kWh"}, 2)[name]["pass"] is True  # ≤ 173.3 + 5%
    assert _one("8.4.3.1", {name: "183 g/kWh"}, 2)[name]["pass"] is False


def test_rule_limit_grows_with_the_stroke() -> None:
    name = "X/Z（直线轴）定位精度"
    assert _one("1.1.1", {name: "19 μm", "行程": "4000 mm"})[name]["pass"] is True  # 12 + 2×4
    missed = _one("1.1.1", {name: "21 μm", "行程": "4 m"})[name]
    assert missed["pass"] is False
    assert missed["gap"]["value"] == pytest.approx(1.0)


def test_rule_without_the_stroke_passes_only_at_the_base_limit() -> None:
    name = "X/Z（直线轴）定位精度"
    assert _one("1.1.1", {name: "11 μm"})[name]["pass"] is True
    assert _one("1.1.1", {name: "15 μm"})[name]["pass"] is None


def test_dimensions_compared_one_by_one() -> None:
    assert _one("1.6.2", {"成形尺寸": "300mm×320mm×300mm"})["成形尺寸"]["pass"] is True
    assert _one("1.6.2", {"成形尺寸": "300mm×290mm×300mm"})["成形尺寸"]["pass"] is False


def test_grades_are_ordered() -> None:
    assert _one("1.7.2.3", {"防护等级": "IP67"})["防护等级"]["pass"] is True
    assert _one("1.7.2.3", {"防护等级": "IP65"})["防护等级"]["pass"] is False
    assert _one("1.9.1", {"精度": "P2级"})["精度"]["pass"] is False
    assert _one("3.9.4.4", {"精度": "P2"})["精度"]["pass"] is True
    assert _one("3.9.4.4", {"精度": "P0"})["精度"]["pass"] is False
    assert _one("7.5.4", {"满足SIL4级要求": "SIL2"})["满足SIL4级要求"]["pass"] is False


def test_capability_is_yes_or_no() -> None:
    name = "具备RTCP误差补偿、刀轴矢量控制动态前馈控制功能"
    assert _one("1.9.9", {name: True})[name]["pass"] is True
    assert _one("1.9.9", {name: "否"})[name]["pass"] is False


def test_capability_given_a_number_is_an_error() -> None:
    with pytest.raises(InputError, match="true or false"):
        check(load(), "1.9.9", {"具备RTCP误差补偿、刀轴矢量控制动态前馈控制功能": "12"})


def test_one_tier_met_is_enough() -> None:
    spec = {"额定功率": "40 MW", "单循环热效率": "27%"}
    res = check(load(), "3.2.1", spec)
    assert [t["pass"] for t in res["tiers"]] == [False, True, False]
    assert res["qualifies"] is True


def test_sub_entry_is_checked_against_the_parents_shared_indicators_too() -> None:
    res = check(load(), "3.1.1.2", {"机组额定功率": "1000 MWe"})
    assert res["qualifies"] is False
    assert res["tiers"][0]["indicators"][0]["name"] == "机组额定功率"


def test_names_ignore_bracket_width_spaces_and_latex() -> None:
    for name in ("X/Z(直线轴)重复定位精度", "X/Z （直线轴） 重复定位精度", "X/Z（直线轴）重复定位精度"):
        assert _one("1.1.1", {name: "5um"})["X/Z（直线轴）重复定位精度"]["pass"] is True
    assert _one("3.4.1.1", {"风能利用系数(C_p 值)": 0.5})["风能利用系数(Cp值)"]["pass"] is True


def test_unknown_parameter_name_is_an_error_listing_the_indicators() -> None:
    with pytest.raises(InputError, match="直线轴重复定位精度"):
        check(load(), "1.1.2", {"主轴功率": "10 kW"})


def test_unknown_code_is_not_found() -> None:
    with pytest.raises(NotFound):
        check(load(), "99.1.1", {"x": 1})


@pytest.mark.parametrize("value", ["1.8 kg", "abc", "12 widgets"])
def test_bad_values_are_input_errors(value: str) -> None:
    with pytest.raises(InputError):
        check(load(), "1.1.2", {"直线轴定位精度": value})


def test_a_bare_number_is_in_the_catalogs_unit() -> None:
    assert _one("1.1.2", {"直线轴定位精度": 1.5})["直线轴定位精度"]["pass"] is True


def test_match_ranks_entries_that_qualify_first() -> None:
    ranked = match(load(), {**SPEC_112})
    assert ranked[0]["entry"] == "1.1.2" and ranked[0]["qualifies"] is True
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))


def test_match_with_no_known_parameter_is_an_error() -> None:
    with pytest.raises(InputError):
        match(load(), {"不存在的指标": "1 mm"})


@given(st.floats(min_value=0.001, max_value=10.0), st.sampled_from([("μm", 1.0), ("mm", 1e-3), ("nm", 1e3)]))
def test_verdict_does_not_depend_on_the_unit_the_value_is_given_in(x: float, unit: tuple[str, float]) -> None:
    name, (symbol, factor) = "直线轴定位精度", unit
    in_um = _one("1.1.2", {name: f"{x}μm"})[name]["pass"]
    in_other = _one("1.1.2", {name: f"{x * factor!r}{symbol}"})[name]["pass"]
    if abs(x - 2.0) > 1e-6:
        assert in_um == in_other == (x <= 2.0)


@pytest.mark.parametrize(
    ("value", "chinese", "english"),
    [
        ("1.8 kg", "无法与目录要求的单位 μm 比较", "cannot be compared"),
        ("1.8 foo", "无法识别的单位", "unknown unit"),
        ("fast", "不是数值", "is not a number"),
    ],
)
def test_a_unit_error_names_the_indicator_and_says_what_is_wrong_chinese_first(
    value: str, chinese: str, english: str
) -> None:
    with pytest.raises(InputError) as err:
        check(load(), "1.1.2", {"直线轴定位精度": value})
    message = err.value.message
    assert message.index(chinese) < message.index(english)
