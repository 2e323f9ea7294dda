"""A user's value ("1.8 μm", "34~43 m³", "9000T", "5\"") read into numbers in the indicator's catalog unit."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from policyhub.errors import InputError
from policyhub.firstset.catalog import Indicator
from policyhub.firstset.units import NUMBER, UnitError, convert, multiplier, number, table, units_of

YES = {"true", "yes", "y", "是", "有", "具备", "满足", "1"}
NO = {"false", "no", "n", "否", "无", "不具备", "不满足", "0"}


@dataclass(frozen=True)
class Given:
    """A parameter value as the user wrote it, read into numbers in its own unit."""

    raw: Any
    values: tuple[float, ...] = ()  # one number, two (a range "a~b"), or several (dimensions "a×b")
    unit: str = ""
    spread: str = "one"  # one | range | dims | tolerance
    flag: bool | None = None


def read_value(raw: Any) -> Given:
    """Read a user's value: true/false, a number, "1.8 μm", "±0.02mm", "630~1000mm", "300mm×300mm", "P2"."""
    if isinstance(raw, bool):
        return Given(raw, flag=raw)
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise InputError(f"{raw!r} 不是有限数值 is not a finite number")
        return Given(raw, (float(raw),))
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(
            f'{raw!r}：请填写带单位的数值（如 "1.8 μm"）、等级（如 "P2"）或 是/否 '
            "give a number with its unit, a grade or true/false"
        )
    s = raw.strip().replace("＜", "<").replace("～", "~").replace(" ", "").replace("''", "″").replace('"', "″")
    if s.lower() in YES or s.lower() in NO:
        return Given(raw, flag=s.lower() in YES)
    s = s.lstrip("≤≥<>=")
    tolerance = s.startswith("±")
    s = s.lstrip("±")
    if m := re.fullmatch(rf"({NUMBER})([^~\d]*)~({NUMBER})(.*)", s):
        unit = m.group(4) or m.group(2)
        f, unit = multiplier(unit)
        return Given(raw, (number(m.group(1)) * f, number(m.group(3)) * f), unit, "range")
    parts = re.split(r"[×xX*]", s) if re.search(r"[A-Za-zμ°″′)）]\s*[×xX*]\s*\d", s) else [s]
    values, units = [], []
    for part in parts:
        part = re.sub(r"[(（][^()（）]*[)）]$", "", part) if len(parts) > 1 else part  # "36°(水平)": a label
        m = re.fullmatch(rf"({NUMBER})(.*)", part)
        if not m:
            return Given(raw)  # not a number: maybe a grade ("P2", "IP67", "第三阶段")
        f, unit = multiplier(m.group(2).strip())
        values.append(number(m.group(1)) * f)
        units.append(unit)
    unit = units[-1]
    if any(u and u != unit for u in units):
        raise InputError(f"{raw!r}：各尺寸请用同一单位 give every dimension in one unit")
    spread = "dims" if len(values) > 1 else "tolerance" if tolerance else "one"
    return Given(raw, tuple(values), unit, spread)


def _context(name: str) -> dict[str, str]:
    """Spellings that mean another unit for this indicator (总吨位: t is GT; 货舱蒸发率: % is %/d)."""
    for key, ctx in table()["contexts"].items():
        if key in name:
            return dict(ctx["units"])
    return {}


def catalog_unit(ind: Indicator) -> str:
    """The unit the catalog's figure is in, read in context (8.1.1 总吨位≥50000t is 50000 GT)."""
    unit = ind.requirement.unit or ""
    return _context(ind.name).get(unit, unit)


def _is_force(unit: str) -> bool:
    try:
        return bool(units_of(unit)[1].dimensionality == units_of("N")[1].dimensionality)
    except UnitError:
        return False


def _is_moment(unit: str) -> bool:
    """A moment printed in newton metres (kN·m): not an energy in kJ, though pint gives both one dimension."""
    if not re.search(r"N\s*[·*.]?\s*m$", unit):
        return False
    try:
        return bool(units_of(unit)[1].dimensionality == units_of("N·m")[1].dimensionality)
    except UnitError:
        return False


def given_unit(ind: Indicator, unit: str) -> str:
    """A user's unit read in context: "9000T" for a force is tonne-force, "98000 t·m" for a moment tonne-force
    metres; "t" for 总吨位 is GT."""
    unit = _context(ind.name).get(unit, unit)
    if _is_force(catalog_unit(ind)):
        unit = table()["force_from_mass"].get(unit, unit)
    elif _is_moment(catalog_unit(ind)):
        unit = table()["moment_from_mass"].get(unit.replace(" ", ""), unit)
    return unit


def unit_reading(ind: Indicator, given: Given) -> str | None:
    """How a mass spelling was read for a force or a moment ("98000 t·m 读作 … tonne-force metres"), else None."""
    if not given.unit or not given.values:
        return None
    read = given_unit(ind, given.unit)
    if read == given.unit or read not in ("tf", "kgf", "tf·m", "kgf·m"):
        return None
    target = catalog_unit(ind)
    shown = "、".join(f"{v:g}" for v in given.values)
    try:
        converted = "、".join(f"{convert(v, read, target):.6g}" for v in given.values)
    except UnitError:
        return None
    name = {"tf": "吨力 tonne-force", "kgf": "公斤力 kilogram-force", "tf·m": "吨力·米 tonne-force metres",
            "kgf·m": "公斤力·米 kilogram-force metres"}[read]  # fmt: skip
    return (
        f"{shown} {given.unit} 读作{name}（{read}，1 {read.replace('·m', '')} = 9.80665 "
        f"{'N' if read.startswith('kgf') else 'kN'}）= {converted} {target}"
    )


def in_catalog_unit(value: float, unit: str, ind: Indicator, delta: bool = False) -> float:
    """A given number in the indicator's unit (a bare number is taken to be in that unit already)."""
    if not unit:
        return value
    target = catalog_unit(ind)
    try:
        return convert(value, given_unit(ind, unit), target, delta=delta)
    except UnitError as exc:
        printed = ind.requirement.unit or "无单位数值 plain number"
        try:
            units_of(unit)
        except UnitError:
            raise InputError(
                f"{ind.name}：无法识别的单位 unknown unit {unit!r}；目录写作 the catalog writes {printed}"
                f"（{ind.text}），请按目录的写法填写 use the catalog's spelling"
            ) from None
        raise InputError(
            f"{ind.name}：{unit!r} 无法与目录要求的单位 {printed} 比较 cannot be compared: {exc}；"
            f"目录写作 the catalog writes {ind.text}"
        ) from None
