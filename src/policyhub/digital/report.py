"""The JSON shapes the CLI and the API share (numbers rounded only here, for output)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from policyhub.digital.answers import parse_firm
from policyhub.digital.catalog import Catalog, load_catalog
from policyhub.digital.plan import Plan, Step, make_plan, next_steps
from policyhub.digital.scoring import Assessment, assess


def points(value: Fraction) -> float:
    """Round for output only: 2 decimals, half up (四舍五入) on the exact value, so 52.325 → 52.33."""
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return float(Decimal(hundredths) / 100)


def _answer_text(choice: int | frozenset[int], options: tuple[str, ...]) -> str | list[str]:
    return options[choice] if isinstance(choice, int) else [options[i] for i in sorted(choice)]


def step_to_dict(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": step.kind, "subject": step.subject, "text": step.text}
    if step.kind == "answer":
        out |= {"question": step.question, "option": step.option, "gain": points(step.gain)}
    else:
        out |= {"scenario": step.scenario, "level": step.level}
    if step.hint:
        out["hint"] = step.hint
    return out


def assessment_to_dict(a: Assessment, catalog: Catalog, steps: int = 3) -> dict[str, Any]:
    """The assess contract: score, level, level_name, scenario_levels, dimension sub-scores, and detail."""
    dims = []
    for name, weight in catalog.dimensions:
        value = a.dimension_scores[name]
        dims.append({"name": name, "weight": weight, "score": points(value), "percent": points(value * 100 / weight)})
    questions = []
    for item in a.items:
        q = catalog.questions[item.question]
        answer = a.firm.answers[item.question]
        row: dict[str, Any] = {
            "number": q.number,
            "text": q.text,
            "type": q.type,
            "answer": item.choice if isinstance(item.choice, int) else sorted(item.choice),
            "answer_text": _answer_text(item.choice, q.options),
            "points": points(item.points),
            "weight": float(item.weight),
            "contribution": points(item.contribution),
        }
        if answer.figures:
            row["figures"] = {k: float(v) for k, v in answer.figures.items()}
            row["derived"] = dict(answer.derived)
        questions.append(row)
    checks = [
        {
            "level": c.level,
            "name": catalog.level_name(c.level),
            "requirement": f"≥{rule.min_score} 分；{rule.requirement}",
            "min_score": rule.min_score,
            "min_scenarios": rule.min_scenarios,
            "min_constrained": rule.min_constrained,
            "score_ok": c.score_ok,
            "scenarios": c.scenarios,
            "constrained": c.constrained,
            "met": c.met,
        }
        for c, rule in zip(a.checks, catalog.levels, strict=True)
    ]
    return {
        "firm": a.firm.name,
        "score": points(a.score),
        "score_exact": str(a.score),
        "level": a.level,
        "level_name": catalog.level_name(a.level),
        "dimension_scores": {d["name"]: d["score"] for d in dims},
        "dimensions": dims,
        "scenario_levels": dict(a.scenario_levels),
        "constrained_scenarios": [n for n, s in catalog.scenarios.items() if s.constrained],
        "level_checks": checks,
        "questions": questions,
        "next_steps": [step_to_dict(s) for s in next_steps(a, catalog, steps)] if steps else [],
        "next_level": _next_level(a, catalog),
    }


def _next_level(a: Assessment, catalog: Catalog) -> dict[str, Any] | None:
    """The level above and how many changes its smallest plan takes (None at 四级)."""
    if a.level >= len(catalog.levels):
        return None
    plan = make_plan(a.firm, a.level + 1, catalog)
    reachable = plan.after.level > a.level  # not when only outcomes (Q12–Q15) or step limits stand in the way
    return {
        "level": a.level + 1,
        "name": catalog.level_name(a.level + 1),
        "changes": len(plan.steps),
        "reachable": reachable,
    }


def plan_to_dict(plan: Plan, catalog: Catalog) -> dict[str, Any]:
    """The plan contract: target, the number of changes, each change in the indicator's words, before/after."""
    return {
        "firm": plan.before.firm.name,
        "target": plan.target,
        "target_name": catalog.level_name(plan.target),
        "changes": len(plan.steps),
        "steps": [step_to_dict(s) for s in plan.steps],
        "before": {"score": points(plan.before.score), "level": plan.before.level},
        "after": {"score": points(plan.after.score), "level": plan.after.level},
        "reached": plan.after.level >= plan.target,
        "kept": list(plan.keep),
        "outcomes": list(plan.outcomes),
        "short_by": _short_by(plan, catalog),
    }


def _short_by(plan: Plan, catalog: Catalog) -> float | None:
    """Points the plan's actions leave missing towards the target's minimum score (None when the score is met)."""
    missing = catalog.levels[plan.target - 1].min_score - plan.after.score
    return points(missing) if missing > 0 else None


def result_and_plan(submission: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A submission's assessment and its plan to the next level (None at the top level), as JSON-ready dicts."""
    catalog = load_catalog()
    firm = parse_firm(submission, catalog)
    result = assessment_to_dict(assess(firm, catalog), catalog)
    plan = None
    if result["level"] < len(catalog.levels):
        plan = plan_to_dict(make_plan(firm, result["level"] + 1, catalog), catalog)
    return result, plan
