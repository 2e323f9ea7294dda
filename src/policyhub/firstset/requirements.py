"""Read an indicator's printed value ("≤12μm（行程≤2000mm），行程每增加1000mm精度增加4μm") into a Requirement."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from policyhub.firstset.answers import RequirementJson
from policyhub.firstset.units import NUMBER, UnitError, multiplier, number, units_of

# Comparison words as printed, longest first. 优于 is only printed for process nodes, where smaller is better (2.1.x).
OPS = (
    ("等于或优于", "<="),
    ("优于", "<"),
    ("不低于", ">="),
    ("不小于", ">="),
    ("可达", ">="),
    ("≥", ">="),
    ("≤", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
EXCLUDED = r"(?:（不含）|\(不含\))"
_UNIT_STOP = "（@，,;；"


@dataclass(frozen=True)
class Dependency:
    """A limit that grows with another parameter: base limit while param op value, + increment per step beyond."""

    param: str
    op: str
    value: float
    unit: str
    step: float
    increment: float


@dataclass(frozen=True)
class Requirement:
    """What one indicator requires; kind tells which fields matter."""

    kind: str  # compare | range | tolerance | rule | dimensions | grade | yes_no | text
    op: str | None = None
    value: float | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    values: tuple[float, ...] | None = None
    magnitude: bool = False
    allowance_pct: float | None = None
    scale: str | None = None
    level: int | None = None
    better: str | None = None
    depends_on: Dependency | None = None
    condition: str | None = None
    reason: str | None = None
    reading: str | None = None  # how a "：X" value is read: at_least | at_most | tier_bound | nominal | ambiguous
    basis: str | None = None  # why, in the catalog's words (data/readings.json)

    @property
    def checkable(self) -> str:
        """machine | yes_no | text: how the indicator can be checked."""
        return {"yes_no": "yes_no", "text": "text"}.get(self.kind, "machine")

    def to_dict(self) -> RequirementJson:
        """Plain JSON: the fields that matter for this kind."""
        ends = ("low_inclusive", "high_inclusive")
        out = {k: v for k, v in asdict(self).items() if v is not None and (v is not False or k in ends)}
        if self.kind != "range":
            out.pop("low_inclusive", None)
            out.pop("high_inclusive", None)
        return cast(RequirementJson, out)  # the fields set, under their own names


@cache
def scales() -> dict[str, Any]:
    """The ordered grade scales shipped in data/scales.json."""
    text = resources.files("policyhub.firstset").joinpath("data/scales.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def grade_level(scale: str, text: str) -> int | None:
    """The level of a grade as written ("P2", "P2级", "IP67", "第三阶段", "2"), or None."""
    data = scales()
    s = text.strip().replace(" ", "")
    m = re.search(data["scales"][scale]["pattern"], s) or re.fullmatch(r"(?:第)?([一二三四五六\d]+)(?:级|阶段)?", s)
    if not m:
        return None
    level = m.group(1)
    return int(level) if level.isdigit() else int(data["numerals"].get(level, 0)) or None


def grade_rank(scale: str, level: int) -> int:
    """Where a level sits on its scale: P0 (the normal class of bearings) ranks below P6, not above P1."""
    return int(scales()["scales"][scale].get("rank", {}).get(str(level), level))


def _grade(name: str, text: str) -> Requirement | None:
    """A grade requirement if text prints one grade of a known scale."""
    for key, scale in scales()["scales"].items():
        if "names" in scale and name not in scale["names"]:
            continue
        m = re.search(scale["pattern"], text.replace(" ", ""))
        if m:
            level = grade_level(key, m.group(0))
            op = "<=" if scale["better"] == "lower" else ">="
            return Requirement("grade", op=op, scale=key, level=level, better=scale["better"])
    return None


def split_unit(rest: str) -> tuple[str, str]:
    """(unit, tail): the unit printed right after a number, and what follows it."""
    i = 0
    while i < len(rest):
        ch = rest[i]
        if ch in _UNIT_STOP or rest.startswith("及以上", i) or re.match(r"\+\d", rest[i:]):
            break
        if ch == "(" and not (rest.startswith("(A)", i) or (i and rest[i - 1] in "/^")):
            break
        if ch == "(":
            i = rest.index(")", i) if ")" in rest[i:] else len(rest) - 1
        i += 1
    return rest[:i].strip(), rest[i:].strip()


def _unit(unit: str) -> tuple[float, str]:
    """(factor, unit) after a Chinese number word; UnitError if pint cannot read the unit."""
    factor, unit = multiplier(unit)
    units_of(unit)
    return factor, unit


def _condition(tail: str) -> tuple[str | None, str]:
    """Conditions printed after the value ("（10min平均值）", "@24MPa") and what is left."""
    conds = []
    while tail:
        m = re.match(r"^[（(]([^（()）]*(?:[（(][^()（）]*[)）][^（()）]*)*)[)）]", tail) or re.match(r"^@(.+)$", tail)
        if not m:
            break
        conds.append(m.group(1) if m.group(0).startswith(("(", "（")) else "@" + m.group(1))
        tail = tail[m.end() :].strip()
    return ("；".join(conds) or None), tail


def _rule(op: str, value: float, unit: str, tail: str) -> Requirement | None:
    """ "≤12μm（行程≤2000mm），行程每增加1000mm精度增加4μm" as a rule on 行程 (第1.1.1条)."""
    n = NUMBER
    m = re.fullmatch(
        rf"[（(](\S+?)(≤|≥|<|>)({n})(\S+?)[)）][，,](\S+?)每增加({n})(\S+?)精度增加({n})(\S+)",
        tail,
    )
    if not m or m.group(1) != m.group(5):
        return None
    dep_op = dict(OPS)[m.group(2)]
    dep = Dependency(m.group(1), dep_op, number(m.group(3)), m.group(4), number(m.group(6)), number(m.group(8)))
    if m.group(7) != dep.unit or m.group(9) != unit:
        return None
    return Requirement("rule", op=op, value=value, unit=unit, depends_on=dep)


def parse(name: str, value: str, text_only: str | None = None) -> Requirement:
    """The requirement of one indicator from its printed value (empty value: a statement)."""
    if text_only:
        return Requirement("text", reason=text_only)
    v = value.strip()
    if not v:  # a statement: 具备…功能, 满足 IMO Tier III, DP3级动力定位
        graded = None if "、" in name else _grade(name, name)
        return graded or Requirement("yes_no")
    colon = v[0] in "：:" or v[0].isdigit()  # "6542kJ/kWh+7%（甲醇模式）" repeats a "：" value
    v = v.lstrip("：: ")
    try:
        return _parse_value(name, v, colon)
    except (UnitError, ValueError) as exc:
        if not re.search(r"\d", v) or re.match(r"(?:达到|满足|支持)\S*《", v):
            return Requirement("yes_no")  # a kind or standard named, not measured: 绝缘介质：干燥环保气体
        return Requirement("text", reason=f"{v!r}: {exc}")


def _parse_value(name: str, v: str, colon: bool) -> Requirement:
    op = "="
    for word, sym in OPS:
        if v.startswith(word):
            op, v = sym, v[len(word) :].strip()
            break
    else:
        if not colon and not v.startswith("±") and not v.startswith("达到"):
            raise ValueError("no comparison")
    v = re.sub(r"^(?:达到|Ra|DN)", "", v)
    graded = _grade(name, v)
    if graded and (not re.match(r"[\d±]", v) or "names" in scales()["scales"][graded.scale or ""]):
        return graded
    if v.startswith("±"):
        return _tolerance(name, v[1:].strip(), magnitude_op=op if op != "=" else None)
    if op == "=" and (r := _range(v)):
        return r
    if op != "=" and re.fullmatch(rf"({NUMBER}):({NUMBER})(.*)", v):
        m = re.fullmatch(rf"({NUMBER}):({NUMBER})(.*)", v)
        assert m
        cond, left = _condition(m.group(3).strip())
        if left:
            raise ValueError(f"unread text {left!r}")
        return Requirement("compare", op=op, value=number(m.group(1)) / number(m.group(2)), unit="", condition=cond)
    m = re.match(rf"({NUMBER})", v)
    if not m:
        raise ValueError("no number")
    unit, tail = split_unit(v[m.end() :])
    if (dims := _dimensions(op, v)) is not None:
        return dims
    factor, unit = _unit(unit)
    value = number(m.group(1)) * factor
    if rule := _rule(op, value, unit, tail):
        return rule
    allowance = None
    if am := re.match(r"^\+(\d+(?:\.\d+)?)%", tail):  # "≤173.3g/kWh+5%": the figure plus its tolerance
        allowance, tail = float(am.group(1)), tail[am.end() :].strip()
        op = "<=" if op == "=" else op
    cond, tail = _condition(tail)
    if tail.startswith("及以上"):
        op, tail = ">=", tail[3:].strip()
    if tail:
        raise ValueError(f"unread text {tail!r}")
    return Requirement("compare", op=op, value=value, unit=unit, allowance_pct=allowance, condition=cond)


def _tolerance(name: str, v: str, magnitude_op: str | None) -> Requirement:
    """ "±0.02mm": |x| within; "±800kV及以上": |x| at least; "额定电压：±800kV": a bipolar rating, |x| equal."""
    m = re.match(rf"({NUMBER})", v)
    if not m:
        raise ValueError("no number after ±")
    unit, tail = split_unit(v[m.end() :])
    factor, unit = _unit(unit)
    cond, tail = _condition(tail)
    if tail.startswith("及以上"):
        magnitude_op, tail = ">=", tail[3:].strip()
    if tail:
        raise ValueError(f"unread text {tail!r}")
    value = number(m.group(1)) * factor
    if magnitude_op is None and re.search(r"范围|最大", name):  # "旋转角度范围：±320°": the span must reach it
        magnitude_op = ">="
    elif magnitude_op is None and _is_voltage(unit):  # 3.8.5 "额定电压：±800kV": a ±800 kV DC system
        magnitude_op = "="
    if magnitude_op and magnitude_op != "<=":
        return Requirement("compare", op=magnitude_op, value=value, unit=unit, magnitude=True, condition=cond)
    return Requirement("tolerance", op="<=", value=value, unit=unit, condition=cond)


def _is_voltage(unit: str) -> bool:
    return bool(units_of(unit)[1].dimensionality == units_of("V")[1].dimensionality)


def _range(v: str) -> Requirement | None:
    """ "630（不含）~1100mm", "-40~+40℃", "200eV~50KeV": a range with its ends."""
    m = re.fullmatch(rf"({NUMBER})([^~（(\d]*?)({EXCLUDED})?~({NUMBER})({EXCLUDED})?(.*)", v)
    if not m:
        return None
    unit, tail = split_unit(m.group(6))
    low_unit = m.group(2).strip() or unit
    f_high, unit = _unit(unit)
    f_low, low_unit = _unit(low_unit)
    low = number(m.group(1)) * f_low
    if low_unit != unit:
        from policyhub.firstset.units import convert

        low = convert(low, low_unit, unit)
    cond, tail = _condition(tail)
    if tail:
        raise ValueError(f"unread text {tail!r}")
    return Requirement(
        "range",
        low=low,
        high=number(m.group(4)) * f_high,
        unit=unit,
        low_inclusive=m.group(3) is None,
        high_inclusive=m.group(5) is None,
        condition=cond,
    )


def _dimensions(op: str, v: str) -> Requirement | None:
    """ "≥250mm×250mm", "5000mm×3000mm×1000mm", "36°(水平)×27°(垂直)": each dimension compared in order."""
    parts = re.split(r"\s*×\s*", v)
    pairs = [re.fullmatch(rf"({NUMBER})([A-Za-zμ°″′]+)(?:[(（]([^()（）]+)[)）])?", p) for p in parts]
    if len(parts) < 2 or not all(pairs):
        return None
    units = {p.group(2) for p in pairs if p}
    if len(units) != 1:
        return None
    unit = units.pop()
    _unit(unit)
    labels = [p.group(3) for p in pairs if p and p.group(3)]
    values = tuple(number(p.group(1)) for p in pairs if p)
    return Requirement("dimensions", op=op, values=values, unit=unit, condition="×".join(labels) or None)
