"""Reading printed indicators into requirements, and units with pint: one test per form and unit family."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyhub.firstset.catalog import load
from policyhub.firstset.extract import indicators
from policyhub.firstset.requirements import parse
from policyhub.firstset.textnorm import clean, name_key
from policyhub.firstset.units import UnitError, convert, number, units_of


def _req(text: str):  # type: ignore[no-untyped-def]
    (ind,) = indicators(text)
    return parse(ind["name"], ind["value"])


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("最大加工工件高度≥2500mm", ">=", 2500, "mm"),
        ("工作台跳动（端面、径向）<0.015mm", "<", 0.015, "mm"),
        ("直线轴定位精度≤2μm", "<=", 2, "μm"),
        ("最大加工直径>5000mm", ">", 5000, "mm"),
        ("最大加工直径：630mm", "=", 630, "mm"),
        ("工艺节点等于或优于28nm", "<=", 28, "nm"),
        ("工艺节点优于28nm", "<", 28, "nm"),
        ("层数可达1000层", ">=", 1000, "层"),
        ("长径比≥34:1", ">=", 34, ""),
        ("使用寿命≥290万公里", ">=", 2_900_000, "公里"),
        ("堆芯损坏概率≤1.0×10⁻⁵/堆年", "<=", 1e-5, "/堆年"),
    ],
)
def test_comparisons_are_read_with_value_and_unit(text: str, op: str, value: float, unit: str) -> None:
    req = _req(text)
    assert (req.kind, req.op, req.unit) == ("compare", op, unit)
    assert req.value == pytest.approx(value)


def test_range_with_inclusive_ends() -> None:
    req = _req("最大加工直径：3500~5000mm")
    assert (req.kind, req.low, req.high, req.unit) == ("range", 3500, 5000, "mm")
    assert req.low_inclusive and req.high_inclusive


def test_range_with_an_excluded_low_end() -> None:
    req = _req("最大加工直径：630（不含）~1100mm")
    assert (req.low, req.high, req.low_inclusive, req.high_inclusive) == (630, 1100, False, True)


def test_range_with_an_excluded_high_end() -> None:
    req = _req("最大起飞重量:4000~12000(不含)kg")
    assert (req.low, req.high, req.low_inclusive, req.high_inclusive, req.unit) == (4000, 12000, True, False, "kg")


def test_range_with_units_on_both_ends_is_in_one_unit() -> None:
    req = _req("能量范围：200eV~50KeV")
    assert (req.low, req.high, req.unit) == (pytest.approx(0.2), 50, "KeV")


def test_signed_range() -> None:
    req = _req("工作环境温度:-40~+40℃")
    assert (req.low, req.high, req.unit) == (-40, 40, "℃")


def test_plus_minus_is_a_tolerance() -> None:
    req = _req("重复定位精度:±0.02mm")
    assert (req.kind, req.value, req.unit) == ("tolerance", 0.02, "mm")
    assert _req("励磁系统所有通道间跟踪精度≤±0.2%").kind == "tolerance"


def test_plus_minus_and_above_is_a_magnitude_at_least() -> None:
    req = _req("额定电压:±800kV及以上")
    assert (req.kind, req.op, req.value, req.magnitude) == ("compare", ">=", 800, True)


@pytest.mark.parametrize(
    ("text", "op"),
    [("水平方向测量旋转角度范围：±320°", ">="), ("最大偏转角度：±10°", ">="), ("额定电压:±800kV", "=")],
)
def test_plus_minus_span_or_bipolar_rating_is_a_magnitude_not_a_tolerance(text: str, op: str) -> None:
    req = _req(text)
    assert (req.kind, req.op, req.magnitude) == ("compare", op, True)


def test_printed_allowance_is_kept() -> None:
    req = _req("燃油消耗率≤173.3g/kWh+5%")
    assert (req.op, req.value, req.allowance_pct) == ("<=", 173.3, 5.0)


def test_condition_after_the_value_is_kept() -> None:
    req = _req("极限生存风速≥45m/s（10min平均值）")
    assert (req.value, req.unit, req.condition) == (45, "m/s", "10min平均值")


def test_dependent_requirement_is_a_rule_on_another_parameter() -> None:
    req = _req("X/Z（直线轴）定位精度≤12μm（行程≤2000mm），行程每增加1000mm精度增加4μm")
    assert (req.kind, req.value, req.unit) == ("rule", 12, "μm")
    assert req.depends_on is not None
    dep = req.depends_on
    assert (dep.param, dep.op, dep.value, dep.unit, dep.step, dep.increment) == ("行程", "<=", 2000, "mm", 1000, 4)


def test_dimensions_are_compared_one_by_one() -> None:
    req = _req("成形尺寸≥300mm×300mm×300mm")
    assert (req.kind, req.op, req.values, req.unit) == ("dimensions", ">=", (300, 300, 300), "mm")


@pytest.mark.parametrize(
    ("text", "scale", "level", "better"),
    [
        ("精度达到P1级", "P", 1, "lower"),
        ("精度：P5级", "P", 5, "lower"),
        ("防护等级:IP67", "IP", 67, "higher"),
        ("满足SIL4级要求", "SIL", 4, "higher"),
        ("达到DP3等级", "DP", 3, "higher"),
        ("满足国际海事组织船舶能效设计指数（EEDI）第三阶段要求", "EEDI", 3, "higher"),
        ("能效等级：1级", "能效等级", 1, "lower"),
    ],
)
def test_grades_are_ordered_scales(text: str, scale: str, level: int, better: str) -> None:
    req = _req(text)
    assert (req.kind, req.scale, req.level, req.better) == ("grade", scale, level, better)


@pytest.mark.parametrize(
    "text", ["具备RTCP误差补偿、刀轴矢量控制动态前馈控制功能", "满足IMOTierIII排放标准", "绝缘介质:干燥环保气体"]
)
def test_capability_statements_are_yes_no(text: str) -> None:
    assert _req(text).kind == "yes_no"


@pytest.mark.parametrize("text", ["主电机额定功率≥2×1100kW", "短时/峰值耐受电流≥80kA/210kA", "口径：18-3/4″"])
def test_unreadable_values_are_text_with_a_reason(text: str) -> None:
    req = _req(text)
    assert req.kind == "text" and req.reason


def test_group_heading_names_each_indicator_under_it() -> None:
    names = [i["name"] for i in indicators("动态重复性:宽度≤0.1nm,高度≤0.15nm,角度≤0.08°")]
    assert names == ["动态重复性：宽度", "动态重复性：高度", "动态重复性：角度"]


def test_value_repeated_under_a_condition_gets_the_condition_in_its_name() -> None:
    names = [i["name"] for i in indicators("最大单机生产率≥5000t/h(卸矿石),≥4000t/h(卸煤)")]
    assert names == ["最大单机生产率（卸矿石）", "最大单机生产率（卸煤）"]


def test_most_indicators_are_machine_checked() -> None:
    counts = load().counts()
    assert counts["machine"] / counts["total"] > 0.85
    assert counts["machine"] + counts["yes_no"] + counts["text"] == counts["total"]


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [
        (1, "mm", "μm", 1000),  # length
        (1, "′", "″", 60),  # angle: arc-minute and arc-second
        (1, "°", "′", 60),
        (1800, "rpm", "r/min", 1800),  # rotational speed: r is a revolution
        (0, "℃", "K", 273.15),  # temperature
        (1, "MPa", "bar", 10),  # pressure
        (10000, "psi", "MPa", 68.9475729),
        (1, "Nm³/h", "Nm³/d", 24),  # normal volume flow
        (1, "t/h", "t/a", 8766),  # annual throughput
        (1, "kWh", "GJ", 0.0036),  # energy
        (1, "GJ/tCO2", "kWh/t", 277.7777778),
        (1, "kN·m", "N·m", 1000),  # torque
        (50, "%", "", 0.5),  # percent
        (1, "万吨/年", "t/a", 10000),
        (1, "kips", "kN", 4.448221615),
    ],
)
def test_units_convert_across_each_family(value: float, unit: str, to: str, expected: float) -> None:
    from policyhub.firstset.units import multiplier

    factor, unit = multiplier(unit)
    assert convert(value * factor, unit, to) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(("unit", "to"), [("dB(A)", "dB"), ("Nm³/h", "m³/h"), ("kg", "mm"), ("mm", "μm/m")])
def test_units_of_different_kinds_do_not_convert(unit: str, to: str) -> None:
    with pytest.raises(UnitError):
        convert(1, unit, to)


def test_a_temperature_tolerance_converts_as_a_difference() -> None:
    assert convert(1, "K", "℃", delta=True) == pytest.approx(1)


@pytest.mark.parametrize("unit", ["μm", "r/min", "″", "dB(A)", "Nm³/h", "t/a", "mm·r/min", "fT/Hz^(1/2)", "/堆年"])
def test_catalog_units_pint_lacks_are_defined(unit: str) -> None:
    units_of(unit)


def test_printed_numbers() -> None:
    assert number("7×10⁵") == 700000
    assert number("1.0×10⁻⁵") == pytest.approx(1e-5)
    assert number("10⁻⁹") == pytest.approx(1e-9)


def test_name_key_ignores_brackets_width_spaces_and_latex() -> None:
    assert name_key("X/Z（直线轴）定位精度") == name_key("X/Z (直线轴) 定位精度") == name_key("X/Z(直线轴)定位精度")
    assert name_key("风能利用系数(C_p 值)") == name_key("风能利用系数（Cp值）")
    assert clean("直线轴定位精度 $\\leq 6\\mu\\text{m}$") == "直线轴定位精度≤6μm"


@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False))
def test_converting_there_and_back_is_identity(x: float) -> None:
    assert convert(convert(x, "mm", "μm"), "μm", "mm") == pytest.approx(x)
    assert convert(convert(x, "″", "°"), "°", "″") == pytest.approx(x)


@given(
    st.sampled_from([("≥", ">="), ("≤", "<="), (">", ">"), ("<", "<")]),
    st.decimals(min_value="0.001", max_value="99999", places=3),
    st.sampled_from(["mm", "μm", "kN", "MPa", "r/min", "″", "kW", "t/a", "Nm³/h", "dB(A)", "%", "h", "℃"]),
)
def test_any_printed_comparison_reads_back(op: tuple[str, str], value: object, unit: str) -> None:
    req = _req(f"某指标{op[0]}{value}{unit}")
    assert (req.kind, req.op, req.unit) == ("compare", op[1], unit)
    assert req.value == pytest.approx(float(str(value)))


@given(st.integers(0, 5000), st.integers(1, 5000), st.booleans(), st.booleans())
def test_any_printed_range_reads_back(low: int, width: int, low_in: bool, high_in: bool) -> None:
    excl = "（不含）"
    req = _req(f"某范围：{low}{'' if low_in else excl}~{low + width}{'' if high_in else excl}mm")
    assert (req.kind, req.low, req.high, req.unit) == ("range", low, low + width, "mm")
    assert (req.low_inclusive, req.high_inclusive) == (low_in, high_in)
