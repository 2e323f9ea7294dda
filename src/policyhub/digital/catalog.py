"""The indicator text as data: questions, weights, scenarios, levels and 表1, loaded from the package's JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

MULTI = "多选"
SINGLE = "单选"


@dataclass(frozen=True)
class RatioRaw:
    """Raw data for Q2/Q3: two device counts whose ratio (in %) picks a bracket."""

    numerator: str
    denominator: str
    fields: dict[str, str]
    upper_bounds: tuple[Fraction, ...]  # bracket i is (upper[i-1], upper[i]] in %, the first one starts at 0
    denominator_fallback_question: int | None  # Q3 prints no device total: it is Q2's 生产设备数量


@dataclass(frozen=True)
class TrendRaw:
    """Raw data for Q12–Q15: last year's and the year before's figures; the trend picks 增加/持平/降低."""

    better: str  # "lower" or "higher": which direction the indicator rewards
    value: tuple[str, str]  # (last year / after, year before / before)
    per: tuple[str, str] | None  # the denominator pair (revenue, staff) or None
    per_fallback_question: int | None  # where the denominator figures may be taken from instead
    fields: dict[str, str]
    ratio_unit: str
    ratio_scale: Fraction
    value_as_energy_kinds: bool  # Q12: each year's energy may be given per kind and converted with 表1


@dataclass(frozen=True)
class Question:
    """One 采集项 with its question, options in printed order and the three weights."""

    number: int
    text: str
    type: str
    options: tuple[str, ...]
    dimension: str
    indicator: str
    item: str
    dimension_weight: int
    indicator_weight: int
    item_weight: int
    raw: RatioRaw | TrendRaw | None
    raw_prompt: str | None

    @property
    def multi(self) -> bool:
        return self.type == MULTI

    @property
    def weight(self) -> Fraction:
        """采集项权重 × 二级指标权重 × 一级指标权重, as a fraction of 1 (评分逻辑 2)."""
        return Fraction(self.dimension_weight * self.indicator_weight * self.item_weight, 100**3)

    @property
    def step_points(self) -> Fraction:
        """Points one option is worth: 100/(n−1) for both kinds (评分逻辑 1)."""
        return Fraction(100, len(self.options) - 1)

    def points(self, choice: int | frozenset[int]) -> Fraction:
        """Item score 0–100: single = evenly spaced by position; multi = 无 → 0, else count × 100/(n−1)."""
        if isinstance(choice, int):
            return choice * self.step_points
        if choice == frozenset({0}):
            return Fraction(0)
        return len(choice) * self.step_points


@dataclass(frozen=True)
class Scenario:
    """One 业务场景 (二级指标 of 数字化经营) with its four level descriptions."""

    name: str
    group: str
    constrained: bool
    levels: tuple[str, str, str, str]


@dataclass(frozen=True)
class LevelRule:
    """One row of the 判定方法 table."""

    level: int
    name: str
    min_score: int
    min_scenarios: int
    min_constrained: int
    requirement: str


@dataclass(frozen=True)
class EnergyKind:
    """One row of 表1 能源折标准煤系数表."""

    name: str
    unit: str
    coefficient: Decimal
    coefficient_unit: str


@dataclass(frozen=True)
class Catalog:
    """Everything the indicator prints, ready for the pure core."""

    questions: dict[int, Question]
    dimensions: tuple[tuple[str, int], ...]
    scenarios: dict[str, Scenario]
    level_summaries: tuple[str, ...]
    levels: tuple[LevelRule, ...]
    none_name: str
    energy: dict[str, EnergyKind]
    energy_formula: str

    def level_name(self, level: int) -> str:
        return self.none_name if level == 0 else self.levels[level - 1].name


def _load(name: str) -> Any:
    return json.loads(resources.files("policyhub.digital").joinpath("data", name).read_text(encoding="utf-8"))


def _raw(spec: dict[str, Any] | None) -> RatioRaw | TrendRaw | None:
    if spec is None:
        return None
    if spec["kind"] == "ratio":
        return RatioRaw(
            spec["numerator"],
            spec["denominator"],
            dict(spec["fields"]),
            tuple(Fraction(hi) for _, hi in spec["brackets"]),
            spec.get("denominator_fallback_question"),
        )
    per = spec.get("per")
    return TrendRaw(
        spec["better"],
        (spec["value"][0], spec["value"][1]),
        (per[0], per[1]) if per else None,
        spec.get("per_fallback_question"),
        dict(spec["fields"]),
        spec["ratio_unit"],
        Fraction(spec["ratio_scale"]),
        bool(spec.get("value_as_energy_kinds", False)),
    )


def _questions(doc: dict[str, Any]) -> tuple[dict[int, Question], tuple[tuple[str, int], ...]]:
    questions: dict[int, Question] = {}
    for dim in doc["dimensions"]:
        for ind in dim["indicators"]:
            for q in ind["items"]:
                questions[q["number"]] = Question(
                    q["number"],
                    q["text"],
                    q["type"],
                    tuple(q["options"]),
                    dim["name"],
                    ind["name"],
                    q["item"],
                    dim["weight"],
                    ind["weight"],
                    q["weight"],
                    _raw(q.get("raw")),
                    q.get("raw_prompt"),
                )
    dims = tuple((d["name"], d["weight"]) for d in doc["dimensions"])
    return dict(sorted(questions.items())), dims


@cache
def load_catalog() -> Catalog:
    """Load the shipped data once."""
    questions, dims = _questions(_load("questions.json"))
    sc = _load("scenarios.json")
    scenarios = {
        s["name"]: Scenario(s["name"], s["group"], s["constrained"], tuple(s["levels"])) for s in sc["scenarios"]
    }
    lv = _load("levels.json")
    levels = tuple(
        LevelRule(r["level"], r["name"], r["min_score"], r["min_scenarios"], r["min_constrained"], r["requirement"])
        for r in lv["levels"]
    )
    en = _load("energy.json")
    energy = {
        k["name"]: EnergyKind(k["name"], k["unit"], Decimal(k["coefficient"]), k["coefficient_unit"])
        for k in en["kinds"]
    }
    return Catalog(
        questions, dims, scenarios, tuple(sc["level_summaries"]), levels, lv["none"]["name"], energy, en["formula"]
    )
