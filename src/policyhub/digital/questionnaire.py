"""The questionnaire as plain data, for a web form or another tool."""

from __future__ import annotations

from typing import Any

from policyhub.digital.catalog import Catalog, RatioRaw


def questionnaire(catalog: Catalog) -> dict[str, Any]:
    """Questions (options in printed order, type, weights, raw-data fields), scenarios, levels and 表1."""
    questions = []
    for q in catalog.questions.values():
        row: dict[str, Any] = {
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
