"""The checker, each trigger on both sides of its threshold: age, design life, capacity, current, grade, list, level."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from policyhub.errors import InputError
from policyhub.firstset.units import convert
from policyhub.renewal import data, service
from policyhub.renewal.check import add_years, check_asset
from policyhub.renewal.register import Asset

AS_OF = date(2026, 6, 30)


def _asset(name: str, commissioned: tuple[date, date] | None = None, **fields: Any) -> Asset:
    text = commissioned[0].isoformat() if commissioned else ""
    return Asset(2, "A1", name, commissioned=commissioned, commissioned_text=text, **fields)


def _on(day: date) -> tuple[date, date]:
    return day, day


def _check(sector: str, asset: Asset) -> dict[str, Any]:
    return check_asset(asset, data.triggers_for(sector), AS_OF)


def _fired(result: dict[str, Any]) -> list[str]:
    return [t["id"] for t in result["triggers"]]


def test_more_than_20_years_fires_and_exactly_20_does_not() -> None:
    exactly = _check("石化化工", _asset("常减压装置", _on(date(2006, 6, 30)), design_life_years=40))
    assert exactly["in_scope"] is False  # 超过20年: 20 years to the day is not more than 20
    one_day_more = _check("石化化工", _asset("常减压装置", _on(date(2006, 6, 29)), design_life_years=40))
    assert one_day_more["in_scope"] is True and _fired(one_day_more) == ["石化化工-1"]
    assert "> 20 年" in one_day_more["triggers"][0]["figure"]


def test_reaching_the_design_life_fires_on_its_last_day() -> None:
    reached = _check("石化化工", _asset("反应釜", _on(date(2011, 6, 30)), design_life_years=15))
    assert reached["in_scope"] is True and "设计使用年限" in reached["triggers"][0]["figure"]
    short = _check("石化化工", _asset("反应釜", _on(date(2011, 7, 1)), design_life_years=15))
    assert short["in_scope"] is False


def test_a_missing_design_life_leaves_a_young_asset_undetermined() -> None:
    result = _check("石化化工", _asset("反应釜", _on(date(2020, 1, 1))))
    assert result["in_scope"] == "undetermined"
    assert "design_life_years" in result["open"][0]["figure"]


def test_a_year_of_commissioning_decides_only_when_the_whole_year_is_on_one_side() -> None:
    undecided = _check("食品", _asset("杀菌釜", (date(2016, 1, 1), date(2016, 12, 31)), design_life_years=30))
    assert undecided["in_scope"] == "undetermined"  # 2016: between 9.5 and 10.5 years on 2026-06-30
    old = _check("食品", _asset("杀菌釜", (date(2015, 1, 1), date(2015, 12, 31)), design_life_years=30))
    assert old["in_scope"] is True
    young = _check("食品", _asset("杀菌釜", (date(2017, 1, 1), date(2017, 12, 31)), design_life_years=30))
    assert young["in_scope"] is False


def test_the_10_year_food_and_explosives_triggers() -> None:
    for sector in ("食品", "民爆"):
        assert _check(sector, _asset("乳化器", _on(date(2016, 6, 29)), design_life_years=20))["in_scope"] is True
        assert _check(sector, _asset("乳化器", _on(date(2016, 6, 30)), design_life_years=20))["in_scope"] is False


def test_welding_equipment_over_30_years_in_rail() -> None:
    old = _check("轨道交通装备", _asset("大型自动焊接机", _on(date(1996, 6, 29))))
    assert _fired(old) == ["轨道交通装备-1"]
    young = _check("轨道交通装备", _asset("大型自动焊接机", _on(date(1996, 6, 30))))
    assert young["in_scope"] is False
    assert _check("轨道交通装备", _asset("叉车", _on(date(1990, 1, 1))))["in_scope"] is False  # not named


def test_a_cooling_tower_over_10_years_is_in_scope_in_any_sector() -> None:
    old = _check("电子组装", _asset("冷却塔", _on(date(2016, 6, 29))))
    assert _fired(old) == ["绿色节能设备-4"] and old["triggers"][0]["citation"] == "d02.重点领域.三.（三）.7"
    assert _check("电子组装", _asset("冷却塔", _on(date(2016, 6, 30))))["in_scope"] is False


def test_a_calcium_carbide_furnace_below_25000_kva_in_any_unit() -> None:
    def furnace(value: float, unit: str) -> dict[str, Any]:
        return _check(
            "石化化工", _asset("电石炉", _on(date(2020, 1, 1)), design_life_years=30, capacity=value, unit=unit)
        )

    assert furnace(24999, "kVA")["in_scope"] is True
    assert furnace(25000, "kVA")["in_scope"] is False  # <25000KVA: the bound itself is not small
    assert furnace(24.9, "MVA")["in_scope"] is True
    assert furnace(24.9, "MVA")["triggers"][0]["figure"] == "24.9 MVA = 24900 kVA"
    assert furnace(25, "MVA")["in_scope"] is False
    assert furnace(30, "kA")["in_scope"] == "undetermined"  # a current is no capacity
    assert (
        _check("石化化工", _asset("电石炉", _on(date(2020, 1, 1)), design_life_years=30))["in_scope"] == "undetermined"
    )


def test_aluminium_cells_of_200_ka_and_below_and_amperes_convert() -> None:
    def cell(value: float, unit: str) -> dict[str, Any]:
        return _check("有色金属", _asset("预焙阳极铝电解槽", capacity=value, unit=unit))

    assert cell(200, "kA")["in_scope"] is True  # 以下 includes 200 kA
    assert cell(200000, "A")["in_scope"] is True
    assert cell(200000, "A")["triggers"][0]["figure"] == "200000 A = 200 kA"
    assert cell(200001, "A")["in_scope"] is False
    assert cell(0.3, "MA")["in_scope"] is False
    assert cell(201, "kA")["in_scope"] is False


def test_unit_conversion_of_capacity_and_current() -> None:
    assert convert(25, "MVA", "kVA") == pytest.approx(25000)
    assert convert(25000, "KVA", "MVA") == pytest.approx(25)
    assert convert(0.2, "kA", "A") == pytest.approx(200)
    assert convert(180000, "A", "kA") == pytest.approx(180)


def test_a_named_equipment_is_in_scope_whatever_its_age() -> None:
    assert _fired(_check("石化化工", _asset("固定床煤气化炉", _on(date(2024, 1, 1)), design_life_years=20))) == [
        "石化化工-3"
    ]
    assert _check("石化化工", _asset("水煤浆气化炉", _on(date(2024, 1, 1)), design_life_years=20))["in_scope"] is False
    assert _fired(_check("钢铁", _asset("步进式烧结机", _on(date(2024, 1, 1))))) == ["钢铁-2"]


def test_a_motor_asks_for_its_gb18613_grade() -> None:
    asked = _check("石化化工", _asset("三相异步电动机", _on(date(2024, 1, 1)), design_life_years=20))
    assert asked["in_scope"] == "undetermined"
    assert {t["id"] for t in asked["open"]} == {"石化化工-4", "绿色节能设备-1"}
    assert "GB18613—2020" in asked["open"][0]["figure"]
    below = _check("石化化工", _asset("电动机", _on(date(2024, 1, 1)), design_life_years=20, energy_grade=4))
    assert below["in_scope"] is True
    best = _check("石化化工", _asset("电动机", _on(date(2024, 1, 1)), design_life_years=20, energy_grade=1))
    assert best["in_scope"] is False
    middle = _check("石化化工", _asset("电动机", _on(date(2024, 1, 1)), design_life_years=20, energy_grade=2))
    assert middle["in_scope"] == "undetermined"  # the guide names no grade to replace
    assert _check("石化化工", _asset("发电机组", _on(date(2024, 1, 1)), design_life_years=20))["in_scope"] is False


def test_a_restricted_or_listed_item_follows_the_register_s_answer() -> None:
    assert _check("钢铁", _asset("高炉"))["in_scope"] == "undetermined"
    assert _check("钢铁", _asset("高炉", listed=True))["in_scope"] is True
    assert _check("轨道交通装备", _asset("变压器", listed=False, energy_grade=1))["in_scope"] is False


def test_energy_benchmark_level_applies_to_rows_that_give_it() -> None:
    below = _check("有色金属", _asset("铜冶炼炉", energy_level="低于基准水平"))
    assert _fired(below) == ["有色金属-2"]
    assert _check("有色金属", _asset("铜冶炼炉", energy_level="基准水平"))["in_scope"] is False
    assert _check("有色金属", _asset("铜冶炼炉"))["in_scope"] is False


def test_a_condition_the_register_cannot_show_needs_a_person() -> None:
    result = _check("轨道交通装备", _asset("数控折弯机", _on(date(2020, 1, 1))))
    assert result["in_scope"] == "undetermined" and result["open"][0]["id"] == "轨道交通装备-4"


def test_replacements_are_catalog_entries_of_the_same_class() -> None:
    result = _check("石化化工", _asset("老旧反应釜", _on(date(1990, 1, 1))))
    assert result["replacements"] == ["5.3.3"]  # 12.2.1 超大规模生物反应装备 is a bioreactor, not a kettle's family
    assert _check("石化化工", _asset("反应釜", _on(date(2024, 1, 1)), design_life_years=20))["replacements"] == []


def test_add_years_keeps_the_29th_of_february_inside_february() -> None:
    assert add_years(date(2004, 2, 29), 20) == date(2024, 2, 29)
    assert add_years(date(2004, 2, 29), 21) == date(2025, 2, 28)


def test_goals_met_gap_and_unknown_from_the_firm_s_figures() -> None:
    rows = [_asset("泵", _on(date(2024, 1, 1)), design_life_years=20)]
    figures = {"关键工序数控化率": "86%", "数字化研发设计工具普及率": 70, "改造装置能效": "基准水平"}
    result = service.check_assets(rows, "石化化工行业", AS_OF, figures)
    by = {g["indicator"]: g for g in result["goals"]}
    assert by["关键工序数控化率"]["result"] == "met"
    assert by["数字化研发设计工具普及率"]["result"] == "gap"
    assert by["改造装置能效"]["result"] == "gap"
    assert by["数字化转型成熟度3级及以上企业比例"]["result"] == "unknown"
    assert all(g["result"] == "unknown" for g in service.check_assets(rows, "石化化工", AS_OF)["goals"])


def test_goal_figures_convert_units_and_a_strict_target_excludes_its_bound() -> None:
    rows = [_asset("泵")]
    aluminium = service.check_assets(rows, "有色", AS_OF, {"电解铝吨铝节电": "0.25 MWh"})["goals"]
    assert next(g for g in aluminium if g["indicator"] == "电解铝吨铝节电")["result"] == "met"
    tools = service.check_assets(rows, "工业母机", AS_OF, {"关键工序数控化率": "75%"})["goals"]
    assert next(g for g in tools if g["indicator"] == "关键工序数控化率")["result"] == "gap"  # 超过75%
    blast = service.check_assets(rows, "民爆", AS_OF, {"单条工业炸药及雷管生产线现场操作人员": "3人"})["goals"]
    assert blast[0]["result"] == "met"
    with pytest.raises(InputError, match="电解铝吨铝节电"):
        service.check_assets(rows, "有色", AS_OF, {"电解铝吨铝节电": "200 kg"})
    unused = service.check_assets(rows, "有色", AS_OF, {"营业收入": "1亿元"})["figures_unused"]
    assert unused == ["营业收入"]
