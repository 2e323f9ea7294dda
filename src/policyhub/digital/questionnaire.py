"""The questionnaire as plain data, for a web form or another tool."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from policyhub.digital.catalog import Catalog, RatioRaw


class Weighted(TypedDict):
    """A dimension, indicator or item of the table with its weight."""

    name: str
    weight: int


class RawData(TypedDict):
    """The raw figures a question may be answered with instead of a bracket (a ratio or a trend)."""

    kind: str  # ratio or trend
    fields: dict[str, str]  # field → its label
    prompt: str | None


class QuestionSpec(TypedDict):
    """One question: options in printed order, type, weights, points per option, raw-data fields."""

    number: int
    key: str
    text: str
    type: str
    multi: bool
    options: list[str]
    dimension: Weighted
    indicator: Weighted
    item: Weighted
    weight: float
    option_points: list[float]
    raw: NotRequired[RawData]


class ScenarioSpec(TypedDict):
    """A business scenario and its four level descriptions."""

    name: str
    group: str
    constrained: bool
    levels: list[str]


class LevelSpec(TypedDict):
    """A level's rule: minimum score, scenarios and constrained scenarios reached."""

    level: int
    name: str
    min_score: int
    min_scenarios: int
    min_constrained: int
    requirement: str


class EnergySpec(TypedDict):
    """An energy kind of 表1 with its 折标准煤系数."""

    name: str
    unit: str
    coefficient: str
    coefficient_unit: str


class Questionnaire(TypedDict):
    """The questionnaire as data: questions, dimensions, scenarios, levels and 表1."""

    questions: list[QuestionSpec]
    dimensions: list[Weighted]
    scenarios: list[ScenarioSpec]
    level_summaries: list[str]
    levels: list[LevelSpec]
    none_name: str
    energy: list[EnergySpec]


def questionnaire(catalog: Catalog) -> Questionnaire:
    """Questions (options in printed order, type, weights, raw-data fields), scenarios, levels and 表1."""
    questions: list[QuestionSpec] = []
    for q in catalog.questions.values():
        row: QuestionSpec = {
            "number": q.number,
            "key": str(q.number),
            "text": q.text,
            "type": q.type,
            "multi": q.multi,
            "options": list(q.options),
            "dimension": {"name": q.dimension, "weight": q.dimension_weight},
            "indicator": {"name": q.indicator, "weight": q.indicator_weight},
            "item": {"name": q.item, "weight": q.item_weight},
            "weight": float(q.weight),
            "option_points": [round(float(q.step_points * i), 2) for i in range(len(q.options))],
        }
        if q.raw is not None:
            row["raw"] = {
                "kind": "ratio" if isinstance(q.raw, RatioRaw) else "trend",
                "fields": dict(q.raw.fields),
                "prompt": q.raw_prompt,
            }
        questions.append(row)
    return {
        "questions": questions,
        "dimensions": [{"name": n, "weight": w} for n, w in catalog.dimensions],
        "scenarios": [
            {"name": s.name, "group": s.group, "constrained": s.constrained, "levels": list(s.levels)}
            for s in catalog.scenarios.values()
        ],
        "level_summaries": list(catalog.level_summaries),
        "levels": [
            {
                "level": r.level,
                "name": r.name,
                "min_score": r.min_score,
                "min_scenarios": r.min_scenarios,
                "min_constrained": r.min_constrained,
                "requirement": r.requirement,
            }
            for r in catalog.levels
        ],
        "none_name": catalog.none_name,
        "energy": [
            {"name": k.name, "unit": k.unit, "coefficient": str(k.coefficient), "coefficient_unit": k.coefficient_unit}
            for k in catalog.energy.values()
        ],
    }
