"""Units and motor grades as a register writes them: spellings, the power kinds never mixed, GB 18613 editions."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from policyhub.firstset.units import UnitError, convert, units_of


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("policyhub.renewal").joinpath("data", name).read_text("utf-8"))
    return data


@cache
def table() -> dict[str, Any]:
    """data/units.json: spellings and the apparent/active power symbols."""
    return _read("units.json")


@cache
def grades() -> dict[str, Any]:
    """data/motor_grades.json: GB 18613—2012 / —2020 grades against the IE classes, with the source."""
    return _read("motor_grades.json")


def symbol(unit: str) -> str:
    """The symbol a register's spelling stands for ("千伏安" -> "kVA", "蒸吨" -> "t/h"); others unchanged."""
    u = re.sub(r"\s+", "", unit)
    return str(table()["spellings"].get(u, u))


def check_unit(unit: str) -> None:
    """UnitError unless the spelling is readable."""
    units_of(symbol(unit))


def _power(unit: str) -> str:
    s = symbol(unit)
    return "apparent" if s in table()["apparent_power"] else "active" if s in table()["active_power"] else ""


def to_unit(value: float, unit: str, target: str, power_factor: float | None = None) -> tuple[float, str]:
    """value in target and how it was read; UnitError across dimensions (MW is not kVA without a power factor)."""
    kinds = (_power(unit), _power(target))
    if kinds == ("active", "apparent"):
        if power_factor is None:
            raise UnitError(f"{unit} 是有功功率，{target} 是视在功率，不能直接换算（需功率因数 power_factor）"
                            f" {unit} is active power, {target} apparent power: give the power factor")  # fmt: skip
        kw = convert(value, symbol(unit), "kW")
        return convert(kw / power_factor, "kVA", target), f"视在功率 S = P / cos φ = {kw:g} kW / {power_factor:g}"
    if kinds == ("apparent", "active"):
        raise UnitError(f"{unit} 是视在功率，{target} 是有功功率，不能换算 {unit} is apparent power, not {target}")
    return convert(value, symbol(unit), target), ""


GRADE_WORDS = {"1": 1, "2": 2, "3": 3, "一": 1, "二": 2, "三": 3}


def read_grade(text: str) -> tuple[int, str] | None:
    """A grade cell as (GB 18613—2020 grade, how it was read), 4 = below grade 3; None if unreadable.

    Accepts 1/2/3, 一级/二级/三级(能效), 低于3级, IE1–IE5, and a 2012-edition grade ("GB18613-2012 2级", "2级(2012)").
    """
    s = re.sub(r"\s+", "", text).upper().removesuffix(".0")
    for below in ("低于3级", "未达限定值", "不达标"):
        if s == below:
            return 4, ""
    table_ = grades()
    ie = re.fullmatch(r"IE([1-5])", s)
    if ie:
        grade = int(table_["ie_to_2020"][s])
        return grade, f"{s} = GB 18613—2020 {_grade_name(grade)}（{table_['source']['document'].split('《')[0]}对照表）"
    edition_2012 = "2012" in s
    core = re.sub(r"GB/?T?18613[-—–]?(2012|2020)|[（(]?(2012|2020)(版|年版)?[）)]?", "", s)
    core = core.removesuffix("能效").removesuffix("级").removeprefix("能效")
    if core not in GRADE_WORDS:
        return None
    grade = GRADE_WORDS[core]
    if not edition_2012:
        return grade, ""
    ie_class = table_["grade_2012_to_ie"][str(grade)]
    now = int(table_["ie_to_2020"][ie_class])
    return now, (f"GB 18613—2012 {grade}级 = {ie_class} = GB 18613—2020 {_grade_name(now)}"
                 f"（GB 18613—2020 与 2012 版对照 correspondence table）")  # fmt: skip


def _grade_name(grade: int) -> str:
    return "低于3级（能效限定值）below grade 3" if grade == 4 else f"{grade}级 grade {grade}"
