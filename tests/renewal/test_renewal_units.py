"""Units and motor grades as a register writes them: spellings, no conversion across dimensions, GB 18613 editions."""

from __future__ import annotations

from datetime import date

import pytest

from policyhub.errors import InputError
from policyhub.firstset.units import UnitError
from policyhub.renewal import service
from policyhub.renewal.register import read_register
from policyhub.renewal.units import grades, read_grade, symbol, to_unit

AS_OF = "2026-12-02"


def _one(register: str, sector: str) -> dict[str, object]:
    (row,) = service.check_file(register.encode(), "r.csv", sector, AS_OF)["assets"]
    return row


def test_megawatts_are_not_kva_without_a_power_factor() -> None:
    # d02.一.（三）.1 "小电石炉（<25000KVA）": 16.5 MW is active power, the bound apparent power
    row = _one("asset,name,commissioned,design_life_years,capacity,unit\nC1,电石炉,2018,25,16.5,MW\n", "石化化工")
    assert row["in_scope"] == "undetermined"
    (reason,) = [r for r in row["reasons"] if r["trigger"] == "石化化工-2"]
    assert "有功功率" in reason["text"] and "power factor" in reason["text"] and reason["citation"] == "d02.一.（三）.1"
    with pytest.raises(UnitError):
        to_unit(16.5, "MW", "kVA")


def test_a_power_factor_column_converts_active_to_apparent_power_and_says_so() -> None:
    register = "asset,name,commissioned,design_life_years,capacity,unit,功率因数\nC1,电石炉,2018,25,16.5,兆瓦,0.9\n"
    row = _one(register, "石化化工")
    assert row["in_scope"] is True  # 16.5 MW / 0.9 = 18,333 kVA < 25000 kVA
    assert "cos φ" in row["triggers"][0]["figure"] and "18333.3 kVA" in row["triggers"][0]["figure"]
    assert to_unit(22.5, "MW", "kVA", 0.9)[0] == pytest.approx(25000)


@pytest.mark.parametrize(
    ("spelled", "unit", "value"),
    [("千伏安", "kVA", 30000), ("30 兆伏安", "kVA", 30000), ("千瓦", "kW", 30000), ("兆瓦", "MW", 30000),
     ("立方米", "m³", 30000), ("吨/小时", "t/h", 30000), ("蒸吨", "t/h", 30000), ("千安", "kA", 30000)],
)  # fmt: skip
def test_the_spellings_registers_use_are_read(spelled: str, unit: str, value: float) -> None:
    cap, written = ("30", spelled.split()[1]) if " " in spelled else ("30000", spelled)
    (asset,) = read_register(f"asset,name,capacity,unit\nX,设备,{cap},{written}\n".encode(), "r.csv", date(2026, 1, 1))
    assert asset.unit == written and symbol(written) in (unit, "MVA")
    assert to_unit(asset.capacity or 0, written, "kVA" if unit in ("kVA", "MVA") else unit)[0] == pytest.approx(value)


def test_kva_spelled_in_chinese_is_compared_with_the_printed_bound() -> None:
    row = _one("asset,name,commissioned,design_life_years,capacity,unit\nC1,电石炉,2018,25,30000,千伏安\n", "石化化工")
    bound = next(t for t in row["cleared"] if t["id"] == "石化化工-2")
    assert row["in_scope"] is False and "30000 千伏安 = 30000 kVA" in bound["figure"]


@pytest.mark.parametrize(
    ("cell", "grade"),
    [("IE1", 4), ("IE2", 4), ("IE3", 3), ("IE4", 2), ("ie5", 1), ("一级能效", 1), ("二级", 2), ("三级能效", 3),
     ("3", 3), ("低于3级", 4), ("2级(2012)", 3), ("GB18613-2012 1级", 2), ("GB 18613—2012 3级", 4),
     ("GB18613-2020 2级", 2)],
)  # fmt: skip
def test_motor_grades_map_between_gb18613_editions_and_ie_classes(cell: str, grade: int) -> None:
    read = read_grade(cell)
    assert read is not None and read[0] == grade


def test_the_grade_mapping_cites_the_standard_and_its_table() -> None:
    source = grades()["source"]
    assert "GB 18613—2020" in source["document"] and source["url"].startswith("http") and "2020-05-29" in source["date"]
    assert "IE3 能效三级 能效二级" in source["table"]
    _, how = read_grade("2级(2012)") or (0, "")
    assert "GB 18613—2012 2级 = IE3 = GB 18613—2020 3级" in how


def test_an_ie2_motor_is_below_the_2020_minimum_and_fires_the_low_efficiency_trigger() -> None:
    # d02.一.（三）.1 "更新……低效电机……等低效设备"; GB 18613—2020: IE3 is 三级, the 能效限定值
    row = _one("asset,name,commissioned,energy_grade\nM1,循环水泵电动机,2015,IE2\n", "石化化工")
    assert row["in_scope"] is True and {t["id"] for t in row["triggers"]} == {"石化化工-4", "绿色节能设备-1"}
    assert "IE2 = GB 18613—2020 低于3级" in row["reasons"][0]["text"]


def test_an_unreadable_grade_is_bad_input_naming_the_column() -> None:
    with pytest.raises(InputError, match="energy_grade"):
        service.check_file("asset,name,energy_grade\nM1,电动机,IE9\n".encode(), "r.csv", "石化化工", AS_OF)
