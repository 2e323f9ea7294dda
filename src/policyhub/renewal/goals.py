"""The firm's own figures against its sector's 2027 goals: met, gap, or unknown (no figure given)."""

from __future__ import annotations

import re
from typing import Any, TypedDict

from policyhub.errors import InputError
from policyhub.firstset.units import UnitError, convert, multiplier
from policyhub.renewal.data import Goal
from policyhub.renewal.register import LEVELS

Figure = str | int | float  # a firm's figure as given: 80, "80%", "250kWh", 标杆水平


class GoalPrinted(TypedDict):
    """A 2027 goal as the guide prints it."""

    indicator: str
    target: str
    year: int
    citation: str
    op: str
    unit: str | None
    measure: str
    scope: str | None
    text: str


class GoalJudged(GoalPrinted):
    """A 2027 goal against the firm's figure: met, gap, or unknown (no figure given); a level's goal by its rank."""

    figure: Figure | None
    result: str  # met, gap or unknown


class GoalMeasured(GoalPrinted):
    """A 2027 goal against the firm's number, read in the goal's unit: met or gap."""

    figure: Figure
    figure_in_goal_unit: float
    result: str


GoalResult = GoalJudged | GoalMeasured

_PERCENT = {"%", "个百分点", "百分点"}


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name)


def read_figures(raw: Any) -> dict[str, Figure]:
    """FIGURES.json: {"关键工序数控化率": "80%", …} (or {"figures": {…}}); keys are the goals' indicator names."""
    if isinstance(raw, dict) and isinstance(raw.get("figures"), dict):
        raw = raw["figures"]
    if not isinstance(raw, dict):
        raise InputError('--figures: 应为“指标名: 数值”的对象 must be an object, e.g. {"关键工序数控化率": "80%"}')
    for key, value in raw.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise InputError(f"--figures: {key!r} 的数值应为数字或文字 must be a number or a string, got {value!r}")
    return {_norm(str(k)): v for k, v in raw.items()}


def _in_goal_unit(key: str, value: Figure, goal: Goal, unit: str) -> float:
    """The figure in the goal's unit: 80, "80%", "0.004 %", "250kWh", "1.2MWh", "3人", "30万台（套）"."""
    if isinstance(value, int | float):
        return float(value)
    m = re.fullmatch(r"\s*约?\s*([-+]?\d+(?:\.\d+)?)\s*(.*?)\s*", str(value))
    if not m:
        raise InputError(f"--figures: {key} 的数值 {value!r} 不是数值 not a number (e.g. {goal['target']})")
    number, given = float(m.group(1)), m.group(2)
    if not given or given == unit or (given in _PERCENT and unit in _PERCENT):
        return number
    (f_given, rest_given), (f_goal, rest_goal) = multiplier(given), multiplier(unit)
    if rest_given == rest_goal:  # "250000台（套）" against "25万台（套）"
        return number * f_given / f_goal
    try:
        return convert(number * f_given, rest_given, rest_goal) / f_goal
    except UnitError:
        raise InputError(f"--figures: {key} 的单位 {given!r} 不能换算为 {unit} cannot be converted to {unit}") from None


def _level_rank(text: str) -> int:
    for i, level in enumerate(LEVELS):
        if text.startswith(level):
            return i
    return -1


def evaluate_goal(goal: Goal, figures: dict[str, Figure]) -> GoalResult:
    """One goal with the firm's figure and the result (met / gap / unknown)."""
    out: GoalPrinted = {"indicator": goal["indicator"], "target": goal["target"], "year": goal["year"],
                        "citation": goal["citation"], "op": goal["op"], "unit": goal["unit"],
                        "measure": goal["measure"], "scope": goal["scope"], "text": goal["text"]}  # fmt: skip
    key = _norm(goal["indicator"])
    if key not in figures:
        return {**out, "figure": None, "result": "unknown"}
    value = figures[key]
    if goal["measure"] == "level_of_energy":  # 改造装置能效达到…标杆水平: a level, not a number
        rank = _level_rank(str(value).strip())
        if rank < 0:
            raise InputError(f"--figures: {goal['indicator']} 应为 must be one of {'、'.join(LEVELS)}, got {value!r}")
        met = rank >= _level_rank(goal["target"])
        return {**out, "figure": value, "result": "met" if met else "gap"}
    unit, target = goal["unit"], goal["value"]
    assert unit is not None and target is not None  # a number's goal prints both (a level's goal neither)
    number = _in_goal_unit(goal["indicator"], value, goal, unit)
    met = {"≥": number >= target, ">": number > target, "≤": number <= target}[goal["op"]]
    return {**out, "figure": value, "figure_in_goal_unit": number, "result": "met" if met else "gap"}


def evaluate_goals(goals: list[Goal], figures: dict[str, Figure]) -> tuple[list[GoalResult], list[str]]:
    """Every goal evaluated, and the figure names that match no goal of the sector."""
    names = {_norm(g["indicator"]) for g in goals}
    return [evaluate_goal(g, figures) for g in goals], [k for k in figures if k not in names]
