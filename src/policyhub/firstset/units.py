"""Units as printed in the catalog, read with pint after the symbols pint lacks are defined (data/units.json)."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import pint

_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
# A number as printed: 12, -0.5, 7×10⁵, 1.0×10⁻⁵, 10⁻⁹, 2.5e3.
_POWER = r"10(?:[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\(?-?\d+\)?)"
NUMBER = rf"[-+]?(?:10[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?:\s*[×xX*]\s*{_POWER})?)"


class UnitError(ValueError):
    """A unit that cannot be read or converted."""


@cache
def table() -> dict[str, Any]:
    """The unit data shipped with the package."""
    text = resources.files("policyhub.firstset").joinpath("data/units.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def registry() -> Any:
    """A pint registry with the catalog's extra units."""
    ureg: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in table()["definitions"]:
        ureg.define(line)
    return ureg


def number(text: str) -> float:
    """A printed number as a float: "7×10⁵" -> 700000.0, "10⁻⁹" -> 1e-9."""
    s = text.replace(" ", "").translate(_SUPER)
    m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?:[×xX*]10\^?\(?([-+]?\d+)\)?)?", s)
    if m:
        return float(m.group(1)) * (10.0 ** int(m.group(2)) if m.group(2) else 1.0)
    m = re.fullmatch(r"10([-+]?\d+)", s)
    if m and text.strip().startswith("10") and any(c in text for c in "⁰¹²³⁴⁵⁶⁷⁸⁹"):
        return 10.0 ** int(m.group(1))
    raise UnitError(f"{text!r} 不是数值 not a number")


def _per_amount(m: re.Match[str]) -> str:
    """ "mm/1000mm" (per a power of ten) and "°/30m" (build-up rate) are units; "kA/210kA" is two values."""
    amount = m.group(2)
    if not re.fullmatch(r"10+", amount) and m.group(1).strip() != "°":  # "10kV/50Hz" is two values
        return m.group(0)
    return f"{m.group(1)}/({amount} {m.group(3)})"


@cache
def pint_expr(unit: str) -> str:
    """The pint expression of a printed unit ("kN·m/mrad" -> "kN*m/mrad"), or UnitError."""
    u = unit.strip()
    data = table()
    if not u:
        return "dimensionless"
    if u in data["aliases"]:
        return str(data["aliases"][u])
    for alias in (a for a in data["aliases"] if re.search(r"\d", a)):  # "tCO2" before the digit check
        u = u.replace(alias, f" {data['aliases'][alias]} ")
    u = re.sub(r"(?<=[A-Za-z])\^?([23])(?=$|[/·*()\s])", lambda m: "²³"[int(m.group(1)) - 2], u)  # m3, m^3: m³
    u = re.sub(r"^([^/\d]+)/(\d+)([^\d/]+)$", _per_amount, u)  # "mm/1000mm", "°/30m": per an amount
    if re.search(r"\d", re.sub(r"\(\d+ |[²³]|\^\(1/2\)", "", u)):
        raise UnitError(f"{unit!r} 含有数字，是多个数值而非单位 holds a number: several values, not one unit")
    for word, expr in sorted(data["words"].items(), key=lambda kv: -len(kv[0])):
        u = u.replace(word, f" {expr} ")
    if re.search(r"[\u4e00-\u9fff]", u):
        raise UnitError(f"{unit!r} 不是单位 is not a unit")
    tokens = re.split(r"([/·*()\s])", u.replace("^(1/2)", "**0.5"))
    out = []
    for tok in tokens:
        if tok in ("·", " "):
            out.append("*" if tok == "·" else " ")
            continue
        base = tok.rstrip("²³")
        power = tok[len(base) :].replace("²", "**2").replace("³", "**3")
        out.append(str(data["aliases"].get(tok, data["aliases"].get(base, base) + power)))
    expr = re.sub(r"\s+", " ", "".join(out)).strip()
    expr = re.sub(r"(?<=[\w)]) (?=[\w(])", "*", expr)
    expr = "1" + expr if expr.startswith("/") else expr  # "/堆年": per reactor-year
    return expr.replace("( ", "(").replace(" )", ")").replace("/ ", "/").replace(" /", "/")


@cache
def units_of(unit: str) -> tuple[float, Any]:
    """(factor, pint unit) of a printed unit ("mm/1000mm" -> (0.001, dimensionless)), or UnitError."""
    try:
        q = registry().parse_expression(pint_expr(unit))
    except Exception as exc:  # pint's expression parser fails with many exception types (even AssertionError)
        raise UnitError(f"无法识别的单位 unknown unit {unit!r}") from exc
    if isinstance(q, pint.Quantity):
        return float(q.magnitude), q.units
    return float(q), registry().dimensionless


def convert(value: float, unit: str, to_unit: str, delta: bool = False) -> float:
    """Convert value from one printed unit to another, or UnitError (delta: a temperature difference)."""
    (f_src, src), (f_dst, dst) = units_of(unit), units_of(to_unit)
    ureg = registry()
    if delta:
        src, dst = (ureg.Unit(_delta(u)) for u in (src, dst))
    try:
        return float(ureg.Quantity(value * f_src, src).to(dst).magnitude) / f_dst
    except pint.errors.DimensionalityError:
        src_name, dst_name = unit or "无单位数值 a bare number", to_unit or "无单位数值 a bare number"
        raise UnitError(f"{src_name} 不能换算为 {dst_name}（量纲不同）cannot be converted to {dst_name}") from None


def _delta(u: Any) -> str:
    s = str(u)
    return {"degree_Celsius": "delta_degree_Celsius", "degree_Fahrenheit": "delta_degree_Fahrenheit"}.get(s, s)


def compatible(unit: str, to_unit: str) -> bool:
    """Whether a value in unit can be compared with one in to_unit."""
    try:
        convert(1.0, unit, to_unit)
    except UnitError:
        return False
    return True


def multiplier(unit: str) -> tuple[float, str]:
    """Split a leading Chinese number word off a unit: "万次" -> (10000, "次")."""
    for word, factor in table()["multipliers"].items():
        if unit.startswith(word):
            return float(factor), unit[len(word) :]
    return 1.0, unit
